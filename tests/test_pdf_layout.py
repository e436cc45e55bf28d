"""The PDF of the circular, measured: page size, type area, grid, fonts, colours, numbers.

The circular is rendered once per module; the tests read the PDF back with pdfplumber and
check GB/T 9704's numbers (±1 mm) rather than pixels.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from pdfmeasure import (
    PAGE_NUMBER,
    TOLERANCE_MM,
    base_font,
    baseline_mm,
    chars_of,
    em_top_mm,
    font_key,
    full_body_pages,
    is_landscape,
    lines_of,
    mm,
    page_number_chars,
    page_number_text,
    page_text,
    red,
    squeeze,
    text_chars,
    type_area_mm,
)
from reportgen.documents.common import circular_context
from reportgen.fonts.policy import FontPlan, plan_fonts, texts_by_role
from reportgen.layout.profile import LayoutProfile
from reportgen.plan.model import Plan
from reportgen.render.html import build_environment, render_html
from reportgen.resources import templates_dir
from reportgen.writers.pdf.writer import RenderedPdf, render_pdf
from reportgen.zh.numerals import chinese_number


@dataclass
class Rendered:
    html: str
    context: dict[str, Any]
    fonts: FontPlan
    pdf: RenderedPdf
    pages: list[Any]  # pdfplumber pages


@pytest.fixture(scope="module")
def plan(any_plan: Plan) -> Plan:
    """Every test of this module runs on each plan (see conftest.py)."""
    return any_plan


@pytest.fixture(scope="module")
def rendered(plan: Plan, profile: LayoutProfile) -> Iterator[Rendered]:
    context = circular_context(plan, profile)
    html = render_html(build_environment(), "circular.html.j2", context)
    fonts = plan_fonts(profile, plan.document.script, texts_by_role(html, profile))
    pdf = render_pdf(html, profile, fonts, base_dirs=[templates_dir()])
    with pdfplumber.open(io.BytesIO(pdf.data)) as document:
        yield Rendered(html, context, fonts, pdf, list(document.pages))


# --- pages and type area ---------------------------------------------------------------------


def test_pages_are_a4(rendered: Rendered, profile: LayoutProfile) -> None:
    assert rendered.pdf.pages == len(rendered.pages) >= 4
    for page in rendered.pages:
        size = sorted((mm(page.width), mm(page.height)))
        assert size == pytest.approx([profile.page.width_mm, profile.page.height_mm], abs=0.5)


def test_text_stays_inside_the_type_area(rendered: Rendered, profile: LayoutProfile) -> None:
    for number, page in enumerate(rendered.pages, start=1):
        left, top, right, bottom = type_area_mm(profile, page)
        for char in text_chars(page, profile):
            where = f"page {number}: {char['text']!r}"
            assert mm(char["x0"]) >= left - TOLERANCE_MM, where
            assert mm(char["x1"]) <= right + TOLERANCE_MM, where
            assert mm(char["top"]) >= top - TOLERANCE_MM, where
            assert mm(char["bottom"]) <= bottom + TOLERANCE_MM, where


def test_body_text_starts_at_the_type_area_corner(
    rendered: Rendered, profile: LayoutProfile
) -> None:
    # A page of the plan that starts inside a paragraph: its first line is a continuation,
    # flush with the type area's left edge.
    firsts = [lines_of(page, profile)[0] for page in rendered.pages[1:] if not is_landscape(page)]
    flush = [
        line
        for line in firsts
        if line[0]["size"] == pytest.approx(profile.body.size_pt, abs=0.1)
        and mm(line[0]["x0"]) == pytest.approx(profile.margins.left_mm, abs=TOLERANCE_MM)
    ]
    assert flush, "no page starts with a continuation line"
    em_top = rendered.fonts.metrics("fangsong").em_top
    leading = mm(profile.grid.line_pitch_pt - profile.body.size_pt)
    for page, first in ((p, f) for p in rendered.pages for f in flush if f[0] in p.chars):
        top = em_top_mm(page, first[0], em_top, profile.body.size_pt) - profile.margins.top_mm
        assert -TOLERANCE_MM <= top <= leading + TOLERANCE_MM  # on the type area's first line


def test_a_full_page_has_22_lines_on_the_pitch(rendered: Rendered, profile: LayoutProfile) -> None:
    pages = full_body_pages(rendered.pages, profile)
    counts = [len(lines) for lines in pages]
    assert max(counts) == profile.grid.lines_per_page, counts
    full = pages[counts.index(profile.grid.lines_per_page)]
    baselines = [line[0]["matrix"][5] for line in full]
    body = [y for y, line in zip(baselines, full, strict=True) if line[0]["size"] == 16]
    pitches = [a - b for a, b in itertools.pairwise(body)]
    for pitch in pitches:
        steps = round(pitch / profile.grid.line_pitch_pt)
        assert pitch == pytest.approx(steps * profile.grid.line_pitch_pt, abs=0.5)


def test_a_full_line_has_28_characters(rendered: Rendered, profile: LayoutProfile) -> None:
    cjk = re.compile(r"^[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]+$")
    full_lines = [
        line
        for lines in full_body_pages(rendered.pages, profile)
        for line in lines
        if cjk.match("".join(c["text"] for c in line)) and len(line) >= 20
    ]
    assert full_lines
    counts = {len(line) for line in full_lines}
    assert max(counts) == profile.grid.chars_per_line, counts
    longest = next(line for line in full_lines if len(line) == profile.grid.chars_per_line)
    assert mm(longest[0]["x0"]) == pytest.approx(profile.margins.left_mm, abs=TOLERANCE_MM)
    right = profile.page.width_mm - profile.margins.right_mm
    assert mm(longest[-1]["x1"]) == pytest.approx(right, abs=TOLERANCE_MM)


# --- the header block ------------------------------------------------------------------------


def test_header_mark_is_red_and_35mm_below_the_type_area(
    rendered: Rendered, profile: LayoutProfile, plan: Plan
) -> None:
    page = rendered.pages[0]
    mark = chars_of(page, plan.document.header_mark)
    for char in mark:
        assert tuple(char["non_stroking_color"]) == pytest.approx(red(profile), abs=0.01)
    em_top = rendered.fonts.metrics("xiaobiaosong").em_top * profile.header_mark.size_pt
    top = baseline_mm(page, mark[0]) - mm(em_top)
    expected = profile.margins.top_mm + profile.header_mark.top_from_type_area_mm
    assert top == pytest.approx(expected, abs=TOLERANCE_MM)
    centre = (mark[0]["x0"] + mark[-1]["x1"]) / 2
    assert mm(centre) == pytest.approx(
        profile.margins.left_mm + profile.type_area_width_mm / 2, abs=TOLERANCE_MM
    )


def test_red_rule_spans_the_type_area_4mm_under_the_number(
    rendered: Rendered, profile: LayoutProfile, plan: Plan
) -> None:
    page = rendered.pages[0]
    rules = [r for r in page.rects if mm(r["width"]) > 100]
    colour = pytest.approx(red(profile), abs=0.01)
    (rule,) = [r for r in rules if tuple(r["non_stroking_color"]) == colour]
    assert mm(rule["x0"]) == pytest.approx(profile.margins.left_mm, abs=TOLERANCE_MM)
    assert mm(rule["width"]) == pytest.approx(profile.type_area_width_mm, abs=TOLERANCE_MM)
    assert mm(rule["height"]) == pytest.approx(profile.red_rule.thickness_mm, abs=0.1)
    number = chars_of(page, str(plan.document.doc_number))
    size = profile.doc_number.size_pt
    em_bottom = baseline_mm(page, number[0]) + mm(
        (1 - rendered.fonts.metrics("fangsong").em_top) * size
    )
    gap = mm(rule["top"]) - em_bottom
    assert gap == pytest.approx(profile.red_rule.below_doc_number_mm, abs=TOLERANCE_MM)


def test_title_is_22pt_and_body_16pt(
    rendered: Rendered, profile: LayoutProfile, plan: Plan
) -> None:
    page = rendered.pages[0]
    title_lines = rendered.context["title_lines"]
    for line in title_lines:
        for char in chars_of(page, line):
            assert char["size"] == pytest.approx(profile.title.size_pt, abs=0.1)
    for char in chars_of(page, plan.document.body[0][:10]):
        assert char["size"] == pytest.approx(profile.body.size_pt, abs=0.1)


# --- page numbers ----------------------------------------------------------------------------


def test_page_numbers_alternate_sides_and_run_on(
    rendered: Rendered, profile: LayoutProfile
) -> None:
    numbered = rendered.pages  # §7.5: the 版記 page has text before it, so it is numbered
    for number, page in enumerate(numbered, start=1):
        text = page_number_text(page, profile)
        assert PAGE_NUMBER.match(text), (number, text)
        assert int(text.strip("—")) == number
        chars = page_number_chars(page, profile)
        if is_landscape(page):
            # The sheet turned clockwise: its bottom edge is the page's left.
            centre = sum(c["top"] + c["bottom"] for c in chars) / (2 * len(chars))
            on_outer_side = centre > page.height / 2 if number % 2 else centre < page.height / 2
            assert all(mm(c["x1"]) < profile.margins.bottom_mm for c in chars)
        else:
            centre = sum(c["x0"] + c["x1"] for c in chars) / (2 * len(chars))
            on_outer_side = centre > page.width / 2 if number % 2 else centre < page.width / 2
            em_top = baseline_mm(page, chars[0]) - mm(
                rendered.fonts.metrics("songti").em_top * profile.page_number.size_pt
            )
            below = em_top - type_area_mm(profile, page)[3]
            assert below == pytest.approx(profile.page_number.below_type_area_mm, abs=0.5)
        assert on_outer_side, (number, text)


def test_colophon_page_is_numbered_like_any_other(
    rendered: Rendered, profile: LayoutProfile
) -> None:
    # GB/T 9704 §7.5: only where a blank page stands before it does the 版記 page go
    # unnumbered; the page before the circular's 版記 page holds the schedule.
    assert page_text(rendered.pages[-2], profile).strip()
    assert page_number_text(rendered.pages[-1], profile) == f"—{len(rendered.pages)}—"


def test_page_numbers_are_songti_14pt(rendered: Rendered, profile: LayoutProfile) -> None:
    family = font_key(rendered.fonts.pdf_faces("songti")[0].choice.family)
    for page in rendered.pages:
        for char in page_number_chars(page, profile):
            assert font_key(base_font(char["fontname"])).startswith(family)
            if char["upright"]:  # pdfplumber's size of turned text is its box's width
                assert char["size"] == pytest.approx(profile.page_number.size_pt, abs=0.1)


# --- the text --------------------------------------------------------------------------------


def expected_texts(plan: Plan, context: dict[str, Any]) -> list[str]:
    """The notice's and the plan's text, in reading order: the plan's parts numbered 一、二、…,
    its measures by their own numbers, each with its responsible units."""
    common = context["wording"].common
    texts = [plan.document.header_mark, str(plan.document.doc_number)]
    texts += ["".join(context["title_lines"]), context["addressee"] + "：", *context["body"]]
    texts += [context["signature"]["name"], context["signature"]["date"]]
    texts += [context["note"]] if context["note"] else []
    plan = context["plan"]
    texts += ["".join(plan["title_lines"]), plan["preamble"]]
    for index, part in enumerate(plan["parts"], start=1):
        texts.append(f"{chinese_number(index)}、{part.heading}")
        for measure in part.measures:
            responsible = (
                f"（{common.responsible}：{measure.responsible}）" if measure.responsible else ""
            )
            texts.append(
                f"（{chinese_number(measure.number)}）{measure.heading}。{measure.text}{responsible}"
            )
    texts += [f"{common.attachment}：{plan['attachment']}"] if plan["attachment"] else []
    return [squeeze(t) for t in texts]


def test_all_text_is_present_in_order(
    rendered: Rendered, profile: LayoutProfile, plan: Plan
) -> None:
    portrait = [p for p in rendered.pages if not is_landscape(p)]
    text = squeeze("".join(page_text(p, profile) for p in portrait))
    position = 0
    for expected in expected_texts(plan, rendered.context):
        found = text.find(expected, position)
        assert found >= 0, f"missing or out of order: {expected[:30]}…"
        position = found + len(expected)


def test_schedule_table_is_on_landscape_pages(rendered: Rendered, profile: LayoutProfile) -> None:
    landscape = [p for p in rendered.pages if is_landscape(p)]
    assert landscape
    cells: set[str] = set()
    for page in landscape:
        for table in page.extract_tables():
            cells.update(squeeze(cell) for row in table for cell in row if cell)
    table = rendered.context["attachment"]["table"]
    assert {squeeze(h) for h in table["head"]} <= cells
    for row in table["rows"]:
        if row["project"] is not None:
            assert squeeze(row["project"]) in cells
        assert row["year"] in cells
        for lines in row["cells"]:
            if lines:
                assert squeeze("".join(lines)) in cells
    title = squeeze(rendered.context["attachment"]["title"])
    assert title in squeeze(page_text(landscape[0], profile))


def test_colophon_sits_on_the_bottom_of_the_last_page(
    rendered: Rendered, profile: LayoutProfile, plan: Plan
) -> None:
    page = rendered.pages[-1]
    assert not is_landscape(page)
    colophon = plan.document.colophon
    assert colophon is not None
    text = squeeze(page_text(page, profile))
    assert squeeze(colophon.printed_by) in text
    assert f"{colophon.printed_on.year}年{colophon.printed_on.month}月" in text
    bottom = type_area_mm(profile, page)[3]
    frames = [r for r in page.rects if mm(r["width"]) > 150]
    outer = max(frames, key=lambda r: r["height"])
    assert mm(outer["bottom"]) == pytest.approx(bottom, abs=0.5)
    assert mm(outer["width"]) == pytest.approx(profile.type_area_width_mm, abs=TOLERANCE_MM)
    # The rules are the bands between the boxes' edges: thick above the first line and below
    # the last, thin between lines (抄送 and the printing line).
    tops = sorted({round(mm(r["top"]), 3) for r in frames})
    bottoms = sorted({round(mm(r["bottom"]), 3) for r in frames})
    thick, thin = profile.colophon.first_last_rule_mm, profile.colophon.middle_rule_mm
    assert tops[1] - tops[0] == pytest.approx(thick, abs=0.05)
    assert bottoms[-1] - bottoms[-2] == pytest.approx(thick, abs=0.05)
    lines = 2 if colophon.cc else 1
    assert len(tops) == 2 * lines
    for upper, lower in zip(tops[2::2], tops[3::2], strict=True):
        assert lower - upper == pytest.approx(thin, abs=0.05)
    text_lines = len(lines_of(page, profile))
    for char in page.chars:
        assert bottom - mm(char["bottom"]) < text_lines * mm(profile.grid.line_pitch_pt)


# --- fonts, determinism, warnings ------------------------------------------------------------


def test_only_listed_fonts_are_embedded(rendered: Rendered, profile: LayoutProfile) -> None:
    listed = {
        font_key(choice.family)
        for role in profile.fonts.roles().values()
        for choice in [*role.simplified, *role.traditional]
    }
    embedded = {base_font(c["fontname"]) for page in rendered.pages for c in page.chars}
    embedded |= set(rendered.pdf.fonts)
    assert embedded
    for name in embedded:
        assert "dejavu" not in name.casefold()
        assert any(font_key(name).startswith(family) for family in listed), name


def test_rendering_is_deterministic(rendered: Rendered, profile: LayoutProfile, plan: Plan) -> None:
    again = render_pdf(rendered.html, profile, rendered.fonts, base_dirs=[templates_dir()])
    assert again.data == rendered.pdf.data


def test_happy_path_has_no_warnings(rendered: Rendered) -> None:
    assert rendered.fonts.warnings == []
    assert rendered.pdf.warnings == []


def test_metadata_comes_from_the_html(rendered: Rendered, plan: Plan) -> None:
    with pdfplumber.open(io.BytesIO(rendered.pdf.data)) as document:
        metadata = document.metadata
    assert metadata["Title"] == plan.document.title
    assert metadata["Author"] == plan.document.issuer


# --- resources -------------------------------------------------------------------------------

HOSTILE_HTML = """<!DOCTYPE html>
<html lang="zh-Hant"><head><meta charset="utf-8"><title>測試</title>
<link rel="stylesheet" href="http://example.com/x.css">
<link rel="stylesheet" href="allowed.css">
</head><body>
<section class="gw-section" data-orientation="portrait">
<p class="gw-para">正文一段。</p>
<img src="file:///etc/passwd">
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==">
</section></body></html>
"""


def test_url_fetcher_refuses_what_is_outside_the_base_dirs(
    tmp_path: Path, profile: LayoutProfile
) -> None:
    (tmp_path / "allowed.css").write_text(".gw-para { color: #0000ff }", encoding="utf-8")
    fonts = plan_fonts(profile, "traditional", texts_by_role(HOSTILE_HTML, profile))
    result = render_pdf(HOSTILE_HTML, profile, fonts, base_dirs=[tmp_path])
    refusals = [w for w in result.warnings if "refused" in w]
    assert any("file:///etc/passwd" in w for w in refusals)
    assert any("http://example.com/x.css" in w for w in refusals)
    assert len(refusals) == 2  # the allowed stylesheet and the data: image are served
    assert any("<img>" in w for w in result.warnings)  # outside the vocabulary, reported
    with pdfplumber.open(io.BytesIO(result.data)) as document:
        (page,) = document.pages
        text = page.extract_text()
        colours = {tuple(c["non_stroking_color"]) for c in page.chars if c["size"] > 15}
        images = page.images
    passwd = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]
    assert passwd not in text and passwd.encode() not in result.data
    assert "正文一段" in text
    assert colours == {(0.0, 0.0, 1.0)}  # allowed.css, read from the base dir, applied
    assert len(images) == 1  # the data: image only
