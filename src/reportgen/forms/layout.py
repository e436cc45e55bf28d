"""The shape of a form, shared by the writer and the reader.

Every data sheet has a hidden column A holding each row's stable id, and a hidden first row
holding each column's key; row 2 shows the column labels and rows 3… the items. Cell A1 holds
the sheet's marker: format version, plan fingerprint, year, unit and sheet kind. The reader
finds sheets, columns and rows by these, never by their labels or positions.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Final, Literal

from ..plan.model import Plan

SheetKind = Literal["instructions", "milestones", "targets", "measures"]
DATA_SHEETS: Final[tuple[SheetKind, ...]] = ("milestones", "targets", "measures")

FORMAT_VERSION: Final = 1
KEY_ROW: Final = 1
LABEL_ROW: Final = 2
FIRST_ITEM_ROW: Final = 3
ID_COLUMN: Final = "id"

COLUMNS: Final[dict[SheetKind, tuple[str, ...]]] = {
    "instructions": (),
    "milestones": (
        "id",
        "project",
        "district",
        "year",
        "kind",
        "requirement",
        "status",
        "date",
        "evidence",
    ),
    "targets": (
        "id",
        "indicator",
        "scope",
        "requirement",
        "deadline",
        "value",
        "unit",
        "as_of",
    ),
    "measures": ("id", "number", "heading", "responsible", "work", "problems"),
}
"""The columns of each sheet, left to right, by key."""

ANSWER_COLUMNS: Final[dict[SheetKind, tuple[str, ...]]] = {
    "instructions": (),
    "milestones": ("status", "date", "evidence"),
    "targets": ("value", "as_of"),
    "measures": ("work", "problems"),
}
"""The columns a unit fills in: unlocked; everything else is locked."""

WIDTHS: Final[dict[str, int]] = {
    "id": 12,
    "project": 24,
    "district": 10,
    "year": 8,
    "kind": 12,
    "requirement": 30,
    "status": 12,
    "date": 13,
    "evidence": 36,
    "indicator": 34,
    "scope": 10,
    "deadline": 10,
    "value": 12,
    "unit": 8,
    "as_of": 13,
    "number": 6,
    "heading": 30,
    "responsible": 24,
    "work": 50,
    "problems": 40,
}
"""Column widths in characters."""

MAX_TEXT: Final = 2000
"""Longest free text (evidence, work, problems) a cell may hold."""

MAX_ROWS: Final = 2000
MAX_COLUMNS: Final = 40
"""A sheet larger than this is not a form (a form has a few dozen rows and under ten columns)."""

_MARKER = re.compile(
    r"^reportgen-form/(?P<version>\d+) plan=(?P<plan>[0-9a-f]{12}) year=(?P<year>\d{4}) "
    r"unit=(?P<unit>[a-z0-9][a-z0-9-]*) sheet=(?P<sheet>[a-z]+)$"
)


@dataclass(frozen=True)
class Marker:
    """What cell A1 of a form's sheet says about the form."""

    plan: str
    year: int
    unit: str
    sheet: str
    version: int = FORMAT_VERSION

    def text(self) -> str:
        return (
            f"reportgen-form/{self.version} plan={self.plan} year={self.year} "
            f"unit={self.unit} sheet={self.sheet}"
        )


def parse_marker(value: object) -> Marker | None:
    """The marker in a cell's value, or None when the cell holds none."""
    if not isinstance(value, str):
        return None
    match = _MARKER.match(value.strip())
    if match is None:
        return None
    return Marker(
        plan=match["plan"],
        year=int(match["year"]),
        unit=match["unit"],
        sheet=match["sheet"],
        version=int(match["version"]),
    )


def plan_fingerprint(plan: Plan) -> str:
    """A short digest naming the plan: its title and the issuing document's number."""
    identity = f"{plan.plan.title}\n{plan.document.doc_number}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:12]


def form_file_name(year: int, unit_id: str) -> str:
    return f"{year}-{unit_id}.xlsx"
