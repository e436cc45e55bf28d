"""The status view as rows of text: one summary row per unit, and one detail row per item
still owed; for the terminal (rich) and as an .xlsx sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..plan.model import Plan
from ..zh.targets import target_wording
from .owed import UnitOwes
from .texts import FormTexts
from .xlsxbytes import workbook_bytes

SUMMARY_KEYS = ("unit", "milestones", "overdue", "targets", "measures", "owed")
DETAIL_KEYS = ("unit", "sheet", "item")


@dataclass(frozen=True)
class StatusTable:
    title: str
    columns: list[str]
    rows: list[list[str]]
    detail_title: str
    detail_columns: list[str]
    detail_rows: list[list[str]]


def status_table(plan: Plan, owes: list[UnitOwes], texts: FormTexts, year: int) -> StatusTable:
    words = texts.status
    rows = []
    details: list[list[str]] = []
    for unit_owes in owes:
        counts = unit_owes.counts()
        name = unit_owes.unit.name
        row = [name]
        for key in ("milestones", "overdue", "targets", "measures"):
            left, total = counts[key]
            row.append(f"{left}/{total}" if total else "—")
        row.append(str(unit_owes.owed) if unit_owes.owed else words.done)
        rows.append(row)
        details.extend([name, *item] for item in _items(plan, unit_owes, texts))
    return StatusTable(
        title=words.title.format(year=year),
        columns=[words.columns[key] for key in SUMMARY_KEYS],
        rows=rows,
        detail_title=words.detail_title,
        detail_columns=[words.detail_columns[key] for key in DETAIL_KEYS],
        detail_rows=details,
    )


def _items(plan: Plan, owes: UnitOwes, texts: FormTexts) -> list[list[str]]:
    items: list[list[str]] = []
    words = texts.status
    for m in [*owes.overdue, *owes.due]:
        milestone = m.milestone
        text = words.milestone_item.format(
            project=milestone.project.name,
            year=milestone.year,
            requirement=milestone.text,
            kind=getattr(texts.kinds, m.kind),
        )
        items.append([texts.sheets.milestones, text])
    for t in owes.targets:
        scope = plan.district(t.district).name if t.district else texts.city
        text = words.target_item.format(
            indicator=t.target.indicator, scope=scope, requirement=target_wording(t.target)
        )
        items.append([texts.sheets.targets, text])
    for n in owes.measures:
        text = words.measure_item.format(number=n.measure.number, heading=n.measure.heading)
        items.append([texts.sheets.measures, text])
    return items


def status_workbook(table: StatusTable, year: int) -> bytes:
    """The summary and the detail as two sheets of one .xlsx file."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = table.title[:31]
    detail = workbook.create_sheet(table.detail_title[:31])
    for sheet, columns, rows in (
        (summary, table.columns, table.rows),
        (detail, table.detail_columns, table.detail_rows),
    ):
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, column in enumerate(columns, start=1):
            longest = max([len(column), *(len(r[index - 1]) for r in rows)])
            sheet.column_dimensions[get_column_letter(index)].width = min(longest * 2 + 2, 80)
        sheet.freeze_panes = "A2"
    workbook.properties.creator = "reportgen"
    workbook.properties.title = table.title
    return workbook_bytes(workbook, dt.datetime(year, 1, 1))
