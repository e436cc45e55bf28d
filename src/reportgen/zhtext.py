"""Chinese text conventions of official documents: dates and joined names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def chinese_date(day: dt.date) -> str:
    """2021-01-18 -> 2021年1月18日 (Arabic numerals, no zero padding, GB/T 9704 §7.3.5)."""
    return f"{day.year}年{day.month}月{day.day}日"


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


def format_number(value: float) -> str:
    """A reported figure without a spurious fraction: 100.0 -> 100, 0.35 -> 0.35."""
    return f"{value:g}"
