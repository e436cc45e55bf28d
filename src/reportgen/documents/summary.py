"""Derive the context of a responsible unit's compliance summary (an upward 報告).

Input: a `Plan`, the layout profile, the progress reports by year, a unit id and a year Y.
Output: facts for `summary.html.j2`: the measures the unit answers for (with the units it
shares them with), for a district government its schedule milestones, the targets that fall
to it, what was reported and each item's computed state. The template writes the sentences
and the compliance table; its fixed words come from the wording.
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
from ..plan.model import (
    ActionPlan,
    IssuingDocument,
    Measure,
    Plan,
    Target,
    Unit,
    UnitRegistry,
)
from ..progress.report import Narrative, ProgressReport
from ..progress.status import MilestoneResult, TargetResult, year_status
from ..render.script import html_lang
from . import titles
from .common import colophon_lines, header_mark, issue_for_year, signature_context
from .kind import DocumentKind, find_unit, plan_year
from .wording import SummaryWords, Wording, default_wording, load_wording


@dataclass(frozen=True)
class UnitDuties:
    """What falls to one unit under the plan."""

    unit: Unit
    measures: list[Measure]
    milestones: list[MilestoneResult]
    targets: list[TargetResult]


def unit_duties(
    plan: Plan, reports: Mapping[int, ProgressReport], unit: Unit, year: int
) -> UnitDuties:
    """The unit's measures (sole or shared), milestones (its district's) and targets."""
    measures = [m for m in plan.measures if unit in plan.responsible_units(m)]
    status = year_status(plan, reports, year)
    milestones = [
        r for r in status.results if unit.district and r.milestone.column == unit.district
    ]
    numbers = {m.number for m in measures}
    targets = [
        t
        for t in status.targets
        if (unit.district and t.district == unit.district)
        or (not unit.district and t.target.measure in numbers)
    ]
    return UnitDuties(unit, measures, milestones, targets)


def summary_title(plan: Plan, unit: Unit, year: int, wording: Wording | None = None) -> str:
    """A unit's report's title: the wording's `summary.title` filled in."""
    return _title(
        (wording or default_wording()), unit.formal_name, year, plan.plan.topic, plan.plan.self_name
    )


def _title(wording: Wording, unit_name: str, year: int, topic: str, plan_name: str) -> str:
    words: SummaryWords = wording.summary
    return words.title.format(unit=unit_name, year=year, topic=topic, plan=plan_name)


def example_titles(
    document: IssuingDocument, plan: ActionPlan, registry: UnitRegistry, wording: Wording
) -> list[str]:
    """Every unit's report title in the plan's first year, for checking `title_breaks`."""
    return [
        _title(wording, unit.formal_name, plan.period.start, plan.topic, plan.self_name)
        for unit in registry.units
    ]


@dataclass(frozen=True)
class MeasureDuty:
    """A measure the unit answers for, with whom it shares it and what it reported."""

    number: int
    heading: str
    alone: bool
    """The unit answers for the measure alone."""
    responsible: str
    """The responsible units as the plan writes them."""
    groups: list[str]
    """The names of the plan's groups of units (各區、縣〔市〕政府 …) the unit belongs to
    among the measure's responsible."""
    work: str | None
    problems: str | None


@dataclass(frozen=True)
class MilestoneDuty:
    """A schedule milestone of the unit's district, with its state and what was reported."""

    project: str
    year: int
    text: str
    state: str
    """A key of the wording's `common.states`."""
    reported: str | None
    """The status reported (a canonical token of the progress file)."""
    reported_on: dt.date | None
    evidence: str | None


@dataclass(frozen=True)
class TargetDuty:
    """A target that falls to the unit, with the value last reported."""

    indicator: str
    scope: str
    target: Target
    value: int | Decimal | None
    state: str
    """A key of the wording's `common.target_states`."""


def summary_context(
    plan: Plan,
    profile: LayoutProfile,
    reports: Mapping[int, ProgressReport],
    unit: Unit,
    year: int,
    *,
    number: int | None,
    date: dt.date | None,
) -> dict[str, Any]:
    """Everything `summary.html.j2` needs for `unit`'s report on year `year`."""
    wording = load_wording(plan.directory)
    duties = unit_duties(plan, reports, unit, year)
    own = reports.get(year)
    narratives = [n for n in own.narratives if n.unit == unit.id] if own else []
    issue = issue_for_year(unit.doc_code or "", year, number, date, reports, wording)
    reported = (
        bool(narratives)
        or any(r.reported_in == year for r in duties.milestones)
        or _reported_targets(own, duties)
    )
    title = summary_title(plan, unit, year, wording)
    terms = {"year": year, "collective": plan.schedule.collective_name}
    return {
        "wording": wording,
        "terms": terms,
        "meta": issue.meta(
            title,
            unit.formal_name,
            wording.summary.subject.format_map(terms),
            wording.summary.kind,
            html_lang(plan.document.script),
            wording.common.sample,
        ),
        "sample": issue.sample,
        "head": {
            "header_mark": header_mark(unit.formal_name, profile),
            "doc_number": issue.doc_number,
            "signer": unit.signer or "\u3000" * 3,
        },
        "title_lines": titles.title_lines(
            title, profile, breaks=plan.document.title_breaks.get("summary")
        ),
        "addressee": plan.document.issuer,
        "year": year,
        "plan": {
            "title": plan.plan.title,
            "doc_number": str(plan.document.doc_number),
            "self_name": plan.plan.self_name,
            "end": plan.plan.period.end,
        },
        "reported": reported,
        "measures": _measure_duties(plan, unit, duties.measures, narratives),
        "milestones": [_milestone_duty(r) for r in duties.milestones],
        "targets": [_target_duty(plan, r) for r in duties.targets],
        "signature": signature_context(unit.formal_name, issue.date_text, profile),
        "colophon": colophon_lines(unit.formal_name, date, [], wording, year=issue.issued_year),
    }


def _reported_targets(own: ProgressReport | None, duties: UnitDuties) -> bool:
    if own is None:
        return False
    mine = {(t.target.id, t.district) for t in duties.targets}
    return any((t.target, t.district) in mine for t in own.targets)


def shared_groups(plan: Plan, measure: Measure, unit: Unit) -> list[str]:
    """The names of the measure's responsible groups the unit is a member of."""
    names = []
    for refs in measure.responsible:
        for ref in refs:
            group = plan.group(ref)
            if group is not None and unit.id in group.members:
                names.append(group.name)
    return names


def _measure_duties(
    plan: Plan, unit: Unit, measures: list[Measure], narratives: list[Narrative]
) -> list[MeasureDuty]:
    duties = []
    for measure in measures:
        notes = [n for n in narratives if n.measure == measure.number]
        duties.append(
            MeasureDuty(
                number=measure.number,
                heading=measure.heading,
                alone=plan.responsible_units(measure) == [unit],
                responsible=plan.responsible_text(measure),
                groups=shared_groups(plan, measure, unit),
                work="".join(n.work for n in notes) or None,
                problems="".join(n.problems for n in notes if n.problems) or None,
            )
        )
    return duties


def _milestone_duty(result: MilestoneResult) -> MilestoneDuty:
    m = result.milestone
    report = result.report
    return MilestoneDuty(
        project=m.project.label,
        year=m.year,
        text=m.text,
        state=result.state.value,
        reported=report.status if report else None,
        reported_on=report.date if report else None,
        evidence=report.evidence if report and report.evidence else None,
    )


def _target_duty(plan: Plan, result: TargetResult) -> TargetDuty:
    return TargetDuty(
        indicator=result.target.indicator,
        scope=plan.place_name(result.district),
        target=result.target,
        value=result.report.value if result.report else None,
        state=result.state.value,
    )


def build_summary(
    plan: Plan, profile: LayoutProfile, request: DocumentRequest, warnings: list[str]
) -> dict[str, Any]:
    """The summary's context for `request.unit` and `request.year`; warns of what is missing."""
    year = plan_year(plan, request.year)
    unit = find_unit(plan, request.unit)
    reports = cached_progress(plan, year)
    if year not in reports:
        warnings.append(f"no progress file for {year} (progress/{year}.yaml): nothing reported")
    if unit.doc_code is None or unit.signer is None:
        warnings.append(f"unit {unit.id!r} has no doc_code/signer in units.yaml: left blank")
    return summary_context(
        plan, profile, reports, unit, year, number=request.number, date=request.date
    )


KIND = DocumentKind(
    name="summary",
    example_titles=example_titles,
    words=SummaryWords,
    order=30,
    template="summary.html.j2",
    build_context=build_summary,
    help="A responsible unit's compliance summary: an upward report on year YEAR.",
    axes=("year", "unit"),
    options=("number", "date"),
    option_help={
        "unit": "Unit id or name (`reportgen show units` lists them).",
        "year": "The year the summary reports on.",
        "number": "Sequence number of the document number.",
        "date": "Date of issue.",
    },
)
