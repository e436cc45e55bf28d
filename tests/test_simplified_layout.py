"""The documents as issued by default (simplified characters), measured as the traditional
ones are: the circular, two notices and the unit summaries of two years, in PDF and DOCX.

One batch run without `--script` builds them into a temporary folder once per module: the
built-in plan says it is issued in simplified characters. Each test runs per document and
checks GB/T 9704's numbers (±1 mm) like tests/test_pdf_layout.py, tests/test_notice_layout.py
and tests/test_summary_layout.py do for the traditional documents, plus what simplified text
asks of the fonts: the body set in a 仿宋 face (pdffonts names it), 28 characters a full line
in that face's own advance, and the DOCX naming the offices' simplified fonts first.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx.oxml.ns import qn

import planexpect as expect
from docxreadback import (
    STYLE_NAMES,
    html_sections,
    section_margins_mm,
    style_element,
    style_fonts,
    style_size_pt,
    w,
)
from headchecks import (
    assert_a4,
    assert_header_mark,
    assert_red_rule,
    assert_text_inside_the_type_area,
)
from pdfmeasure import (
    CJK_LINE,
    PAGE_NUMBER,
    TOLERANCE_MM,
    Line,
    base_font,
    body_line_pitches,
    body_only_pages,
    chars_of,
    em_bottom_mm,
    embedded_fonts,
    font_key,
    full_body_pages,
    is_landscape,
    line_text,
    line_with,
    listed_font_keys,
    mm,
    page_number_chars,
    page_number_gap_mm,
    page_number_side,
    page_number_text,
)
from rendered import RenderedDocument, open_rendered
from reportgen.batch.runner import run_batch
from reportgen.core import ALL_FORMATS, Options
from reportgen.layout.profile import MM_TO_PT, LayoutProfile
from reportgen.layout.styles import element_style
from reportgen.plan.model import Plan

YEARS = (2022, 2024)  # a year with a progress file, and one without
KINDS = ("circular", "notice", "summary")


@dataclass(kw_only=True)
class Document(RenderedDocument):
    """One document of the simplified batch, with its name and PDF file."""

    name: str
    pdf_file: Path


@pytest.fixture(scope="module")
def documents(
    tmp_path_factory: pytest.TempPathFactory, plan: Plan, profile: LayoutProfile
) -> Iterator[dict[str, Document]]:
    assert plan.document.issue_script == "simplified"
    output = tmp_path_factory.mktemp("simplified")
    options = Options(
        plan_dir=expect.plan_dir(),
        output_dir=output,
        formats=ALL_FORMATS,
        years=YEARS,
        kinds=KINDS,
        jobs=2,
    )
    report = run_batch(options)
    assert report.exit_code == 0, report.summary_lines()
    built = report.of("built")
    assert len(built) == 1 + len(YEARS) * (1 + len(plan.registry.units))
    with contextlib.ExitStack() as stack:
        found: dict[str, Document] = {}
        for outcome in built:
            files = {path.suffix: path for path in outcome.outputs}
            name = files[".pdf"].stem
            rendered = open_rendered(stack, files, outcome.warnings, plan, profile, "simplified")
            found[name] = Document(name=name, pdf_file=files[".pdf"], **rendered)
        yield found


def _document_names() -> list[str]:
    """The file stems the batch writes, known before it runs (for test ids)."""
    from reportgen.plan.loader import load_plan

    plan = load_plan(expect.plan_dir())
    stem = expect.plan_dir().name
    found = [f"{stem}-circular"]
    for year in YEARS:
        found.append(f"{stem}-notice-{year}")
        found += [f"{stem}-summary-{year}-{unit.id}" for unit in plan.registry.units]
    return found


@pytest.fixture(params=_document_names())
def document(request: pytest.FixtureRequest, documents: dict[str, Document]) -> Document:
    return documents[request.param]


# --- the text is simplified, the fonts are simplified faces -------------------------------------


def test_the_documents_are_simplified(document: Document) -> None:
    assert '<html lang="zh-Hans"' in document.html
    assert "绍兴" in document.text or "绍兴" in document.docx_text
    assert not {"紹", "興", "發", "辦"} & set(document.text + document.docx_text)


def test_no_font_warnings(document: Document) -> None:
    assert [w for w in document.warnings if w.startswith("font role")] == []


def test_pdffonts_shows_a_fangsong_face_and_the_body_is_set_in_it(
    document: Document, profile: LayoutProfile
) -> None:
    fangsong = profile.fonts.fangsong
    face = document.fonts.embedded_face(profile.body.role)
    assert face is not None and fangsong.serves(face.choice) and face.choice.style == "仿宋"
    listing = subprocess.run(
        ["pdffonts", str(document.pdf_file)], capture_output=True, text=True, check=True
    ).stdout
    names = [line.split()[0] for line in listing.splitlines()[2:]]
    wanted = font_key(face.choice.family)
    assert any(font_key(base_font(name)).startswith(wanted) for name in names), listing
    body = document.root.find_class("gw-para")[0].text_content().strip()
    for char in chars_of(document.pages[0], body[:12]):
        assert font_key(base_font(char["fontname"])).startswith(wanted), char["fontname"]


def test_only_listed_simplified_fonts_are_embedded(
    document: Document, profile: LayoutProfile
) -> None:
    listed = listed_font_keys(profile)
    simplified = {
        font_key(c.family) for role in profile.fonts.roles().values() for c in role.simplified
    }
    embedded = embedded_fonts(document.pages)
    assert embedded
    for name in embedded:
        key = font_key(name)
        assert "dejavu" not in key
        assert any(key.startswith(family) for family in listed & simplified), name


# --- PDF: page, type area, head ----------------------------------------------------------------


def test_pages_are_a4_and_text_stays_inside_the_type_area(
    document: Document, profile: LayoutProfile
) -> None:
    assert len(document.pages) >= 2  # the head, body and compliance table overrun a page
    assert_a4(document.pages, profile)
    assert_text_inside_the_type_area(document.pages, profile)


def test_header_mark_is_red_and_35mm_below_the_type_area(
    document: Document, profile: LayoutProfile
) -> None:
    em_top = document.fonts.metrics("xiaobiaosong").em_top
    assert_header_mark(document.pages[0], document.html_text("gw-mark"), em_top, profile)


def test_red_rule_spans_the_type_area_4mm_under_the_number(
    document: Document, profile: LayoutProfile
) -> None:
    page = document.pages[0]
    rule = assert_red_rule(page, profile)
    number = document.html_text("gw-docnum").split()[0]
    line = line_with(page, number[-4:])
    em_top = document.fonts.metrics("fangsong").em_top
    bottom = em_bottom_mm(page, line[0], em_top, profile.doc_number.size_pt)
    assert mm(rule["top"]) - bottom == pytest.approx(
        profile.red_rule.below_doc_number_mm, abs=TOLERANCE_MM
    )


def test_title_is_22pt_and_body_16pt(document: Document, profile: LayoutProfile) -> None:
    page = document.pages[0]
    title = document.root.find_class("gw-title")[0]
    lines = [text.strip() for text in title.itertext() if text.strip()]
    assert "".join(lines) == document.metadata["Title"]
    for line in lines:
        for char in chars_of(page, line):
            assert char["size"] == pytest.approx(profile.title.size_pt, abs=0.1)
    intro = document.root.find_class("gw-para")[0].text_content().strip()
    for char in chars_of(page, intro[:10]):
        assert char["size"] == pytest.approx(profile.body.size_pt, abs=0.1)


# --- PDF: page numbers, grid -------------------------------------------------------------------


def test_page_numbers_alternate_sides_and_run_on(
    document: Document, profile: LayoutProfile
) -> None:
    # GB/T 9704 §7.5: the 版记 page is numbered like any other, as no blank page precedes it
    numbered = document.pages
    em_top = document.fonts.metrics("songti").em_top
    songti = document.fonts.embedded_face("songti")
    assert songti is not None
    for number, page in enumerate(numbered, start=1):
        text = page_number_text(page, profile)
        match = PAGE_NUMBER.match(text)
        assert match is not None and int(match.group(1)) == number, (number, text)
        assert page_number_side(page, profile) == ("right" if number % 2 else "left"), number
        for char in page_number_chars(page, profile):
            assert font_key(base_font(char["fontname"])).startswith(font_key(songti.choice.family))
        if not is_landscape(page):
            gap = page_number_gap_mm(page, profile, em_top)
            assert gap == pytest.approx(profile.page_number.below_type_area_mm, abs=0.5)


def test_full_body_pages_have_22_lines_on_the_pitch(
    document: Document, profile: LayoutProfile
) -> None:
    pages = body_only_pages(document.pages, profile)
    counts = [len(lines) for lines in pages]
    assert all(count <= profile.grid.lines_per_page for count in counts), counts
    if not pages:
        # A short report (a department with one or two measures) has no page of running
        # text between its first page and the page of its table.
        assert "summary" in document.name
        return
    assert max(counts) == profile.grid.lines_per_page, counts
    full = pages[counts.index(profile.grid.lines_per_page)]
    assert mm(min(c["top"] for c in full[0])) == pytest.approx(
        profile.margins.top_mm, abs=3 * TOLERANCE_MM
    )
    for pitch in body_line_pitches(full, full[0][0]["size"]):
        steps = round(pitch / profile.grid.line_pitch_pt)
        assert pitch == pytest.approx(steps * profile.grid.line_pitch_pt, abs=0.5)


def full_lines(document: Document, profile: LayoutProfile) -> list[Line]:
    """The body-size lines of ideographs and full-width punctuation on the portrait pages
    between the first and the last, 20 characters or more."""
    return [
        line
        for lines in full_body_pages(document.pages, profile)
        for line in lines
        if CJK_LINE.match(line_text(line))
        and len(line) >= 20
        and all(abs(c["size"] - profile.body.size_pt) < 0.1 for c in line)
    ]


def test_a_full_line_holds_28_characters_edge_to_edge(
    document: Document, profile: LayoutProfile
) -> None:
    lines = full_lines(document, profile)
    if not lines:
        assert "summary" in document.name
        return
    counts = {len(line) for line in lines}
    assert max(counts) <= profile.grid.chars_per_line, counts
    left = profile.margins.left_mm
    right = profile.page.width_mm - profile.margins.right_mm
    for line in lines:
        if len(line) == profile.grid.chars_per_line:
            assert mm(line[0]["x0"]) == pytest.approx(left, abs=TOLERANCE_MM)
            assert mm(line[-1]["x1"]) == pytest.approx(right, abs=TOLERANCE_MM)


def test_the_circular_and_notices_fill_lines_with_28_characters(
    documents: dict[str, Document], profile: LayoutProfile
) -> None:
    for name, document in documents.items():
        if "summary" in name:
            continue
        counts = {len(line) for line in full_lines(document, profile)}
        assert max(counts) == profile.grid.chars_per_line, (name, counts)


# --- DOCX: geometry and the offices' fonts -----------------------------------------------------


def test_docx_sections_are_a4_with_the_profiles_margins_and_grid(
    document: Document, profile: LayoutProfile
) -> None:
    orientations = [s.get("data-orientation") for s in html_sections(document.html)]
    sections = document.docx.document.sections
    assert len(sections) == len(orientations)
    m = profile.margins
    for section, orientation in zip(sections, orientations, strict=True):
        landscape = orientation == "landscape"
        short, long = sorted((section.page_width.mm, section.page_height.mm))
        assert (short, long) == pytest.approx(
            (profile.page.width_mm, profile.page.height_mm), abs=0.5
        )
        expected = (
            (m.left_mm, m.right_mm, m.bottom_mm, m.top_mm)
            if landscape
            else (m.top_mm, m.bottom_mm, m.left_mm, m.right_mm)
        )
        assert section_margins_mm(section) == pytest.approx(expected, abs=0.5)
    for grid in document.docx.parts["word/document.xml"].iter(qn("w:docGrid")):
        pitch = int(w(grid, "linePitch") or 0) / 20
        assert pitch == pytest.approx(profile.grid.line_pitch_pt, abs=0.05)
        char_pitch = profile.body.size_pt + int(w(grid, "charSpace") or 0) / 4096
        width = profile.type_area_width_mm * MM_TO_PT
        assert round(width / char_pitch) == profile.grid.chars_per_line


def test_docx_styles_name_the_offices_simplified_fonts_first(
    document: Document, profile: LayoutProfile
) -> None:
    for cls, name in STYLE_NAMES.items():
        style = style_element(document.docx, name)
        expected = element_style(profile, cls)
        family = profile.fonts.role(expected.role).simplified[0].family
        assert style_fonts(style) == (family,) * 3, name
        assert style_size_pt(style) == expected.size_pt, name
    body = style_element(document.docx, STYLE_NAMES["gw-para"])
    assert style_fonts(body)[0] == "仿宋_GB2312"
    title = style_element(document.docx, STYLE_NAMES["gw-title"])
    assert style_fonts(title)[0] == "方正小标宋简体"
