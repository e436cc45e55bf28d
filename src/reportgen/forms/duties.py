"""What each responsible unit answers for in a year, as the rows of its form.

Input: a `Plan`, the progress reports by year and a year Y. Output: per unit, the schedule
milestones of its district (due in Y, overdue from earlier years, and later ones it may report
early), the targets that fall to it and the measures it shares, each with a stable id and the
value already reported for Y. The same rule as the unit's summary decides who owes what.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..plan.model import CITY_COLUMN, Measure, Milestone, Plan, Script, Target, Unit
from ..plan.tokens import STATUS_SPELLINGS, ReportedStatus
from ..progress.report import MilestoneReport, Narrative, ProgressReport, TargetReport
from ..progress.status import MilestoneState, milestone_state
from ..render.script import convert_text

MilestoneKind = Literal["due", "overdue", "later"]

STATUSES: tuple[str, ...] = tuple(status.value for status in ReportedStatus)
"""The statuses a unit may report, as the progress model spells them."""


def status_choices(script: Script) -> list[str]:
    """The statuses as the form's drop-down offers them: in the plan's script."""
    return [convert_text(status, script) for status in STATUSES]


def status_spellings() -> dict[str, str]:
    """Every accepted spelling of a status (either script) -> the model's spelling."""
    return {word: status.value for word, status in STATUS_SPELLINGS.items()}


def written_status(status: str, script: Script) -> str:
    """How a status is written into the plan's progress file: in the plan's script when the
    progress model accepts that spelling, else as the model spells it."""
    spelled = convert_text(status, script)
    if spelled == status:
        return status
    probe = {"project": "p", "district": "d", "year": 2000, "status": spelled}
    try:
        MilestoneReport.model_validate(probe)
    except ValueError:
        return status
    return spelled


def milestone_id(project: str, column: str, year: int) -> str:
    return f"milestone:{project}:{column}:{year}"


def target_id(target: str, district: str | None) -> str:
    return f"target:{target}:{district or CITY_COLUMN}"


def measure_id(number: int) -> str:
    return f"measure:{number}"


@dataclass(frozen=True)
class MilestoneItem:
    id: str
    milestone: Milestone
    kind: MilestoneKind
    report: MilestoneReport | None


@dataclass(frozen=True)
class TargetItem:
    id: str
    target: Target
    district: str | None
    report: TargetReport | None


@dataclass(frozen=True)
class MeasureItem:
    id: str
    measure: Measure
    narrative: Narrative | None


@dataclass(frozen=True)
class UnitDuty:
    """The rows of one unit's form for one year."""

    unit: Unit
    year: int
    milestones: list[MilestoneItem]
    targets: list[TargetItem]
    measures: list[MeasureItem]

    def ids(self) -> set[str]:
        return (
            {m.id for m in self.milestones}
            | {t.id for t in self.targets}
            | {m.id for m in self.measures}
        )


def unit_duty(plan: Plan, reports: Mapping[int, ProgressReport], unit: Unit, year: int) -> UnitDuty:
    """The rows of `unit`'s form for `year`; `reports` may include `year` itself."""
    own = reports.get(year)
    earlier = {y: r for y, r in reports.items() if y < year}
    return UnitDuty(
        unit=unit,
        year=year,
        milestones=_milestones(plan, earlier, own, unit, year),
        targets=_targets(plan, own, unit),
        measures=_measures(plan, own, unit),
    )


def all_duties(plan: Plan, reports: Mapping[int, ProgressReport], year: int) -> list[UnitDuty]:
    """Every unit's rows for `year`, in the registry's order."""
    return [unit_duty(plan, reports, unit, year) for unit in plan.registry.units]


def _milestones(
    plan: Plan,
    earlier: Mapping[int, ProgressReport],
    own: ProgressReport | None,
    unit: Unit,
    year: int,
) -> list[MilestoneItem]:
    if not unit.district:
        return []
    reported = {(m.project, m.district, m.year): m for m in own.milestones} if own else {}
    items = []
    for milestone in plan.milestones():
        if milestone.column != unit.district:
            continue
        key = (milestone.project.id, milestone.column, milestone.year)
        report = reported.get(key)
        before = milestone_state(milestone, earlier, year - 1)
        if before.state is MilestoneState.ACHIEVED and report is None:
            continue
        kind: MilestoneKind = (
            "due" if milestone.year == year else "overdue" if milestone.year < year else "later"
        )
        items.append(MilestoneItem(milestone_id(*key), milestone, kind, report))
    order = {"overdue": 0, "due": 1, "later": 2}
    return sorted(items, key=lambda item: (order[item.kind], item.milestone.year))


def _measures(plan: Plan, own: ProgressReport | None, unit: Unit) -> list[MeasureItem]:
    narratives = {n.measure: n for n in own.narratives if n.unit == unit.id} if own else {}
    return [
        MeasureItem(measure_id(m.number), m, narratives.get(m.number))
        for m in plan.measures
        if any(u.id == unit.id for u in plan.responsible_units(m))
    ]


def _targets(plan: Plan, own: ProgressReport | None, unit: Unit) -> list[TargetItem]:
    numbers = {m.number for m in plan.measures if unit in plan.responsible_units(m)}
    values = {(t.target, t.district): t for t in own.targets} if own else {}
    items = []
    for target in plan.targets.targets:
        if target.scope == "district" and unit.district:
            district: str | None = unit.district
        elif target.scope == "city" and not unit.district and target.measure in numbers:
            district = None
        else:
            continue
        items.append(
            TargetItem(
                target_id(target.id, district), target, district, values.get((target.id, district))
            )
        )
    return items
