"""How the plan's targets read in a document: 小于0.35, 超過200所, 50個以上, 前四位, 4—6個."""

from __future__ import annotations

from .model import Target
from .numerals import chinese_number
from .zhtext import format_number


def target_wording(target: Target) -> str:
    """The target's requirement worded as the plan words such requirements."""
    unit = target.unit
    if isinstance(target.value, tuple):
        low, high = target.value
        return f"{format_number(low)}—{format_number(high)}{unit}"
    value = format_number(target.value)
    if target.comparator == "以上":
        return f"{value}{unit}以上"
    if target.comparator == "前":
        count = int(target.value)
        number = chinese_number(count) if count == target.value else value
        return f"前{number}{unit}"
    return f"{target.comparator}{value}{unit}"
