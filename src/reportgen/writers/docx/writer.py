"""The DOCX writer: semantic HTML (the closed vocabulary) → a Word document with named styles.

Input: the HTML a template rendered, the layout profile, the script (simplified/traditional)
and optionally the font to name per role. Output: `RenderedDocx`, the .docx bytes (the same
inputs always give the same bytes) and a warning for every element outside the vocabulary,
whose text is kept as plain 正文 rather than dropped.

Stages: styles from the profile (`styles`), the body walked block by block into Word
sections (`_BodyWriter`), tables (`tables`), page-number footers and document
properties (`parts`), and a deterministic package (`ooxml.package.normalize_package`).
"""

from __future__ import annotations

import io
import re
import threading
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import docx

from ...fonts.policy import FontPlan, plan_fonts, texts_by_role
from ...layout import tablefit
from ...layout.profile import MM_TO_PT, PARAGRAPH_STYLE_CLASSES, LayoutProfile, Role, Script
from ...layout.styles import JOINT_LINE_FACTOR, JOINT_SUFFIX_GAP_EM
from ...render.vocabulary import ALL_CLASSES
from ...zh.text import text_width_chars
from ..textcheck import parse_html
from . import parts as docxparts
from . import styles as docxstyles
from . import tables as docxtables
from .ooxml import elements as ooxml
from .ooxml import package as ooxmlpackage
from .ooxml import structure as ooxmlstructure
from .ooxml.elements import Element, Frame, Indent, ParagraphFormat, Rule, RunFormat, qn
from .ooxml.structure import PageSetup
from .styles import StyleSheet

HtmlElement = Any
"""An lxml.html element (lxml is untyped)."""

PARAGRAPH_CLASSES = (
    frozenset(PARAGRAPH_STYLE_CLASSES)
    - {"gw-table", "gw-table-head", "gw-colophon", "gw-page-number"}
) | {"gw-cc", "gw-printed"}
"""Block classes that become one paragraph in their named style."""

EAST_ASIA_LANGUAGE: dict[Script, str] = {"simplified": "zh-CN", "traditional": "zh-TW"}
FONT_CHARSET: dict[Script, str] = {"simplified": "86", "traditional": "88"}
_SPACES = re.compile(r"[ \t\n\r\f]+")
"""HTML white space; U+3000 (a blank left for a number or a date to be filled in) is text."""
_HTML_SPACE = " \t\n\r\f"
JOINT_NAMES_SLACK_PT = 8.0
"""Room the widest name of a joint mark leaves on its line (see `_joint_mark`)."""
MARK_SLACK_PT = 1.0
"""Room the header mark leaves on its line: a mark exactly as wide as the type area (the
size the context fits long names to) wraps in LibreOffice, which rounds to twips."""


@dataclass(frozen=True)
class RenderedDocx:
    """A rendered Word document: the .docx bytes and what could not be mapped."""

    data: bytes
    warnings: list[str] = field(default_factory=list)


def first_fonts(profile: LayoutProfile, script: Script) -> Callable[[Role], str]:
    """The font Word names for each role: the first listed for that role and script."""
    return lambda role: profile.fonts.role(role).choices(script)[0].family


def render_docx(
    html: str,
    profile: LayoutProfile,
    *,
    script: Script,
    font_family: Callable[[Role], str] | None = None,
    fonts: FontPlan | None = None,
) -> RenderedDocx:
    """Render the semantic HTML `html` as a Word document laid out by `profile`.

    `fonts` is the font plan the PDF of the same document uses (made from `html` when not
    given): the font table names its faces as the alternates of the office fonts.
    """
    return save_docx(build_docx(html, profile, script=script, font_family=font_family, fonts=fonts))


@dataclass(frozen=True)
class BuiltDocx:
    """A Word document built in memory, not yet saved: `render_docx`'s first step."""

    document: Any
    """python-docx's `Document`."""
    warnings: list[str]
    font_table: bytes
    """The `word/fontTable.xml` part that replaces the template's."""


def build_docx(
    html: str,
    profile: LayoutProfile,
    *,
    script: Script,
    font_family: Callable[[Role], str] | None = None,
    fonts: FontPlan | None = None,
) -> BuiltDocx:
    """The first step of `render_docx`: the document's body, footers and properties."""
    root = parse_html(html)
    font_of = font_family or first_fonts(profile, script)
    language = EAST_ASIA_LANGUAGE[script]
    if fonts is None:
        fonts = plan_fonts(profile, script, texts_by_role(html, profile))
    base = base_package(profile, font_of, fonts.docx_advance, script)
    font_table = ooxmlpackage.font_table_xml(
        docxparts.font_declarations(fonts, font_of, FONT_CHARSET[script])
    )
    document = docx.Document(io.BytesIO(base.data))
    sheet = base.sheet
    writer = _BodyWriter(document.element.body, profile, sheet, fonts)
    writer.part = document.part
    writer.optional_style = lambda cls: docxstyles.ensure_optional_style(
        document.styles.element, profile, cls, font_of, fonts.docx_advance
    )
    writer.write(root.find("body"))
    letter = bool(root.find_class("gw-letter-head"))
    docxparts.add_page_numbers(
        document, profile, sheet, [s.setup for s in writer.sections], first_unnumbered=letter
    )
    meta = docxparts.read_meta(root)
    warnings = writer.warnings + docxparts.set_core_properties(document, meta, language)
    docxparts.drop_template_extras(document)
    return BuiltDocx(document, warnings, font_table)


def save_docx(built: BuiltDocx) -> RenderedDocx:
    """The second step of `render_docx`: the package's bytes, deterministic."""
    buffer = io.BytesIO()
    built.document.save(buffer)
    replacements = {
        "word/fontTable.xml": built.font_table,
        "docProps/app.xml": ooxmlpackage.app_properties_xml("reportgen"),
    }
    data = ooxmlpackage.normalize_package(buffer.getvalue(), replacements)
    return RenderedDocx(data, built.warnings)


@dataclass(frozen=True)
class BasePackage:
    """python-docx's template with a profile's styles and settings installed, saved.

    Every document of one profile, font choice and script starts from these bytes: opening
    them skips parsing the template's 430 kB of styles and installing ours again, and gives
    the same document as doing both.
    """

    data: bytes
    sheet: StyleSheet


_BASE_PACKAGES: dict[
    tuple[int, str, tuple[tuple[str, float], ...]], tuple[LayoutProfile, BasePackage]
] = {}
_BASE_PACKAGES_LOCK = threading.Lock()
_BASE_PACKAGES_KEPT = 8


def base_package(
    profile: LayoutProfile,
    font_of: Callable[[Role], str],
    advance_of: Callable[[Role], float],
    script: Script,
) -> BasePackage:
    """The base package of `profile` with the fonts `font_of` names, tracked for faces of the
    advances `advance_of` gives (`FontPlan.docx_advance`), made once per process.

    Kept for the last few profiles (by identity: the pipeline parses a profile once) and font
    choices; a profile object held here cannot be collected, so its id is never reused.
    """
    roles = typing.get_args(Role)
    fonts = tuple((font_of(role), advance_of(role)) for role in roles)
    key = (id(profile), script, fonts)
    with _BASE_PACKAGES_LOCK:
        cached = _BASE_PACKAGES.get(key)
    if cached is not None and cached[0] is profile:
        return cached[1]
    language = EAST_ASIA_LANGUAGE[script]
    document = docx.Document()
    sheet = docxstyles.install_styles(
        document.styles.element, profile, font_of, advance_of, language
    )
    ooxmlstructure.configure_settings(document.settings.element, language)
    buffer = io.BytesIO()
    document.save(buffer)
    made = BasePackage(buffer.getvalue(), sheet)
    with _BASE_PACKAGES_LOCK:
        while len(_BASE_PACKAGES) >= _BASE_PACKAGES_KEPT:
            del _BASE_PACKAGES[next(iter(_BASE_PACKAGES))]
        _BASE_PACKAGES[key] = (profile, made)
    return made


def vocabulary_class(element: HtmlElement) -> str | None:
    """The first vocabulary class of `element`, or None."""
    for name in (element.get("class") or "").split():
        if name in ALL_CLASSES:
            return name
    return None


def describe(element: HtmlElement) -> str:
    """A short name for an element in warnings: <tag class="…">."""
    cls = element.get("class")
    return f'<{element.tag} class="{cls}">' if cls else f"<{element.tag}>"


@dataclass
class _Section:
    """One Word section: its page."""

    setup: PageSetup


class _BodyWriter:
    """Walks the HTML body and appends Word paragraphs, tables and section breaks."""

    def __init__(
        self, body: Element, profile: LayoutProfile, sheet: StyleSheet, fonts: FontPlan
    ) -> None:
        """Write into `body` (a `w:body`) with the styles of `sheet`; `fonts` is the PDF's
        font plan, whose faces the head's spacing follows."""
        self.body = body
        self.fonts = fonts
        self.end = body.sectPr
        self.profile = profile
        self.sheet = sheet
        self.sections: list[_Section] = []
        self.warnings: list[str] = []
        self.previous: str | None = None
        """The class of the block written last in this section (for spacing by neighbour)."""
        self.mark_size_pt = profile.header_mark.size_pt
        """The size of the header mark written last (the 發文字號's space follows it)."""
        self._letter_head_offset = False
        self.part: Any = None
        """python-docx's document part, which holds the pictures."""
        self.sealed_before_mm = 0.0
        self.sealed_line: Element | None = None
        """The 署名 line of a sealed signature, which its seals are anchored to."""
        self.rule_room_pt = 0.0
        """The room of a pre-printed red rule, added above the title that follows it."""
        self.letter_room_pt = 0.0
        """The room a letter's last head line leaves under its exact line, added above the
        title that follows it."""
        self.optional_style: Callable[[str], str] = lambda cls: self.sheet.paragraph_id(cls)
        """The style id of a class of `OPTIONAL_STYLE_CLASSES`, installed when first used."""

    # --- structure ---------------------------------------------------------------------

    def write(self, body: HtmlElement) -> None:
        """Write every section of the HTML `body`, then the final section properties."""
        if body is not None:
            self._blocks(body, top_level=True)
        if not self.sections:
            self.sections.append(_Section(self._page_setup(False, True)))
        if self.end.getprevious() is None:
            self._paragraph_element(self.sheet.paragraph_id("gw-para"))
        last = ooxmlstructure.section_properties(self.sections[-1].setup)
        ooxmlstructure.set_body_section(self.body, last)

    def _blocks(self, container: HtmlElement, *, top_level: bool = False) -> None:
        """Write the block children of `container`; at top level, sections start Word sections."""
        self._stray_text(container, container.text)
        for child in container:
            if isinstance(child.tag, str):
                if top_level and vocabulary_class(child) == "gw-section":
                    self._section(child)
                else:
                    if not self.sections:
                        self.sections.append(_Section(self._page_setup(False, True)))
                    self._block(child)
            self._stray_text(container, child.tail)

    def _section(self, element: HtmlElement) -> None:
        """Start a Word section for a `section.gw-section` (new page on data-break=page or a
        change of orientation) and write its blocks."""
        landscape = element.get("data-orientation") == "landscape"
        new_page = element.get("data-break") == "page" or not self.sections
        if self.sections:
            new_page = new_page or self.sections[-1].setup.landscape != landscape
            self._close_section()
        self.sections.append(_Section(self._page_setup(landscape, new_page)))
        self.previous = None
        self._blocks(element)

    def _close_section(self) -> None:
        """End the current Word section at its last paragraph (adding one after a table)."""
        last = self.end.getprevious()
        if last is None or last.tag != qn("w:p") or last.find(".//" + qn("w:sectPr")) is not None:
            last = self._paragraph_element(self.sheet.paragraph_id("gw-table"))
        ooxmlstructure.end_section_at(
            last, ooxmlstructure.section_properties(self.sections[-1].setup)
        )

    def _page_setup(self, landscape: bool, new_page: bool) -> PageSetup:
        """A4 with the profile's margins. A landscape page is the portrait sheet turned a
        quarter clockwise (GB/T 9704 §8, as the PDF does it): its top margin is the portrait
        left (binding) margin, its right the portrait top, and so on; the type area is the
        same rectangle of the sheet. Its page number stands turned in its left margin, the
        sheet's bottom edge (`docxparts.add_page_numbers`)."""
        p = self.profile
        m = p.margins
        top, right, bottom, left = (
            (m.left_mm, m.top_mm, m.right_mm, m.bottom_mm)
            if landscape
            else (m.top_mm, m.right_mm, m.bottom_mm, m.left_mm)
        )
        number = p.page_number
        footer_mm = bottom - number.below_type_area_mm - number.size_pt / MM_TO_PT
        return PageSetup(
            width_mm=p.page.width_mm,
            height_mm=p.page.height_mm,
            landscape=landscape,
            top_mm=top,
            bottom_mm=bottom,
            left_mm=left,
            right_mm=right,
            footer_mm=max(0.0, footer_mm),
            line_pitch_pt=p.grid.line_pitch_pt,
            char_pitch_pt=p.char_pitch_pt,
            default_size_pt=p.body.size_pt,
            new_page=new_page,
        )

    def _type_width_twips(self) -> int:
        """The width of the current section's type area."""
        setup = self.sections[-1].setup
        paper = setup.height_mm if setup.landscape else setup.width_mm
        return ooxml.mm_to_twips(paper - setup.left_mm - setup.right_mm)

    # --- blocks ------------------------------------------------------------------------

    def _block(self, element: HtmlElement) -> None:
        """Write one block element and remember its class for the next one's spacing."""
        cls = vocabulary_class(element)
        self._dispatch(element, cls)
        self.previous = cls

    def _dispatch(self, element: HtmlElement, cls: str | None) -> None:
        """Write `element` by its vocabulary class; anything else is kept as text, warned."""
        if cls in PARAGRAPH_CLASSES:
            self._paragraph(element, cls)
        elif cls == "gw-redline" and element.get("data-preprinted"):
            self._preprinted_rule()
        elif cls == "gw-redline":
            self._red_rule()
        elif cls == "gw-head-elements":
            self._head_elements(element)
        elif cls == "gw-letterhead" and element.get("data-format") == "letter":
            self._letter_space()
        elif cls == "gw-letterhead":
            self._letterhead_space(element)
        elif cls == "gw-joint-mark":
            self._joint_mark(element)
        elif cls == "gw-sealed-names":
            self._sealed_names(element)
        elif cls == "gw-seal":
            self._seal(element)
        elif cls == "gw-letter-mark":
            self._letter_mark(element)
        elif cls == "gw-letter-rule":
            self._letter_rule(element.get("data-edge") == "bottom")
        elif cls == "gw-letter-head":
            self._letter_head(element)
        elif cls == "gw-signature":
            self._blocks(element)
        elif cls == "gw-colophon":
            self._colophon(element)
        elif cls == "gw-table" and element.tag == "table":
            self._table(element)
        else:
            self._unknown_block(element)

    def _paragraph(self, element: HtmlElement, cls: str) -> Element:
        """A paragraph in the named style of `cls`, plus what the vocabulary asks directly."""
        p = self._paragraph_element(self.sheet.paragraph_id(cls))
        self._inline(p, element, None)
        _strip_trailing_space(p)
        self._space_by_neighbour(p, cls)
        if cls in {"gw-sign-name", "gw-sign-date"}:
            self._indent_override(p, element, cls)
        if cls == "gw-sign-name" and len(element.getparent().find_class("gw-sign-name")) > 1:
            self._keep_joint_signature(p)
        elif cls == "gw-mark":
            self._compress_to_fit(p, element)
        elif cls == "gw-docnum" and element.find_class("gw-signer"):
            self._signer_line(p)
        elif cls == "gw-sample":
            # Out of the flow at the type area's top right, as the PDF places it.
            fmt = ParagraphFormat(frame=Frame("right", "top"))
            ooxml.apply_paragraph_format(p.get_or_add_pPr(), fmt)
        return p

    def _paragraph_element(self, style_id: str) -> Element:
        """Append an empty `w:p` in `style_id` to the body and return it."""
        p = ooxml.new_paragraph(style_id)
        self.end.addprevious(p)
        return p

    def _unknown_block(self, element: HtmlElement) -> None:
        """An element outside the vocabulary: a container of known blocks is walked into;
        anything else becomes one 正文 paragraph of its text. Either way, a warning."""
        known_inside = [c for c in element.iter() if c is not element and vocabulary_class(c)]
        if any(vocabulary_class(c) not in PARAGRAPH_CLASSES for c in known_inside) or any(
            c.getparent() is element for c in known_inside
        ):
            self._warn(element, "is outside the vocabulary; its content is kept")
            self._blocks(element)
            return
        self._warn(element, "is outside the vocabulary; its text is kept as body text")
        text = _SPACES.sub(" ", element.text_content()).strip(_HTML_SPACE)
        if text:
            ooxml.add_run(self._paragraph_element(self.sheet.paragraph_id("gw-para")), text)

    def _stray_text(self, container: HtmlElement, text: str | None) -> None:
        """Text directly inside a container (not in a paragraph): kept as 正文, warned."""
        if text and text.strip():
            self._warn(container, f"holds loose text {text.strip()[:20]!r}; kept as body text")
            p = self._paragraph_element(self.sheet.paragraph_id("gw-para"))
            ooxml.add_run(p, _SPACES.sub(" ", text).strip())

    def _red_rule(self) -> None:
        """The red rule as a bottom border of the paragraph before it (the 發文字號), the
        width of the type area, `below_doc_number_mm` under the number's characters."""
        p = self.profile
        previous = self.end.getprevious()
        if previous is None or previous.tag != qn("w:p"):
            previous = self._paragraph_element(self.sheet.paragraph_id("gw-docnum"))
        below_text_pt = (p.grid.line_pitch_pt - p.doc_number.size_pt) / 2
        space = round(p.red_rule.below_doc_number_mm * MM_TO_PT - below_text_pt)
        rule = Rule(
            ooxml.border_eighths(p.red_rule.thickness_mm),
            p.colors.red.lstrip("#").upper(),
            max(0, min(31, space)),
        )
        ooxml.apply_paragraph_format(previous.get_or_add_pPr(), ParagraphFormat(bottom_rule=rule))

    # --- how the document is issued (issuance.py) ----------------------------------------

    def _optional_paragraph(self, element: HtmlElement, cls: str) -> Element:
        """A paragraph of `element`'s text in the optional style of `cls`."""
        p = self._paragraph_element(self.optional_style(cls))
        self._inline(p, element, None)
        _strip_trailing_space(p)
        return p

    def _head_elements(self, element: HtmlElement) -> None:
        """份號, 密級和保密期限, 緊急程度: framed at the type area's top left, one a line, out
        of the flow so the mark keeps its place (§7.2.1–7.2.3)."""
        self._stray_text(element, element.text)
        for child in element:
            if not isinstance(child.tag, str):
                continue
            cls = vocabulary_class(child)
            if cls not in {"gw-copy-number", "gw-secrecy", "gw-urgency"}:
                self._warn(child, "is outside the head elements' vocabulary; kept as a copy number")
                cls = "gw-copy-number"
            p = self._optional_paragraph(child, cls)
            fmt = ParagraphFormat(frame=Frame("left", "top"))
            ooxml.apply_paragraph_format(p.get_or_add_pPr(), fmt)
            self._stray_text(element, child.tail)

    def _letterhead_space(self, element: HtmlElement) -> None:
        """The room the printed mark of letterhead paper takes: an empty paragraph in the
        mark's style whose bottom lies where a drawn mark's would at `head_space_mm`."""
        p = self.profile
        mark_line = p.header_mark.size_pt * docxstyles.MARK_LINE_FACTOR
        height = (p.letterhead_paper.head_space_mm - p.margins.top_mm) * MM_TO_PT
        height += (mark_line - p.header_mark.size_pt) / 2
        para = self._paragraph_element(self.sheet.paragraph_id("gw-mark"))
        fmt = ParagraphFormat(before_pt=0, line_exact_pt=max(1.0, height))
        ooxml.apply_paragraph_format(para.get_or_add_pPr(), fmt)

    def _preprinted_rule(self) -> None:
        """The red rule's room without the rule, which the paper carries: the title that
        follows stands lower by the gap and the thickness the rule would take (as space
        before the title: LibreOffice takes the larger of two paragraphs' spacings, Word
        their sum)."""
        p = self.profile
        below_text_pt = (p.grid.line_pitch_pt - p.doc_number.size_pt) / 2
        space = max(0, min(31, round(p.red_rule.below_doc_number_mm * MM_TO_PT - below_text_pt)))
        self.rule_room_pt = space + ooxml.border_eighths(p.red_rule.thickness_mm) / 8

    # --- joint issuers (§7.2.4) -------------------------------------------------------------

    def _joint_mark(self, element: HtmlElement) -> None:
        """The names of joint issuers stacked, each spread over the widest's width (分散對齊),
        the first's em box `top_from_type_area_mm` under the type area; 文件 in a frame to
        their right, centred on them; the whole centred on the type area as in the PDF."""

        p = self.profile
        size = self._number(element, "data-size-pt", p.header_mark.size_pt)
        names_chars = self._number(element, "data-names-chars", 1.0)
        names = element.find_class("gw-mark-name")
        suffixes = element.find_class("gw-mark-suffix")
        line = size * JOINT_LINE_FACTOR
        names_pt = names_chars * size
        suffix_pt = (JOINT_SUFFIX_GAP_EM + 2) * size if suffixes else 0.0
        width_pt = self._type_width_twips() / 20
        left_pt = max(0.0, (width_pt - names_pt - suffix_pt) / 2)
        char = p.char_pitch_pt
        before = p.header_mark.top_from_type_area_mm * MM_TO_PT - (line - size) / 2
        for index, name in enumerate(names):
            para = self._spread_name(name, size)
            # LibreOffice wraps a line of this size filled to its last point: the names'
            # lines get a few points of room (their letters are spaced, not justified)
            slack = JOINT_NAMES_SLACK_PT
            right_pt = max(0.0, width_pt - left_pt - names_pt - slack)
            indent = Indent(char, left_pt / char, right_pt / char, in_chars=False)
            fmt = ParagraphFormat(
                align="left",
                before_pt=before if index == 0 else 0.0,
                line_exact_pt=line,
                indent=indent,
            )
            ooxml.apply_paragraph_format(para.get_or_add_pPr(), fmt)
        for suffix in suffixes:
            para = self._optional_paragraph(suffix, "gw-mark-name")
            top_pt = p.margins.top_mm * MM_TO_PT + before + (len(names) - 1) * line / 2
            x_pt = p.margins.left_mm * MM_TO_PT + left_pt + names_pt + JOINT_SUFFIX_GAP_EM * size
            frame = Frame(
                "left", "top", None, ooxml.pt_to_twips(top_pt), ooxml.pt_to_twips(x_pt), "none"
            )
            fmt = ParagraphFormat(
                align="left", line_exact_pt=line, frame=frame, indent=Indent(char)
            )
            ooxml.apply_paragraph_format(para.get_or_add_pPr(), fmt)
            for run in para.findall(qn("w:r")):
                ooxml.apply_run_format(run.get_or_add_rPr(), RunFormat(size_pt=size))

    def _keep_joint_signature(self, p: Element) -> None:
        """Joint issuers' 署名 lines stay on one page with the date and, for the first, with
        the body's last line (the PDF's break-inside and break-before: avoid)."""
        ooxml.apply_paragraph_format(p.get_or_add_pPr(), ParagraphFormat(keep_next=True))
        previous = p.getprevious()
        if previous is not None and previous.tag == qn("w:p"):
            ooxml.apply_paragraph_format(previous.get_or_add_pPr(), ParagraphFormat(keep_next=True))

    def _spread_name(self, element: HtmlElement, size: float) -> Element:
        """A joint issuer's name at `size`, spread by `data-spread-em` of letter spacing after
        every character but the last, as the PDF spreads it (分散對齊)."""
        para = self._paragraph_element(self.optional_style("gw-mark-name"))
        text = _SPACES.sub("", element.text_content())
        spread = self._number(element, "data-spread-em", 0.0)
        parts = [(text[:-1], round(spread * size * 20)), (text[-1:], 0)]
        for part, tracking in parts:
            if part:
                run = ooxml.add_run(para, part)
                fmt = RunFormat(size_pt=size, tracking_twips=tracking)
                ooxml.apply_run_format(run.get_or_add_rPr(), fmt)
        return para

    # --- seals (§7.3.5.1) -------------------------------------------------------------------

    def _sealed_names(self, element: HtmlElement) -> None:
        """The 署名 line of a sealed signature: each name at its `data-left` (in 字) by a
        left tab stop, the line `data-lines-above` lines under the body."""
        char = self.profile.char_pitch_pt
        previous = self.end.getprevious()
        if previous is not None and previous.tag == qn("w:p"):
            # the body's last line goes with the signature, as the PDF's break-before: avoid
            ooxml.apply_paragraph_format(previous.get_or_add_pPr(), ParagraphFormat(keep_next=True))
        p = self._paragraph_element(self.optional_style("gw-sealed-names"))
        stops = []
        self._stray_text(element, element.text)
        for span in element:
            if not isinstance(span.tag, str):
                continue
            left = self._number(span, "data-left", 0.0)
            stops.append(ooxml.pt_to_twips(left * char))
            ooxml.append_tab(ooxml.add_run(p))
            self._text(p, span.text_content(), None)
        lines = self._number(element.getparent(), "data-lines-above", 1.0)
        fmt = ParagraphFormat(
            before_pt=lines * self.profile.grid.line_pitch_pt,
            left_tabs_twips=tuple(stops),
            keep_next=True,
        )
        ooxml.apply_paragraph_format(p.get_or_add_pPr(), fmt)
        self.sealed_line = p
        self.sealed_before_mm = (fmt.before_pt or 0.0) / MM_TO_PT

    def _seal(self, element: HtmlElement) -> None:
        """A seal as a floating picture anchored to the 署名 line, where the PDF has it."""
        from ...documents.seals import seal_from_data_url
        from .seal import seal_run

        line = self.sealed_line
        if line is None:
            self._warn(element, "stands outside a sealed signature; left out")
            return
        seal = seal_from_data_url(element.get("src", ""), self.profile.seal)
        left_mm = self._number(element, "data-left", 0.0) * self.profile.char_pitch_pt / MM_TO_PT
        run = seal_run(
            self.part,
            seal,
            left_mm,
            # Word and LibreOffice measure from the paragraph's top, its space before included
            self.sealed_before_mm + self._number(element, "data-top-mm", 0.0),
            self._number(element, "data-width-mm", self.profile.seal.diameter_mm),
            self._number(element, "data-height-mm", self.profile.seal.diameter_mm),
        )
        line.append(run)

    # --- the letter format (§10.1) ---------------------------------------------------------

    def _letter_mark(self, element: HtmlElement) -> None:
        """The letter's mark in a frame whose em box's top lies `mark_top_mm` below the
        paper's top, centred on the type area."""
        letter = self.profile.letter
        p = self._optional_paragraph(element, "gw-letter-mark")
        size = self._number(element, "data-size-pt", letter.mark_size_pt)
        if size != letter.mark_size_pt:
            for run in p.findall(qn("w:r")):
                ooxml.apply_run_format(run.get_or_add_rPr(), RunFormat(size_pt=size))
        line = letter.mark_size_pt * docxstyles.MARK_LINE_FACTOR
        top_pt = letter.mark_top_mm * MM_TO_PT - (line - size) / 2
        frame = Frame("center", "top", self._type_width_twips(), ooxml.pt_to_twips(top_pt))
        ooxml.apply_paragraph_format(p.get_or_add_pPr(), ParagraphFormat(frame=frame))

    def _letter_rule_top_mm(self) -> float:
        """Where the letter's top double rule starts: `rule_below_mark_mm` under the mark."""
        letter = self.profile.letter
        return letter.mark_top_mm + letter.mark_size_pt / MM_TO_PT + letter.rule_below_mark_mm

    def _letter_rule(self, bottom: bool) -> None:
        """A red double rule, `rule_length_mm` long, centred on the paper, in a frame: an
        empty paragraph `gap_mm` high with a thick border on one side and a thin one on the
        other (the thick above at the top, below at the bottom)."""
        p, letter = self.profile, self.profile.letter
        red = p.colors.red.lstrip("#").upper()
        thick = Rule(ooxml.border_eighths(letter.thick_mm), red)
        thin = Rule(ooxml.border_eighths(letter.thin_mm), red)
        height = letter.thick_mm + letter.gap_mm + letter.thin_mm
        top_mm = (
            p.page.height_mm - letter.bottom_rule_above_edge_mm - height
            if bottom
            else self._letter_rule_top_mm()
        )
        frame = Frame(
            "center",
            "top",
            ooxml.mm_to_twips(letter.rule_length_mm),
            ooxml.mm_to_twips(top_mm),
            ooxml.mm_to_twips((p.page.width_mm - letter.rule_length_mm) / 2),
        )
        para = self._paragraph_element(self.optional_style("gw-letter-docnum"))
        fmt = ParagraphFormat(
            line_exact_pt=max(0.7, letter.gap_mm * MM_TO_PT),
            top_rule=thin if bottom else thick,
            bottom_rule=thick if bottom else thin,
            frame=frame,
        )
        ooxml.apply_paragraph_format(para.get_or_add_pPr(), fmt)
        ooxml.add_run(para, "")

    def _letter_space(self) -> None:
        """Letterhead paper printed for letters: nothing to draw, the head below it."""
        self._letter_head_offset = True

    def _letter_head(self, element: HtmlElement) -> None:
        """The 發文字號 flush right on the first line `below_rule_em` under the top rule, and
        份號, 密級, 緊急程度 flush left from that line down (§10.1).

        Each line stands on the grid's pitch as in the PDF, but set in the shorter exact
        height of `agreeing_line_pt`, half the rest of the pitch above it and half below:
        LibreOffice sets the baseline four fifths down an exact line, 0.9 mm under the
        centred baseline of a full pitch, and at that height the two agree. The room between
        two lines is the first one's space after alone (LibreOffice takes the larger of after
        and before, Word their sum), the last line's room below goes to the title's space
        before (`letter_room_pt`).
        """
        p, letter = self.profile, self.profile.letter
        self._stray_text(element, element.text)
        children = [c for c in element if isinstance(c.tag, str)]
        number = [c for c in children if vocabulary_class(c) == "gw-letter-docnum"]
        others = [c for c in children if vocabulary_class(c) != "gw-letter-docnum"]
        rule_bottom_mm = self._letter_rule_top_mm() + (
            letter.thick_mm + letter.gap_mm + letter.thin_mm
        )
        pitch, size = p.grid.line_pitch_pt, p.body.size_pt
        face = self.fonts.metrics(p.body.role)
        em_in_line = face.em_top_in_line(pitch / size) * size
        before = (rule_bottom_mm - p.margins.top_mm) * MM_TO_PT
        before += letter.below_rule_em * size - em_in_line
        line_top_mm = p.margins.top_mm + before / MM_TO_PT
        line = docxstyles.agreeing_line_pt(size, face.ascent, face.descent, pitch)
        around = (pitch - line) / 2
        self.letter_room_pt = around
        for index, child in enumerate(others):
            para = self._optional_paragraph(child, vocabulary_class(child) or "gw-copy-number")
            fmt = ParagraphFormat(
                before_pt=max(0.0, before) + around if index == 0 else 0.0,
                after_pt=2 * around if index < len(others) - 1 else 0.0,
                line_exact_pt=line,
            )
            ooxml.apply_paragraph_format(para.get_or_add_pPr(), fmt)
        for child in number:
            para = self._optional_paragraph(child, "gw-letter-docnum")
            if others:  # on the first element's line, out of the flow
                frame = Frame(
                    "right",
                    "top",
                    self._type_width_twips(),
                    ooxml.mm_to_twips(line_top_mm + around / MM_TO_PT),
                )
                fmt = ParagraphFormat(frame=frame, line_exact_pt=line)
            else:
                fmt = ParagraphFormat(before_pt=max(0.0, before) + around, line_exact_pt=line)
            ooxml.apply_paragraph_format(para.get_or_add_pPr(), fmt)

    def _colophon(self, element: HtmlElement) -> None:
        """The 版記 lines at the bottom of the type area, between rules: the first and last
        thick, the ones between thin; an empty paragraph after anchors the frames.

        Each line is a paragraph in its own frame aligned to the type area's bottom, padded
        below with one blank line per line that follows, so the frames stack from the bottom
        up. LibreOffice joins consecutive paragraphs whose frames are identical into one frame
        and, when their borders differ, drops the frame altogether (the 版記 then stands at
        the top of its page without rules): the frames therefore differ by one twip of width
        per line. The 抄送 line hangs after 「抄送：」 (§7.4.2). A letter's 版記
        (`data-format="letter"`) has no rules (§10.1).
        """
        c = self.profile.colophon
        ruled = element.get("data-format") != "letter"
        lines = [child for child in element if isinstance(child.tag, str)]
        self._stray_text(element, element.text)
        width = self._type_width_twips()
        style = self.sheet.paragraph_id("gw-colophon")
        for index, line in enumerate(lines):
            cls = vocabulary_class(line)
            if cls not in {"gw-cc", "gw-printed"}:
                self._warn(line, "is outside the colophon's vocabulary; kept as a colophon line")
            p = self._paragraph_element(style)
            self._inline(p, line, None)
            _strip_trailing_space(p)
            for _ in lines[index + 1 :]:
                ooxml.append_break(ooxml.add_run(p))
            last = index == len(lines) - 1
            top = c.first_last_rule_mm if index == 0 else c.middle_rule_mm
            fmt = ParagraphFormat(
                top_rule=Rule(ooxml.border_eighths(top)) if ruled else None,
                bottom_rule=(
                    Rule(ooxml.border_eighths(c.first_last_rule_mm)) if ruled and last else None
                ),
                frame=Frame("center", "bottom", width - index),
                indent=self._cc_indent() if cls == "gw-cc" else None,
            )
            ooxml.apply_paragraph_format(p.get_or_add_pPr(), fmt)
        self._paragraph_element(style)

    def _cc_indent(self) -> Indent:
        """The 抄送 line's indent: 1 字 each side, its next lines after 「抄送：」, which the
        office's 仿宋 sets 1 em a character."""
        c = self.profile.colophon
        char = self.profile.char_pitch_pt
        hang = c.cc_hang_chars * c.size_pt / char
        return Indent(char, c.indent_chars + hang, c.indent_chars, -hang)

    def _table(self, element: HtmlElement) -> None:
        """A `table.gw-table` as a Word table filling the type area's width."""
        grid = tablefit.html_table_grid(element)
        if grid.columns == 0:
            self._warn(element, "has no cells")
            return
        # The same computation and width as the PDF's (`tablefit.fit_html_tables`).
        available = tablefit.type_area_twips(self.profile, self.sections[-1].setup.landscape)
        advance = self.fonts.metrics(self.profile.table.role).advance
        widths = tablefit.table_widths(element, grid, available, self.profile, advance)
        table = docxtables.build_table(grid, widths, self.sheet.table, self._fill_cell)
        self.end.addprevious(table)

    def _fill_cell(
        self, cell: Element, html_cell: tablefit.HtmlCell | None, origin: tablefit.HtmlCell
    ) -> None:
        style = self.sheet.paragraph_id("gw-table-head" if origin.header_row else "gw-table")
        p = ooxml.new_paragraph(style)
        if html_cell is not None:
            self._inline(p, html_cell.element, None)
            _strip_trailing_space(p)
        cell.append(p)

    # --- inline content ----------------------------------------------------------------

    def _inline(self, p: Element, element: HtmlElement, char_style: str | None) -> None:
        """Append the runs of `element`'s content to `p`, in `char_style` if given."""
        self._text(p, element.text, char_style)
        for child in element:
            if isinstance(child.tag, str):
                self._inline_child(p, child, char_style)
            self._text(p, child.tail, char_style)

    def _inline_child(self, p: Element, child: HtmlElement, char_style: str | None) -> None:
        """Append one inline element: <br>, run-in heading, signer parts, colophon parts."""
        cls = vocabulary_class(child)
        if child.tag == "br":
            ooxml.append_break(ooxml.add_run(p, style_id=char_style))
        elif cls == "gw-runin":
            self._inline(p, child, self._runin_style(child))
        elif cls in {"gw-signer-label", "gw-signer-name"}:
            self._inline(p, child, self.sheet.character[cls])
        elif cls in {"gw-signer", "gw-print-date"}:
            ooxml.append_tab(ooxml.add_run(p, style_id=char_style))
            self._inline(p, child, char_style)
        elif cls in {"gw-docnum-text", "gw-printer"}:
            self._inline(p, child, char_style)
        else:
            self._warn(child, "is outside the vocabulary; its text is kept as plain text")
            self._text(p, child.text_content(), char_style)

    def _text(self, p: Element, text: str | None, char_style: str | None) -> None:
        """Append `text` with HTML whitespace collapsed (and none at the paragraph's start)."""
        if not text:
            return
        text = _SPACES.sub(" ", text)
        if p.find(qn("w:r")) is None:
            text = text.lstrip(_HTML_SPACE)
        if text:
            ooxml.add_run(p, text, char_style)

    def _runin_style(self, element: HtmlElement) -> str:
        """The character style of a run-in heading of `data-level` 1–4."""
        level = element.get("data-level", "1")
        if level not in {"1", "2", "3", "4"}:
            self._warn(element, f"has data-level={level!r}; taken as level 1")
            level = "1"
        return self.sheet.character[f"gw-h{level}"]

    # --- direct formatting the vocabulary asks for -------------------------------------

    def _space_by_neighbour(self, p: Element, cls: str) -> None:
        """Spacing that depends on the block before, as the PDF's CSS has it: a title sits
        `title.lines_above` below the red rule (its style's spacing) but at the top of the
        type area elsewhere; body text right after a title keeps one blank line."""
        pitch = self.profile.grid.line_pitch_pt
        before: float | None = None
        if cls == "gw-title" and self.previous == "gw-redline" and self.rule_room_pt:
            before = self.profile.title.lines_above * pitch + self.rule_room_pt
            self.rule_room_pt = 0.0
        elif cls == "gw-title" and self.previous == "gw-letter-head":
            before = self.profile.letter.title_lines_above * pitch + self.letter_room_pt
        elif cls == "gw-title" and self.previous != "gw-redline":
            before = 0
        elif cls == "gw-para" and self.previous == "gw-title":
            before = self.profile.addressee.lines_above * pitch
        elif cls == "gw-docnum" and self.previous == "gw-mark":
            before = self._below_mark_pt()
        if before is not None:
            ooxml.apply_paragraph_format(p.get_or_add_pPr(), ParagraphFormat(before_pt=before))

    def _below_mark_pt(self) -> float | None:
        """The 發文字號's space before, where the style's does not hold: a mark of another
        size, or a face whose line set solid (as the PDF sets the mark) does not begin at its
        em box, which moves the number up or down by the difference; None when the style's
        holds."""
        size = self.mark_size_pt
        metrics = self.fonts.metrics(self.profile.header_mark.role)
        shift = metrics.em_top_in_line(1.0) * size
        if size == self.profile.header_mark.size_pt and abs(shift) < 0.05:
            return None
        return docxstyles.below_mark_pt(self.profile, size) - shift

    def _indent_override(self, p: Element, element: HtmlElement, cls: str) -> None:
        """Apply data-indent-left / data-indent-right (in 字) where they differ from the style."""
        style_indent = self.sheet.formats[cls].indent or Indent(self.profile.char_pitch_pt)
        left = self._chars(element, "data-indent-left", style_indent.left)
        right = self._chars(element, "data-indent-right", style_indent.right)
        if (left, right) != (style_indent.left, style_indent.right):
            indent = Indent(style_indent.char_pt, left, right, style_indent.first_line)
            ooxml.apply_paragraph_format(p.get_or_add_pPr(), ParagraphFormat(indent=indent))

    def _chars(self, element: HtmlElement, attribute: str, default: float) -> float:
        """A number of 字 from `attribute`, or `default` (with a warning when malformed)."""
        return self._number(element, attribute, default)

    def _number(self, element: HtmlElement, attribute: str, default: float) -> float:
        """The number in `attribute`, or `default` (with a warning when malformed)."""
        value = element.get(attribute)
        if value is None:
            return default
        try:
            return float(value)
        except ValueError:
            self._warn(element, f"has {attribute}={value!r}, not a number")
            return default

    def _compress_to_fit(self, p: Element, element: HtmlElement) -> None:
        """Set the header mark at its `data-size-pt` (its line and space before follow) and,
        should it still be wider than the
        type area (less `MARK_SLACK_PT`), compress it horizontally (GB/T 9704 §7.2.4)."""
        size = self._number(element, "data-size-pt", self.profile.header_mark.size_pt)
        self.mark_size_pt = size
        if size != self.profile.header_mark.size_pt:
            for run in p.findall(qn("w:r")):
                ooxml.apply_run_format(run.get_or_add_rPr(), RunFormat(size_pt=size))
            # The line follows the size, so the mark's em box stays where the PDF has it.
            fmt = ParagraphFormat(
                before_pt=docxstyles.mark_before_pt(self.profile, size),
                line_exact_pt=docxstyles.mark_line_pt(size),
            )
            ooxml.apply_paragraph_format(p.get_or_add_pPr(), fmt)
        width_pt = text_width_chars(_SPACES.sub("", element.text_content())) * size
        available_pt = self._type_width_twips() / 20 - MARK_SLACK_PT
        if width_pt > available_pt:
            scale = max(1, int(100 * available_pt / width_pt))
            for run in p.findall(qn("w:r")):
                ooxml.apply_run_format(run.get_or_add_rPr(), RunFormat(scale_percent=scale))

    def _signer_line(self, p: Element) -> None:
        """發文字號 left-indented 1 字 and 簽發人 right-indented 1 字 on one line (§7.2.6)."""
        char = self.profile.char_pitch_pt
        side = self.profile.signer.indent_chars
        tab = self._type_width_twips() - ooxml.pt_to_twips(side * char)
        indent = Indent(char, side, side)
        fmt = ParagraphFormat(align="left", indent=indent, right_tabs_twips=(tab,))
        ooxml.apply_paragraph_format(p.get_or_add_pPr(), fmt)

    def _warn(self, element: HtmlElement, message: str) -> None:
        """Record a warning naming `element`."""
        self.warnings.append(f"DOCX: {describe(element)} {message}")


def _strip_trailing_space(p: Element) -> None:
    """Remove the whitespace HTML source leaves at the end of a paragraph."""
    texts = p.findall(f"{qn('w:r')}/{qn('w:t')}")
    if texts:
        texts[-1].text = (texts[-1].text or "").rstrip(_HTML_SPACE)
