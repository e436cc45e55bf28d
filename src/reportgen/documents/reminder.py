"""The reminder (督辦通知): to the units that are late with their tasks for a year, listing
each unit's items, with the notice's head, title, addressees, signature and colophon.

Input: a `Plan`, the layout profile, the progress reports by year, the year Y and the
reminder's number and date. Output: facts for `reminder.html.j2` — the late units in the
plan's order with their items, counts and dates; the template writes every sentence.

A unit's items are its duties as its summary lists them (`summary.unit_duties`): the
schedule's milestones of its district due in or before Y that are not achieved or not
reported, and its targets whose deadline has come without their being met or reported.
Milestones of the whole-area column fall to no single unit and are not listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..cache import cached_progress
from ..core import DocumentRequest
from ..layout.profile import LayoutProfile
from ..plan.model import ActionPlan, IssuingDocument, Plan, Unit, UnitRegistry
from ..progress.report import ProgressReport
from ..progress.status import MilestoneResult, MilestoneState, TargetResult, TargetState
from ..render.script import html_lang
from ..zh.targets import target_figure, target_wording
from . import titles
from .common import colophon_lines, document_head, issue_for_year, signature_context
from .kind import DocumentKind, NothingToSend, plan_year
from .summary import unit_duties
from .wording import Wording, Words, load_wording


class ReminderHeadings(Words):
    items: str
    requirements: str


class ReminderWords(Words):
    """The reminder's fixed words: the `reminder:` section of the wording."""

    PLACEHOLDERS = {
        "title": ("issuer", "year", "topic"),
        "subject": ("year", "topic"),
        "requirements": ("plan",),
        "closing": ("reply_by", "issuer"),
    }

    kind: str
    title: str
    subject: str
    headings: ReminderHeadings
    requirements: str
    closing: str


@dataclass(frozen=True)
class LateUnit:
    """A unit that is late for year Y, with its late milestones and targets."""

    unit: Unit
    milestones: list[MilestoneResult]
    targets: list[TargetResult]


def late_units(plan: Plan, reports: Mapping[int, ProgressReport], year: int) -> list[LateUnit]:
    """The units with overdue or unreported items at the end of `year`, in the plan's order."""
    late = []
    for unit in plan.registry.units:
        duties = unit_duties(plan, reports, unit, year)
        milestones = [
            r
            for r in duties.milestones
            if r.milestone.year <= year
            and r.state in (MilestoneState.NOT_ACHIEVED, MilestoneState.NOT_REPORTED)
        ]
        targets = [
            t
            for t in duties.targets
            if t.state is TargetState.NOT_MET
            or (t.state is TargetState.NO_DATA and t.target.deadline <= year)
        ]
        if milestones or targets:
            late.append(LateUnit(unit, milestones, targets))
    return late


_MILESTONE_STATES = {
    MilestoneState.NOT_ACHIEVED: "not_achieved",
    MilestoneState.NOT_REPORTED: "not_reported",
}


def _milestone_fact(plan: Plan, result: MilestoneResult) -> dict[str, Any]:
    milestone = result.milestone
    return {
        "project": milestone.project.label,
        "place": plan.column_name(milestone.column),
        "due": milestone.year,
        "requirement": milestone.text,
        "state": _MILESTONE_STATES[result.state],
        "evidence": result.report.evidence if result.report else "",
    }


def _target_fact(plan: Plan, result: TargetResult) -> dict[str, Any]:
    target = result.target
    return {
        "indicator": target.indicator,
        "place": plan.place_name(result.district),
        "target": target_wording(target),
        "deadline": target.deadline,
        "value": (
            target_figure(target, result.report.value) + target.unit if result.report else None
        ),
        "state": "not_met" if result.state is TargetState.NOT_MET else "not_reported",
    }


def reminder_context(
    plan: Plan,
    profile: LayoutProfile,
    reports: Mapping[int, ProgressReport],
    year: int,
    late: list[LateUnit],
    *,
    number: int | None,
    date: dt.date | None,
) -> dict[str, Any]:
    """The facts `reminder.html.j2` needs for the reminder on year `year`."""
    wording = load_wording(plan.directory)
    words = wording.reminder
    doc = plan.document
    issue = issue_for_year(doc.doc_number.code, year, number, date, reports, wording)
    terms = {
        "year": year,
        "issuer": doc.issuer,
        "topic": plan.plan.topic,
        "plan": plan.plan.self_name,
    }
    title = words.title.format_map(terms)
    breaks = doc.title_breaks.get("reminder")
    units = [
        {
            "name": entry.unit.name,
            "milestones": [_milestone_fact(plan, r) for r in entry.milestones],
            "targets": [_target_fact(plan, t) for t in entry.targets],
        }
        for entry in late
    ]
    return {
        "wording": wording,
        "terms": terms,
        "meta": issue.meta(
            title,
            doc.issuer,
            words.subject.format_map(terms),
            words.kind,
            html_lang(doc.script),
            wording.common.sample,
        ),
        "sample": issue.sample,
        "head": document_head(plan, profile, issue.doc_number),
        "title_lines": titles.title_lines(title, profile, breaks=breaks),
        "year": year,
        "issuer": doc.issuer,
        "plan": {
            "title": plan.plan.title,
            "doc_number": str(doc.doc_number),
            "self_name": plan.plan.self_name,
            "collective": plan.schedule.collective_name,
            "task": plan.schedule.task_noun,
        },
        "units": units,
        "milestone_count": sum(len(u["milestones"]) for u in units),
        "target_count": sum(len(u["targets"]) for u in units),
        "reply_by": date + dt.timedelta(days=doc.issuing.reply_days) if date else None,
        "issued_year": issue.issued_year,
        "signature": signature_context(doc.issuer, issue.date_text, profile),
        "colophon": colophon_lines(doc.issuer, date, [], wording, year=issue.issued_year),
    }


def example_titles(
    document: IssuingDocument, plan: ActionPlan, registry: UnitRegistry, wording: Wording
) -> list[str]:
    """The reminder's title in the plan's first year, for checking `title_breaks`."""
    terms = {"issuer": document.issuer, "year": plan.period.start, "topic": plan.topic}
    return [wording.reminder.title.format_map(terms)]


def build_reminder(
    plan: Plan, profile: LayoutProfile, request: DocumentRequest, warnings: list[str]
) -> dict[str, Any]:
    """The reminder's facts for `request.year`; NothingToSend when no unit is late."""
    year = plan_year(plan, request.year)
    reports = cached_progress(plan, year)
    late = late_units(plan, reports, year)
    if not late:
        raise NothingToSend(
            f"nothing to send: no unit is late with its tasks for {year}; no reminder written"
        )
    if year not in reports:
        warnings.append(f"no progress file for {year} (progress/{year}.yaml): nothing reported")
    if request.number is None:
        warnings.append("no document number (--number): left blank")
    if request.date is None:
        warnings.append("no date (--date): left blank")
    return reminder_context(
        plan, profile, reports, year, late, number=request.number, date=request.date
    )


KIND = DocumentKind(
    name="reminder",
    order=40,
    template="reminder.html.j2",
    build_context=build_reminder,
    words=ReminderWords,
    example_titles=example_titles,
    help="A reminder to the units late with their tasks for year YEAR, listing each unit's "
    "overdue and unreported items. Exits with 3, writing nothing, when no unit is late.",
    axes=("year",),
    options=("number", "date"),
    option_help={
        "year": "The year whose overdue and unreported tasks the reminder lists.",
        "number": "Sequence number of the document number.",
        "date": "Date of issue; the reply is due as many days later as document.yaml's "
        "issuing.reply_days says (15 unless it says).",
    },
)
