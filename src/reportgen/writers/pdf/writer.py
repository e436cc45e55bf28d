"""The PDF writer: semantic HTML to PDF bytes with WeasyPrint.

Input: the document's HTML (the closed vocabulary of `vocabulary.py`), the layout profile and
the font plan. Output: a `RenderedPdf` with the bytes, the page count, the warnings (resources
refused, classes outside the vocabulary, WeasyPrint's own complaints) and the embedded fonts.

The same input gives the same bytes: WeasyPrint writes no PDF identifier by default, and the
only dates in the file come from the HTML's `dcterms.created`. Resources are read only from
the given folders and the font plan's; every other URL is refused with a warning. WeasyPrint
is imported inside the functions (`libraries.import_weasyprint`), so importing this module
costs the command line nothing.
"""

from __future__ import annotations

import contextlib
import logging
import mimetypes
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ...fonts.policy import FontPlan
from ...layout import tablefit
from ...layout.profile import LayoutProfile
from ...render.vocabulary import ALL_CLASSES, STRUCTURAL_TAGS
from ..textcheck import parse_html
from .arrays import use_open_arrays
from .colophonroom import colophon_lacks_room, has_room_sections
from .compression import use_compression_level
from .css import data_css, document_css
from .facedata import use_face_data_cache
from .fontsetup import font_configuration
from .libraries import import_weasyprint
from .useragent import uses_only_vocabulary_elements, vocabulary_html_class


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered PDF: its bytes, page count, warnings and embedded font names."""

    data: bytes
    pages: int
    warnings: list[str]
    fonts: list[str]


@dataclass(frozen=True)
class LaidOutPdf:
    """A document laid out in pages, not yet written: `render_pdf`'s first step."""

    document: Any
    """WeasyPrint's `Document`."""
    warnings: list[str]
    refused: list[str]
    """URLs refused so far (their WeasyPrint log messages are left out of the warnings)."""


def render_pdf(
    html: str, profile: LayoutProfile, fonts: FontPlan, *, base_dirs: Sequence[Path]
) -> RenderedPdf:
    """Lay `html` out under `profile` in the faces of `fonts` and write the PDF.

    Relative URLs resolve against the first of `base_dirs`; files are served only from
    `base_dirs` and `fonts.allowed_dirs`; `data:` URLs are served; anything else is refused
    with a warning.
    """
    return write_pdf(lay_out(html, profile, fonts, base_dirs=base_dirs))


def lay_out(
    html: str, profile: LayoutProfile, fonts: FontPlan, *, base_dirs: Sequence[Path]
) -> LaidOutPdf:
    """The first step of `render_pdf`: parse `html` and its stylesheet, lay out the pages."""
    weasyprint = import_weasyprint()
    use_open_arrays()
    warnings = vocabulary_warnings(html)
    html = fit_columns(html, profile, fonts.metrics(profile.table.role).advance)
    laid_out = group_spanned_rows(html)
    roots = (*base_dirs, *fonts.allowed_dirs)
    fetcher = GuardedFetcher(roots, warnings)
    font_config = font_configuration()
    stylesheets = [
        _stylesheet(document_css(profile, fonts), roots, warnings, fetcher.refused),
        _stylesheet(data_css(html, profile, fonts), roots, warnings, fetcher.refused),
    ]
    base_url = base_dirs[0].resolve().as_uri() + "/" if base_dirs else None
    html_class = vocabulary_html_class() if uses_only_vocabulary_elements(html) else weasyprint.HTML
    with _weasyprint_warnings(warnings, fetcher.refused):
        source = html_class(string=laid_out, base_url=base_url, url_fetcher=fetcher)
        document = source.render(stylesheets=stylesheets, font_config=font_config)
        if has_room_sections(html) and colophon_lacks_room(document, profile.grid.line_pitch_pt):
            own_page = _stylesheet(COLOPHON_OWN_PAGE_CSS, roots, warnings, fetcher.refused)
            document = source.render(stylesheets=[*stylesheets, own_page], font_config=font_config)
    return LaidOutPdf(document, warnings, fetcher.refused)


COLOPHON_OWN_PAGE_CSS = ".gw-section[data-break='room'] { break-before: page; }"
"""Laid over the stylesheets when the 版記 has no room under the text (`colophonroom`)."""


def write_pdf(laid_out: LaidOutPdf, **options: Any) -> RenderedPdf:
    """The second step of `render_pdf`: write the laid-out pages as PDF bytes (the fonts
    subset and embedded from files read once per process, `facedata.py`; the streams
    compressed at `compression.PDF_ZLIB_LEVEL`).

    `options` go to WeasyPrint's `write_pdf` (metadata, PDF/A variant: `archive.py`)."""
    warnings = list(laid_out.warnings)
    document = laid_out.document
    use_compression_level()
    use_face_data_cache()
    with _weasyprint_warnings(warnings, laid_out.refused):
        data = document.write_pdf(**options)
    return RenderedPdf(
        data=bytes(data),
        pages=len(document.pages),
        warnings=warnings,
        fonts=embedded_fonts(document),
    )


@dataclass(frozen=True)
class _Stylesheet:
    """A parsed stylesheet and what its parsing reported (refused URLs, as warnings)."""

    css: Any
    warnings: tuple[str, ...]
    refused: tuple[str, ...]


_STYLESHEETS: dict[tuple[str, tuple[Path, ...]], _Stylesheet] = {}
_STYLESHEETS_KEPT = 32
_STYLESHEETS_LOCK = threading.Lock()


def _stylesheet(text: str, roots: tuple[Path, ...], warnings: list[str], refused: list[str]) -> Any:
    """WeasyPrint's `CSS` for `text`, parsed once per process while the text stays the same.

    Parsing the stylesheet and matching its selectors costs about 10 ms a document, and
    @font-face rules register their font with fontconfig each time. The warnings of the
    first parse (URLs refused) are added to `warnings` again on every use, as if parsed anew.
    """
    import weasyprint

    key = (text, roots)
    with _STYLESHEETS_LOCK:
        entry = _STYLESHEETS.get(key)
    if entry is None:
        found: list[str] = []
        fetcher = GuardedFetcher(roots, found)
        css = weasyprint.CSS(string=text, font_config=font_configuration(), url_fetcher=fetcher)
        entry = _Stylesheet(css, tuple(found), tuple(fetcher.refused))
        with _STYLESHEETS_LOCK:
            while len(_STYLESHEETS) >= _STYLESHEETS_KEPT:
                del _STYLESHEETS[next(iter(_STYLESHEETS))]
            _STYLESHEETS[key] = entry
    warnings.extend(entry.warnings)
    refused.extend(entry.refused)
    return entry.css


def fit_columns(html: str, profile: LayoutProfile, advance_em: float = 1.0) -> str:
    """`html` with every table's columns sized as the DOCX writer sizes them
    (`tablefit.fit_html_tables`, `advance_em` the ideograph advance of the table's face);
    `html` as is when it has no table to fit."""
    from lxml import html as lxml_html

    if "gw-table" not in html:
        return html
    root = lxml_html.document_fromstring(html)
    if not tablefit.fit_html_tables(root, profile, advance_em):
        return html
    text: bytes = lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8")
    return text.decode("utf-8")


SPANNED_ROWS = "data-spanned-rows"
"""The attribute of a tbody whose rows a rowspan ties together (see `group_spanned_rows`)."""


def group_spanned_rows(html: str) -> str:
    """`html` with each table body split where no rowspan crosses, one tbody per group.

    Rows a rowspan ties together then form one tbody marked `data-spanned-rows`, which the
    stylesheet keeps on one page (`break-inside: avoid`), so a page break never cuts a
    spanned cell open. Other bodies are not marked: WeasyPrint lets a row be split whenever
    the first body of a table with a head avoids breaks, so only rows that must stay together
    ask for it. Markup other than the tbody elements is unchanged; `html` is returned as is
    when nothing spans rows.
    """
    from lxml import html as lxml_html

    if "rowspan" not in html:
        return html
    root = parse_html(html)
    changed = False
    for body in root.xpath("//table[contains(@class, 'gw-table')]/tbody"):
        groups = _row_groups(body.findall("tr"))
        if len(groups) > 1 or any(len(group) > 1 for group in groups):
            changed = True
            for group in reversed(groups[1:]):
                new_body = lxml_html.Element("tbody")
                body.addnext(new_body)
                new_body.extend(group)
                if len(group) > 1:
                    new_body.set(SPANNED_ROWS, "")
            if len(groups[0]) > 1:
                body.set(SPANNED_ROWS, "")
    if not changed:
        return html
    text: bytes = lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8")
    return text.decode("utf-8")


def _row_groups(rows: list[Any]) -> list[list[Any]]:
    """Rows split into runs that no rowspan crosses."""
    groups: list[list[Any]] = []
    reach = 0  # rows still covered by a rowspan started above
    for row in rows:
        if reach <= 0:
            groups.append([])
        groups[-1].append(row)
        spans = [str(cell.get("rowspan", "1")) for cell in row]
        reach = max(reach - 1, *(int(span) - 1 for span in spans if span.isdigit()), 0)
    return groups


def embedded_fonts(document: Any) -> list[str]:
    """The PDF names (without subset tags) of the fonts a written document embeds."""
    names = set()
    for font in document.fonts.values():
        name = bytes(font.name).decode("utf-8", "replace").lstrip("/")
        names.add(name.split("+", 1)[-1])
    return sorted(names)


# --- warnings --------------------------------------------------------------------------------


def vocabulary_warnings(html: str) -> list[str]:
    """Elements and classes of `html`'s body outside the document vocabulary.

    They are rendered with the browser's defaults, never dropped; each kind is reported once.
    """
    found: dict[str, None] = {}
    for body in parse_html(html).iter("body"):
        for element in body.iterdescendants():
            if not isinstance(element.tag, str):
                continue
            classes = str(element.get("class", "")).split()
            for cls in classes:
                if cls not in ALL_CLASSES:
                    found[f"class {cls!r} (on <{element.tag}>) is not in the vocabulary"] = None
            if not classes and element.tag not in STRUCTURAL_TAGS:
                found[f"element <{element.tag}> without a vocabulary class"] = None
    return [f"PDF: {message}; rendered with default styles" for message in found]


@contextlib.contextmanager
def _weasyprint_warnings(warnings: list[str], refused: list[str]) -> Iterator[None]:
    """Collect WeasyPrint's log warnings and errors into `warnings` while rendering.

    Messages about URLs the fetcher refused are left out: the refusal is reported already.
    """
    from weasyprint import LOGGER

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if not any(url in message for url in refused):
                warnings.append(f"PDF: {message}")

    handler = Collector(logging.WARNING)
    LOGGER.addHandler(handler)
    try:
        yield
    finally:
        LOGGER.removeHandler(handler)


# --- resources -------------------------------------------------------------------------------


class GuardedFetcher:
    """A WeasyPrint URL fetcher that reads only files under `roots` and `data:` URLs.

    Any other URL (a file elsewhere, http, https, ftp…) is refused: the refusal is added to
    `warnings` and WeasyPrint, which catches the exception, renders without the resource.
    """

    _fail_on_errors = False  # read by weasyprint.urls.fetch: refusals must not stop a render

    def __init__(self, roots: Sequence[Path], warnings: list[str]) -> None:
        self.roots = [root.resolve() for root in roots]
        self.warnings = warnings
        self.refused: list[str] = []

    def __call__(self, url: str) -> Any:
        return self.fetch(url)

    def fetch(self, url: str, headers: Any = None) -> Any:
        """A WeasyPrint `URLFetcherResponse` for `url`, or ValueError when it is refused."""
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return URLFetcher(allowed_protocols=["data"]).fetch(url, headers)
        path = self._local_path(url) if scheme == "file" else None
        if path is None:
            reason = "outside the allowed folders" if scheme == "file" else "not a local file"
            return self._refuse(url, reason)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    def _local_path(self, url: str) -> Path | None:
        """The existing file `url` names, when it lies under one of the roots."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(parts.path)).resolve(strict=True)
        except OSError:
            return None
        if path.is_file() and any(path.is_relative_to(root) for root in self.roots):
            return path
        return None

    def _refuse(self, url: str, reason: str) -> Any:
        shown = url if len(url) <= 120 else url[:117] + "..."
        self.refused.append(url[:80])
        self.warnings.append(f"PDF: refused to load {shown} ({reason})")
        raise ValueError(f"reportgen refused {shown}: {reason}")
