"""Table column widths: fitted to the content, a date or a year kept whole, the same in the
DOCX and the PDF."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import pytest
from lxml import etree
from lxml import html as lxml_html

from reportgen.build import build_html
from reportgen.core import DocumentRequest
from reportgen.layout.profile import LayoutProfile
from reportgen.layout.tablefit import (
    CellMeasure,
    fitted_widths,
    holds_date_or_year,
    html_table_grid,
    leaves_an_orphan,
    line_em,
    may_leave_an_orphan,
    share_width,
    type_area_twips,
    wrapped_lines,
)
from reportgen.resources import default_plan_dir
from reportgen.writers.docx.writer import render_docx
from reportgen.writers.pdf.writer import fit_columns

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("2025年", True),
        ("2024", True),
        ("已完成（2022年3月15日）", True),
        ("2021—2025年", True),
        ("達到100%", False),
        ("小于0.35", False),
        ("创建率高于全省平均10%", False),
        ("12025", False),
    ],
)
def test_dates_and_years_are_recognised(text: str, holds: bool) -> None:
    assert holds_date_or_year(text) is holds


def test_widths_fill_the_space_and_respect_the_least() -> None:
    least, natural = [100, 300, 200, 100], [100, 2000, 900, 150]
    widths = share_width(least, natural, 1500)
    # Short columns keep their natural width; the long ones share what is left alike.
    assert widths == [100, 625, 625, 150]


def test_widths_when_all_fit_grow_in_proportion() -> None:
    widths = share_width([10, 10], [100, 300], 800)
    assert widths == [200, 600]


def test_widths_when_even_the_least_do_not_fit_shrink_in_proportion() -> None:
    widths = share_width([400, 400], [900, 400], 600)
    assert widths == [300, 300]


def _table(rows: list[list[str]], head: list[str]) -> object:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    header = "".join(f"<th>{c}</th>" for c in head)
    return lxml_html.fragment_fromstring(
        f'<table class="gw-table"><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>'
    )


def test_a_year_column_is_wide_enough_for_its_year(profile: LayoutProfile) -> None:
    long_text = "义务教育标准化学校比例达到百分之百并通过省级评估验收" * 3
    table = _table([[long_text, "2025年", long_text]], ["任务", "时限", "完成情况"])
    available = type_area_twips(profile, landscape=False)
    widths = fitted_widths(html_table_grid(table), available, profile)
    assert sum(widths) == available
    year_pt = line_em("2025年") * profile.table.size_pt
    assert widths[1] / 20 > year_pt + 2 * profile.table.cell_padding_mm * 2.8346
    assert widths[0] == widths[2] > widths[1]


def test_no_wrapped_cell_leaves_a_character_alone(profile: LayoutProfile) -> None:
    """Three columns of sixteen characters, each share holding five: fair shares alone
    leave the last character alone (5 + 5 + 5 + 1); the fitted widths balance the lines."""
    text = "达到创建标准达到创建标准达到创建"
    table = _table([[text, text, text]], ["任务", "要求", "情况"])
    measure = CellMeasure(profile)
    available = 3 * measure.twips(5.2)
    least = [measure.twips(2.0)] * 3
    natural = [measure.twips(line_em(text))] * 3
    shared = share_width(least, natural, available)
    assert all(may_leave_an_orphan(text, measure.holds_em(w)) for w in shared)
    widths = fitted_widths(html_table_grid(table), available, profile)
    assert sum(widths) == available
    for width in widths:
        assert not may_leave_an_orphan(text, measure.holds_em(width)), width
        assert len(wrapped_lines(text, measure.holds_em(width))) <= 4


def test_wrapping_is_measured_as_the_nominal_widths_say() -> None:
    assert wrapped_lines("达到创建标准", 5.0) == ["达到创建标", "准"]
    assert leaves_an_orphan("达到创建标准", 5.0)
    assert not leaves_an_orphan("达到创建标准", 3.0)
    assert wrapped_lines("2025年", 5.0) == ["2025年"]


@pytest.mark.parametrize(
    "request_",
    [
        DocumentRequest("summary", year=2022, unit="edu"),
        DocumentRequest("notice", year=2022),
        DocumentRequest("circular"),
    ],
    ids=["summary", "notice", "circular"],
)
def test_the_docx_and_the_pdf_get_the_same_widths(
    profile: LayoutProfile, request_: DocumentRequest
) -> None:
    from reportgen.cache import cached_plan

    plan = cached_plan(default_plan_dir())
    html = build_html(plan, profile, request_, templates=None, script="simplified", warnings=[])
    fitted = lxml_html.document_fromstring(fit_columns(html, profile))
    pdf_tables = []
    for table in fitted.find_class("gw-table"):
        landscape = any(
            a.get("data-orientation") == "landscape" for a in table.iterancestors("section")
        )
        available = type_area_twips(profile, landscape)
        shares = [float(c.get("data-width")) for c in table.iter("col")]
        pdf_tables.append([round(available * s / 100) for s in shares])
    assert pdf_tables, "the document has no table"
    data = render_docx(html, profile, script="simplified").data
    with zipfile.ZipFile(BytesIO(data)) as package:
        document = etree.fromstring(package.read("word/document.xml"))
    docx_tables = [
        [int(g.get(f"{W}w")) for g in grid.iter(f"{W}gridCol")]
        for grid in document.iter(f"{W}tblGrid")
    ]
    assert len(docx_tables) == len(pdf_tables)
    for ours, theirs in zip(pdf_tables, docx_tables, strict=True):
        assert len(ours) == len(theirs)
        assert all(abs(a - b) <= 1 for a, b in zip(ours, theirs, strict=True))


def test_a_template_s_own_widths_are_kept(profile: LayoutProfile) -> None:
    html = (
        '<html><body><table class="gw-table"><colgroup><col data-width="70">'
        '<col data-width="30"></colgroup><tbody><tr><td>甲</td><td>2025年</td></tr>'
        "</tbody></table></body></html>"
    )
    assert re.findall(r'data-width="([0-9.]+)"', fit_columns(html, profile)) == ["70", "30"]
