"""`render circular --script`: simplified output is converted, traditional output is the data's.

The command runs in this process once per script (DOCX + PDF + HTML into a module-scoped
temporary folder). Simplified output must read 绍兴市人民政府办公室 and 各区、县〔市〕政府 in
both formats and embed the profile's simplified faces (a 仿宋 among them) in the PDF;
traditional output must keep the data's own wording, 關于 included, which a second OpenCC
pass would turn into 關於.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from typer.testing import CliRunner

from docxreadback import (
    STYLE_NAMES,
    DocxReadBack,
    paragraphs_in_style,
    read_docx,
    style_element,
    style_fonts,
)
from pdfmeasure import chars_of, document_text, embedded_fonts, font_key, is_red
from reportgen.cli.app import app
from reportgen.layout.profile import LayoutProfile, Script

SCRIPTS: tuple[Script, ...] = ("simplified", "traditional")
# Characters of the data whose simplified forms differ; none may survive the conversion.
TRADITIONAL_ONLY = "紹興辦縣區關劃創現實優質務規養師資"

runner = CliRunner()


@dataclass
class Circular:
    html: str
    pages: list[Any]
    metadata: dict[str, Any]
    docx: DocxReadBack
    text: str  # the PDF's portrait pages, squeezed

    @property
    def docx_text(self) -> str:
        paragraphs = [p.text for p in self.docx.document.paragraphs]
        cells = [
            cell.text
            for table in self.docx.document.tables
            for row in table.rows
            for cell in row.cells
        ]
        return "".join("".join(paragraphs + cells).split())


@pytest.fixture(scope="module")
def circulars(
    tmp_path_factory: pytest.TempPathFactory, profile: LayoutProfile
) -> Iterator[dict[Script, Circular]]:
    with contextlib.ExitStack() as stack:
        found: dict[Script, Circular] = {}
        for script in SCRIPTS:
            output = tmp_path_factory.mktemp(script)
            args = ["render", "circular", "--script", script, "-o", str(output)]
            result = runner.invoke(app, [*args, "-f", "docx", "-f", "pdf", "-f", "html"])
            assert result.exit_code == 0, result.output
            files: dict[str, Path] = {p.suffix: p for p in output.iterdir()}
            assert set(files) == {".docx", ".pdf", ".html"}, files
            pdf = stack.enter_context(pdfplumber.open(files[".pdf"]))
            pages = list(pdf.pages)
            found[script] = Circular(
                html=files[".html"].read_text(encoding="utf-8"),
                pages=pages,
                metadata=dict(pdf.metadata),
                docx=read_docx(files[".docx"].read_bytes()),
                text=document_text(pages, profile),
            )
        yield found


def test_simplified_output_reads_simplified_in_both_formats(
    circulars: dict[Script, Circular], profile: LayoutProfile
) -> None:
    circular = circulars["simplified"]
    mark = chars_of(circular.pages[0], "绍兴市人民政府办公室")
    assert all(is_red(char, profile) for char in mark)
    assert "各区、县〔市〕政府" in circular.text
    assert circular.metadata["Title"].startswith("绍兴市人民政府办公室关于印发")
    (docx_mark,) = paragraphs_in_style(circular.docx, "gw-mark")
    assert docx_mark.text == "绍兴市人民政府办公室"
    assert "各区、县〔市〕政府" in circular.docx_text
    assert circular.docx.document.core_properties.title == circular.metadata["Title"]
    for text in (circular.text, circular.docx_text):
        left = sorted({c for c in text if c in TRADITIONAL_ONLY})
        assert left == [], left
    assert '<html lang="zh-Hans"' in circular.html


def test_simplified_pdf_embeds_simplified_faces_and_the_docx_names_them(
    circulars: dict[Script, Circular], profile: LayoutProfile
) -> None:
    roles = profile.fonts.roles().values()
    simplified = {font_key(c.family) for role in roles for c in role.simplified}
    traditional_only = {font_key(c.family) for role in roles for c in role.traditional}
    simplified_only = simplified - traditional_only
    traditional_only -= simplified
    embedded = embedded_fonts(circulars["simplified"].pages)
    fangsong = {font_key(c.family) for c in profile.fonts.fangsong.simplified if c.style == "仿宋"}
    assert any(font_key(name).startswith(tuple(fangsong)) for name in embedded), embedded
    for name in embedded:
        key = font_key(name)
        assert any(key.startswith(family) for family in simplified), name
        assert not any(key.startswith(family) for family in traditional_only), name
    # And the other way round: the traditional rendering embeds no simplified-only face.
    for name in embedded_fonts(circulars["traditional"].pages):
        assert not any(font_key(name).startswith(family) for family in simplified_only), name
    title = style_element(circulars["simplified"].docx, STYLE_NAMES["gw-title"])
    family = profile.fonts.role(profile.title.role).simplified[0].family
    assert style_fonts(title) == (family,) * 3


def test_traditional_output_keeps_the_datas_wording(
    circulars: dict[Script, Circular],
) -> None:
    circular = circulars["traditional"]
    for text in (circular.text, circular.docx_text, circular.html, circular.metadata["Title"]):
        assert "關于" in text
        assert "關於" not in text
    assert chars_of(circular.pages[0], "紹興市人民政府辦公室")
    assert "各區、縣〔市〕政府" in circular.text
    assert "各區、縣〔市〕政府" in circular.docx_text
    assert circular.metadata["Title"].startswith("紹興市人民政府辦公室關于印發")
