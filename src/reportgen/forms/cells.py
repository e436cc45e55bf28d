"""Read one answer cell of a form: text, status, date or number, or a message saying why not."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from ..source.yamlsource import FORBIDDEN_CHARACTERS, describe_character
from .layout import MAX_TEXT


class CellProblem(ValueError):
    """The cell's value cannot be used; the message says what to enter instead."""


_DATE_TEXT = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_LARGEST_NUMBER = 1e12
_SERIAL_EPOCH = dt.date(1899, 12, 30)


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def read_text(value: Any) -> str:
    """Free text: blank for an empty cell; numbers are taken as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellProblem(f"{value} is not text; write the answer in words")
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    forbidden = FORBIDDEN_CHARACTERS.search(text)
    if forbidden is not None:
        raise CellProblem(f"the text holds {describe_character(forbidden.group())}; delete it")
    if len(text) > MAX_TEXT:
        raise CellProblem(f"the text is {len(text)} characters long; shorten it to {MAX_TEXT}")
    return text


def read_status(value: Any, spellings: dict[str, str], shown: list[str]) -> str | None:
    """A status from the drop-down (either script), or None for an empty cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        status = spellings.get("".join(value.split()))
        if status is not None:
            return status
    raise CellProblem(
        f"status {_shown(value)} is not in the list; choose one of {', '.join(shown)}"
    )


def read_date(value: Any, year: int) -> dt.date | None:
    """A date within `year`, or None for an empty cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        match = _DATE_TEXT.match(value.strip())
        if match is not None:
            try:
                day = dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                day = None
    elif (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 1 <= value < 2958466
        and float(value).is_integer()
    ):
        day = _SERIAL_EPOCH + dt.timedelta(days=int(value))
    if day is None:
        raise CellProblem(f"{_shown(value)} is not a date; enter a date such as {year}-12-31")
    if day.year != year:
        raise CellProblem(
            f"date {day.isoformat()} is outside {year}; enter a date from {year}-01-01 "
            f"to {year}-12-31"
        )
    return day


def read_number(value: Any) -> int | float | None:
    """A number, or None for an empty cell; text, even of digits, is refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CellProblem(
            f"{_shown(value)} is text in a number cell; enter a number only, without units"
        )
    if not math.isfinite(value) or abs(value) > _LARGEST_NUMBER:
        raise CellProblem(f"{_shown(value)} is not a usable number")
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
