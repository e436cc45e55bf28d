"""Read one filled form back: find its sheets, rows and answer cells by their hidden marks.

Input: a path and what the plan expects (`Expected`). Output: the form's `FormAnswers`, or
the list of every problem found in it, each located as FILE:SHEET!CELL. Only cached values
are read (never a formula); a formula with no cached value is a problem.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

from ..plan.model import Script
from .answers import FormAnswers, MilestoneAnswer, NarrativeAnswer, Place, TargetAnswer
from .cells import CellProblem, read_date, read_number, read_status, read_text
from .duties import MeasureItem, MilestoneItem, TargetItem, UnitDuty, written_status
from .layout import (
    ANSWER_COLUMNS,
    DATA_SHEETS,
    FIRST_ITEM_ROW,
    FORMAT_VERSION,
    KEY_ROW,
    MAX_COLUMNS,
    MAX_ROWS,
    Marker,
    SheetKind,
    form_file_name,
    parse_marker,
)
from .problems import FormProblem
from .safezip import read_package

Item = MilestoneItem | TargetItem | MeasureItem


@dataclass
class Expected:
    """What a form of this plan and year may hold."""

    fingerprint: str
    year: int
    duties: dict[str, UnitDuty]
    status_spellings: dict[str, str]
    status_shown: list[str]
    script: Script
    items: dict[str, tuple[SheetKind, Item]] = field(default_factory=dict)
    owners: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for unit_id, duty in self.duties.items():
            kinds: list[tuple[SheetKind, list[Any]]] = [
                ("milestones", duty.milestones),
                ("targets", duty.targets),
                ("measures", duty.measures),
            ]
            for kind, items in kinds:
                for item in items:
                    self.items.setdefault(item.id, (kind, item))
                    self.owners.setdefault(item.id, []).append(unit_id)


class _Collector:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[FormProblem] = []

    def add(self, message: str, sheet: str = "", cell: str = "") -> None:
        self.problems.append(FormProblem(self.file, sheet, cell, message))


def read_form(path: Path, expected: Expected) -> FormAnswers | list[FormProblem]:
    """The answers of the form at `path`, or every problem found in it."""
    data = read_package(path)
    if isinstance(data, list):
        return data
    found = _Collector(str(path))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            values = load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
            formulas = load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged package
        found.add(f"cannot read the workbook ({_root_cause(exc)}); save it again as .xlsx")
        return found.problems
    for each in values.worksheets:
        if each.max_row > MAX_ROWS or each.max_column > MAX_COLUMNS:
            found.add(
                f"the sheet is {each.max_row} rows by {each.max_column} columns; a form has "
                f"at most {MAX_ROWS} rows and {MAX_COLUMNS} columns",
                each.title,
            )
    if found.problems:
        return found.problems
    sheets = _find_sheets(values, expected, found)
    if sheets is None:
        return found.problems
    unit, by_kind = sheets
    named = _unit_in_file_name(path, expected)
    if named is not None and named != unit:
        found.add(
            f"the file is named for unit {named!r} but holds the form of unit {unit!r}; "
            f"each unit fills in its own form ({form_file_name(expected.year, named)})"
        )
        return found.problems
    answers = FormAnswers(path, unit)
    for kind in DATA_SHEETS:
        sheet = by_kind[kind]
        formula_sheet = formulas[sheet.title]
        assert isinstance(formula_sheet, Worksheet)
        _read_sheet(sheet, formula_sheet, kind, unit, expected, answers, found)
    return found.problems or answers


def _unit_in_file_name(path: Path, expected: Expected) -> str | None:
    """The unit a file named as `reportgen forms` names it (YEAR-UNIT.xlsx) is for."""
    year, _, unit = path.stem.partition("-")
    if year.isdigit() and unit in expected.duties:
        return unit
    return None


def _root_cause(exc: BaseException) -> str:
    """The innermost error behind `exc`, on one line."""
    seen = 0
    while (exc.__cause__ or exc.__context__) is not None and seen < 10:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
        seen += 1
    if type(exc).__name__ in {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"}:
        return "it declares XML entities, which a workbook never needs: refused"
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _find_sheets(
    workbook: Workbook, expected: Expected, found: _Collector
) -> tuple[str, dict[SheetKind, Worksheet]] | None:
    marked: list[tuple[Worksheet, Marker]] = []
    for each in workbook.worksheets:
        marker = parse_marker(each["A1"].value)
        if marker is not None and isinstance(each, Worksheet):
            marked.append((each, marker))
    if not marked:
        found.add(
            "not a progress form of reportgen (no form mark in any sheet); "
            "fill in the form made by `reportgen forms`"
        )
        return None
    first = next((m for _, m in marked if m.sheet == "instructions"), marked[0][1])
    if first.version != FORMAT_VERSION:
        found.add(f"form version {first.version} is not {FORMAT_VERSION}; make new forms")
        return None
    if first.plan != expected.fingerprint:
        found.add("this form belongs to another plan; use the form made for this plan")
        return None
    if first.year != expected.year:
        found.add(
            f"this is the form for {first.year}, not {expected.year}; "
            f"use the {expected.year} form or run intake with --year {first.year}"
        )
        return None
    if first.unit not in expected.duties:
        found.add(f"the form names unit {first.unit!r}, which the plan does not have")
        return None
    by_kind: dict[SheetKind, Worksheet] = {}
    for sheet, marker in marked:
        if (marker.plan, marker.year, marker.unit) != (first.plan, first.year, first.unit):
            found.add(
                f"this sheet comes from the {marker.year} form of unit {marker.unit!r}; "
                f"this form is unit {first.unit!r}'s ({first.year}): remove the sheet",
                sheet.title,
                "A1",
            )
            continue
        if marker.sheet not in DATA_SHEETS and marker.sheet != "instructions":
            found.add(f"unknown sheet kind {marker.sheet!r}", sheet.title, "A1")
            continue
        kind: SheetKind = marker.sheet  # type: ignore[assignment]
        if kind in by_kind:
            found.add(
                f"a second {kind} sheet (the first is {by_kind[kind].title!r}); keep only one",
                sheet.title,
                "A1",
            )
            continue
        by_kind[kind] = sheet
    for kind in DATA_SHEETS:
        if kind not in by_kind:
            found.add(f"the form's {kind} sheet is missing; do not delete sheets")
    if found.problems:
        return None
    return first.unit, by_kind


def _column_keys(sheet: Worksheet, found: _Collector, kind: SheetKind) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index in range(2, sheet.max_column + 1):
        key = sheet.cell(KEY_ROW, index).value
        if isinstance(key, str) and key:
            if key in columns:
                found.add(
                    f"column key {key!r} appears twice; do not copy columns",
                    sheet.title,
                    f"{get_column_letter(index)}{KEY_ROW}",
                )
            columns[key] = index
    missing = [key for key in ANSWER_COLUMNS[kind] if key not in columns]
    if missing:
        found.add(
            f"the answer column(s) {', '.join(missing)} are missing from row {KEY_ROW}; "
            "do not delete columns or edit hidden row 1",
            sheet.title,
        )
        return None
    return columns


def _raw(sheet: Worksheet, formulas: Worksheet, row: int, column: int, found: _Collector) -> Any:
    """The cached value of a cell; a formula without one is a problem."""
    value = sheet.cell(row, column).value
    formula = formulas.cell(row, column)
    is_formula = formula.data_type == "f" or isinstance(formula.value, ArrayFormula)
    if is_formula and value is None:
        found.add(
            "the cell holds a formula with no computed value; type the value instead",
            sheet.title,
            f"{get_column_letter(column)}{row}",
        )
        raise CellProblem("formula")
    return value


def _read_sheet(
    sheet: Worksheet,
    formulas: Worksheet,
    kind: SheetKind,
    unit: str,
    expected: Expected,
    answers: FormAnswers,
    found: _Collector,
) -> None:
    columns = _column_keys(sheet, found, kind)
    if columns is None:
        return
    seen: dict[str, int] = {}
    for row in range(FIRST_ITEM_ROW, sheet.max_row + 1):
        cells = {key: f"{get_column_letter(columns[key])}{row}" for key in ANSWER_COLUMNS[kind]}
        place = Place(str(answers.file), sheet.title, {**cells, "id": f"A{row}"})
        raw: dict[str, Any] = {}
        failed = False
        for key in ANSWER_COLUMNS[kind]:
            try:
                raw[key] = _raw(sheet, formulas, row, columns[key], found)
            except CellProblem:
                failed = True
        if failed:
            continue
        item_id = sheet.cell(row, 1).value
        item = _row_item(item_id, raw, kind, unit, expected, place, seen, row, found)
        if item is None:
            continue
        _read_row(item, raw, unit, expected, place, answers, found)


def _blank(raw: dict[str, Any], kind: SheetKind) -> bool:
    keys = [k for k in ANSWER_COLUMNS[kind] if k != "as_of"]
    return all(raw[k] is None or (isinstance(raw[k], str) and not raw[k].strip()) for k in keys)


def _row_item(
    item_id: Any,
    raw: dict[str, Any],
    kind: SheetKind,
    unit: str,
    expected: Expected,
    place: Place,
    seen: dict[str, int],
    row: int,
    found: _Collector,
) -> Item | None:
    def fail(message: str) -> None:
        found.problems.append(place.problem("id", message))

    if item_id is None:
        if not _blank(raw, kind):
            fail(
                "this row has no id (a row added by hand?); enter answers only in the "
                "form's own rows"
            )
        return None
    known = expected.items.get(item_id) if isinstance(item_id, str) else None
    if known is None or known[0] != kind:
        fail(f"unknown row id {item_id!r}; do not edit or copy rows (hidden column A)")
        return None
    if unit not in expected.owners[item_id]:
        owners = ", ".join(expected.owners[item_id])
        fail(
            f"row {item_id} belongs to the form of {owners}, not of {unit}; "
            "each unit fills in its own form"
        )
        return None
    if item_id in seen:
        fail(f"row {item_id} appears twice (first on row {seen[item_id]}); delete the copy")
        return None
    seen[item_id] = row
    return known[1]


def _read_row(
    item: Item,
    raw: dict[str, Any],
    unit: str,
    expected: Expected,
    place: Place,
    answers: FormAnswers,
    found: _Collector,
) -> None:
    values: dict[str, Any] = {}
    for key, value in raw.items():
        try:
            values[key] = _convert(key, value, expected)
        except CellProblem as exc:
            found.problems.append(place.problem(key, str(exc)))
            return
    for problem in _row_problems(item, values, place):
        found.problems.append(problem)
        return
    if isinstance(item, MilestoneItem) and values["status"] is not None:
        m = item.milestone
        answers.milestones.append(
            MilestoneAnswer(
                m.project.id,
                m.column,
                m.year,
                written_status(values["status"], expected.script),
                values["date"],
                values["evidence"],
                place,
            )
        )
    elif isinstance(item, TargetItem) and values["value"] is not None:
        answers.targets.append(
            TargetAnswer(item.target.id, item.district, values["value"], values["as_of"], place)
        )
    elif isinstance(item, MeasureItem) and values["work"]:
        answers.narratives.append(
            NarrativeAnswer(unit, item.measure.number, values["work"], values["problems"], place)
        )


def _convert(key: str, value: Any, expected: Expected) -> Any:
    if key == "status":
        return read_status(value, expected.status_spellings, expected.status_shown)
    if key in {"date", "as_of"}:
        return read_date(value, expected.year)
    if key == "value":
        return read_number(value)
    return read_text(value)


def _row_problems(item: Item, values: dict[str, Any], place: Place) -> Iterator[FormProblem]:
    if isinstance(item, MilestoneItem) and values["status"] is None:
        if values["date"] is not None or values["evidence"]:
            yield place.problem(
                "status", "the status is empty; choose it from the list or clear the row"
            )
    elif isinstance(item, TargetItem) and values["value"] is not None:
        if values["as_of"] is None:
            yield place.problem("as_of", "the value has no as-of date; enter one")
    elif isinstance(item, MeasureItem) and not values["work"] and values["problems"]:
        yield place.problem(
            "work", "problems are given but not the work done; fill in the work done"
        )
