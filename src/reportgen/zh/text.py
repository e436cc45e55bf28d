"""Chinese text conventions of official documents: dates and joined names."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal


def chinese_date(day: dt.date, pattern: str) -> str:
    """A date in the 成文日期 style `pattern` gives ({year} {month} {day}): Arabic numerals,
    no zero padding (GB/T 9704 §7.3.5), e.g. 2021年1月18日."""
    return pattern.format(year=day.year, month=day.month, day=day.day)


def blank_date(year: int | None, pattern: str) -> str:
    """A date to be filled in by hand: its year (or a blank) with month and day left blank
    (ideographic spaces), e.g. 2025年　月　日."""
    blank = "\u3000"
    return pattern.format(year=blank if year is None else year, month=blank, day=blank)


def join_names(names: Iterable[str]) -> str:
    """Names in a list, joined with 、 as official documents list them."""
    return "、".join(names)


def text_width_chars(text: str) -> float:
    """Width of `text` in 字: ASCII characters count as half a character."""
    return sum(0.5 if ord(ch) < 0x7F else 1.0 for ch in text)


def join_with_and(names: list[str]) -> str:
    """越城區 / 越城區和柯橋區 / 越城區、柯橋區和上虞區."""
    if len(names) <= 1:
        return "".join(names)
    return "、".join(names[:-1]) + "和" + names[-1]


def percent(ratio: float | None, digits: int = 1) -> str:
    """0.875 -> 87.5%; 1 -> 100%; None -> —."""
    if ratio is None:
        return "—"
    text = f"{ratio * 100:.{digits}f}".rstrip("0").rstrip(".")
    return f"{text}%"


def format_number(value: int | Decimal, *, grouped: bool = False) -> str:
    """A figure exactly as the data writes it, in plain digits: 1234567, 0.35, 1.50; an
    exponent written in the data is spelled out (1.5e6 -> 1500000). With `grouped`, the
    whole part is grouped in thousands with commas (1,234,567.5)."""
    text = format(value, "f") if isinstance(value, Decimal) else str(int(value))
    if not grouped:
        return text
    sign = "-" if text.startswith("-") else ""
    whole, point, fraction = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}{point}{fraction}"


_GROUPED_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+")


def uses_digit_grouping(text: str) -> bool:
    """Whether a text writes a number grouped in thousands (1,500,000)."""
    return _GROUPED_DIGITS.search(text) is not None
