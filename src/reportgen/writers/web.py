"""The disclosure web page of a document: a standalone, accessible HTML page for readers.

Input: the document's semantic HTML (already in the output script), the plan (for the
disclosure fields of document.yaml), the request and the template environment. Output: one
HTML page — the disclosure table, then the document as headings, paragraphs and real tables
with header cells — styled by one inline stylesheet (`web.css`, with print rules for A4),
with no scripts and no external resources. The page's words are in `web.html.j2`; this
module only moves the document's parts into place:

- the print furniture of the first page (header mark, red rule) and the colophon's printing
  line are left out; the document number moves into the disclosure table; the runs of
  printed pages become plain blocks;
- the first title is the page's <h1>, later titles <h2>, and every heading one level below
  them; a title's line breaks (set for paper) are dropped so the browser wraps it;
- tables lose their print column widths, each spanned project becomes its own <tbody> (a
  `rowgroup` header), the first data cell of a row its row header, and every table sits in
  a box that scrolls sideways on its own when the screen is too narrow.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from lxml import html as lxml_html
from markupsafe import Markup

from ..render.html import render_html
from ..render.script import convert_html, convert_text
from .pdf.writer import group_spanned_rows

if TYPE_CHECKING:
    import jinja2

    from ..plan.model import Plan, Script

WEB_TEMPLATE = "web.html.j2"
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LEFT_OUT = ("gw-mark", "gw-redline", "gw-docnum", "gw-printed")


def web_page(
    document_html: str,
    plan: Plan,
    disclosed: bool,
    script: Script,
    environment: jinja2.Environment,
) -> str:
    """The web page of the document `document_html` in `script`; `disclosed` when the plan's
    disclosure fields describe it."""
    root = lxml_html.document_fromstring(group_spanned_rows(document_html))
    head = _head_facts(root)
    facts = disclosure_facts(root, plan, disclosed, script)
    body = reader_body(root)
    page = render_html(
        environment,
        WEB_TEMPLATE,
        {"page": head, "disclosure": facts, "document": Markup(body)},
    )
    # The template's own words are written in traditional characters, like every built-in
    # template's; the document's text is in `script` already, which converting leaves as is.
    return convert_html(page, "traditional", script)


def _head_facts(root: Any) -> dict[str, Any]:
    def meta(name: str) -> str:
        found = root.xpath(f"//meta[@name='{name}']/@content")
        return str(found[0]) if found else ""

    titles = root.xpath("//title")
    return {
        "lang": root.get("lang", ""),
        "title": titles[0].text_content() if titles else "",
        "author": meta("author"),
        "description": meta("description"),
        "keywords": meta("keywords"),
        "date": meta("dcterms.created"),
    }


def disclosure_facts(root: Any, plan: Plan, disclosed: bool, script: Script) -> dict[str, str]:
    """The disclosure fields known for the document, by key (the template labels them).

    The plan's disclosure fields describe the documents of one kind (`disclosed`: the kind
    that issues the plan); every document has its issuer, number and date, read from its own
    HTML.
    """
    facts: dict[str, str] = {}
    disclosure = plan.document.disclosure
    if disclosed and disclosure is not None:
        source = plan.document.script

        def written(text: str) -> str:
            return text if source == script == "traditional" else convert_text(text, script)

        facts["index_number"] = written(disclosure.index_number)
        facts["openness"] = written(disclosure.openness)
        facts["publisher"] = written(disclosure.publisher)
        facts["published"] = disclosure.published.isoformat()
        facts["topic"] = written(disclosure.topic)
    else:
        author = root.xpath("//meta[@name='author']/@content")
        if author:
            facts["publisher"] = str(author[0])
    number = root.find_class("gw-docnum-text") or root.find_class("gw-docnum")
    if number and number[0].text_content().strip():
        facts["doc_number"] = number[0].text_content().strip()
    dates = root.find_class("gw-sign-date")
    if dates and dates[0].text_content().strip():
        facts["date"] = dates[0].text_content().strip()
    return facts


def reader_body(root: Any) -> str:
    """The document's body rearranged for a reader's screen, as HTML text."""
    body = copy.deepcopy(root.find("body"))
    for cls in _LEFT_OUT:
        for element in body.find_class(cls):
            _remove(element)
    for block in [*body.find_class("gw-colophon"), *body.find_class("gw-section")]:
        if not block.text_content().strip():
            _remove(block)
    for section in body.find_class("gw-section"):
        section.tag = "div"  # a run of printed pages, not a part of the text with a heading
    _relevel_headings(body)
    for table in body.iter("table"):
        _accessible_table(table)
    for element in body.iter():
        if isinstance(element.tag, str):
            for name in [a for a in element.attrib if a.startswith("data-")]:
                del element.attrib[name]
    for table in list(body.iter("table")):
        _wrap_in_scroll_box(table)
    parts = [lxml_html.tostring(child, encoding="unicode") for child in body]
    return "".join(parts)


def _remove(element: Any) -> None:
    """Remove `element`, keeping its tail text."""
    parent = element.getparent()
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _relevel_headings(body: Any) -> None:
    """One <h1> (the first title); later titles <h2>; every other heading one level down."""
    headings = list(body.iter(*_HEADING_TAGS))
    for number, heading in enumerate(headings):
        level = int(heading.tag[1])
        if level == 1:
            heading.tag = "h1" if number == 0 else "h2"
        else:
            heading.tag = f"h{min(level + 1, 6)}"
        for line_break in heading.findall(".//br"):
            _remove(line_break)
    for number, heading in enumerate(headings):
        heading.set("id", f"h{number + 1}")


def _accessible_table(table: Any) -> None:
    """Header cells with their scope; the first data cell of each body row a row header.

    The tbody elements are `group_spanned_rows`'s: one per run of rows a rowspan ties.
    """
    for colgroup in table.findall("colgroup"):
        table.remove(colgroup)
    for cell in table.xpath("./thead//th"):
        cell.set("scope", "col")
    for row in table.xpath("./tbody/tr"):
        cells = [c for c in row if isinstance(c.tag, str)]
        for cell in cells:
            if cell.tag == "th":
                # A header given a rowspan heads its group of rows (its own <tbody>).
                cell.set("scope", "rowgroup" if cell.get("rowspan") else "row")
        first_data = next((c for c in cells if c.tag == "td"), None)
        if first_data is not None and not any(c.get("scope") == "row" for c in cells):
            first_data.tag = "th"
            first_data.set("scope", "row")


def _wrap_in_scroll_box(table: Any) -> None:
    """Put `table` in a focusable box that scrolls sideways, named by the heading before it."""
    box = lxml_html.Element("div")
    box.set("class", "gw-table-box")
    box.set("tabindex", "0")
    heading = table.getprevious()
    if heading is not None and heading.tag in _HEADING_TAGS and heading.get("id"):
        box.set("role", "region")
        box.set("aria-labelledby", heading.get("id"))
    table.addprevious(box)
    box.tail, table.tail = table.tail, None
    box.append(table)


def with_provenance_meta(page: str, provenance: Mapping[str, str]) -> str:
    """`page` with a <meta name="reportgen-FIELD"> per provenance field after its generator
    <meta>; the rest of the text is left byte for byte as it was."""
    from html import escape

    from ..publish.provenance import FIELDS, PROPERTY_PREFIX
    from .files import GENERATOR

    marker = f'<meta name="generator" content="{GENERATOR}">'
    if marker not in page:
        raise ValueError("the page has no generator <meta> to put its provenance after")
    lines = "".join(
        f'\n<meta name="{PROPERTY_PREFIX}{name}" content="{escape(provenance[name])}">'
        for name in FIELDS
    )
    return page.replace(marker, marker + lines, 1)


def read_html_provenance(text: str) -> dict[str, str]:
    """The provenance <meta> elements of an HTML page (empty when it has none)."""
    from ..publish.provenance import PROPERTY_PREFIX

    root = lxml_html.document_fromstring(text)
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = meta.get("name", "")
        if name.startswith(PROPERTY_PREFIX):
            found[name[len(PROPERTY_PREFIX) :]] = meta.get("content", "")
    return found
