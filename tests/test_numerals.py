"""Chinese numerals as headings and sequence numbers write them (一、… （十八）…)."""

from __future__ import annotations

import pytest

from reportgen.zh.numerals import chinese_number

ONE_TO_TWENTY_ONE = [
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
    "十六",
    "十七",
    "十八",
    "十九",
    "二十",
    "二十一",
]


@pytest.mark.parametrize(
    ("n", "expected"), list(enumerate(ONE_TO_TWENTY_ONE, start=1)), ids=lambda v: str(v)
)
def test_one_to_twenty_one(n: int, expected: str) -> None:
    assert chinese_number(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "〇"),
        (30, "三十"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (105, "一百零五"),
        (110, "一百一十"),
        (115, "一百一十五"),
        (120, "一百二十"),
        (200, "二百"),
        (999, "九百九十九"),
    ],
)
def test_larger_numbers(n: int, expected: str) -> None:
    assert chinese_number(n) == expected


@pytest.mark.parametrize("n", [-1, 1000, 10_000])
def test_out_of_range_is_refused(n: int) -> None:
    with pytest.raises(ValueError, match=str(n)):
        chinese_number(n)


def test_every_measure_number_of_the_plan_is_distinct() -> None:
    """Headings （一）…（十八） must not collide: the mapping is one-to-one on 1–999."""
    written = [chinese_number(n) for n in range(1, 1000)]
    assert len(set(written)) == len(written)
