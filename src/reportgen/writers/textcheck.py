"""No silent loss: the text a DOCX or PDF shows is the text of the HTML it was made from.

Input: the document's HTML and, after each writer ran, the DOCX bytes or WeasyPrint's laid-out
pages. Output: nothing when the texts agree; a `ContentLossError` naming the format and the
first place they part otherwise. Whitespace is left out of the comparison (the writers lay
lines out, the HTML indents); so are what the page adds around the text: page numbers in the
margins, and a table's header row repeated on each page it continues onto. The PDF check
also refuses text laid out past the right edge of the type area, where the page cuts it off.

Each comparison costs a few milliseconds a document (one pass over the text); the parsers
run with their size limits lifted, so a long document is compared whole, never truncated.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from ..errors import ContentLossError

_WHITESPACE = re.compile(r"\s+")
_W_TEXT = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
OVERFLOW_TOLERANCE_PX = 1.0
"""How far (CSS px) a line may reach past the type area before it counts as cut off: the
rounding of glyph advances, not a character."""


def squeeze(text: str) -> str:
    return _WHITESPACE.sub("", text)


def parse_html(html: str) -> Any:
    """`html` parsed by lxml without libxml2's size limits (which stop quietly at 10 MB)."""
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(huge_tree=True)
    return lxml_html.document_fromstring(html, parser=parser)


NOT_SHOWN = frozenset({"head", "title", "style", "script", "template", "noscript"})
"""Elements whose text no page shows."""


def html_text(html: str) -> str:
    """The text of the HTML's body a page shows (not scripts, styles or comments),
    whitespace left out."""
    body = parse_html(html).find("body")
    if body is None:
        return ""
    parts: list[str] = []
    stack: list[Any] = [body]  # elements, and the tails that follow them (as strings)
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if not isinstance(item.tag, str) or item.tag in NOT_SHOWN:
            continue
        parts.append(item.text or "")
        for child in reversed(item):
            stack.append(child.tail or "")
            stack.append(child)
    return squeeze("".join(parts))


def docx_text(data: bytes) -> str:
    """The text of a DOCX's main part (paragraphs and tables), whitespace left out."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml")
    root = etree.fromstring(xml, etree.XMLParser(huge_tree=True, resolve_entities=False))
    return squeeze("".join(element.text or "" for element in root.iter(_W_TEXT)))


def pdf_text(document: Any) -> str:
    """The text WeasyPrint laid out on the pages of `document`, whitespace left out.

    The page-margin boxes (page numbers) and each repetition of a table's header row are
    left out: they are the page's, not the HTML's text.
    """
    from weasyprint.formatting_structure import boxes

    parts: list[str] = []
    headers_seen: set[int] = set()

    def walk(box: Any) -> None:
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, boxes.TableRowGroupBox) and box.is_header:
            key = id(box.element) if box.element is not None else id(box)
            if key in headers_seen:
                return
            headers_seen.add(key)
        if isinstance(box, boxes.TextBox):
            parts.append(box.text)
        for child in getattr(box, "children", None) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return squeeze("".join(parts))


def cut_off_text(document: Any) -> Iterator[tuple[int, str]]:
    """(page number, text) of each line of text reaching past the type area's right edge."""
    from weasyprint.formatting_structure import boxes

    def walk(box: Any, right: float) -> Iterator[str]:
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, boxes.TextBox):
            if box.position_x + box.width > right + OVERFLOW_TOLERANCE_PX:
                yield box.text
            return
        for child in getattr(box, "children", None) or ():
            yield from walk(child, right)

    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for text in walk(page_box, right):
            yield number, text


def check_same_text(expected: str, written: str, what: str) -> None:
    """Raise `ContentLossError` unless `written` (a format's text) equals `expected`."""
    if expected == written:
        return
    at = next(
        (i for i, (a, b) in enumerate(zip(expected, written, strict=False)) if a != b),
        min(len(expected), len(written)),
    )
    context = expected[max(0, at - 12) : at + 12]
    lost = len(expected) - len(written)
    amount = f"{lost} characters missing" if lost > 0 else "the text differs"
    raise ContentLossError(
        f"the {what} does not hold the document's text: {amount}, first at character {at} "
        f"(near {context!r}); the file is not written, please report it"
    )


def check_pdf(html_chars: str, document: Any) -> None:
    """Raise `ContentLossError` when the laid-out PDF loses text or cuts a line off."""
    check_same_text(html_chars, pdf_text(document), "PDF")
    for page, text in cut_off_text(document):
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ContentLossError(
            f"the PDF's page {page} cuts off a line past the right margin ({shown!r}); "
            "the file is not written, please report it"
        )
