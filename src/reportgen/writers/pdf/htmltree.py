"""The document's HTML as the element tree WeasyPrint lays out, parsed by lxml.

WeasyPrint parses HTML with tinyhtml5, an HTML5 parser in pure Python: about 10 ms for the
circular, against 1 ms for lxml's parser in C and a copy into the `xml.etree` elements
WeasyPrint works on. The two parsers agree on markup that needs none of HTML's error
recovery, which is what the templates write: `html_tree` takes the quick way only for such
markup, and returns None for anything else (WeasyPrint then parses it itself).

The markup must be a `<!DOCTYPE html>` document of the vocabulary's elements, every element
but the void ones (meta, br, hr, col) closed by its own end tag, each element inside one that
may hold it without the parser closing or adding anything (a table's rows inside a thead or
tbody, no block inside a paragraph, no text directly in a table or a row), no comment,
character data section, processing instruction, carriage return or NUL. lxml's tree must
then hold exactly the elements and attributes the markup's tags name, in order and nesting.
Where HTML5 puts white space that lxml puts elsewhere (before the head, after the body) it is
moved to where tinyhtml5 puts it. Tests compare the trees of every document of the plans.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from typing import Any

VOID = frozenset({"meta", "br", "hr", "col"})
_FLOW = frozenset(
    {"section", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "span", "br"}
)
_PHRASING = frozenset({"span", "br"})
CHILDREN: dict[str | None, frozenset[str]] = {
    None: frozenset({"html"}),
    "html": frozenset({"head", "body"}),
    "head": frozenset({"meta", "title"}),
    "title": frozenset(),
    **dict.fromkeys(("body", "section", "div", "td", "th"), _FLOW),
    **dict.fromkeys(("p", "h1", "h2", "h3", "h4", "h5", "h6", "span"), _PHRASING),
    "table": frozenset({"colgroup", "thead", "tbody"}),
    "colgroup": frozenset({"col"}),
    "thead": frozenset({"tr"}),
    "tbody": frozenset({"tr"}),
    "tr": frozenset({"th", "td"}),
}
"""What each element may hold for both parsers to build the tree as written."""

NO_TEXT = frozenset({"html", "head", "table", "colgroup", "thead", "tbody", "tr"})
"""Elements whose text (before, between and after their children) must be white space."""

_DOCTYPE = re.compile(r"\A\s*<!DOCTYPE html>", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_FORBIDDEN = ("<!--", "<![", "<?", "\r", "\x00")
_SPACE = " \t\n\f"


def html_tree(html: str) -> Any | None:
    """The `xml.etree` root tinyhtml5 builds from `html` (as WeasyPrint calls it), or None
    when `html` is not markup the quick parse is sure of (see the module's text)."""
    from lxml import html as lxml_html

    tags = _checked_tags(html)
    if tags is None:
        return None
    try:
        root = lxml_html.document_fromstring(html)
    except (ValueError, SyntaxError):
        return None
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    if len(elements) != len(tags) or any(e.getparent() is None for e in elements[1:]):
        return None
    for element, (name, attributes) in zip(elements, tags, strict=True):
        if element.tag != name or [a.lower() for a in element.attrib] != attributes:
            return None
        if element.tag in NO_TEXT and _has_text(element):
            return None
    after_body = html[html.rfind("</body>") + len("</body>") :].replace("</html>", "", 1)
    if not _is_space(after_body):
        return None
    return _html5_spaces(_copy(root), after_body)


def _checked_tags(html: str) -> list[tuple[str, list[str]]] | None:
    """The start tags of `html` (name, attribute names) when they nest as `CHILDREN` allows
    and every non-void element is closed by its own end tag; else None."""
    if _DOCTYPE.match(html) is None or any(mark in html for mark in _FORBIDDEN):
        return None
    body = html[_DOCTYPE.match(html).end() :]  # type: ignore[union-attr]
    if "<!" in body or not body.lstrip(_SPACE).startswith("<html"):
        return None
    if not body.rstrip(_SPACE).endswith("</html>"):
        return None
    open_elements: list[str] = []
    tags: list[tuple[str, list[str]]] = []
    for match in _TAG.finditer(body):
        closing, name, rest = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if not open_elements or open_elements.pop() != name or rest.strip():
                return None
            continue
        parent = open_elements[-1] if open_elements else None
        if name not in CHILDREN.get(parent, frozenset()) or (parent is None and tags):
            return None
        attributes = rest.rstrip("/") if name in VOID else rest
        names = [m.group(1).lower() for m in _ATTRIBUTE.finditer(attributes)]
        if len(set(names)) != len(names):
            return None
        tags.append((name, names))
        if name not in VOID:
            open_elements.append(name)
    if open_elements or "<" in _TAG.sub("", body):
        return None
    return tags


def _has_text(element: Any) -> bool:
    """Whether `element` holds text other than white space directly (not in a child)."""
    return not _is_space(element.text) or any(not _is_space(c.tail) for c in element)


def _is_space(text: str | None) -> bool:
    return not text or not text.strip(_SPACE)


def _copy(element: Any) -> Any:
    """The lxml `element` and its descendants as `xml.etree` elements."""
    copied = ElementTree.Element(element.tag, dict(element.attrib))
    copied.text, copied.tail = element.text, element.tail
    copied.extend(_copy(child) for child in element)
    return copied


def _html5_spaces(root: Any, trailing: str) -> Any:
    """White space where tinyhtml5 puts it: none before the head; `trailing`, what follows
    the body's end tag, at the end of the body."""
    root.text = None
    body = root.find("body")
    body.tail = root.tail = None
    if trailing:
        last = body[-1] if len(body) else None
        if last is None:
            body.text = (body.text or "") + trailing
        else:
            last.tail = (last.tail or "") + trailing
    return root
