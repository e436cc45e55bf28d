"""Raw WordprocessingML for the DOCX writer, behind small functions: the element level.

Input: python-docx elements (`w:pPr`, `w:rPr`, `w:p`, `w:r`) and plain measures (points,
millimetres, 字). Output: the same elements with schema-ordered children added or replaced,
or new ones (runs, breaks, PAGE fields, borders, frames). Everything python-docx's object
layer cannot say starts here: East Asian fonts (`w:eastAsia`, which `font.name` never
writes) with theme font attributes removed, character units for indents, tracking, frames.
Styles, settings, sections and tables are in `ooxml.structure`; the zip in `ooxml.package`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from docx.oxml.ns import nsmap as _NSMAP
from docx.oxml.ns import qn as _docx_qn
from docx.oxml.parser import oxml_parser

from ....layout.profile import mm_to_twips as mm_to_twips
from ....layout.profile import pt_to_twips as pt_to_twips

MM_TO_PT = 72 / 25.4
W_NS = _NSMAP["w"]
_W_NSMAP = {"w": W_NS}

Element = Any
"""A python-docx oxml element (lxml is untyped, so this stays loose)."""

Align = Literal["left", "center", "right", "both", "distribute"]


def _order(names: str) -> tuple[str, ...]:
    """Child element names in schema order, from a space-separated list."""
    return tuple(names.split())


# Child order of the elements we write (ECMA-376 Part 1, §17): Word refuses files whose
# children are out of order, so every insertion goes through `set_child`.
PPR_ORDER = _order(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
RPR_ORDER = _order(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
SECTPR_ORDER = _order(
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
    "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection "
    "bidi rtlGutter docGrid printerSettings sectPrChange"
)
STYLE_ORDER = _order(
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden "
    "unhideWhenUsed qFormat locked personal personalCompose personalReply rsid pPr rPr "
    "tblPr trPr tcPr tblStylePr"
)
TBLPR_ORDER = _order(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook"
)
TCPR_ORDER = _order(
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark"
)

THEME_FONT_ATTRIBUTES = ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")


# --- units -------------------------------------------------------------------------------


def half_points(pt: float) -> int:
    """Points → half-points, the unit of `w:sz`."""
    return round(pt * 2)


def border_eighths(mm: float) -> int:
    """A rule's thickness in mm → eighths of a point (`w:sz` of borders), within Word's 2–96."""
    return max(2, min(96, round(mm * MM_TO_PT * 8)))


# --- generic element work ----------------------------------------------------------------


@functools.cache
def qn(tag: str) -> str:
    """`w:p` → `{namespace}p`: python-docx's `qn`, remembered (the writer asks it often)."""
    return _docx_qn(tag)


@functools.cache
def _w_name(name: str) -> str:
    """The Clark name of `w:name`."""
    return f"{{{W_NS}}}{name}"


def w_element(tag: str, **attributes: str | int) -> Element:
    """A new `w:` element with `w:` attributes, e.g. `w_element("jc", val="center")`.

    The same element python-docx's `OxmlElement("w:tag")` makes (its custom class, one
    `w` namespace declaration), without parsing the prefixed tag each time.
    """
    element = oxml_parser.makeelement(_w_name(tag), nsmap=_W_NSMAP)
    for name, value in attributes.items():
        element.set(_w_name(name), str(value))
    return element


def new_paragraph(style_id: str) -> Element:
    """A new, empty `w:p` in paragraph style `style_id` (what `p.style = style_id` makes)."""
    p = w_element("p")
    ppr = w_element("pPr")
    ppr.append(w_element("pStyle", val=style_id))
    p.append(ppr)
    return p


@functools.cache
def _later_tags(order: tuple[str, ...], local: str) -> frozenset[str]:
    """The Clark names of the children that come after `local` in schema `order`."""
    rank = order.index(local)
    return frozenset(_w_name(name) for name in order[rank + 1 :])


def set_child(parent: Element, child: Element, order: Sequence[str]) -> Element:
    """Put `child` into `parent` at its schema position, replacing a child of the same tag.

    `order` lists the local names of `parent`'s children in schema order. Returns `child`.
    """
    local = _local_name(child.tag)
    for old in parent.findall(child.tag):
        parent.remove(old)
    later = _later_tags(tuple(order), local)
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def get_or_add(parent: Element, tag: str, order: Sequence[str]) -> Element:
    """The `w:tag` child of `parent`, created at its schema position when missing."""
    found = parent.find(qn(f"w:{tag}"))
    return found if found is not None else set_child(parent, w_element(tag), order)


def _local_name(clark_tag: str) -> str:
    """`{namespace}name` → `name`."""
    return clark_tag.rsplit("}", 1)[-1]


# --- fonts and language ------------------------------------------------------------------


def set_fonts(rpr: Element, family: str) -> None:
    """Name `family` for every script of `rpr` (ascii, hAnsi, eastAsia, cs), no theme fonts.

    The `eastAsia` hint makes Word draw ambiguous characters (quotes, dashes) in the
    East Asian font, as Chinese Word does for text typed in a Chinese document.
    """
    fonts = get_or_add(rpr, "rFonts", RPR_ORDER)
    remove_theme_fonts(fonts)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), family)
    fonts.set(qn("w:hint"), "eastAsia")


def remove_theme_fonts(fonts: Element) -> None:
    """Drop theme font attributes from one `w:rFonts`: they would override explicit names."""
    for name in THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(f"w:{name}"), None)


def strip_theme_fonts(root: Element) -> int:
    """Drop theme font attributes from every `w:rFonts` under `root`; returns how many held one."""
    count = 0
    for fonts in root.iter(qn("w:rFonts")):
        if any(fonts.get(qn(f"w:{name}")) is not None for name in THEME_FONT_ATTRIBUTES):
            count += 1
            remove_theme_fonts(fonts)
    return count


def set_language(rpr: Element, east_asia: str, latin: str = "en-US") -> None:
    """Set the proofing languages of `rpr`: `east_asia` such as zh-CN or zh-TW."""
    lang = w_element("lang", val=latin, eastAsia=east_asia, bidi="ar-SA")
    set_child(rpr, lang, RPR_ORDER)


# --- paragraph and run formats -----------------------------------------------------------


@dataclass(frozen=True)
class Indent:
    """Indents in 字; `char_pt` is the width of one 字 (for the twips Word and LibreOffice
    use when the character units are not understood)."""

    char_pt: float
    left: float = 0
    right: float = 0
    first_line: float = 0
    in_chars: bool = True
    """Write the character units beside the twips (False: twips only, for text in another
    size than the body's, whose character units Word and LibreOffice take from its font)."""


@dataclass(frozen=True)
class Rule:
    """A paragraph or table border: thickness in eighths of a point, colour, gap in points."""

    size: int
    color: str = "000000"
    space_pt: int = 0


@dataclass(frozen=True)
class Frame:
    """A frame placing paragraphs against the type area's edges; width None fits the text.

    `page_y_twips` places it that far below the paper's top edge instead, and `page_x_twips`
    that far right of the paper's left edge."""

    x_align: Literal["left", "center", "right"]
    y_align: Literal["top", "center", "bottom"]
    width_twips: int | None = None
    page_y_twips: int | None = None
    page_x_twips: int | None = None
    wrap: Literal["around", "none"] = "around"


@dataclass(frozen=True)
class ParagraphFormat:
    """Paragraph properties as the writer needs them; None leaves a property unset."""

    align: Align | None = None
    before_pt: float | None = None
    after_pt: float | None = None
    line_exact_pt: float | None = None
    line_multiple: float | None = None
    indent: Indent | None = None
    keep_next: bool = False
    widow_control: bool | None = None
    auto_space: bool | None = None
    """Whether Word widens the gap between CJK text and Latin letters or digits."""
    hanging_punctuation: bool | None = None
    """Whether punctuation may hang past the end of a line (`w:overflowPunct`, on in Word
    when unset); the PDF never hangs it."""
    snap_to_grid: bool | None = None
    outline_level: int | None = None
    right_tabs_twips: tuple[int, ...] = ()
    left_tabs_twips: tuple[int, ...] = ()
    top_rule: Rule | None = None
    bottom_rule: Rule | None = None
    frame: Frame | None = None


@dataclass(frozen=True)
class RunFormat:
    """Character properties: font family, size, weight, colour (hex), horizontal scale."""

    family: str | None = None
    size_pt: float | None = None
    bold: bool | None = None
    color: str | None = None
    scale_percent: int | None = None
    east_asia_lang: str | None = None
    tracking_twips: int | None = None
    """Character spacing added after every character (negative condenses)."""


def apply_paragraph_format(ppr: Element, fmt: ParagraphFormat) -> None:
    """Write `fmt` into the `w:pPr` element `ppr`, each child at its schema position."""
    for child in _paragraph_children(fmt):
        set_child(ppr, child, PPR_ORDER)


def _paragraph_children(fmt: ParagraphFormat) -> list[Element]:
    """The `w:pPr` children `fmt` sets, in schema order."""
    children: list[Element] = []
    if fmt.keep_next:
        children.append(w_element("keepNext"))
    if fmt.frame is not None:
        children.append(frame_properties(fmt.frame))
    if fmt.widow_control is not None:
        children.append(w_element("widowControl", val=int(fmt.widow_control)))
    if fmt.top_rule or fmt.bottom_rule:
        children.append(paragraph_borders(fmt.top_rule, fmt.bottom_rule))
    if fmt.right_tabs_twips or fmt.left_tabs_twips:
        tabs = w_element("tabs")
        stops = [("left", pos) for pos in fmt.left_tabs_twips]
        stops += [("right", pos) for pos in fmt.right_tabs_twips]
        for side, pos in sorted(stops, key=lambda stop: stop[1]):
            tabs.append(w_element("tab", val=side, pos=pos))
        children.append(tabs)
    if fmt.hanging_punctuation is not None:
        children.append(w_element("overflowPunct", val=int(fmt.hanging_punctuation)))
    if fmt.auto_space is not None:
        children.append(w_element("autoSpaceDE", val=int(fmt.auto_space)))
        children.append(w_element("autoSpaceDN", val=int(fmt.auto_space)))
    if fmt.snap_to_grid is not None:
        children.append(w_element("snapToGrid", val=int(fmt.snap_to_grid)))
    spacing = _spacing(fmt)
    if spacing is not None:
        children.append(spacing)
    if fmt.indent is not None:
        children.append(indent_element(fmt.indent))
    if fmt.align is not None:
        children.append(w_element("jc", val=fmt.align))
    if fmt.outline_level is not None:
        children.append(w_element("outlineLvl", val=fmt.outline_level))
    return children


def _spacing(fmt: ParagraphFormat) -> Element | None:
    """`w:spacing` for `fmt`'s space before/after and line height, or None."""
    attributes: dict[str, str | int] = {}
    if fmt.before_pt is not None:
        attributes["before"] = pt_to_twips(fmt.before_pt)
    if fmt.after_pt is not None:
        attributes["after"] = pt_to_twips(fmt.after_pt)
    if fmt.line_exact_pt is not None:
        attributes.update(line=pt_to_twips(fmt.line_exact_pt), lineRule="exact")
    elif fmt.line_multiple is not None:
        attributes.update(line=round(240 * fmt.line_multiple), lineRule="auto")
    return w_element("spacing", **attributes) if attributes else None


def indent_element(indent: Indent) -> Element:
    """`w:ind` in character units (as Chinese Word shows them) with twips beside them."""

    def twips(chars: float) -> int:
        return pt_to_twips(chars * indent.char_pt)

    if indent.first_line < 0:  # a hanging indent
        first = {
            "hanging": twips(-indent.first_line),
            "hangingChars": round(-indent.first_line * 100),
        }
    else:
        first = {
            "firstLine": twips(indent.first_line),
            "firstLineChars": round(indent.first_line * 100),
        }
    if not indent.in_chars:
        first = {key: value for key, value in first.items() if not key.endswith("Chars")}
        return w_element("ind", left=twips(indent.left), right=twips(indent.right), **first)
    return w_element(
        "ind",
        left=twips(indent.left),
        leftChars=round(indent.left * 100),
        right=twips(indent.right),
        rightChars=round(indent.right * 100),
        **first,
    )


def apply_run_format(rpr: Element, fmt: RunFormat) -> None:
    """Write `fmt` into the `w:rPr` element `rpr`."""
    if fmt.family is not None:
        set_fonts(rpr, fmt.family)
    if fmt.bold is not None:
        set_child(rpr, w_element("b", val=int(fmt.bold)), RPR_ORDER)
        set_child(rpr, w_element("bCs", val=int(fmt.bold)), RPR_ORDER)
    if fmt.color is not None:
        set_child(rpr, w_element("color", val=fmt.color.lstrip("#").upper()), RPR_ORDER)
    if fmt.tracking_twips is not None:
        set_child(rpr, w_element("spacing", val=fmt.tracking_twips), RPR_ORDER)
    if fmt.scale_percent is not None:
        set_child(rpr, w_element("w", val=fmt.scale_percent), RPR_ORDER)
    if fmt.size_pt is not None:
        set_child(rpr, w_element("sz", val=half_points(fmt.size_pt)), RPR_ORDER)
        set_child(rpr, w_element("szCs", val=half_points(fmt.size_pt)), RPR_ORDER)
    if fmt.east_asia_lang is not None:
        set_language(rpr, fmt.east_asia_lang)


def paragraph_borders(top: Rule | None, bottom: Rule | None) -> Element:
    """`w:pBdr` with single rules above and/or below the paragraph."""
    borders = w_element("pBdr")
    for side, rule in (("top", top), ("bottom", bottom)):
        if rule is not None:
            borders.append(
                w_element(side, val="single", sz=rule.size, space=rule.space_pt, color=rule.color)
            )
    return borders


def frame_properties(frame: Frame) -> Element:
    """`w:framePr` that floats paragraphs to a side of the type area, out of the text flow.

    Consecutive paragraphs with the same frame form one block; Word and LibreOffice both
    anchor it to the paragraph that follows.
    """
    attributes: dict[str, str | int] = {}
    if frame.width_twips is not None:
        attributes["w"] = frame.width_twips
    if frame.page_y_twips is None and frame.page_x_twips is None:
        return w_element(
            "framePr",
            **attributes,
            wrap="around",
            vAnchor="margin",
            hAnchor="margin",
            xAlign=frame.x_align,
            yAlign=frame.y_align,
        )
    horizontal: dict[str, str | int] = (
        {"hAnchor": "page", "x": frame.page_x_twips}
        if frame.page_x_twips is not None
        else {"hAnchor": "margin", "xAlign": frame.x_align}
    )
    vertical: dict[str, str | int] = (
        {"vAnchor": "page", "y": frame.page_y_twips}
        if frame.page_y_twips is not None
        else {"vAnchor": "margin", "yAlign": frame.y_align}
    )
    return w_element("framePr", **attributes, wrap=frame.wrap, **vertical, **horizontal)


# --- runs and fields ---------------------------------------------------------------------


def add_run(paragraph: Element, text: str = "", style_id: str | None = None) -> Element:
    """Append a `w:r` with `text` (spaces kept) and an optional character style."""
    run = w_element("r")
    if style_id is not None:
        rpr = w_element("rPr")
        rpr.append(w_element("rStyle", val=style_id))
        run.append(rpr)
    if text:
        append_text(run, text)
    paragraph.append(run)
    return run


def append_text(run: Element, text: str) -> None:
    """Append `w:t` with `text` to `run`, preserving spaces."""
    t = w_element("t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)


def append_break(run: Element) -> None:
    """Append a line break (`w:br`, like HTML <br>) to `run`."""
    run.append(w_element("br"))


def append_tab(run: Element) -> None:
    """Append a tab character to `run`."""
    run.append(w_element("tab"))


def add_page_field(paragraph: Element, prefix: str, suffix: str) -> None:
    """Append `prefix`, a PAGE field (complex field, shown as 1 until updated) and `suffix`."""
    if prefix:
        add_run(paragraph, prefix)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None)):
        run = add_run(paragraph)
        if kind is not None:
            run.append(w_element("fldChar", fldCharType=kind))
        else:
            instr = w_element("instrText")
            instr.text = text
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(instr)
    add_run(paragraph, "1")
    add_run(paragraph).append(w_element("fldChar", fldCharType="end"))
    if suffix:
        add_run(paragraph, suffix)
