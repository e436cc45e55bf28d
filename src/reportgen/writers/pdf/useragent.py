"""The user-agent stylesheet the PDF writer lays the document vocabulary out with.

WeasyPrint starts every document from its HTML5 user-agent stylesheet: about 250 rules for
every element HTML knows (lists, forms, bidirectional text, …), many with attribute
selectors that the cascade tries on every element of the document. An official document uses
a closed set of elements (see vocabulary), so reportgen gives WeasyPrint a stylesheet with the
HTML rendering defaults for those elements only, written here from the HTML specification's
suggested rendering. Documents look the same (tests compare every glyph's position, the
fonts and the bookmarks against WeasyPrint's own stylesheet), and the cascade takes about a
quarter of the time.

A document with any element outside the vocabulary (a user template's `<ul>`, say) keeps
WeasyPrint's full stylesheet, so such an element still gets the browser defaults the
vocabulary warning promises.
"""

from __future__ import annotations

import atexit
import functools
import re
from typing import Any

VOCABULARY_ELEMENTS = frozenset(
    {"html", "head", "meta", "title", "body", "section", "div", "p", "span", "br", "hr"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
    | {"table", "colgroup", "col", "thead", "tbody", "tr", "th", "td"}
)
"""The elements the stylesheet below gives their rendering defaults."""

UA_STYLESHEET = """
[hidden], head, meta, title { display: none }
html, body, section, div, p, hr, h1, h2, h3, h4, h5, h6 { display: block }
table { display: table; box-sizing: border-box; text-indent: initial;
        border-collapse: separate; border-spacing: 2px; border-color: gray }
colgroup { display: table-column-group }
col { display: table-column }
thead { display: table-header-group; vertical-align: middle; border-color: inherit }
tbody { display: table-row-group; vertical-align: middle; border-color: inherit }
tr { display: table-row; vertical-align: inherit; border-color: inherit }
td, th { display: table-cell; vertical-align: inherit; padding: 1px; border-color: gray }
th { font-weight: bold }

body { margin: 8px }
p { margin-top: 1em; margin-bottom: 1em }
h1 { margin-top: .67em; margin-bottom: .67em; font-size: 2em; bookmark-level: 1 }
h2 { margin-top: .83em; margin-bottom: .83em; font-size: 1.5em; bookmark-level: 2 }
h3 { margin-top: 1em; margin-bottom: 1em; font-size: 1.17em; bookmark-level: 3 }
h4 { margin-top: 1.33em; margin-bottom: 1.33em; font-size: 1em; bookmark-level: 4 }
h5 { margin-top: 1.67em; margin-bottom: 1.67em; font-size: .83em; bookmark-level: 5 }
h6 { margin-top: 2.33em; margin-bottom: 2.33em; font-size: .67em; bookmark-level: 6 }
h1, h2, h3, h4, h5, h6 { font-weight: bold; bookmark-label: content(text); hyphens: manual;
                         break-after: avoid; break-inside: avoid }

html { color-scheme: light }
br::before { content: "\\A"; white-space: pre-line }
hr { border-style: inset; border-width: 1px; color: gray; margin: .5em auto }

@page {
  margin: 75px;
  @top-left-corner     { text-align: right;  vertical-align: middle }
  @top-left            { text-align: left;   vertical-align: middle }
  @top-center          { text-align: center; vertical-align: middle }
  @top-right           { text-align: right;  vertical-align: middle }
  @top-right-corner    { text-align: left;   vertical-align: middle }
  @left-top            { text-align: center; vertical-align: top    }
  @left-middle         { text-align: center; vertical-align: middle }
  @left-bottom         { text-align: center; vertical-align: bottom }
  @right-top           { text-align: center; vertical-align: top    }
  @right-middle        { text-align: center; vertical-align: middle }
  @right-bottom        { text-align: center; vertical-align: bottom }
  @bottom-left-corner  { text-align: right;  vertical-align: middle }
  @bottom-left         { text-align: left;   vertical-align: middle }
  @bottom-center       { text-align: center; vertical-align: middle }
  @bottom-right        { text-align: right;  vertical-align: middle }
  @bottom-right-corner { text-align: left;   vertical-align: middle }
}
"""


_START_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")


def uses_only_vocabulary_elements(html: str) -> bool:
    """Whether every element `html` opens is one of `VOCABULARY_ELEMENTS`.

    A scan of the start tags is enough: text from data is escaped, so every `<` followed by
    a letter is markup a template wrote.
    """
    return {tag.lower() for tag in _START_TAG.findall(html)} <= VOCABULARY_ELEMENTS


@functools.cache
def _stylesheet() -> Any:
    """`UA_STYLESHEET` parsed, once per process; released at exit before the font
    configuration it refers to."""
    import weasyprint

    from .fontsetup import font_configuration

    font_config = font_configuration()
    atexit.register(_stylesheet.cache_clear)
    return weasyprint.CSS(string=UA_STYLESHEET, font_config=font_config)


@functools.cache
def vocabulary_html_class() -> Any:
    """A `weasyprint.HTML` that lays documents out with `UA_STYLESHEET`.

    It overrides WeasyPrint's `_ua_stylesheets`, the method its documents get their
    user-agent stylesheet from; on a WeasyPrint without that method, WeasyPrint's own
    class is returned and nothing changes.
    """
    import cssselect2  # type: ignore[import-untyped]
    import weasyprint
    from weasyprint.urls import URLFetcher, ensure_url

    from .htmltree import html_tree

    if not callable(getattr(weasyprint.HTML, "_ua_stylesheets", None)):
        return weasyprint.HTML

    class VocabularyHTML(weasyprint.HTML):  # type: ignore[misc]
        def __init__(
            self,
            *,
            string: str,
            base_url: str | None = None,
            url_fetcher: Any = None,
            **options: Any,
        ) -> None:
            tree = None if options else html_tree(string)
            if tree is None:
                super().__init__(
                    string=string, base_url=base_url, url_fetcher=url_fetcher, **options
                )
                return
            # What WeasyPrint's own __init__ sets, from the same tree its parser would build
            # (the vocabulary has no <base> element to change the base URL).
            self.base_url = None if base_url is None else ensure_url(base_url)
            self.url_fetcher = URLFetcher() if url_fetcher is None else url_fetcher
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                tree, content_language=None
            )
            self.etree_element = self.wrapper_element.etree_element

        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [_stylesheet()]

    return VocabularyHTML
