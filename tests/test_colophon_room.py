"""The 版記 stands at the foot of the page where the text ends when there is room for it, a
grid line free between the text and its first rule (GB/T 9704 §7.4); otherwise, and after a
landscape page, on a page of its own. Both plans, every kind of document in the plan's script
(`officerender.representative`): in the PDF by measuring the pages, in the DOCX by the kind
of Word section the 版記 starts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from docx.oxml.ns import qn

from docxreadback import read_docx
from officerender import representative
from pdfmeasure import baseline_mm, is_landscape, lines_of, mm
from plans import plan_dirs
from reportgen.batch.plan import select_documents
from reportgen.batch.runner import run_batch
from reportgen.core import Options
from reportgen.layout.profile import LayoutProfile
from reportgen.plan.loader import load_plan

RULE_MIN_WIDTH_MM = 100
"""The 版記's rules span the type area (156 mm); nothing else black is that wide."""
TOLERANCE_MM = 0.5


@dataclasses.dataclass
class Built:
    name: str
    pdf: Path
    docx: Path
    html: Path


@pytest.fixture(scope="module", params=plan_dirs(), ids=lambda path: path.name)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[Built]:
    plan_dir: Path = request.param
    out = tmp_path_factory.mktemp(f"room-{plan_dir.name}")
    options = Options(plan_dir=plan_dir, output_dir=out, formats=("docx", "pdf", "html"))
    planned = select_documents(load_plan(plan_dir), options)
    options = dataclasses.replace(options, documents=tuple(representative(planned)))
    report = run_batch(options)
    assert not [o.name for o in report.outcomes if o.status == "failed"]
    return [
        Built(p.stem, p, p.with_suffix(".docx"), p.with_suffix(".html"))
        for p in sorted(out.glob("*.pdf"))
    ]


@pytest.fixture(scope="module")
def with_colophon(built: list[Built]) -> Iterator[list[tuple[Built, list[Any]]]]:
    """The documents that have a 版記, with their pages (pdfplumber)."""
    opened = []
    pdfs = []
    for document in built:
        if 'class="gw-colophon"' not in document.html.read_text("utf-8"):
            continue
        pdf = pdfplumber.open(document.pdf)
        pdfs.append(pdf)
        opened.append((document, list(pdf.pages)))
    assert opened
    yield opened
    for pdf in pdfs:
        pdf.close()


def _rules_top_mm(page: Any) -> float | None:
    """The top of the 版記's first rule on `page` (None: no 版記 there)."""
    tops = [mm(r["top"]) for r in [*page.rects, *page.lines] if mm(r["width"]) > RULE_MIN_WIDTH_MM]
    return min(tops) if tops else None


def test_the_colophon_shares_the_last_page_only_with_a_line_free_above_it(
    with_colophon: list[tuple[Built, list[Any]]], profile: LayoutProfile
) -> None:
    pitch = mm(profile.grid.line_pitch_pt)
    shared = 0
    for document, pages in with_colophon:
        last = pages[-1]
        top = _rules_top_mm(last)
        assert top is not None, f"{document.name}: no 版記 rules on the last page"
        above = [b for b in _baselines(last, profile) if b < top]
        if above:
            shared += 1
            gap = top - max(above)
            assert gap >= pitch - TOLERANCE_MM, f"{document.name}: {gap:.1f} mm above the 版記"
            continue
        before = pages[-2]
        if is_landscape(before):
            continue
        # On a page of its own only when the text's last page had no room for it: a line
        # box ends at most a pitch below its baseline, so the text came within two pitches.
        lowest = max(_baselines(before, profile))
        assert lowest > top - 2 * pitch - TOLERANCE_MM, (
            f"{document.name}: the 版記 has a page of its own though the text ended at "
            f"{lowest:.1f} mm, its rule at {top:.1f} mm"
        )
    assert shared, "no document had room for its 版記 under the text"


def _baselines(page: Any, profile: LayoutProfile) -> list[float]:
    return [baseline_mm(page, line[0]) for line in lines_of(page, profile)]


def test_the_docx_starts_the_colophon_on_a_new_page_only_after_a_landscape_page(
    with_colophon: list[tuple[Built, list[Any]]],
) -> None:
    """A continuous Word section lets Word and LibreOffice place the 版記 frames under the
    text when they fit; after a landscape section the portrait 版記 starts a page."""
    for document, _ in with_colophon:
        body = read_docx(document.docx.read_bytes()).parts["word/document.xml"]
        sections = list(body.iter(qn("w:sectPr")))
        last, previous = sections[-1], sections[-2]
        kind = last.find(qn("w:type")).get(qn("w:val"))
        landscape_before = previous.find(qn("w:pgSz")).get(qn("w:orient")) == "landscape"
        expected = "nextPage" if landscape_before else "continuous"
        assert kind == expected, f"{document.name}: the 版記's section starts {kind}"
