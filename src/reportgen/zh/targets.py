"""How the plan's targets read in a document: 小于0.35, 超過200所, 50個以上, 前四位, 4—6個."""

from __future__ import annotations

from decimal import Decimal

from ..plan.model import Target
from ..plan.tokens import Comparator
from .numerals import chinese_number
from .text import format_number, uses_digit_grouping


def target_figure(target: Target, value: int | Decimal) -> str:
    """A figure of `target` (its value, or one reported for it) as the data writes it, its
    digits grouped in thousands only when the plan's own words of the target group them."""
    return format_number(value, grouped=uses_digit_grouping(target.quote))


def target_wording(target: Target) -> str:
    """The target's requirement worded as the plan words such requirements."""
    unit = target.unit
    if isinstance(target.value, tuple):
        low, high = target.value
        return f"{target_figure(target, low)}—{target_figure(target, high)}{unit}"
    value = target_figure(target, target.value)
    if target.comparator == Comparator.AT_LEAST:
        return f"{value}{unit}{Comparator.AT_LEAST}"
    if target.comparator == Comparator.RANK:  # a whole number from 1 to 999, checked at load
        return f"{Comparator.RANK}{chinese_number(int(target.value))}{unit}"
    return f"{target.comparator}{value}{unit}"
