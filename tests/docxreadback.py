"""Reading a rendered DOCX back: its parts, styles, sections, tables, footers and text.

Shared by the DOCX tests of every document kind (circular, notice, summary). The helpers
open the package with python-docx and lxml and return what they found; the tests compare it
with the layout profile's numbers and hold the assertions themselves. The LibreOffice helpers
open the file in a real client and read the PDF it prints with poppler.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree
from lxml import html as lxml_html

from reportgen.layout.profile import load_profile

STYLE_NAMES = load_profile().word_styles.paragraph
"""The built-in profile's paragraph style names, by vocabulary class."""

_WHITESPACE = re.compile(r"\s+")
PAGE_NUMBER_LINE = re.compile(r"^\s*—\s*\d+\s*—\s*$")


@dataclass
class DocxReadBack:
    """A DOCX opened twice: as a python-docx document and as its XML parts."""

    document: Document
    parts: dict[str, Any]  # part name → lxml root


def read_docx(data: bytes) -> DocxReadBack:
    """Open DOCX bytes: the python-docx document and every XML part parsed with lxml."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {
            name: etree.fromstring(package.read(name))
            for name in package.namelist()
            if name.endswith(".xml") or name.endswith(".rels")
        }
    return DocxReadBack(docx.Document(io.BytesIO(data)), parts)


def squeeze(text: str) -> str:
    return _WHITESPACE.sub("", text)


def w(element: Any, name: str) -> str | None:
    """The `w:name` attribute of `element`."""
    value = element.get(qn(f"w:{name}"))
    return None if value is None else str(value)


def style_element(rendered: DocxReadBack, name: str) -> Any:
    styles = rendered.parts["word/styles.xml"]
    for style in styles.iter(qn("w:style")):
        if w(style.find(qn("w:name")), "val") == name:
            return style
    raise AssertionError(f"no style named {name}")


def style_fonts(style: Any) -> tuple[str | None, str | None, str | None]:
    """A style's (eastAsia, ascii, hAnsi) fonts."""
    fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is None:
        return (None, None, None)
    return (w(fonts, "eastAsia"), w(fonts, "ascii"), w(fonts, "hAnsi"))


def style_size_pt(style: Any) -> float | None:
    size = style.find(f"{qn('w:rPr')}/{qn('w:sz')}")
    return None if size is None else int(w(size, "val") or 0) / 2


def style_colour(style: Any) -> str | None:
    color = style.find(f"{qn('w:rPr')}/{qn('w:color')}")
    return None if color is None else w(color, "val")


def cell_text(tc: Any) -> str:
    """A table cell's text with <w:br/> as a newline."""
    pieces = []
    for element in tc.iter(qn("w:t"), qn("w:br")):
        pieces.append("\n" if element.tag == qn("w:br") else element.text or "")
    return "".join(pieces)


def body_blocks_by_section(rendered: DocxReadBack) -> list[list[Any]]:
    """The body's paragraphs and tables, grouped by the Word section they belong to."""
    body = rendered.parts["word/document.xml"].find(qn("w:body"))
    sections: list[list[Any]] = [[]]
    for block in body:
        if block.tag == qn("w:sectPr"):
            continue
        sections[-1].append(block)
        if block.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            sections.append([])
    return sections


def html_sections(html: str) -> list[Any]:
    return lxml_html.document_fromstring(html).find_class("gw-section")


def paragraph_style(paragraph: Any) -> str | None:
    """The style name of a python-docx paragraph."""
    return None if paragraph.style is None else str(paragraph.style.name)


def paragraphs_in_style(rendered: DocxReadBack, cls: str) -> list[Any]:
    """The body paragraphs in the named style of vocabulary class `cls`."""
    name = STYLE_NAMES[cls]
    return [p for p in rendered.document.paragraphs if paragraph_style(p) == name]


def all_paragraphs(rendered: DocxReadBack) -> list[Any]:
    """Body, table-cell and footer paragraphs."""
    document = rendered.document
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for section in document.sections:
        for footer in (section.footer, section.even_page_footer):
            paragraphs.extend(footer.paragraphs)
    return paragraphs


def field_kinds(paragraph_element: Any) -> list[str | None]:
    """The `w:fldCharType` of each complex-field character of a paragraph, in order."""
    return [w(f, "fldCharType") for f in paragraph_element.iter(qn("w:fldChar"))]


def field_instructions(paragraph_element: Any) -> str:
    return "".join(t.text or "" for t in paragraph_element.iter(qn("w:instrText")))


def section_margins_mm(section: Any) -> tuple[float, float, float, float]:
    """(top, bottom, left, right) margins of a python-docx section."""
    return (
        section.top_margin.mm,
        section.bottom_margin.mm,
        section.left_margin.mm,
        section.right_margin.mm,
    )


def table_rows(table: Any) -> list[list[str]]:
    """A `w:tbl`'s rows as lists of cell texts (a merged-on cell reads as "")."""
    return [[cell_text(tc) for tc in row.findall(qn("w:tc"))] for row in table.findall(qn("w:tr"))]


def tables(rendered: DocxReadBack) -> list[Any]:
    """The body's `w:tbl` elements, in order."""
    body = rendered.parts["word/document.xml"].find(qn("w:body"))
    return list(body.iter(qn("w:tbl")))


def body_text(rendered: DocxReadBack) -> str:
    """The squeezed text of the body's paragraphs (not the tables), in order."""
    return squeeze("".join(p.text for p in rendered.document.paragraphs))


def text_between(paragraphs: Iterable[Any], start: str, stop: str) -> list[str]:
    """The texts of the paragraphs after the one whose text is `start`, up to the first one
    that starts with `stop` (neither included); AssertionError when `start` is missing."""
    texts = [p.text for p in paragraphs]
    assert start in texts, f"no paragraph {start!r}"
    found = []
    for text in texts[texts.index(start) + 1 :]:
        if text.startswith(stop):
            return found
        found.append(text)
    raise AssertionError(f"no paragraph starting {stop!r} after {start!r}")


# --- LibreOffice: a real client opens the file -----------------------------------------------


def libreoffice_pdf(docx_data: bytes, workdir: Path) -> Path:
    """Convert DOCX bytes to PDF with headless LibreOffice, in a fresh user profile.

    Returns the PDF's path; raises AssertionError with LibreOffice's output on failure.
    """
    soffice = shutil.which("soffice")
    assert soffice is not None, "soffice not found"
    source = workdir / "document.docx"
    source.write_bytes(docx_data)
    profile_url = (workdir / "lo-profile").resolve().as_uri()
    command = [
        soffice,
        f"-env:UserInstallation={profile_url}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(workdir),
        str(source),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    pdf = workdir / "document.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    return pdf


def pdf_page_count(pdf: Path) -> int:
    """The number of pages of a PDF (poppler's pdfinfo)."""
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match is not None, info
    return int(match.group(1))


def pdf_text(pdf: Path) -> str:
    """The text of a PDF (poppler's pdftotext), page-number lines "— N —" left out."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return "\n".join(line for line in text.splitlines() if not PAGE_NUMBER_LINE.match(line))


needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils are needed to open the DOCX",
)
