"""The PDF writer's own user-agent stylesheet lays documents out exactly as WeasyPrint's does.

Each document is laid out twice from the same HTML: with reportgen's stylesheet for the
vocabulary's elements, and with WeasyPrint's full HTML5 one. Every glyph (text, position,
font, size), every drawn line and rectangle, the page sizes and the bookmarks must agree.
"""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pytest

from reportgen.build import build_html
from reportgen.core import DocumentRequest
from reportgen.fonts.policy import plan_fonts, texts_by_role
from reportgen.layout.profile import LayoutProfile
from reportgen.plan.model import Plan, Script
from reportgen.resources import templates_dir
from reportgen.writers.pdf import useragent as pdfua
from reportgen.writers.pdf import writer as pdfwriter

DOCUMENTS = [
    DocumentRequest("circular"),
    DocumentRequest("notice", year=2022),
    DocumentRequest("summary", year=2022, unit="edu"),
    DocumentRequest("summary", year=2023, unit="keqiao-gov"),
]


def _pdf(
    html: str, profile: LayoutProfile, script: Script, monkeypatch: pytest.MonkeyPatch, ours: bool
) -> tuple[bytes, Any]:
    """The PDF's bytes and its bookmark tree, laid out with our stylesheet or WeasyPrint's."""
    fonts = plan_fonts(profile, script, texts_by_role(html, profile))
    with monkeypatch.context() as patch:
        if not ours:
            patch.setattr(pdfwriter, "uses_only_vocabulary_elements", lambda text: False)
        laid_out = pdfwriter.lay_out(html, profile, fonts, base_dirs=[templates_dir()])
    bookmarks = laid_out.document.make_bookmark_tree()
    return pdfwriter.write_pdf(laid_out).data, bookmarks


def _page_facts(page: Any) -> dict[str, Any]:
    def rounded(objects: list[dict[str, Any]], keys: tuple[str, ...]) -> list[tuple[Any, ...]]:
        return [
            tuple(round(o[k], 2) if isinstance(o[k], float) else o[k] for k in keys)
            for o in objects
        ]

    return {
        "size": (round(page.width, 2), round(page.height, 2)),
        "chars": rounded(page.chars, ("text", "x0", "top", "fontname", "size")),
        "lines": rounded(page.lines, ("x0", "x1", "top", "bottom", "linewidth")),
        "rects": rounded(page.rects, ("x0", "x1", "top", "bottom")),
    }


@pytest.mark.parametrize("script", ["traditional", "simplified"])
@pytest.mark.parametrize("request_", DOCUMENTS, ids=lambda r: f"{r.kind}-{r.year}-{r.unit}")
def test_same_layout_as_weasyprints_stylesheet(
    plan: Plan,
    profile: LayoutProfile,
    request_: DocumentRequest,
    script: Script,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html = build_html(plan, profile, request_, templates=None, script=script, warnings=[])
    assert pdfua.uses_only_vocabulary_elements(html)
    ours, our_bookmarks = _pdf(html, profile, script, monkeypatch, ours=True)
    theirs, their_bookmarks = _pdf(html, profile, script, monkeypatch, ours=False)
    assert our_bookmarks == their_bookmarks
    with pdfplumber.open(io.BytesIO(ours)) as a, pdfplumber.open(io.BytesIO(theirs)) as b:
        assert len(a.pages) == len(b.pages)
        for page_a, page_b in zip(a.pages, b.pages, strict=True):
            assert _page_facts(page_a) == _page_facts(page_b)


def test_elements_outside_the_vocabulary_keep_weasyprints_stylesheet() -> None:
    assert pdfua.uses_only_vocabulary_elements(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        '<body><p class="gw-para">一<br>二</p><table><tr><td>x</td></tr></table></body></html>'
    )
    assert not pdfua.uses_only_vocabulary_elements("<html><body><ul><li>一</li></ul></body></html>")
    assert not pdfua.uses_only_vocabulary_elements('<p class="gw-para"><b>粗</b></p>')
    # escaped data is text, not an element
    assert pdfua.uses_only_vocabulary_elements("<p>&lt;ul&gt;&lt;script&gt;</p>")


def test_the_class_really_replaces_the_stylesheet() -> None:
    import weasyprint

    html_class = pdfua.vocabulary_html_class()
    assert html_class is not weasyprint.HTML
    ours = html_class(string="<p>x</p>")._ua_stylesheets()
    theirs = weasyprint.HTML(string="<p>x</p>")._ua_stylesheets()
    assert len(ours) == 1 and all(sheet is not ours[0] for sheet in theirs)
