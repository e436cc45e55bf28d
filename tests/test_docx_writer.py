"""The DOCX of the circular, read back: sections, grid, named styles, table, footers, text.

The circular is rendered once per module and per script; the tests read it with python-docx
and lxml and check the layout profile's numbers rather than bytes. A LibreOffice test opens
the file in a real client and compares its page count with the WeasyPrint PDF's.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_HEADER_FOOTER, WD_ORIENT
from docx.oxml.ns import qn
from lxml import html as lxml_html

from docxreadback import (
    STYLE_NAMES,
    DocxReadBack,
    all_paragraphs,
    body_blocks_by_section,
    cell_text,
    html_sections,
    libreoffice_pdf,
    needs_libreoffice,
    pdf_page_count,
    pdf_text,
    read_docx,
    squeeze,
    style_element,
    w,
)
from reportgen.documents.common import circular_context
from reportgen.layout.profile import MM_TO_PT, LayoutProfile, Script
from reportgen.layout.styles import element_style
from reportgen.plan.model import Plan
from reportgen.render.html import build_environment, render_html
from reportgen.writers.docx.writer import RenderedDocx, render_docx

TOLERANCE_MM = 0.5
SCRIPTS: tuple[Script, ...] = ("simplified", "traditional")


@dataclass
class Rendered(DocxReadBack):
    """The circular's DOCX read back, with the HTML it was written from."""

    html: str
    docx: RenderedDocx


@pytest.fixture(scope="module")
def plan(any_plan: Plan) -> Plan:
    """Every test of this module runs on each plan (see conftest.py)."""
    return any_plan


@pytest.fixture(scope="module")
def circular_html(plan: Plan, profile: LayoutProfile) -> str:
    return render_html(build_environment(), "circular.html.j2", circular_context(plan, profile))


@pytest.fixture(scope="module")
def rendered_by_script(circular_html: str, profile: LayoutProfile) -> dict[Script, Rendered]:
    return {script: _render(circular_html, profile, script) for script in SCRIPTS}


@pytest.fixture(scope="module")
def rendered(rendered_by_script: dict[Script, Rendered], plan: Plan) -> Rendered:
    """The circular in the plan's own script."""
    return rendered_by_script[plan.document.script]


def _render(html: str, profile: LayoutProfile, script: Script) -> Rendered:
    result = render_docx(html, profile, script=script)
    back = read_docx(result.data)
    return Rendered(document=back.document, parts=back.parts, html=html, docx=result)


# --- pages and grid --------------------------------------------------------------------------


def test_the_circular_renders_without_warnings(rendered: Rendered) -> None:
    assert rendered.docx.warnings == []


def test_every_section_is_a4_with_the_profiles_margins(
    rendered: Rendered, profile: LayoutProfile
) -> None:
    orientations = [s.get("data-orientation") for s in html_sections(rendered.html)]
    sections = rendered.document.sections
    assert len(sections) == len(orientations)
    m = profile.margins
    for section, orientation in zip(sections, orientations, strict=True):
        landscape = orientation == "landscape"
        width, height = section.page_width.mm, section.page_height.mm
        short, long = sorted((width, height))
        assert short == pytest.approx(profile.page.width_mm, abs=TOLERANCE_MM)
        assert long == pytest.approx(profile.page.height_mm, abs=TOLERANCE_MM)
        assert (width > height) is landscape
        assert section.orientation == (WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT)
        # A landscape page is the portrait sheet turned a quarter clockwise (§8).
        expected = (
            (m.left_mm, m.right_mm, m.bottom_mm, m.top_mm)
            if landscape
            else (m.top_mm, m.bottom_mm, m.left_mm, m.right_mm)
        )
        margins = (
            section.top_margin.mm,
            section.bottom_margin.mm,
            section.left_margin.mm,
            section.right_margin.mm,
        )
        assert margins == pytest.approx(expected, abs=TOLERANCE_MM)


def test_the_document_grid_is_22_lines_of_28_characters(
    rendered: Rendered, profile: LayoutProfile
) -> None:
    grids = list(rendered.parts["word/document.xml"].iter(qn("w:docGrid")))
    assert len(grids) == len(rendered.document.sections)
    type_width = profile.type_area_width_mm * MM_TO_PT
    type_height = profile.type_area_height_mm * MM_TO_PT
    for grid in grids:
        assert w(grid, "type") == "linesAndChars"
        pitch = int(w(grid, "linePitch") or 0) / 20
        assert pitch == pytest.approx(profile.grid.line_pitch_pt, abs=0.05)
        assert int(type_height // pitch) == profile.grid.lines_per_page
        char_pitch = profile.body.size_pt + int(w(grid, "charSpace") or 0) / 4096
        assert round(type_width / char_pitch) == profile.grid.chars_per_line


@pytest.mark.parametrize("script", SCRIPTS)
def test_body_text_tracking_fits_28_characters_of_the_named_font_on_a_line(
    rendered_by_script: dict[Script, Rendered], profile: LayoutProfile, script: Script
) -> None:
    """The body's character spacing fits 28 characters of the font the DOCX names on a line:
    an office face of 1 em when it is not installed here, whatever face the PDF embeds."""
    from reportgen.fonts.policy import plan_fonts, texts_by_role

    rendered = rendered_by_script[script]
    body = style_element(rendered, STYLE_NAMES["gw-para"])
    spacing_pt = int(w(body.find(f"{qn('w:rPr')}/{qn('w:spacing')}"), "val") or 0) / 20
    fonts = plan_fonts(profile, script, texts_by_role(rendered.html, profile))
    face_pt = fonts.docx_advance("fangsong") * profile.body.size_pt
    type_width = profile.type_area_width_mm * MM_TO_PT
    assert int(type_width // (face_pt + spacing_pt)) == profile.grid.chars_per_line
    assert spacing_pt < 0  # the office faces are 1 em wide: tracked together, not apart


def test_a_docx_naming_a_narrow_face_is_tracked_as_the_pdf_is(
    circular_html: str, tmp_path: Path
) -> None:
    """A profile that names cwTeX 仿宋 (0.92 em) itself for the body gets the PDF's letter
    spacing for it in the DOCX, to the twip below: both put 28 of its characters on a line."""
    from reportgen.fonts.policy import plan_fonts, texts_by_role
    from reportgen.layout.profile import load_profile
    from reportgen.writers.pdf.css import tracking_pt

    override = tmp_path / "narrow.yaml"
    override.write_text(
        "fonts:\n  fangsong:\n    traditional:\n      - {family: cwTeXFangSong, style: 仿宋}\n",
        encoding="utf-8",
    )
    narrow = load_profile(override)
    rendered = _render(circular_html, narrow, "traditional")
    body = style_element(rendered, STYLE_NAMES["gw-para"])
    spacing_pt = int(w(body.find(f"{qn('w:rPr')}/{qn('w:spacing')}"), "val") or 0) / 20
    fonts = plan_fonts(narrow, "traditional", texts_by_role(circular_html, narrow))
    if fonts.embedded_face("fangsong") is None:
        pytest.skip("cwTeX 仿宋 is not installed")
    assert fonts.docx_advance("fangsong") == pytest.approx(0.92, abs=0.01)
    pdf_spacing = tracking_pt(narrow, fonts, element_style(narrow, "gw-para"))
    assert spacing_pt > 0
    assert 0 <= pdf_spacing - spacing_pt < 0.05


# --- styles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_vocabulary_class_has_a_named_style_in_its_roles_font(
    rendered_by_script: dict[Script, Rendered], profile: LayoutProfile, script: Script
) -> None:
    rendered = rendered_by_script[script]
    for cls, name in STYLE_NAMES.items():
        style = style_element(rendered, name)
        assert w(style, "type") == "paragraph"
        expected = element_style(profile, cls)
        family = profile.fonts.role(expected.role).choices(script)[0].family
        fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert (w(fonts, "eastAsia"), w(fonts, "ascii"), w(fonts, "hAnsi")) == (family,) * 3, name
        size = style.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        assert int(w(size, "val") or 0) / 2 == expected.size_pt, name
        color = style.find(f"{qn('w:rPr')}/{qn('w:color')}")
        assert w(color, "val") == profile.color(expected.color).lstrip("#").upper(), name


@pytest.mark.parametrize(
    ("script", "family"), [("simplified", "方正小标宋简体"), ("traditional", "方正小标宋繁体")]
)
def test_the_title_style_is_22_pt_xiaobiaosong(
    rendered_by_script: dict[Script, Rendered], script: Script, family: str
) -> None:
    style = rendered_by_script[script].document.styles[STYLE_NAMES["gw-title"]]
    assert style.font.size is not None and style.font.size.pt == 22
    fonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert w(fonts, "eastAsia") == family


@pytest.mark.parametrize(
    ("script", "language"), [("simplified", "zh-CN"), ("traditional", "zh-TW")]
)
def test_no_theme_fonts_and_the_defaults_name_the_body_font(
    rendered_by_script: dict[Script, Rendered],
    profile: LayoutProfile,
    script: Script,
    language: str,
) -> None:
    styles = rendered_by_script[script].parts["word/styles.xml"]
    for fonts in styles.iter(qn("w:rFonts")):
        themed = [name for name in fonts.attrib if "theme" in name.lower()]
        assert themed == []
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    body_font = profile.fonts.role(profile.body.role).choices(script)[0].family
    assert w(defaults.find(qn("w:rFonts")), "eastAsia") == body_font
    assert w(defaults.find(qn("w:lang")), "eastAsia") == language


def test_body_lines_are_exactly_the_grid_pitch_but_table_lines_are_not(
    rendered: Rendered, profile: LayoutProfile
) -> None:
    pitch = round(profile.grid.line_pitch_pt * 20)
    for cls in ("gw-para", "gw-h1", "gw-h2", "gw-addressee"):
        spacing = style_element(rendered, STYLE_NAMES[cls]).find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        assert (w(spacing, "lineRule"), w(spacing, "line")) == ("exact", str(pitch)), cls
    table_line = round(profile.table.size_pt * profile.table.line_height * 20)
    for cls in ("gw-table", "gw-table-head"):
        spacing = style_element(rendered, STYLE_NAMES[cls]).find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        assert int(w(spacing, "line") or 0) == table_line != pitch, cls


def test_body_paragraphs_are_indented_two_characters(rendered: Rendered) -> None:
    indent = style_element(rendered, STYLE_NAMES["gw-para"]).find(f"{qn('w:pPr')}/{qn('w:ind')}")
    assert w(indent, "firstLineChars") == "200"


def test_the_mark_is_red_centred_and_first(
    rendered: Rendered, profile: LayoutProfile, plan: Plan
) -> None:
    mark = rendered.document.styles[STYLE_NAMES["gw-mark"]]
    assert str(mark.font.color.rgb) == profile.colors.red.lstrip("#").upper()
    first = rendered.document.paragraphs[0]
    assert first.style is not None and first.style.name == STYLE_NAMES["gw-mark"]
    assert first.text == plan.document.header_mark
    jc = style_element(rendered, STYLE_NAMES["gw-mark"]).find(f"{qn('w:pPr')}/{qn('w:jc')}")
    assert w(jc, "val") == "center"


def test_a_red_rule_lies_under_the_document_number(
    rendered: Rendered, profile: LayoutProfile
) -> None:
    number = rendered.document.paragraphs[1]
    assert number.style is not None and number.style.name == STYLE_NAMES["gw-docnum"]
    bottom = number._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert w(bottom, "color") == profile.colors.red.lstrip("#").upper()
    thickness_mm = int(w(bottom, "sz") or 0) / 8 / MM_TO_PT
    assert thickness_mm == pytest.approx(profile.red_rule.thickness_mm, abs=0.05)


def test_every_paragraph_uses_a_vocabulary_style(rendered: Rendered) -> None:
    names = set(STYLE_NAMES.values())
    for paragraph in all_paragraphs(rendered):
        assert paragraph.style is not None and paragraph.style.name in names, paragraph.text


def test_run_in_headings_use_the_level_two_character_style(
    rendered: Rendered, profile: LayoutProfile, plan: Plan
) -> None:
    style = rendered.document.styles["二级标题 字符"]
    fonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    kaiti = profile.fonts.role(profile.headings[1].role).choices(plan.document.script)[0]
    assert w(fonts, "eastAsia") == kaiti.family
    runins = [
        run.text
        for paragraph in rendered.document.paragraphs
        for run in paragraph.runs
        if run.style is not None and run.style.name == "二级标题 字符"
    ]
    assert runins[0] == f"（一）{plan.measures[0].heading}。"
    assert len(runins) == len(plan.measures)


# --- content ---------------------------------------------------------------------------------


def test_the_text_of_the_notice_and_plan_is_present_in_order(rendered: Rendered) -> None:
    root = lxml_html.document_fromstring(rendered.html)
    expected = [
        squeeze(element.text_content())
        for element in root.iter("p", "h1", "h2", "h3", "h4", "h5")
        if squeeze(element.text_content())
    ]
    text = squeeze("".join(p.text for p in rendered.document.paragraphs))
    position = 0
    for block in expected:
        found = text.find(block, position)
        assert found >= 0, block
        position = found + len(block)


def test_title_lines_break_as_in_the_html(
    rendered: Rendered, plan: Plan, profile: LayoutProfile
) -> None:
    title = next(
        p
        for p in rendered.document.paragraphs
        if p.style is not None and p.style.name == STYLE_NAMES["gw-title"]
    )
    lines = circular_context(plan, profile)["title_lines"]
    assert title.text.split("\n") == lines


def test_the_signature_stands_where_the_html_says(
    rendered: Rendered, profile: LayoutProfile
) -> None:
    root = lxml_html.document_fromstring(rendered.html)
    date_indent = float(root.find_class("gw-sign-date")[0].get("data-indent-left"))
    date = next(
        p
        for p in rendered.document.paragraphs
        if p.style is not None and p.style.name == STYLE_NAMES["gw-sign-date"]
    )
    assert date.paragraph_format.left_indent is not None
    assert date.paragraph_format.left_indent.pt == pytest.approx(
        date_indent * profile.char_pitch_pt, abs=0.1
    )
    name_style = style_element(rendered, STYLE_NAMES["gw-sign-name"])
    indent = name_style.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    assert int(w(indent, "rightChars") or 0) == round(
        profile.signature.name_right_indent_chars * 100
    )


def test_the_schedule_table_holds_the_yaml_cells(rendered: Rendered, plan: Plan) -> None:
    table = rendered.parts["word/document.xml"].find(f".//{qn('w:tbl')}")
    rows = table.findall(qn("w:tr"))
    headers = plan.schedule.headers
    head = [headers.project, headers.year] + [plan.column_name(c) for c in plan.columns]
    assert [cell_text(tc) for tc in rows[0].findall(qn("w:tc"))] == head
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    body = iter(rows[1:])
    for project in plan.schedule.projects:
        for index, row in enumerate(project.rows):
            cells = next(body).findall(qn("w:tc"))
            assert len(cells) == len(head)
            merge = cells[0].find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            if len(project.rows) == 1:
                assert merge is None
                assert cell_text(cells[0]) == project.label
            elif index == 0:
                assert w(merge, "val") == "restart"
                assert cell_text(cells[0]) == project.label
            else:
                assert merge is not None and w(merge, "val") in {None, "continue"}
                assert cell_text(cells[0]) == ""
            assert cell_text(cells[1]) == str(row.year)
            expected = ["\n".join(row.cells.get(c, "").splitlines()) for c in plan.columns]
            assert [cell_text(tc) for tc in cells[2:]] == expected
    assert next(body, None) is None


def test_the_colophon_sits_framed_at_the_bottom_of_the_last_section(
    rendered: Rendered, plan: Plan, profile: LayoutProfile
) -> None:
    colophon = plan.document.colophon
    assert colophon is not None
    last = body_blocks_by_section(rendered)[-1]
    framed = [p for p in last if p.find(f"{qn('w:pPr')}/{qn('w:framePr')}") is not None]
    assert framed, "no framed colophon paragraph"
    text = squeeze("".join(cell_text(p) for p in framed))
    assert colophon.printed_by in text and "印發" in text
    for p in framed:
        frame = p.find(f"{qn('w:pPr')}/{qn('w:framePr')}")
        assert (w(frame, "yAlign"), w(frame, "vAnchor")) == ("bottom", "margin")
    thick = round(profile.colophon.first_last_rule_mm * MM_TO_PT * 8)
    top = framed[0].find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:top')}")
    bottom = framed[-1].find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert int(w(top, "sz") or 0) == int(w(bottom, "sz") or 0) == thick


def test_odd_and_even_footers_carry_the_page_number(
    rendered: Rendered, profile: LayoutProfile
) -> None:
    document = rendered.document
    assert document.settings.odd_and_even_pages_header_footer
    first = document.sections[0]
    before, _, after = profile.page_number.format.partition("{n}")
    for footer, side in ((first.footer, "right"), (first.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        assert paragraph.style is not None and paragraph.style.name == STYLE_NAMES["gw-page-number"]
        assert paragraph.text == f"{before}1{after}"
        assert paragraph.text.startswith("—") and paragraph.text.endswith("—")
        p = paragraph._p
        kinds = [w(f, "fldCharType") for f in p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert "PAGE" in "".join(t.text or "" for t in p.iter(qn("w:instrText")))
        indent = paragraph.paragraph_format.left_indent
        if side == "left":
            assert paragraph.paragraph_format.alignment == 0  # WD_ALIGN_PARAGRAPH.LEFT
            assert indent is not None
            assert indent.pt == pytest.approx(profile.char_pitch_pt, abs=0.1)
    style = style_element(rendered, STYLE_NAMES["gw-page-number"])
    assert w(style.find(f"{qn('w:pPr')}/{qn('w:jc')}"), "val") == "right"
    assert w(style.find(f"{qn('w:pPr')}/{qn('w:ind')}"), "rightChars") == "100"
    assert int(w(style.find(f"{qn('w:rPr')}/{qn('w:sz')}"), "val") or 0) == 28


def test_landscape_pages_and_the_colophon_page_keep_the_numbers(
    rendered: Rendered,
) -> None:
    # GB/T 9704 §7.5: only a blank page before the 版記 page would leave both unnumbered;
    # the circular has none, so every portrait section has the first one's numbered footers
    # and every landscape section its own, the number turned with the sheet (§8).
    document = rendered.document
    sections = document.sections
    assert any(s.orientation == WD_ORIENT.LANDSCAPE for s in sections)
    for kind in (WD_HEADER_FOOTER.PRIMARY, WD_HEADER_FOOTER.EVEN_PAGE):
        parts = []
        for section in sections:  # a section without a reference has the one before's
            reference = section._sectPr.get_footerReference(kind)
            has = reference is not None
            parts.append(document.part.related_parts[reference.rId] if has else parts[-1])
        for section, part in zip(sections, parts, strict=True):
            if section.orientation != WD_ORIENT.LANDSCAPE:
                assert part is parts[0]
                continue
            assert part is not parts[0]
            cells = list(part.element.iter(qn("w:tc")))
            assert len(cells) == 1
            direction = cells[0].find(f"{qn('w:tcPr')}/{qn('w:textDirection')}")
            assert w(direction, "val") == "tbRl"
            assert "PAGE" in "".join(t.text or "" for t in cells[0].iter(qn("w:instrText")))


def test_document_properties_come_from_the_html(rendered: Rendered, plan: Plan) -> None:
    core = rendered.document.core_properties
    assert core.title == plan.document.title
    assert core.author == plan.document.issuer
    assert core.subject == plan.plan.title
    assert str(plan.document.doc_number) in core.keywords
    assert core.created is not None and core.created.date() == plan.document.date
    assert core.modified is not None and core.modified.date() == plan.document.date


def test_two_renders_give_the_same_bytes(
    rendered: Rendered, profile: LayoutProfile, plan: Plan
) -> None:
    again = render_docx(rendered.html, profile, script=plan.document.script)
    assert again.data == rendered.docx.data
    with zipfile.ZipFile(io.BytesIO(again.data)) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_an_unknown_element_is_kept_as_text_with_a_warning(profile: LayoutProfile) -> None:
    html = (
        "<html><head><meta name='dcterms.created' content='2021-01-18'></head><body>"
        "<section class='gw-section' data-orientation='portrait'>"
        "<p class='gw-para'>前文<em>強調</em>後文</p>"
        "<blockquote>未知段落</blockquote>"
        "<p class='gw-mystery'>怪類</p>"
        "</section></body></html>"
    )
    result = render_docx(html, profile, script="traditional")
    text = squeeze("".join(p.text for p in docx.Document(io.BytesIO(result.data)).paragraphs))
    assert "前文強調後文" in text and "未知段落" in text and "怪類" in text
    joined = "\n".join(result.warnings)
    assert "<em>" in joined and "<blockquote>" in joined and "gw-mystery" in joined
    styles = {
        p.style.name
        for p in docx.Document(io.BytesIO(result.data)).paragraphs
        if p.style is not None
    }
    assert styles == {STYLE_NAMES["gw-para"]}


def test_signer_line_and_sample_mark(profile: LayoutProfile) -> None:
    html = (
        "<html><body><section class='gw-section'>"
        "<p class='gw-sample'>示例</p><p class='gw-mark'>紹興市教育局</p>"
        "<p class='gw-docnum'><span class='gw-docnum-text'>紹教〔2022〕3號</span>"
        "<span class='gw-signer'><span class='gw-signer-label'>簽發人：</span>"
        "<span class='gw-signer-name'>王某</span></span></p><hr class='gw-redline'>"
        "</section></body></html>"
    )
    result = render_docx(html, profile, script="traditional")
    assert [m for m in result.warnings if "dcterms" not in m] == []
    document = docx.Document(io.BytesIO(result.data))
    sample, _mark, number = document.paragraphs[:3]
    frame = sample._p.find(f"{qn('w:pPr')}/{qn('w:framePr')}")
    assert (w(frame, "xAlign"), w(frame, "yAlign")) == ("right", "top")
    assert number.text == "紹教〔2022〕3號\t簽發人：王某"
    styles = [run.style.name for run in number.runs if run.style is not None]
    assert styles[-2:] == ["签发人", "签发人姓名"]
    tab = number._p.find(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}")
    assert w(tab, "val") == "right"
    assert number._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None


def test_a_font_chooser_overrides_the_profiles_first_fonts(
    circular_html: str, profile: LayoutProfile
) -> None:
    result = render_docx(circular_html, profile, script="simplified", font_family=lambda r: r)
    document = docx.Document(io.BytesIO(result.data))
    fonts = document.styles[STYLE_NAMES["gw-title"]].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert w(fonts, "eastAsia") == "xiaobiaosong"


def test_a_missing_document_date_gives_no_date_not_the_clock(profile: LayoutProfile) -> None:
    html = (
        "<html><body><section class='gw-section'><p class='gw-para'>文</p></section></body></html>"
    )
    first = render_docx(html, profile, script="simplified")
    assert first.warnings == []
    properties = docx.Document(io.BytesIO(first.data)).core_properties
    assert properties.created is None
    assert properties.modified is None
    assert render_docx(html, profile, script="simplified").data == first.data


def test_a_malformed_document_date_is_a_warning(profile: LayoutProfile) -> None:
    html = (
        "<html><head><meta name='dcterms.created' content='2021-13-45'></head><body>"
        "<section class='gw-section'><p class='gw-para'>文</p></section></body></html>"
    )
    result = render_docx(html, profile, script="simplified")
    assert any("dcterms.created" in warning for warning in result.warnings)
    created = docx.Document(io.BytesIO(result.data)).core_properties.created
    assert created is not None and created.date() == dt.date(1980, 1, 1)


# --- LibreOffice: a real client opens the file -----------------------------------------------


@dataclass
class LibreOfficeRendering:
    pdf: Path
    pages: int
    text: str


@pytest.fixture(scope="module")
def libreoffice_rendering(
    rendered: Rendered, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LibreOfficeRendering]:
    workdir = tmp_path_factory.mktemp("libreoffice")
    pdf = libreoffice_pdf(rendered.docx.data, workdir)
    yield LibreOfficeRendering(pdf, pdf_page_count(pdf), squeeze(pdf_text(pdf)))


@needs_libreoffice
def test_libreoffice_opens_the_docx_and_shows_its_text(
    libreoffice_rendering: LibreOfficeRendering, plan: Plan, record_property: Any
) -> None:
    record_property("libreoffice_pages", libreoffice_rendering.pages)
    text = libreoffice_rendering.text
    for paragraph in plan.document.body:
        assert squeeze(paragraph) in text
    assert squeeze(plan.plan.preamble) in text
    for measure in plan.measures:
        assert squeeze(measure.text) in text, measure.heading
    assert libreoffice_rendering.pages > 1


@needs_libreoffice
def test_libreoffice_and_weasyprint_agree_on_the_page_count_within_one(
    libreoffice_rendering: LibreOfficeRendering,
    circular_html: str,
    plan: Plan,
    profile: LayoutProfile,
    record_property: Any,
) -> None:
    pdfwriter = pytest.importorskip("reportgen.writers.pdf.writer")
    fonts_module = pytest.importorskip("reportgen.fonts.policy")
    from reportgen.resources import templates_dir

    fonts = fonts_module.plan_fonts(
        profile, plan.document.script, fonts_module.texts_by_role(circular_html, profile)
    )
    pdf = pdfwriter.render_pdf(circular_html, profile, fonts, base_dirs=[templates_dir()])
    record_property("weasyprint_pages", pdf.pages)
    assert abs(libreoffice_rendering.pages - pdf.pages) <= 1
