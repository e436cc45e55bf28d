"""The DOCX and the PDF are one document: LibreOffice lays our DOCX out on as many pages as our
PDF has, with the same text, and no table cell holding a date or a year wraps in either.

The documents of the default plan and of every plan under tests/fixtures/plans/ (every
kind, year and unit: `officerender.representative`) are built in both scripts (one batch
per plan and script) and LibreOffice converts all its DOCX at
once, under a fontconfig file that shows the office fonts as the faces the PDF embeds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from officerender import (
    PDFTOTEXT,
    SOFFICE,
    RenderedPair,
    date_cells,
    foretold_lone_characters,
    head_places,
    lone_character_cells,
    moved_chars,
    office_batch,
    page_lines,
    page_texts,
    table_cells,
    turned_page_numbers,
)
from reportgen.documents.registry import document_kinds
from reportgen.layout.profile import LayoutProfile
from reportgen.resources import default_plan_dir

pytestmark = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="needs LibreOffice (soffice) and pdftotext (poppler-utils)",
)

FIXTURE_PLANS = Path(__file__).parent / "fixtures" / "plans"
PLANS = [default_plan_dir(), *sorted(p for p in FIXTURE_PLANS.glob("*") if p.is_dir())]
SCRIPTS = ("simplified", "traditional")
MOVED_AT_A_PAGE_BREAK = 2
"""Characters a line may lose to, or take from, the next page at each page break."""


@pytest.fixture(
    scope="module",
    params=[(plan, script) for plan in PLANS for script in SCRIPTS],
    ids=[f"{plan.name}-{script}" for plan in PLANS for script in SCRIPTS],
)
def pairs(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    profile: LayoutProfile,
) -> list[RenderedPair]:
    plan, script = request.param
    folder = tmp_path_factory.mktemp(f"office-{plan.name}-{script}")
    return office_batch(plan, script, folder, profile)


def test_libreoffice_counts_as_many_pages_as_our_pdf(pairs: list[RenderedPair]) -> None:
    counts = {p.name: (len(page_texts(p.ours)), len(page_texts(p.office))) for p in pairs}
    differing = {name: c for name, c in counts.items() if c[0] != c[1]}
    assert not differing, f"pages (ours, LibreOffice's) differ: {differing}"
    assert set(document_kinds()) == {_kind(name) for name in counts}


HEAD_PLACE_TOLERANCE_MM = 0.5


def test_the_first_page_head_stands_where_the_pdf_has_it(
    pairs: list[RenderedPair], profile: LayoutProfile, request: pytest.FixtureRequest
) -> None:
    """The mark, the number, the red rule, the title and the line after it stand on page 1 of
    LibreOffice's rendering where they stand in our PDF, within 0.5 mm: the head takes as
    much of the page in both, so the first page holds as many lines."""
    _, script = request.node.callspec.params["pairs"]
    off: list[str] = []
    checked = 0
    for pair in pairs:
        places = head_places(pair, script, profile)
        if places is None:
            continue
        checked += 1
        for place in places:
            if abs(place.office_mm - place.ours_mm) > HEAD_PLACE_TOLERANCE_MM:
                off.append(
                    f"{pair.name} {place.part}: ours {place.ours_mm:.2f} mm, "
                    f"LibreOffice's {place.office_mm:.2f} mm"
                )
    assert checked
    assert not off, "the head stands elsewhere in LibreOffice:\n" + "\n".join(off)


@pytest.mark.parametrize("rendering", ["pdf", "docx"])
def test_the_header_mark_is_one_line(pairs: list[RenderedPair], rendering: str) -> None:
    """The issuing authority's mark, however long, stays on one line (GB/T 9704 §7.2.4)."""
    checked = 0
    for pair in pairs:
        root = lxml_html.document_fromstring(pair.html.read_text("utf-8"))
        marks = ["".join(m.text_content().split()) for m in root.find_class("gw-mark")]
        if not marks:
            continue
        pdf = pair.ours if rendering == "pdf" else pair.office
        assert marks[0] in page_lines(pdf, 1), f"{pair.name}: {marks[0]} is not on one line"
        checked += 1
    assert checked


@pytest.mark.xfail(
    reason="LibreOffice 7.4 ignores w:autoSpaceDE/DN (it widens the gap between CJK and Latin "
    "text by a fifth of an em), reads w:overflowPunct the wrong way round (punctuation hangs "
    "past a line's end where Word and the PDF wrap it) and narrows the text area under a "
    "linesAndChars grid (a line of 28 characters keeps 27), so lines break elsewhere and "
    "cross page breaks",
    strict=True,  # a plan whose every page agrees makes this fail: then drop the mark
)
def test_every_page_holds_the_same_text(pairs: list[RenderedPair]) -> None:
    """Page by page the same text, but for a character or two moved across a page break."""
    differing = {}
    for pair in pairs:
        ours, theirs = page_texts(pair.ours), page_texts(pair.office)
        moved = [moved_chars(a, b) for a, b in zip(ours, theirs, strict=False)]
        allowed = 2 * MOVED_AT_A_PAGE_BREAK
        bad = {n: m for n, m in enumerate(moved, start=1) if m > allowed}
        if bad:
            differing[pair.name] = bad
    assert not differing, f"characters moved per page: {differing}"


@pytest.mark.parametrize("rendering", ["pdf", "docx"])
def test_no_cell_holding_a_date_or_a_year_wraps(pairs: list[RenderedPair], rendering: str) -> None:
    """Every table cell holding a date or a year has as many lines as the HTML gives it."""
    wrapped: list[str] = []
    for pair in pairs:
        expected = date_cells(pair.html)
        if not expected:
            continue
        pdf = pair.ours if rendering == "pdf" else pair.office
        seen: set[str] = set()
        for page, text in table_cells(pdf):
            key = "".join(text.split())
            if key in expected:
                seen.add(key)
                if text.count("\n") + 1 > expected[key]:
                    wrapped.append(f"{pair.name} p.{page}: {text!r}")
        unseen = set(expected) - seen
        assert not unseen, f"{pair.name}: cells not found in the {rendering}'s tables: {unseen}"
    assert not wrapped, "cells holding a date or a year wrap:\n" + "\n".join(wrapped)


def _kind(name: str) -> str:
    """The document kind in a file stem (plan-kind[-year][-unit])."""
    return next((k for k in document_kinds() if f"-{k}" in name), name)


@pytest.mark.parametrize("rendering", ["pdf", "docx"])
def test_a_cell_leaves_a_character_alone_only_where_no_width_could_help(
    pairs: list[RenderedPair],
    profile: LayoutProfile,
    rendering: str,
    request: pytest.FixtureRequest,
) -> None:
    """A wrapped cell ends on a line holding one character only where the fitted widths
    foretell it: every column that the room allows to is fitted so its wrapped cells
    balance their lines (`tablefit`), and both renderings wrap no worse."""
    _, script = request.node.callspec.params["pairs"]
    unforetold: list[str] = []
    for pair in pairs:
        pdf = pair.ours if rendering == "pdf" else pair.office
        seen = lone_character_cells(pdf, pair.html)
        extra = seen - foretold_lone_characters(pair.html, script, profile)
        unforetold += [f"{pair.name}: {text}" for text in extra]
    assert not unforetold, "cells end on a lone character:\n" + "\n".join(unforetold)


TURNED_NUMBER_TOLERANCE_MM = 1.5
"""Measured: 0.72 mm (simplified) and 1.15 mm (traditional) across the line, LibreOffice's
number lying further from the binding edge. Of that, 0.4 mm in traditional is LibreOffice
setting the baseline at four fifths of the exact line (Noto Serif CJK TC's em box then
overhangs the line); the other 0.72 mm LibreOffice adds to the floating table's position."""


def test_a_landscape_page_s_number_stands_turned_where_the_pdf_has_it(
    pairs: list[RenderedPair],
) -> None:
    """On a landscape page the number keeps the portrait pages' place on the sheet, turned
    with it (GB/T 9704 §8): in the left margin, low on odd pages and high on even ones, in
    LibreOffice's rendering of the DOCX as in the PDF, within 1.5 mm."""
    checked = 0
    off: list[str] = []
    for pair in pairs:
        ours, theirs = turned_page_numbers(pair.ours), turned_page_numbers(pair.office)
        landscape = [n for n, box in ours.items()]
        assert set(theirs) == set(landscape), f"{pair.name}: turned numbers {theirs} vs {ours}"
        for page in landscape:
            checked += 1
            apart = max(abs(a - b) for a, b in zip(ours[page], theirs[page], strict=True))
            if apart > TURNED_NUMBER_TOLERANCE_MM:
                off.append(f"{pair.name} p.{page}: ours {ours[page]}, LibreOffice's {theirs[page]}")
    assert checked, "no landscape page in these documents"
    assert not off, "landscape page numbers stand elsewhere:\n" + "\n".join(off)
