"""Progress files: validation with located errors, and the notice built from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportgen.cli.app import app
from reportgen.errors import DataError
from reportgen.plan.loader import load_plan
from reportgen.progress.report import load_all_progress, load_progress

GOOD = """\
year: 2024
notice: {number: 7, date: 2025-02-10}
milestones:
  - {project: national-balanced, district: shengzhou, year: 2024, status: 達到}
targets:
  - {target: balance-primary, district: shengzhou, value: 0.3, as_of: 2024-12-31}
narratives:
  - {unit: shengzhou-gov, measure: 8, work: 完成年度任務。}
"""


def _write(plan_dir: Path, text: str, year: int = 2024) -> Path:
    path = plan_dir / "progress" / f"{year}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_progress_file_loads(plan_copy: Path) -> None:
    _write(plan_copy, GOOD)
    plan = load_plan(plan_copy)
    report = load_progress(plan, 2024)
    assert report is not None
    assert report.notice.number == 7
    assert not report.sample
    assert load_progress(plan, 2025) is None


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("year: 2024\n", "year: 2023\n", 1, "differs from the file name 2024"),
        ("project: national-balanced", "project: national", 4, "unknown project 'national'"),
        (
            "district: shengzhou, year: 2024",
            "district: hangzhou, year: 2024",
            4,
            "unknown district",
        ),
        ("shengzhou, year: 2024", "shengzhou, year: 2023", 4, "no milestone for"),
        ("status: 達到", "status: 完成", 4, "unknown status '完成'; use one of 達到/达到"),
        (
            "{target: balance-primary, district: shengzhou,",
            "{target: balance-primary,",
            6,
            "is per district",
        ),
        ("target: balance-primary", "target: balance", 6, "unknown target 'balance'"),
        (
            "{unit: shengzhou-gov, measure: 8",
            "{unit: fao, measure: 8",
            8,
            "'fao' is not responsible for measure 8",
        ),
        ("measure: 8", "measure: 19", 8, "no measure numbered 19"),
        ("value: 0.3", "value: low", 6, "valid number"),
    ],
)
def test_progress_errors_are_located(
    plan_copy: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in GOOD
    path = _write(plan_copy, GOOD.replace(old, new, 1))
    plan = load_plan(plan_copy)
    with pytest.raises(DataError) as caught:
        load_all_progress(plan)
    lines = [str(p) for p in caught.value.problems]
    assert any(item.startswith(f"{path}:{line}:") and message in item for item in lines), lines


def test_duplicate_reports_are_refused(plan_copy: Path) -> None:
    text = GOOD + "  - {unit: shengzhou-gov, measure: 8, work: 再次。}\n"
    text = text.replace(
        "milestones:\n",
        "milestones:\n  - {project: national-balanced, district: shengzhou, year: 2024, "
        "status: 未達到}\n",
    )
    path = _write(plan_copy, text)
    with pytest.raises(DataError) as caught:
        load_all_progress(load_plan(plan_copy))
    assert any(
        str(p).startswith(f"{path}:5:") and "already reported" in str(p)
        for p in caught.value.problems
    )


def test_broken_progress_file_fails_the_notice_with_exit_65(plan_copy: Path) -> None:
    _write(plan_copy, GOOD.replace("year: 2024", "year: [2024"))
    result = CliRunner().invoke(
        app,
        [
            "render",
            "notice",
            "--year",
            "2024",
            "--plan",
            str(plan_copy),
            "-f",
            "html",
            "-o",
            str(plan_copy / "out"),
        ],
    )
    assert result.exit_code == 65
    assert re.search(r"2024\.yaml:\d+:\d+: ", result.output)
    assert "Traceback" not in result.output
    assert not (plan_copy / "out").exists()


def test_notice_year_outside_the_period_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["render", "notice", "--year", "2030", "-f", "html", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "outside the plan period 2021–2025" in result.output
    assert list(tmp_path.iterdir()) == []


def test_validate_checks_progress_files_too(plan_copy: Path) -> None:
    path = _write(plan_copy, GOOD.replace("project: national-balanced", "project: national", 1))
    result = CliRunner().invoke(app, ["validate", "--plan", str(plan_copy)])
    assert result.exit_code == 65
    assert f"{path}:4:" in result.output
    assert "unknown project 'national'" in result.output
