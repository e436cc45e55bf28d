"""The status engine: comparators at their boundaries, milestone states, year summaries."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.plan.model import Plan, Target
from reportgen.progress.report import MilestoneReport, ProgressReport, TargetReport
from reportgen.progress.status import (
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
    from reportgen.progress.report import load_all_progress

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
        column: [(t.milestone.project.id, t.milestone.requirement) for t in tasks]
        for column, tasks in status.next_year.items()
    }
    assert got == expected
    assert sum(len(v) for v in got.values()) > 0


def test_next_year_leaves_out_what_is_achieved_and_carries_what_is_overdue(plan: Plan) -> None:
    reports = {
        2022: _report(
            2022,
            _ms("city-modern-school", "zhuji", 2022, "未達到"),
            _ms("city-balanced-town", "yuecheng", 2023, "達到"),
        )
    }
    status = year_status(plan, reports, 2022)
    yuecheng = [(t.milestone.project.id, t.overdue) for t in status.next_year["yuecheng"]]
    assert ("city-balanced-town", False) not in yuecheng  # achieved ahead in 2022
    assert yuecheng == [("national-balanced", False)]
    zhuji = status.next_year["zhuji"]
    assert [(t.milestone.project.id, t.milestone.year, t.overdue) for t in zhuji] == [
        ("city-modern-school", 2022, True)
    ]


# The same boundary cases written as a data file would write them, in both scripts: the
# comparator is read through the model, so the judgement cannot depend on the spelling.
BOUNDARIES = [
    ("超過", "超过", 200, 200, TargetState.NOT_MET),
    ("超過", "超过", 200, 201, TargetState.MET),
    ("小于", "小于", 0.35, 0.35, TargetState.NOT_MET),
    ("小於", "小于", 0.35, 0.34, TargetState.MET),
    ("以上", "以上", 50, 50, TargetState.MET),
    ("達到", "达到", 93, 92.9, TargetState.NOT_MET),
    ("達到", "达到", 93, 93, TargetState.MET),
    ("區間", "区间", [4, 6], 4, TargetState.MET),
    ("區間", "区间", [4, 6], 6, TargetState.MET),
    ("區間", "区间", [4, 6], 6.01, TargetState.NOT_MET),
    ("前", "前", 4, 4, TargetState.MET),
    ("前", "前", 4, 5, TargetState.NOT_MET),
]


def _data_target(comparator: str, value: object) -> Target:
    return Target.model_validate(
        {
            "id": "t",
            "measure": 1,
            "quote": "q",
            "indicator": "i",
            "comparator": comparator,
            "value": value,
            "deadline": 2025,
            "scope": "city",
        }
    )


@pytest.mark.parametrize(("traditional", "simplified", "limit", "value", "expected"), BOUNDARIES)
def test_comparators_judge_alike_in_both_scripts(
    traditional: str, simplified: str, limit: object, value: float, expected: TargetState
) -> None:
    states = set()
    for spelling in (traditional, simplified):
        target = _data_target(spelling, limit)
        states.add(target_state(target, _value(target, value), 2025).state)
    assert states == {expected}


def test_both_spellings_load_to_one_comparator() -> None:
    assert _data_target("超过", 1).comparator == _data_target("超過", 1).comparator == "超過"
    assert _data_target("区间", [1, 2]).comparator == "區間"
    with pytest.raises(ValueError, match="unknown comparator '大于'"):
        _data_target("大于", 1)


@pytest.mark.parametrize(
    ("requirement", "status", "expected"),
    [
        ("基本達到\n創建標準", "基本達到", True),
        ("基本达到\n创建标准", "基本达到", True),
        ("基本达到\n创建标准", "基本達到", True),
        ("基本達到\n創建標準", "基本达到", True),
        ("達到創建標準", "基本達到", False),
        ("达到创建标准", "基本达到", False),
        ("达到创建标准", "达到", True),
        ("达到创建标准", "未达到", False),
        ("基本达到\n创建标准", "未達到", False),
    ],
)
def test_basic_requirements_are_judged_alike_in_both_scripts(
    requirement: str, status: str, expected: bool
) -> None:
    reported = _ms("p", "d", 2025, status).status
    assert reported in {"達到", "基本達到", "未達到"}
    assert requirement_met(requirement, reported) is expected


def test_year_status_is_derived_once_per_plan_reports_and_year(plan: Plan) -> None:
    from reportgen.progress.status import derive_year_status

    reports = {2021: _report(2021, _ms("national-balanced", "zhuji", 2021, "未達到"))}
    first = year_status(plan, reports, 2021)
    assert year_status(plan, dict(reports), 2021) is first  # same objects: one derivation
    assert first == derive_year_status(plan, reports, 2021)
    assert year_status(plan, reports, 2022) is not first
    changed = {2021: _report(2021, _ms("national-balanced", "zhuji", 2021, "達到"))}
    other = year_status(plan, changed, 2021)
    assert other is not first
    zhuji = [r for r in other.due if r.milestone.column == "zhuji"]
    assert zhuji and zhuji[0].state is MilestoneState.ACHIEVED
