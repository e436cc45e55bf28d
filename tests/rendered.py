"""A document rendered in all three formats and opened for measuring: HTML, PDF, DOCX."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from lxml import html as lxml_html

from docxreadback import DocxReadBack, read_docx
from pdfmeasure import document_text, squeeze
from reportgen.fonts.policy import FontPlan, plan_fonts, texts_by_role
from reportgen.layout.profile import LayoutProfile, Script
from reportgen.plan.model import Plan


@dataclass(kw_only=True)
class RenderedDocument:
    """One document's HTML, its PDF (pdfplumber pages), its DOCX, and the render's warnings."""

    html: str
    pages: list[Any]
    metadata: dict[str, Any]
    fonts: FontPlan
    docx: DocxReadBack
    warnings: tuple[str, ...]
    profile: LayoutProfile

    @functools.cached_property
    def root(self) -> Any:
        return lxml_html.document_fromstring(self.html)

    def html_text(self, cls: str) -> str:
        return str(self.root.find_class(cls)[0].text_content())

    @functools.cached_property
    def text(self) -> str:
        """The squeezed text of the pages, page numbers left out."""
        return document_text(self.pages, self.profile)

    @property
    def docx_text(self) -> str:
        return squeeze("".join(p.text for p in self.docx.document.paragraphs))


def open_rendered(
    stack: contextlib.ExitStack,
    files: dict[str, Path],
    warnings: Sequence[str],
    plan: Plan,
    profile: LayoutProfile,
    script: Script | None = None,
) -> dict[str, Any]:
    """The fields of a `RenderedDocument` from its files (by suffix), its fonts planned for
    `script` (default: the data's own); the PDF stays open until `stack` closes."""
    html = files[".html"].read_text(encoding="utf-8")
    pdf = stack.enter_context(pdfplumber.open(files[".pdf"]))
    return {
        "html": html,
        "pages": list(pdf.pages),
        "metadata": dict(pdf.metadata),
        "fonts": plan_fonts(profile, script or plan.document.script, texts_by_role(html, profile)),
        "docx": read_docx(files[".docx"].read_bytes()),
        "warnings": tuple(warnings),
        "profile": profile,
    }
