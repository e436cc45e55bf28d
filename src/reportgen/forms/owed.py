"""Who has still to report for a year, and what: the secretary's list of whom to chase.

Input: a `Plan`, its progress reports and a year Y. Output: per unit, the milestones due in
Y and the overdue ones it has not reported on in Y, its targets with no value for Y, and its
measures with no account of the year's work. Later milestones are not owed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..plan.model import Plan, Unit
from ..progress.report import ProgressReport
from .duties import MeasureItem, MilestoneItem, TargetItem, UnitDuty, all_duties


@dataclass(frozen=True)
class UnitOwes:
    """What one unit has (not) reported for the year."""

    unit: Unit
    duty: UnitDuty
    due: list[MilestoneItem]
    overdue: list[MilestoneItem]
    targets: list[TargetItem]
    measures: list[MeasureItem]

    @property
    def owed(self) -> int:
        return len(self.due) + len(self.overdue) + len(self.targets) + len(self.measures)

    def counts(self) -> dict[str, tuple[int, int]]:
        """Per kind: (still owed, total owed at the start)."""
        duty = self.duty
        return {
            "milestones": (len(self.due), sum(m.kind == "due" for m in duty.milestones)),
            "overdue": (len(self.overdue), sum(m.kind == "overdue" for m in duty.milestones)),
            "targets": (len(self.targets), len(duty.targets)),
            "measures": (len(self.measures), len(duty.measures)),
        }


def owed_by_unit(plan: Plan, reports: Mapping[int, ProgressReport], year: int) -> list[UnitOwes]:
    """Every unit, in the registry's order, with what it still owes for `year`."""
    result = []
    for duty in all_duties(plan, reports, year):
        result.append(
            UnitOwes(
                unit=duty.unit,
                duty=duty,
                due=[m for m in duty.milestones if m.kind == "due" and m.report is None],
                overdue=[m for m in duty.milestones if m.kind == "overdue" and m.report is None],
                targets=[t for t in duty.targets if t.report is None],
                measures=[m for m in duty.measures if m.narrative is None],
            )
        )
    return result
