"""Fill in a progress form the way a unit would: find each row by its hidden id, type answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.forms.duties import measure_id, milestone_id, target_id
from reportgen.forms.layout import FIRST_ITEM_ROW, KEY_ROW, parse_marker
from reportgen.progress.report import ProgressReport


def sheet_of(workbook: Workbook, kind: str) -> Worksheet:
    for sheet in workbook.worksheets:
        marker = parse_marker(sheet["A1"].value)
        if marker is not None and marker.sheet == kind:
            return sheet
    raise AssertionError(f"no {kind} sheet")


def column_of(sheet: Worksheet, key: str) -> int:
    for index in range(2, sheet.max_column + 1):
        if sheet.cell(KEY_ROW, index).value == key:
            return index
    raise AssertionError(f"no column {key!r} in {sheet.title}")


def row_of(sheet: Worksheet, item_id: str) -> int | None:
    for row in range(FIRST_ITEM_ROW, sheet.max_row + 1):
        if sheet.cell(row, 1).value == item_id:
            return row
    return None


def cell_ref(workbook: Workbook, kind: str, item_id: str, key: str) -> tuple[Worksheet, str]:
    """The sheet and cell reference of one answer cell."""
    sheet = sheet_of(workbook, kind)
    row = row_of(sheet, item_id)
    assert row is not None, f"{item_id} not in {sheet.title}"
    return sheet, sheet.cell(row, column_of(sheet, key)).coordinate


def put(workbook: Workbook, kind: str, item_id: str, values: dict[str, Any]) -> None:
    sheet = sheet_of(workbook, kind)
    row = row_of(sheet, item_id)
    assert row is not None, f"{item_id} not in {sheet.title}"
    for key, value in values.items():
        sheet.cell(row, column_of(sheet, key)).value = value


def fill_from_report(path: Path, report: ProgressReport) -> int:
    """Type into the form at `path` every value of `report` it has a row for; count them."""
    workbook = load_workbook(path)
    filled = 0
    for m in report.milestones:
        item = milestone_id(m.project, m.district, m.year)
        if row_of(sheet_of(workbook, "milestones"), item) is not None:
            put(
                workbook,
                "milestones",
                item,
                {"status": m.status, "date": m.date, "evidence": m.evidence or None},
            )
            filled += 1
    for t in report.targets:
        item = target_id(t.target, t.district)
        if row_of(sheet_of(workbook, "targets"), item) is not None:
            put(workbook, "targets", item, {"value": t.value, "as_of": t.as_of})
            filled += 1
    unit = parse_marker(sheet_of(workbook, "measures")["A1"].value)
    assert unit is not None
    for n in report.narratives:
        if n.unit != unit.unit:
            continue
        put(
            workbook,
            "measures",
            measure_id(n.measure),
            {"work": n.work, "problems": n.problems or None},
        )
        filled += 1
    workbook.save(path)
    return filled


def as_date(value: Any) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value
