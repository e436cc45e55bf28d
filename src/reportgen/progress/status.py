"""The status engine: where the plan stands in a year, from the schedule, targets and reports.

Pure functions, no I/O. Input: a `Plan`, the progress reports by year, and the year Y.
Output: milestone and target evaluations and per-district / per-project summaries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ..plan.model import Milestone, Plan, Target
from ..plan.tokens import STATUS_SPELLINGS, Comparator, ReportedStatus, spellings_of
from .report import MilestoneReport, ProgressReport, TargetReport


class MilestoneState(StrEnum):
    """A milestone's state; its value is its key among the wording's `common.states`."""

    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    NOT_REPORTED = "not_reported"
    NOT_DUE = "not_due"


class TargetState(StrEnum):
    """A target's state; its value is its key among the wording's `common.target_states`."""

    MET = "met"
    ON_TRACK = "on_track"
    NOT_MET = "not_met"
    NO_DATA = "no_data"


def requirement_met(requirement: str, reported: str) -> bool:
    """Whether a reported status satisfies a cell's requirement.

    `reported` is canonical (progress files are normalised when loaded). 達到 satisfies every
    requirement; 基本達到 satisfies only a requirement that itself asks for 基本達到, written in
    either script; 未達到 satisfies none.
    """
    if reported == ReportedStatus.ACHIEVED:
        return True
    if reported == ReportedStatus.MOSTLY_ACHIEVED:
        cell = "".join(requirement.split())
        spellings = spellings_of(ReportedStatus.MOSTLY_ACHIEVED, STATUS_SPELLINGS)
        return any(cell.startswith(word) for word in spellings)
    return False


Figure = int | Decimal


def compare(comparator: str, limit: Figure | tuple[Figure, Figure], value: Figure) -> bool:
    """Whether `value` satisfies `comparator limit`: 小于 <, 超過 >, 以上/達到 >=, 前 <=, 區間."""
    if comparator == Comparator.RANGE:
        assert isinstance(limit, tuple)
        low, high = limit
        return low <= value <= high
    assert not isinstance(limit, tuple)
    if comparator == Comparator.BELOW:
        return value < limit
    if comparator == Comparator.ABOVE:
        return value > limit
    if comparator in {Comparator.AT_LEAST, Comparator.REACHES}:
        return value >= limit
    if comparator == Comparator.RANK:
        return value <= limit
    raise ValueError(f"unknown comparator {comparator!r}")


@dataclass(frozen=True)
class MilestoneResult:
    """A milestone's state as of year Y, with the report it rests on."""

    milestone: Milestone
    state: MilestoneState
    report: MilestoneReport | None
    reported_in: int | None

    @property
    def achieved_in(self) -> int | None:
        return self.reported_in if self.state is MilestoneState.ACHIEVED else None


def _key(milestone: Milestone) -> tuple[str, str, int]:
    return (milestone.project.id, milestone.column, milestone.year)


def milestone_state(
    milestone: Milestone, reports: Mapping[int, ProgressReport], year: int
) -> MilestoneResult:
    """The state of one milestone as of the end of `year`.

    Once achieved it stays achieved; a milestone due after `year` that nobody reported on is
    not due yet; one due in or before `year` with no report is 未報送 (not a failure).
    """
    achieved: tuple[int, MilestoneReport] | None = None
    last: tuple[int, MilestoneReport] | None = None
    for report_year in sorted(reports):
        if report_year > year:
            break
        for m in reports[report_year].milestones:
            if (m.project, m.district, m.year) == _key(milestone):
                last = (report_year, m)
                if achieved is None and requirement_met(milestone.requirement, m.status):
                    achieved = (report_year, m)
    if achieved is not None:
        return MilestoneResult(milestone, MilestoneState.ACHIEVED, achieved[1], achieved[0])
    if last is not None:
        return MilestoneResult(milestone, MilestoneState.NOT_ACHIEVED, last[1], last[0])
    state = MilestoneState.NOT_DUE if milestone.year > year else MilestoneState.NOT_REPORTED
    return MilestoneResult(milestone, state, None, None)


@dataclass(frozen=True)
class TargetResult:
    """A target's evaluation as of year Y, for the city or one district."""

    target: Target
    district: str | None
    state: TargetState
    report: TargetReport | None


def target_state(
    target: Target, report: TargetReport | None, year: int, district: str | None = None
) -> TargetResult:
    """Evaluate a reported value against its target, honouring the deadline year."""
    if report is None:
        return TargetResult(target, district, TargetState.NO_DATA, None)
    if compare(target.comparator, target.value, report.value):
        return TargetResult(target, district, TargetState.MET, report)
    state = TargetState.ON_TRACK if year < target.deadline else TargetState.NOT_MET
    return TargetResult(target, district, state, report)


def latest_target_report(
    reports: Mapping[int, ProgressReport], year: int, target_id: str, district: str | None
) -> TargetReport | None:
    """The most recent value reported in or before `year`."""
    found = None
    for report_year in sorted(reports):
        if report_year > year:
            break
        for t in reports[report_year].targets:
            if t.target == target_id and t.district == district:
                found = t
    return found


def evaluate_targets(
    plan: Plan, reports: Mapping[int, ProgressReport], year: int
) -> list[TargetResult]:
    """Every target, city-wide or per district in the plan's district order."""
    results = []
    for target in plan.targets.targets:
        scopes: list[str | None] = (
            [d.id for d in plan.registry.districts] if target.scope == "district" else [None]
        )
        for district in scopes:
            report = latest_target_report(reports, year, target.id, district)
            results.append(target_state(target, report, year, district))
    return results


@dataclass(frozen=True)
class Tally:
    """Counts of milestone states and the completion rate."""

    due: int
    achieved: int
    not_achieved: int
    not_reported: int

    @property
    def rate(self) -> float | None:
        return self.achieved / self.due if self.due else None


def tally(results: Sequence[MilestoneResult]) -> Tally:
    return Tally(
        due=len(results),
        achieved=sum(r.state is MilestoneState.ACHIEVED for r in results),
        not_achieved=sum(r.state is MilestoneState.NOT_ACHIEVED for r in results),
        not_reported=sum(r.state is MilestoneState.NOT_REPORTED for r in results),
    )


@dataclass(frozen=True)
class NextTask:
    """A task for the year after Y: a milestone due then, or one overdue and carried in."""

    milestone: Milestone
    overdue: bool


@dataclass(frozen=True)
class YearStatus:
    """Where the plan stands at the end of year Y."""

    year: int
    results: list[MilestoneResult]
    due: list[MilestoneResult]
    overdue: list[MilestoneResult]
    unreported_past: list[MilestoneResult]
    ahead: list[MilestoneResult]
    targets: list[TargetResult]
    by_district: dict[str, Tally]
    by_project: dict[str, Tally]
    cumulative: Tally
    next_year: dict[str, list[NextTask]]


_YEAR_STATUS_KEPT = 16
_YEAR_STATUS: dict[
    tuple[int, tuple[tuple[int, int], ...], int],
    tuple[Plan, tuple[ProgressReport, ...], YearStatus],
] = {}


def year_status(plan: Plan, reports: Mapping[int, ProgressReport], year: int) -> YearStatus:
    """Everything a year's notice reports, derived once per plan, reports and year.

    A plan and its reports are frozen once loaded, so the same objects always give the same
    status: the summaries of one year (one per unit) and its notice share one derivation. The
    cache is keyed by the objects' identities and keeps the objects themselves, so no other
    object can take their identities while the entry lives; the oldest entry goes first.
    Callers treat the result as read-only.
    """
    key = (id(plan), tuple((y, id(report)) for y, report in sorted(reports.items())), year)
    cached = _YEAR_STATUS.get(key)
    if cached is not None:
        return cached[2]
    status = derive_year_status(plan, reports, year)
    while len(_YEAR_STATUS) >= _YEAR_STATUS_KEPT:
        del _YEAR_STATUS[next(iter(_YEAR_STATUS))]
    _YEAR_STATUS[key] = (plan, tuple(reports.values()), status)
    return status


def derive_year_status(plan: Plan, reports: Mapping[int, ProgressReport], year: int) -> YearStatus:
    """Derive everything a year's notice reports (`year_status` without its cache)."""
    results = [milestone_state(m, reports, year) for m in plan.milestones()]
    due = [r for r in results if r.milestone.year == year]
    past = [r for r in results if r.milestone.year < year]
    overdue = [r for r in past if r.state is MilestoneState.NOT_ACHIEVED]
    unreported_past = [r for r in past if r.state is MilestoneState.NOT_REPORTED]
    ahead = [r for r in results if r.milestone.year > year and r.state is MilestoneState.ACHIEVED]
    up_to_year = [r for r in results if r.milestone.year <= year]
    return YearStatus(
        year=year,
        results=results,
        due=due,
        overdue=overdue,
        unreported_past=unreported_past,
        ahead=ahead,
        targets=evaluate_targets(plan, reports, year),
        by_district={
            column: tally([r for r in due if r.milestone.column == column])
            for column in plan.columns
        },
        by_project={
            p.id: tally([r for r in due if r.milestone.project.id == p.id])
            for p in plan.schedule.projects
        },
        cumulative=tally(up_to_year),
        next_year=next_year_tasks(plan, results, year),
    )


def next_year_tasks(
    plan: Plan, results: Sequence[MilestoneResult], year: int
) -> dict[str, list[NextTask]]:
    """The tasks of year Y + 1 per district (and the whole area), in plan order.

    First what is overdue at the end of Y (due earlier, reported not achieved), carried in;
    then the milestones due in Y + 1 that were not already achieved ahead of time.
    """
    overdue = [
        NextTask(r.milestone, overdue=True)
        for r in results
        if r.milestone.year <= year and r.state is MilestoneState.NOT_ACHIEVED
    ]
    upcoming = [
        NextTask(r.milestone, overdue=False)
        for r in results
        if r.milestone.year == year + 1 and r.state is not MilestoneState.ACHIEVED
    ]
    tasks = overdue + upcoming
    return {column: [t for t in tasks if t.milestone.column == column] for column in plan.columns}
