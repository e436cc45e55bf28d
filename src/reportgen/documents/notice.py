"""Derive the facts of a year's progress notice (通報) from the plan and the reports.

Input: a `Plan`, the layout profile, the reports by year, the year Y and the notice's number
and date. Output: facts for `notice.html.j2` — tallies, lists of results, rows of values —
every figure computed here by the status engine; the template writes the sentences and takes
its fixed words from the wording (`documents/wording.yaml`, overridable by the plan).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..cache import cached_progress
from ..core import DocumentRequest
from ..layout.profile import LayoutProfile
from ..plan.model import ActionPlan, IssuingDocument, Plan, Target, UnitRegistry
from ..progress.report import ProgressReport
from ..progress.status import (
    MilestoneResult,
    MilestoneState,
    NextTask,
    Tally,
    TargetState,
    YearStatus,
    tally,
    year_status,
)
from ..render.script import html_lang, in_script
from . import titles
from .common import colophon_lines, document_head, issue_for_year, signature_context
from .kind import DocumentKind, plan_year
from .wording import NoticeWords, Wording, default_wording, load_wording

LISTED_STATES = (
    MilestoneState.ACHIEVED,
    MilestoneState.NOT_ACHIEVED,
    MilestoneState.NOT_REPORTED,
)
"""The states a project's paragraph lists the districts of, in this order."""


@dataclass(frozen=True)
class Listed:
    """A milestone as the notice names it: where, which project, when, what, and its state."""

    place: str
    project: str
    year: int
    text: str
    state: str
    """A key of the wording's `common.states`."""
    evidence: str | None


@dataclass(frozen=True)
class ProjectProgress:
    """One project's milestones due in the year: their tally and who stands where."""

    name: str
    tally: Tally
    places_by_state: list[tuple[str, list[str]]]
    """(state key, the places in that state), for the states that have any."""


@dataclass(frozen=True)
class DistrictProgress:
    """One district's (or the whole area's) milestones due in the year."""

    place: str
    tally: Tally
    due: list[Listed]


@dataclass(frozen=True)
class IndicatorRow:
    """A target for the whole area or one district, with the value last reported."""

    indicator: str
    scope: str
    target: Target
    value: int | Decimal | None
    state: str
    """A key of the wording's `common.target_states`."""


@dataclass(frozen=True)
class UnitProblems:
    unit: str
    text: str


@dataclass(frozen=True)
class PlaceTasks:
    """The tasks of the year after Y in one place; overdue ones are carried in."""

    place: str
    tasks: list[NextTask]


def notice_title(plan: Plan, year: int, wording: Wording | None = None) -> str:
    """The notice's title: the wording's `notice.title` filled in."""
    words: NoticeWords = (wording or default_wording()).notice
    return words.title.format(issuer=plan.document.issuer, year=year, topic=plan.plan.topic)


def example_titles(
    document: IssuingDocument, plan: ActionPlan, registry: UnitRegistry, wording: Wording
) -> list[str]:
    """The notice's title in the plan's first year, for checking `title_breaks`."""
    words: NoticeWords = wording.notice
    return [words.title.format(issuer=document.issuer, year=plan.period.start, topic=plan.topic)]


def notice_context(
    plan: Plan,
    profile: LayoutProfile,
    reports: Mapping[int, ProgressReport],
    year: int,
    *,
    number: int | None,
    date: dt.date | None,
) -> dict[str, Any]:
    """Everything `notice.html.j2` needs for the notice on year `year`."""
    wording = load_wording(plan.directory)
    status = year_status(plan, reports, year)
    doc = plan.document
    issue = issue_for_year(doc.doc_number.code, year, number, date, reports, wording)
    topic = plan.plan.topic
    title = notice_title(plan, year, wording)
    schedule = plan.schedule
    terms = {
        "year": year,
        "next_year": year + 1,
        "issuer": doc.issuer,
        "topic": topic,
        "plan": plan.plan.self_name,
        "addressees": plan.registry.area.addressees,
        "task": schedule.task_noun,
        "collective": schedule.collective_name,
        "project_noun": schedule.project_noun,
        "localities": wording.common.localities,
    }
    return {
        "wording": wording,
        "terms": terms,
        "meta": issue.meta(
            title,
            doc.issuer,
            wording.notice.subject.format_map(terms),
            wording.notice.kind,
            html_lang(doc.script),
            wording.common.sample,
        ),
        "sample": issue.sample,
        "head": document_head(plan, profile, issue.doc_number),
        "title_lines": titles.title_lines(title, profile, breaks=doc.title_breaks.get("notice")),
        "addressee": doc.addressee,
        "year": year,
        "last_year": year >= plan.plan.period.end,
        "plan": {
            "title": plan.plan.title,
            "doc_number": str(doc.doc_number),
            "self_name": plan.plan.self_name,
            "reporters": plan.registry.area.reporters,
            "whole": plan.registry.area.whole,
            "district_kind": plan.registry.area.district_kind,
            "collective": schedule.collective_name,
            "task": schedule.task_noun,
            "milestones": len(plan.milestones()),
        },
        "due": tally(status.due),
        "cumulative": status.cumulative,
        "ahead": _listed(plan, status.ahead),
        "overdue": _listed(plan, status.overdue),
        "unreported_past": _listed(plan, status.unreported_past),
        "projects": _by_project(plan, status),
        "districts": _by_district(plan, status),
        "indicators": {
            "targets": len({t.target.id for t in status.targets}),
            "met": sum(t.state is TargetState.MET for t in status.targets),
            "rows": _indicator_rows(plan, status),
        },
        "problems": _problems(plan, reports, status),
        "next_year": _next_year(plan, status),
        "signature": signature_context(doc.issuer, issue.date_text, profile),
        "attachment": {
            "table": status_matrix(plan, status),
            "landscape": len(plan.columns) + 2 >= profile.table.landscape_min_columns,
        },
        "colophon": colophon_lines(doc.issuer, date, [], wording, year=issue.issued_year),
    }


def _listed(plan: Plan, results: list[MilestoneResult]) -> list[Listed]:
    return [
        Listed(
            place=plan.column_name(r.milestone.column),
            project=r.milestone.project.label,
            year=r.milestone.year,
            text=r.milestone.text,
            state=r.state.value,
            evidence=r.report.evidence if r.report and r.report.evidence else None,
        )
        for r in results
    ]


def _by_project(plan: Plan, status: YearStatus) -> list[ProjectProgress]:
    projects = []
    for project in plan.schedule.projects:
        due = [r for r in status.due if r.milestone.project.id == project.id]
        places = [
            (state.value, [plan.column_name(r.milestone.column) for r in due if r.state is state])
            for state in LISTED_STATES
        ]
        projects.append(
            ProjectProgress(
                name=project.name,
                tally=status.by_project[project.id],
                places_by_state=[(state, names) for state, names in places if names],
            )
        )
    return projects


def _by_district(plan: Plan, status: YearStatus) -> list[DistrictProgress]:
    return [
        DistrictProgress(
            place=plan.place_name(column),
            tally=status.by_district[column],
            due=_listed(plan, [r for r in status.due if r.milestone.column == column]),
        )
        for column in plan.columns
    ]


def _indicator_rows(plan: Plan, status: YearStatus) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            indicator=result.target.indicator,
            scope=plan.place_name(result.district),
            target=result.target,
            value=result.report.value if result.report else None,
            state=result.state.value,
        )
        for result in status.targets
    ]


def _problems(
    plan: Plan, reports: Mapping[int, ProgressReport], status: YearStatus
) -> list[UnitProblems]:
    report = reports.get(status.year)
    if report is None:
        return []
    return [
        UnitProblems(plan.unit(narrative.unit).name, narrative.problems)
        for narrative in report.narratives
        if narrative.problems
    ]


def _next_year(plan: Plan, status: YearStatus) -> list[PlaceTasks]:
    return [
        PlaceTasks(plan.place_name(column), tasks)
        for column, tasks in status.next_year.items()
        if tasks
    ]


def status_matrix(plan: Plan, status: YearStatus) -> dict[str, Any]:
    """The schedule table with each cell's state as of the notice's year.

    Cells due in or before the year carry their state (achieved, not achieved, not
    reported); later cells carry `ahead` when achieved ahead of time and nothing otherwise.
    Each row's `states` holds a key of the wording's `common.states` (or None) per cell.
    """
    from .common import schedule_table

    results = {
        (r.milestone.project.id, r.milestone.column, r.milestone.year): r for r in status.results
    }
    table = schedule_table(plan)
    row_keys = [(p.id, r.year) for p in plan.schedule.projects for r in p.rows]
    for row, (project, row_year) in zip(table["rows"], row_keys, strict=True):
        states: list[str | None] = []
        for column in plan.columns:
            result = results.get((project, column, row_year))
            state = None
            if result is not None and row_year <= status.year:
                state = result.state.value
            elif result is not None and result.state is MilestoneState.ACHIEVED:
                state = "ahead"
            states.append(state)
        row["states"] = states
    return table


def build_notice(
    plan: Plan, profile: LayoutProfile, request: DocumentRequest, warnings: list[str]
) -> dict[str, Any]:
    """The notice's context for `request.year`; warns of what is missing and left blank."""
    year = plan_year(plan, request.year)
    reports = cached_progress(plan, year)
    own = reports.get(year)
    if own is None:
        states = load_wording(plan.directory).common.states
        unreported = in_script(states.not_reported, plan.document.script)
        warnings.append(
            f"no progress file for {year} (progress/{year}.yaml): milestones due are {unreported}"
        )
    number = request.number or (own.notice.number if own else None)
    date = request.date or (own.notice.date if own else None)
    if number is None:
        warnings.append("no document number (--number or notice.number): left blank")
    if date is None:
        warnings.append("no date (--date or notice.date): left blank")
    return notice_context(plan, profile, reports, year, number=number, date=date)


KIND = DocumentKind(
    name="notice",
    example_titles=example_titles,
    words=NoticeWords,
    order=20,
    template="notice.html.j2",
    build_context=build_notice,
    help="The annual progress notice on year YEAR's projects and targets.",
    axes=("year",),
    options=("number", "date"),
    option_help={
        "year": "The year the notice reports on.",
        "number": "Sequence number of the document number (default: the progress file's "
        "notice.number).",
        "date": "Date of issue (default: the progress file's notice.date).",
    },
)
