"""`reportgen status`: every unit and what it still owes for the year."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from formfill import column_of, sheet_of
from reportgen.cli.app import app
from reportgen.forms.layout import FIRST_ITEM_ROW
from reportgen.forms.run import year_status_table
from reportgen.forms.texts import form_texts
from reportgen.plan.loader import load_plan
from reportgen.plan.model import Plan
from reportgen.progress.report import load_progress
from reportgen.resources import default_plan_dir

runner = CliRunner()


def table_rows(output: str) -> dict[str, list[str]]:
    """The summary table's rows by their first cell."""
    rows = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("│").split("│")]
        if len(cells) > 1 and cells[0]:
            rows.setdefault(cells[0], cells[1:])  # the summary comes before the detail
    return rows


def test_status_counts_what_each_unit_owes(plan: Plan) -> None:
    result = runner.invoke(app, ["status", "--year", "2021"])
    assert result.exit_code == 0, result.output
    rows = table_rows(result.output)
    for unit in plan.registry.units:
        assert unit.name in rows, unit.name
    sample = load_progress(plan, 2021)
    assert sample is not None
    for unit in plan.registry.units:
        if not unit.district:
            continue
        due = [m for m in plan.milestones() if m.column == unit.district and m.year == 2021]
        reported = [m for m in sample.milestones if m.district == unit.district]
        expected = f"{len(due) - len(reported)}/{len(due)}" if due else "—"
        assert rows[unit.name][0] == expected, (unit.name, rows[unit.name])
        measures = [m for m in plan.measures if unit in plan.responsible_units(m)]
        told = [n for n in sample.narratives if n.unit == unit.id]
        assert rows[unit.name][3] == f"{len(measures) - len(told)}/{len(measures)}"


def test_a_unit_that_sent_everything_is_done(plan_copy: Path, tmp_path: Path) -> None:
    year, unit = 2024, "shengzhou-gov"
    out = tmp_path / "forms"
    args = ["forms", "--year", str(year), "--unit", unit, "--plan", str(plan_copy), "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    path = out / f"{year}-{unit}.xlsx"
    workbook = load_workbook(path)
    kinds = form_texts("traditional").kinds
    answers = {
        "milestones": {"status": "達到", "date": "2024-06-30"},
        "targets": {"value": 1},
        "measures": {"work": "按計劃推進。"},
    }
    for kind, values in answers.items():
        sheet = sheet_of(workbook, kind)
        for row in range(FIRST_ITEM_ROW, sheet.max_row + 1):
            if kind == "milestones" and sheet.cell(row, column_of(sheet, "kind")).value == (
                kinds.later
            ):
                continue
            for key, value in values.items():
                sheet.cell(row, column_of(sheet, key)).value = value
    workbook.save(path)
    before = table_rows(
        runner.invoke(app, ["status", "--year", "2024", "--plan", str(plan_copy)]).output
    )
    name = load_plan(plan_copy).unit(unit).name
    assert before[name][-1] != form_texts("traditional").status.done
    result = runner.invoke(app, ["intake", str(path), "--year", "2024", "--plan", str(plan_copy)])
    assert result.exit_code == 0, result.output
    after = runner.invoke(app, ["status", "--year", "2024", "--plan", str(plan_copy)])
    rows = table_rows(after.output)
    assert rows[name][-1] == form_texts("traditional").status.done, rows[name]
    assert all(cell.startswith("0/") or cell == "—" for cell in rows[name][:4]), rows[name]


def test_status_as_a_sheet(tmp_path: Path) -> None:
    target = tmp_path / "status.xlsx"
    args = ["status", "--year", "2022", "--format", "xlsx", "-o", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    table = year_status_table(default_plan_dir(), 2022)
    workbook = load_workbook(target)
    summary, detail = workbook.worksheets
    assert [[c.value for c in row] for row in summary.iter_rows()] == [table.columns, *table.rows]
    assert [[c.value for c in row] for row in detail.iter_rows()] == [
        table.detail_columns,
        *table.detail_rows,
    ]
    again = runner.invoke(app, args)
    assert again.exit_code == 73  # not replaced without --force
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0


def test_status_year_outside_the_plan() -> None:
    result = runner.invoke(app, ["status", "--year", "2019"])
    assert result.exit_code == 2
    assert "outside the plan period" in result.output
