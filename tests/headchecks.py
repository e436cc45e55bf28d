"""Checks of a document's first page that every kind of document shares (GB/T 9704 §5, §7.2):
A4 pages, the red header mark 35 mm below the type area, the red rule across the type area.

Each takes pdfplumber pages and the layout profile and asserts; the test modules of the
circular, the notices and the summaries call them on their own documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from pdfmeasure import (
    TOLERANCE_MM,
    Char,
    centre_x_mm,
    chars_of,
    em_top_mm,
    is_red,
    mm,
    outside_type_area,
    red_rules,
)
from reportgen.layout.profile import MM_TO_PT, LayoutProfile


def assert_a4(pages: Sequence[Any], profile: LayoutProfile) -> None:
    """Every page is A4, portrait or landscape."""
    for page in pages:
        size = sorted((mm(page.width), mm(page.height)))
        assert size == pytest.approx([profile.page.width_mm, profile.page.height_mm], abs=0.5)


def assert_text_inside_the_type_area(pages: Sequence[Any], profile: LayoutProfile) -> None:
    """No character of any page stands outside the type area (page numbers aside)."""
    for number, page in enumerate(pages, start=1):
        assert outside_type_area(page, profile) == [], f"page {number}"


def assert_header_mark(page: Any, name: str, em_top: float, profile: LayoutProfile) -> list[Char]:
    """The mark `name` is red, at the profile's size (or as large as fits the type area's
    width), its em box's top 35 mm below the type area's, centred; returns its characters."""
    mark = chars_of(page, name)
    assert all(is_red(char, profile) for char in mark)
    width_pt = profile.type_area_width_mm * MM_TO_PT
    size = mark[0]["size"]
    assert size == pytest.approx(min(profile.header_mark.size_pt, width_pt / len(name)), abs=0.1)
    assert mm(mark[-1]["x1"] - mark[0]["x0"]) <= profile.type_area_width_mm + TOLERANCE_MM
    expected = profile.margins.top_mm + profile.header_mark.top_from_type_area_mm
    assert em_top_mm(page, mark[0], em_top, size) == pytest.approx(expected, abs=TOLERANCE_MM)
    centre = profile.margins.left_mm + profile.type_area_width_mm / 2
    assert centre_x_mm(mark) == pytest.approx(centre, abs=TOLERANCE_MM)
    return mark


def assert_red_rule(page: Any, profile: LayoutProfile) -> Char:
    """One red rule, as wide as the type area and as thick as the profile says; returns it."""
    (rule,) = red_rules(page, profile)
    assert mm(rule["x0"]) == pytest.approx(profile.margins.left_mm, abs=TOLERANCE_MM)
    assert mm(rule["width"]) == pytest.approx(profile.type_area_width_mm, abs=TOLERANCE_MM)
    assert mm(rule["height"]) == pytest.approx(profile.red_rule.thickness_mm, abs=0.1)
    return rule
