"""Chinese text helpers used by the templates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reportgen.documents.common import signature_indents
from reportgen.documents.wording import default_wording
from reportgen.plan.model import Target
from reportgen.zh.targets import target_wording
from reportgen.zh.text import (
    blank_date,
    chinese_date,
    format_number,
    join_names,
    join_with_and,
    percent,
    text_width_chars,
)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2022, 12, 31), "2022年12月31日"),
        (dt.date(2021, 1, 18), "2021年1月18日"),
        (dt.date(2023, 10, 5), "2023年10月5日"),
    ],
)
def test_chinese_date_has_no_zero_padding(day: dt.date, text: str) -> None:
    assert chinese_date(day, default_wording().common.date) == text


def test_a_blank_date_keeps_its_year_and_leaves_month_and_day_to_fill_in() -> None:
    pattern = default_wording().common.date
    assert blank_date(2025, pattern) == "2025年\u3000月\u3000日"
    assert blank_date(None, pattern) == "\u3000年\u3000月\u3000日"


def test_joining_names() -> None:
    assert join_names(["越城區", "柯橋區"]) == "越城區、柯橋區"
    assert join_with_and([]) == ""
    assert join_with_and(["越城區"]) == "越城區"
    assert join_with_and(["越城區", "柯橋區"]) == "越城區和柯橋區"
    assert join_with_and(["越城區", "柯橋區", "上虞區"]) == "越城區、柯橋區和上虞區"


@pytest.mark.parametrize(
    ("ratio", "text"),
    [(1, "100%"), (0.875, "87.5%"), (0.5, "50%"), (2 / 3, "66.7%"), (0, "0%"), (None, "—")],
)
def test_percent(ratio: float | None, text: str) -> None:
    assert percent(ratio) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0.35"), "0.35"),
        (93, "93"),
        (1234567, "1234567"),
        (1500000, "1500000"),
        (Decimal("12345.678"), "12345.678"),
        (Decimal("1.50"), "1.50"),
        (Decimal("1.5E+6"), "1500000"),
        (Decimal("-0.5"), "-0.5"),
    ],
)
def test_figures_print_exactly_as_written(value: int | Decimal, text: str) -> None:
    assert format_number(value) == text


def test_figures_are_grouped_only_when_asked() -> None:
    assert format_number(1234567, grouped=True) == "1,234,567"
    assert format_number(Decimal("-12345.678"), grouped=True) == "-12,345.678"
    assert format_number(999, grouped=True) == "999"


def test_width_counts_ascii_as_half() -> None:
    assert text_width_chars("2021年1月18日") == 6.5
    assert text_width_chars("紹興市人民政府辦公室") == 10


def test_signature_indents_follow_gbt9704() -> None:
    # name right-indented 2 字; the date starts 2 字 right of the name's start
    name_right, date_left = signature_indents("紹興市人民政府辦公室", "2021年1月18日", 28)
    assert name_right == 2
    assert date_left == 28 - 2 - 10 + 2
    # a date longer than the name: the date is right-indented 2 字, the name moves left
    name_right, date_left = signature_indents("市外辦", "2021年11月18日", 28)
    assert date_left + 7 == 28 - 2
    assert 28 - name_right - 3 == date_left - 2


@pytest.mark.parametrize(
    ("comparator", "value", "unit", "text"),
    [
        ("小于", 0.35, "", "小于0.35"),
        ("超過", 200, "所", "超過200所"),
        ("以上", 50, "個", "50個以上"),
        ("達到", 93, "%", "達到93%"),
        ("前", 4, "位", "前四位"),
        ("區間", (4, 6), "個", "4—6個"),
    ],
)
def test_target_wording(
    comparator: str, value: float | tuple[float, float], unit: str, text: str
) -> None:
    target = Target.model_validate(
        {
            "id": "t",
            "measure": 1,
            "quote": "q",
            "indicator": "i",
            "comparator": comparator,
            "value": value,
            "unit": unit,
            "deadline": 2025,
            "scope": "city",
        }
    )
    assert target_wording(target) == text
