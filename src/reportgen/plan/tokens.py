"""The enumerated words of plan and progress files, accepted in either script.

A data file may write a comparator or a reported status in simplified or traditional
characters (超过 or 超過, 基本达到 or 基本達到). Each is mapped once, when the file is
validated, to one canonical spelling, so every later comparison is independent of the script.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

Comparator = Literal["小于", "超過", "以上", "達到", "前", "區間"]
"""Canonical comparators: 小于 <, 超過 >, 以上 and 達到 >=, 前 rank <=, 區間 inclusive range."""

ReportedStatus = Literal["達到", "基本達到", "未達到"]
"""Canonical statuses a district or department may report for a milestone."""

COMPARATOR_SPELLINGS: Mapping[str, Comparator] = {
    "小于": "小于",
    "小於": "小于",
    "超過": "超過",
    "超过": "超過",
    "以上": "以上",
    "達到": "達到",
    "达到": "達到",
    "前": "前",
    "區間": "區間",
    "区间": "區間",
}

STATUS_SPELLINGS: Mapping[str, ReportedStatus] = {
    "達到": "達到",
    "达到": "達到",
    "基本達到": "基本達到",
    "基本达到": "基本達到",
    "未達到": "未達到",
    "未达到": "未達到",
}

AcceptedComparator = Literal[
    "小于", "小於", "超過", "超过", "以上", "達到", "达到", "前", "區間", "区间"
]
"""Every spelling a file may use for a comparator (for the JSON Schema)."""

AcceptedStatus = Literal["達到", "达到", "基本達到", "基本达到", "未達到", "未达到"]
"""Every spelling a file may use for a reported status (for the JSON Schema)."""


def spellings_of(canonical: str, table: Mapping[str, str]) -> list[str]:
    """Every accepted spelling of a canonical token, the canonical one first."""
    return [canonical] + [word for word, value in table.items() if value == canonical != word]


def canonicaliser(table: Mapping[str, str], what: str) -> Callable[[Any], Any]:
    """A validator mapping any accepted spelling to its canonical token.

    An unknown word is refused with every accepted spelling; a value that is not a string
    passes through, for the field's own type to refuse.
    """
    allowed = ", ".join(
        "/".join(spellings_of(canonical, table)) for canonical in dict.fromkeys(table.values())
    )

    def canonical(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        found = table.get(value.strip())
        if found is None:
            raise ValueError(f"unknown {what} {value!r}; use one of {allowed}")
        return found

    return canonical
