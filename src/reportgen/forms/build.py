"""Write one progress form (.xlsx) per responsible unit for a year.

Input: a `Plan`, its progress reports, a year, the units and the reply date. Output: workbook
bytes per file name. Each form has an instructions sheet and one sheet each for the unit's
milestones, targets and measures (see `layout.py` for the hidden ids and keys). Answer cells
are unlocked and checked by data validation; everything else is locked. Values already
reported for the year are filled in.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..plan.model import Plan, Unit
from ..progress.report import ProgressReport
from ..render.script import convert_text
from ..zh.targets import target_wording
from .duties import UnitDuty, status_choices, unit_duty
from .layout import (
    ANSWER_COLUMNS,
    COLUMNS,
    FIRST_ITEM_ROW,
    KEY_ROW,
    LABEL_ROW,
    MAX_TEXT,
    WIDTHS,
    Marker,
    SheetKind,
    form_file_name,
    plan_fingerprint,
)
from .texts import FormTexts, form_texts
from .xlsxbytes import workbook_bytes

CREATOR = "reportgen"

_LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
_LABEL_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP = Alignment(wrap_text=True, vertical="top")
_DATE_FORMAT = "yyyy-mm-dd"
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def excel_serial(day: dt.date) -> int:
    """The spreadsheet's serial number of a day (1900 date system)."""
    return (day - _EXCEL_EPOCH).days


def build_forms(
    plan: Plan,
    reports: Mapping[int, ProgressReport],
    year: int,
    units: Sequence[Unit],
    due: dt.date,
) -> dict[str, bytes]:
    """File name -> .xlsx bytes, one form per unit, in the order given."""
    texts = form_texts(plan.document.script)
    return {
        form_file_name(year, unit.id): build_form(
            plan, unit_duty(plan, reports, unit, year), texts, due
        )
        for unit in units
    }


def build_form(plan: Plan, duty: UnitDuty, texts: FormTexts, due: dt.date) -> bytes:
    """The .xlsx form of one unit."""
    workbook = Workbook()
    fingerprint = plan_fingerprint(plan)
    script = plan.document.script

    def marker(kind: SheetKind) -> str:
        return Marker(fingerprint, duty.year, duty.unit.id, kind).text()

    first = workbook.active
    assert first is not None
    _instructions(first, plan, duty, texts, due, marker("instructions"))
    milestones = workbook.create_sheet(texts.sheets.milestones)
    rows: list[dict[str, Any]] = [
        {
            "id": item.id,
            "project": item.milestone.project.name,
            "district": plan.column_name(item.milestone.column),
            "year": item.milestone.year,
            "kind": getattr(texts.kinds, item.kind),
            "requirement": item.milestone.text,
            "status": convert_text(item.report.status, script) if item.report else None,
            "date": item.report.date if item.report else None,
            "evidence": (item.report.evidence or None) if item.report else None,
        }
        for item in duty.milestones
    ]
    _data_sheet(milestones, "milestones", rows, texts, marker("milestones"))
    _validate_milestones(milestones, len(rows), status_choices(script), duty.year, texts)
    targets = workbook.create_sheet(texts.sheets.targets)
    rows = [
        {
            "id": item.id,
            "indicator": item.target.indicator,
            "scope": plan.district(item.district).name if item.district else texts.city,
            "requirement": target_wording(item.target),
            "deadline": item.target.deadline,
            "value": item.report.value if item.report else None,
            "unit": item.target.unit or None,
            "as_of": item.report.as_of if item.report else dt.date(duty.year, 12, 31),
        }
        for item in duty.targets
    ]
    _data_sheet(targets, "targets", rows, texts, marker("targets"))
    _validate_targets(targets, len(rows), duty.year, texts)
    measures = workbook.create_sheet(texts.sheets.measures)
    rows = [
        {
            "id": item.id,
            "number": item.measure.number,
            "heading": item.measure.heading,
            "responsible": plan.responsible_text(item.measure),
            "work": item.narrative.work if item.narrative else None,
            "problems": (item.narrative.problems or None) if item.narrative else None,
        }
        for item in duty.measures
    ]
    _data_sheet(measures, "measures", rows, texts, marker("measures"))
    _validate_texts(measures, "measures", ("work", "problems"), len(rows), texts)
    workbook.properties.creator = CREATOR
    workbook.properties.title = _title(plan, duty, texts)
    return workbook_bytes(workbook, dt.datetime(duty.year, 1, 1))


def _title(plan: Plan, duty: UnitDuty, texts: FormTexts) -> str:
    return texts.instructions.title.format(
        unit=duty.unit.formal_name, year=duty.year, topic=plan.plan.topic
    )


def _instructions(
    sheet: Worksheet, plan: Plan, duty: UnitDuty, texts: FormTexts, due: dt.date, marker: str
) -> None:
    sheet.title = texts.sheets.instructions
    sheet["A1"] = marker
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 100
    facts = {
        "unit": duty.unit.formal_name,
        "year": duty.year,
        "topic": plan.plan.topic,
        "issuer": plan.document.issuer,
        "due": due.isoformat(),
        "statuses": texts.separator.join(status_choices(plan.document.script)),
    }
    _put(sheet, "B2", _title(plan, duty, texts)).font = Font(bold=True, size=14)
    lines = [*texts.instructions.lines, texts.instructions.allowed]
    for offset, line in enumerate(lines):
        cell = _put(sheet, f"B{4 + offset}", line.format(**facts))
        cell.alignment = _WRAP
        sheet.row_dimensions[4 + offset].height = _height([(cell.value, 100)])
    sheet.protection.sheet = True
    _fit_page(sheet)


def _fit_page(sheet: Worksheet) -> None:
    """Print the sheet one page wide, in landscape."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _put(sheet: Worksheet, ref: str, value: Any) -> Any:
    """Set a cell; text is always stored as text, never read as a formula."""
    cell = sheet[ref]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _data_sheet(
    sheet: Worksheet,
    kind: SheetKind,
    rows: list[dict[str, Any]],
    texts: FormTexts,
    marker: str,
) -> None:
    keys = COLUMNS[kind]
    labels: dict[str, str] = getattr(texts.columns, kind)
    answers = ANSWER_COLUMNS[kind]
    for index, key in enumerate(keys, start=1):
        letter = get_column_letter(index)
        _put(sheet, f"{letter}{KEY_ROW}", marker if key == "id" else key)
        label = _put(sheet, f"{letter}{LABEL_ROW}", labels[key] if key != "id" else None)
        label.font = Font(bold=True)
        label.fill = _LABEL_FILL
        label.alignment = _WRAP
        sheet.column_dimensions[letter].width = WIDTHS[key]
        for offset, row in enumerate(rows):
            cell = _put(sheet, f"{letter}{FIRST_ITEM_ROW + offset}", row[key])
            cell.alignment = _WRAP
            if isinstance(row[key], dt.date):
                cell.number_format = _DATE_FORMAT
            if key in answers:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = _LOCKED_FILL
    for offset, row in enumerate(rows):
        cells = [(row[key], WIDTHS[key]) for key in keys if key != "id"]
        sheet.row_dimensions[FIRST_ITEM_ROW + offset].height = _height(cells)
    sheet.column_dimensions["A"].hidden = True
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.freeze_panes = f"B{FIRST_ITEM_ROW}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    _fit_page(sheet)
    sheet.print_title_rows = f"{LABEL_ROW}:{LABEL_ROW}"


_LINE_HEIGHT = 15.0
"""Points per line of 11 pt text."""


def _display_width(text: str) -> int:
    """Width in column units: a wide (CJK) character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _height(cells: list[tuple[Any, int]]) -> float:
    """A row height that shows each cell's text wrapped in its column (programs do not
    always fit rows to wrapped text themselves)."""
    lines = 1
    for value, width in cells:
        if value is None:
            continue
        count = sum(
            max(1, math.ceil(_display_width(part) / max(width - 1, 1)))
            for part in str(value).split("\n")
        )
        lines = max(lines, count)
    return lines * _LINE_HEIGHT


def _column_range(kind: SheetKind, key: str, count: int) -> str:
    letter = get_column_letter(COLUMNS[kind].index(key) + 1)
    return f"{letter}{FIRST_ITEM_ROW}:{letter}{FIRST_ITEM_ROW + count - 1}"


def _date_validation(
    sheet: Worksheet, kind: SheetKind, key: str, count: int, year: int, texts: FormTexts
) -> None:
    rule = DataValidation(
        type="date",
        operator="between",
        formula1=str(excel_serial(dt.date(year, 1, 1))),
        formula2=str(excel_serial(dt.date(year, 12, 31))),
        allow_blank=True,
        showErrorMessage=True,
        error=texts.validation.date.format(year=year),
    )
    rule.add(_column_range(kind, key, count))
    sheet.add_data_validation(rule)


def _validate_milestones(
    sheet: Worksheet, count: int, statuses: list[str], year: int, texts: FormTexts
) -> None:
    if count == 0:
        return
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(statuses) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showDropDown=False,
        error=texts.validation.status.format(statuses=texts.separator.join(statuses)),
    )
    choice.add(_column_range("milestones", "status", count))
    sheet.add_data_validation(choice)
    _date_validation(sheet, "milestones", "date", count, year, texts)
    _validate_texts(sheet, "milestones", ("evidence",), count, texts)


def _validate_targets(sheet: Worksheet, count: int, year: int, texts: FormTexts) -> None:
    if count == 0:
        return
    number = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1000000000",
        formula2="1000000000",
        allow_blank=True,
        showErrorMessage=True,
        error=texts.validation.number,
    )
    number.add(_column_range("targets", "value", count))
    sheet.add_data_validation(number)
    _date_validation(sheet, "targets", "as_of", count, year, texts)


def _validate_texts(
    sheet: Worksheet, kind: SheetKind, keys: tuple[str, ...], count: int, texts: FormTexts
) -> None:
    if count == 0:
        return
    rule = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(MAX_TEXT),
        allow_blank=True,
        showErrorMessage=True,
        error=texts.validation.text.format(limit=MAX_TEXT),
    )
    for key in keys:
        rule.add(_column_range(kind, key, count))
    sheet.add_data_validation(rule)
