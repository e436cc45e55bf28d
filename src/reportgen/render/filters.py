"""The Jinja filters templates write Chinese conventions with, registered once in the
environment (`render.html.build_environment`).

    numeral        3 -> 三 (headings, run-in numbers)
    date           a date in the wording's 成文日期 style: 2021年1月18日
    blank_date     a year with month and day left blank: 2025年　月　日
    percent        0.875 -> 87.5%, None -> —
    join_and       [甲, 乙, 丙] -> 甲、乙和丙
    join_list      [甲, 乙, 丙] -> 甲、乙、丙
    fill           a wording pattern filled in: "各{project_noun}進展情況" | fill(terms)
    target         how a target reads: 小于0.35, 超過200所, 50個以上, 前四位, 4—6個
    target_figure  a figure of a target (its own or a reported one) written as the plan writes it

`date` and `blank_date` take the pattern from the template's `wording` (common.date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

import jinja2

from ..plan.model import Target
from ..zh.numerals import chinese_number
from ..zh.targets import target_figure, target_wording
from ..zh.text import blank_date, chinese_date, join_with_and, percent


@jinja2.pass_context
def _date(context: jinja2.runtime.Context, day: dt.date) -> str:
    return chinese_date(day, context["wording"].common.date)


@jinja2.pass_context
def _blank_date(context: jinja2.runtime.Context, year: int | None) -> str:
    return blank_date(year, context["wording"].common.date)


def _join_and(names: Iterable[str]) -> str:
    return join_with_and(list(names))


def _join_list(names: Iterable[str]) -> str:
    return "、".join(names)


def _fill(pattern: str, fields: Mapping[str, Any]) -> str:
    return pattern.format_map(fields)


def _target_figure(value: int | Decimal, target: Target) -> str:
    return target_figure(target, value)


FILTERS: Mapping[str, Callable[..., str]] = {
    "numeral": chinese_number,
    "date": _date,
    "blank_date": _blank_date,
    "percent": percent,
    "join_and": _join_and,
    "join_list": _join_list,
    "fill": _fill,
    "target": target_wording,
    "target_figure": _target_figure,
}
"""Every filter by the name templates call it."""
