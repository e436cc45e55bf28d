"""The status engine: comparators at their boundaries, milestone states, year summaries."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.model import Plan, Target
from reportgen.progress import MilestoneReport, ProgressReport, TargetReport
from reportgen.status import (
    MilestoneState,
    TargetState,
    compare,
    milestone_state,
    requirement_met,
    target_state,
    year_status,
)


def _target(plan: Plan, target_id: str) -> Target:
    return next(t for t in plan.targets.targets if t.id == target_id)


def _value(target: Target, value: float, district: str | None = None) -> TargetReport:
    return TargetReport(
        target=target.id, district=district, value=value, as_of=dt.date(2025, 12, 31)
    )


@pytest.mark.parametrize(
    ("comparator", "limit", "value", "expected"),
    [
        ("超過", 200, 200, False),  # 超過200所 with exactly 200 is not met
        ("超過", 200, 201, True),
        ("小于", 0.35, 0.35, False),  # 小于0.35 with 0.35 is not met
        ("小于", 0.35, 0.349, True),
        ("小于", 0.3, 0.3, False),
        ("以上", 50, 50, True),  # 50個以上 includes 50
        ("以上", 50, 49, False),
        ("達到", 93, 93, True),
        ("達到", 93, 92.9, False),
        ("達到", 100, 100, True),
        ("區間", (4, 6), 4, True),  # a range's ends are inside it
        ("區間", (4, 6), 6, True),
        ("區間", (4, 6), 3, False),
        ("區間", (4, 6), 7, False),
        ("前", 4, 4, True),  # rank 4 is within 前四位
        ("前", 4, 5, False),
        ("前", 4, 1, True),
    ],
)
def test_compare_boundaries(
    comparator: str, limit: float | tuple[float, float], value: float, expected: bool
) -> None:
    assert compare(comparator, limit, value) is expected


def test_unknown_comparator_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown comparator"):
        compare("大约", 1, 1)


def test_strict_limits_in_the_plan_targets(plan: Plan) -> None:
    twinned = _target(plan, "twinned-schools")
    assert twinned.comparator == "超過"
    assert target_state(twinned, _value(twinned, 200), 2025).state is TargetState.NOT_MET
    assert target_state(twinned, _value(twinned, 201), 2025).state is TargetState.MET
    primary = _target(plan, "balance-primary")
    at_limit = _value(primary, 0.35, "zhuji")
    assert target_state(primary, at_limit, 2025, "zhuji").state is TargetState.NOT_MET
    below = _value(primary, 0.34, "zhuji")
    assert target_state(primary, below, 2025, "zhuji").state is TargetState.MET


def test_target_deadline_decides_between_on_track_and_not_met(plan: Plan) -> None:
    teachers = _target(plan, "dual-qualified-teachers")
    report = _value(teachers, 90)
    assert target_state(teachers, report, 2023).state is TargetState.ON_TRACK
    assert target_state(teachers, report, 2025).state is TargetState.NOT_MET
    assert target_state(teachers, None, 2023).state is TargetState.NO_DATA


def test_requirement_met_respects_basic_requirements() -> None:
    assert requirement_met("達到創建標準", "達到")
    assert not requirement_met("達到創建標準", "基本達到")
    assert requirement_met("基本達到\n創建標準", "基本達到")
    assert not requirement_met("達到100%", "未達到")


def _report(year: int, *milestones: MilestoneReport) -> ProgressReport:
    return ProgressReport(year=year, milestones=list(milestones))


def _ms(project: str, district: str, year: int, status: str) -> MilestoneReport:
    return MilestoneReport.model_validate(
        {"project": project, "district": district, "year": year, "status": status}
    )


def test_missing_report_is_not_reported_not_failed(plan: Plan) -> None:
    milestone = next(m for m in plan.milestones() if m.column == "keqiao" and m.year == 2021)
    result = milestone_state(milestone, {}, 2021)
    assert result.state is MilestoneState.NOT_REPORTED
    assert milestone_state(milestone, {}, 2020).state is MilestoneState.NOT_DUE


def test_late_achievement_and_ahead_of_time(plan: Plan) -> None:
    reports = {
        2021: _report(2021, _ms("national-balanced", "zhuji", 2021, "未達到")),
        2022: _report(
            2022,
            _ms("national-balanced", "zhuji", 2021, "達到"),
            _ms("city-balanced-town", "yuecheng", 2023, "達到"),
        ),
    }
    status_2021 = year_status(plan, reports, 2021)
    zhuji = next(r for r in status_2021.due if r.milestone.column == "zhuji")
    assert zhuji.state is MilestoneState.NOT_ACHIEVED
    status_2022 = year_status(plan, reports, 2022)
    assert all(r.milestone.column != "zhuji" for r in status_2022.overdue)
    assert [(r.milestone.column, r.milestone.year) for r in status_2022.ahead] == [
        ("yuecheng", 2023)
    ]
    # keqiao's 2021 milestones were never reported: past due, unreported, not overdue
    unreported = {(r.milestone.column, r.milestone.project.id) for r in status_2022.unreported_past}
    assert ("keqiao", "national-balanced") in unreported
    assert status_2022.overdue == []


def test_sample_progress_2023(plan: Plan) -> None:
    from reportgen.progress import load_all_progress

    reports = load_all_progress(plan)
    assert sorted(reports) == [2021, 2022, 2023]
    assert all(r.sample for r in reports.values())
    status = year_status(plan, reports, 2023)
    assert [(r.milestone.column, r.state) for r in status.due] == [
        ("yuecheng", MilestoneState.NOT_ACHIEVED),
        ("yuecheng", MilestoneState.ACHIEVED),
    ]
    assert status.by_district["yuecheng"].due == 2
    assert status.by_district["yuecheng"].rate == 0.5
    assert status.cumulative.due == 11
    # zhuji's 2022 town milestone was never reported
    assert [(r.milestone.column, r.milestone.project.id) for r in status.unreported_past] == [
        ("zhuji", "city-balanced-town")
    ]


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024])
def test_next_year_milestones_follow_the_schedule(plan: Plan, year: int) -> None:
    status = year_status(plan, {}, year)
    expected = {
        column: [
            (p.id, row.cells[column])
            for p in plan.schedule.projects
            for row in p.rows
            if row.year == year + 1 and column in row.cells
        ]
        for column in plan.columns
    }
    got = {
        column: [(m.project.id, m.requirement) for m in milestones]
        for column, milestones in status.next_year.items()
    }
    assert got == expected
    assert sum(len(v) for v in got.values()) > 0
