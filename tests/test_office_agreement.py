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
    moved_chars,
    office_batch,
    page_lines,
    page_texts,
    table_cells,
)
from reportgen.documents.registry import document_kinds
from reportgen.layout.profile import LayoutProfile
from reportgen.layout.tablefit import cell_lines, holds_date_or_year
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


KNOWN_PAGE_DRIFT = {
    ("yunxi-county-sanitation-2024-summary-2025-nanping-gov", "simplified"): (4, 5),
}
"""Documents LibreOffice 7.4 sets on one page more than our PDF, and why they still do.

LibreOffice ignores the DOCX's `w:autoSpaceDE`/`w:autoSpaceDN` (it puts a quarter em between
Chinese and Latin characters, as in 「2026 年」) and sets the first page's head lower than the
PDF: a line drifts to the next page, and in this report the signature's date goes over.
The entry is exact: when a change fixes it, or drifts another document, the test fails."""


def test_libreoffice_counts_as_many_pages_as_our_pdf(
    pairs: list[RenderedPair], request: pytest.FixtureRequest
) -> None:
    _, script = request.node.callspec.params["pairs"]
    counts = {p.name: (len(page_texts(p.ours)), len(page_texts(p.office))) for p in pairs}
    differing = {name: c for name, c in counts.items() if c[0] != c[1]}
    known = {
        name: c for (name, drift_script), c in KNOWN_PAGE_DRIFT.items() if drift_script == script
    }
    known = {name: c for name, c in known.items() if name in counts}
    assert differing == known, f"pages (ours, LibreOffice's) differ: {differing}"
    assert set(document_kinds()) == {_kind(name) for name in counts}


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
    reason="LibreOffice ignores w:autoSpaceDE/DN (it spaces CJK from Latin text) and sets "
    "the head block a few points lower than the PDF, so whole lines cross page breaks",
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
        expected = _date_cells(pair.html)
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


def _date_cells(html: Path) -> dict[str, int]:
    """The text (white space removed) of each table cell holding a date or a year in the
    document's HTML, and its number of lines."""
    root = lxml_html.document_fromstring(html.read_text("utf-8"))
    cells: dict[str, int] = {}
    for table in root.find_class("gw-table"):
        for cell in table.iter("td", "th"):
            lines = [line for line in cell_lines(cell) if line]
            if any(holds_date_or_year(line) for line in lines):
                cells["".join("".join(lines).split())] = len(lines)
    return cells


def _kind(name: str) -> str:
    """The document kind in a file stem (plan-kind[-year][-unit])."""
    return next((k for k in document_kinds() if f"-{k}" in name), name)
