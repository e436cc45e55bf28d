"""The quick HTML parse gives WeasyPrint the tree its own parser gives, or steps aside."""

from __future__ import annotations

from typing import Any

import pytest
import tinyhtml5

from plans import plan_dirs
from reportgen.batch.plan import plan_jobs
from reportgen.build import build_html
from reportgen.layout.profile import load_profile
from reportgen.plan.loader import load_plan
from reportgen.writers.pdf import htmltree
from reportgen.writers.pdf import writer as pdfwriter


def _shape(element: Any, depth: int = 0) -> list[tuple[Any, ...]]:
    """Every element of the tree in order: depth, tag, attributes, text and tail."""
    rows = [(depth, element.tag, list(element.attrib.items()), element.text, element.tail)]
    for child in element:
        rows += _shape(child, depth + 1)
    return rows


def _assert_same_tree(html: str) -> None:
    quick = htmltree.html_tree(html)
    assert quick is not None, "the quick parse stepped aside"
    assert _shape(quick) == _shape(tinyhtml5.parse(html, namespace_html_elements=False))


@pytest.mark.parametrize("plan_dir", plan_dirs(), ids=lambda p: p.name)
@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_every_document_of_the_plans_parses_to_weasyprints_tree(plan_dir: Any, script: str) -> None:
    plan, profile = load_plan(plan_dir), load_profile()
    for request in plan_jobs(plan):
        html = build_html(plan, profile, request, templates=None, script=script, warnings=[])  # type: ignore[arg-type]
        _assert_same_tree(html)
        # what WeasyPrint lays out: columns fitted, spanned rows grouped
        _assert_same_tree(pdfwriter.group_spanned_rows(pdfwriter.fit_columns(html, profile)))


_HEAD = (
    '<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n<title>t</title>\n</head>\n'
)


@pytest.mark.parametrize(
    "body",
    [
        '<body>\n<p class="gw-para">一 <span class="gw-runin">二</span> 三<br>四&amp;&lt;</p>'
        "\n</body>",
        "<body><table><thead><tr><th>a</th></tr></thead>\n<tbody>\n<tr><td>b<br></td></tr>\n"
        "</tbody></table></body>",
        "<body><section><div><hr><h2>x</h2></div></section></body>\n\n",
        "<body></body>",
    ],
)
def test_plain_markup_parses_to_weasyprints_tree(body: str) -> None:
    _assert_same_tree(f"{_HEAD}{body}\n</html>\n")


@pytest.mark.parametrize(
    "body",
    [
        "<body><p>a<div>b</div></p></body>",  # a block closes the paragraph
        "<body><table><tr><td>a</td></tr></table></body>",  # an implied tbody
        "<body><table>text<tbody></tbody></table></body>",  # text moved out of a table
        "<body><p>a</body>",  # an end tag left out
        "<body><p>a</span></p></body>",  # a stray end tag
        "<body><!-- a comment --><p>a</p></body>",
        "<body><p>a\r\nb</p></body>",
        "<body><ul><li>a</li></ul></body>",  # outside the vocabulary
        '<body><p class="a" class="b">a</p></body>',  # an attribute twice
        "<body><h1>a<h2>b</h2></h1></body>",  # a heading closes a heading
    ],
)
def test_markup_needing_html5_recovery_is_left_to_weasyprint(body: str) -> None:
    assert htmltree.html_tree(f"{_HEAD}{body}\n</html>\n") is None


def test_only_a_standards_mode_document_is_parsed() -> None:
    assert htmltree.html_tree("<html><head></head><body></body></html>") is None
    assert htmltree.html_tree("text<!DOCTYPE html><html></html>") is None
