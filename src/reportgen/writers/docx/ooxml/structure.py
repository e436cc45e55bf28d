"""Document structure in raw WordprocessingML: styles, settings, sections and tables.

Input: python-docx's `w:styles`, `w:settings` and body elements, and plain measures.
Output: those elements rewritten (template styles pruned, docDefaults set, Word 2013+
layout) or new ones (`w:style`, `w:sectPr` with a `linesAndChars` grid, `w:tbl` with merges).
The element-level helpers they build on live in `ooxml.elements`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .elements import (
    PPR_ORDER,
    STYLE_ORDER,
    TBLPR_ORDER,
    TCPR_ORDER,
    Element,
    ParagraphFormat,
    Rule,
    RunFormat,
    apply_paragraph_format,
    apply_run_format,
    get_or_add,
    mm_to_twips,
    pt_to_twips,
    qn,
    set_child,
    w_element,
)

# --- styles ------------------------------------------------------------------------------


def new_style(
    kind: Literal["paragraph", "character", "table"],
    style_id: str,
    name: str,
    *,
    based_on: str | None = None,
    next_id: str | None = None,
    link: str | None = None,
    priority: int | None = None,
) -> Element:
    """An empty `w:style` with its name and relations; `w:pPr`/`w:rPr` added by the caller."""
    style = w_element("style", type=kind, styleId=style_id)
    style.set(qn("w:customStyle"), "1")
    style.append(w_element("name", val=name))
    for tag, value in (("basedOn", based_on), ("next", next_id), ("link", link)):
        if value is not None:
            style.append(w_element(tag, val=value))
    if priority is not None:
        style.append(w_element("uiPriority", val=priority))
    style.append(w_element("qFormat"))
    return style


def style_properties(style: Element, tag: Literal["pPr", "rPr", "tblPr", "tcPr"]) -> Element:
    """The `w:pPr`, `w:rPr`, `w:tblPr` or `w:tcPr` of a style, created when missing."""
    return get_or_add(style, tag, STYLE_ORDER)


def keep_only_styles(styles: Element, style_ids: set[str]) -> None:
    """Remove every `w:style` of `styles` whose id is not in `style_ids`."""
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in style_ids:
            styles.remove(style)


def set_document_defaults(
    styles: Element, family: str, size_pt: float, east_asia_lang: str, fmt: ParagraphFormat
) -> None:
    """Make `w:docDefaults` name `family` at `size_pt` for every script, with the document's
    East Asian language, instead of the template's theme fonts (which fall back to MS Mincho)."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = w_element("docDefaults")
        styles.insert(0, defaults)
    defaults.clear()
    rpr_default = w_element("rPrDefault")
    rpr = w_element("rPr")
    apply_run_format(rpr, RunFormat(family, size_pt, east_asia_lang=east_asia_lang))
    rpr_default.append(rpr)
    ppr_default = w_element("pPrDefault")
    ppr = w_element("pPr")
    apply_paragraph_format(ppr, fmt)
    ppr_default.append(ppr)
    defaults.extend([rpr_default, ppr_default])


# --- settings ----------------------------------------------------------------------------


def configure_settings(settings: Element, east_asia_lang: str) -> None:
    """Word 2013+ layout (no compatibility mode), the document's East Asian language for
    theme fonts (the template says ja-JP), and no revision ids from the template."""
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        for setting in compat.findall(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                setting.set(qn("w:val"), "15")
    for tag in ("rsids", "proofState"):
        for old in settings.findall(qn(f"w:{tag}")):
            settings.remove(old)
    for font_lang in settings.findall(qn("w:themeFontLang")):
        font_lang.set(qn("w:eastAsia"), east_asia_lang)


# --- sections ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSetup:
    """One Word section's page: size, margins, footer distance and document grid."""

    width_mm: float
    height_mm: float
    landscape: bool
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    footer_mm: float
    line_pitch_pt: float
    char_pitch_pt: float
    default_size_pt: float
    new_page: bool = True
    header_mm: float = 15


def section_properties(setup: PageSetup) -> Element:
    """A `w:sectPr` for `setup` with a `linesAndChars` document grid.

    `w:charSpace` is the grid's character pitch minus the default font size, in 4096ths of
    a point: 28 characters of 16 pt on 156 mm give −848.
    """
    width, height = (
        (setup.height_mm, setup.width_mm)
        if setup.landscape
        else (
            setup.width_mm,
            setup.height_mm,
        )
    )
    sect = w_element("sectPr")
    sect.append(w_element("type", val="nextPage" if setup.new_page else "continuous"))
    size = w_element("pgSz", w=mm_to_twips(width), h=mm_to_twips(height))
    if setup.landscape:
        size.set(qn("w:orient"), "landscape")
    sect.append(size)
    sect.append(
        w_element(
            "pgMar",
            top=mm_to_twips(setup.top_mm),
            right=mm_to_twips(setup.right_mm),
            bottom=mm_to_twips(setup.bottom_mm),
            left=mm_to_twips(setup.left_mm),
            header=mm_to_twips(setup.header_mm),
            footer=mm_to_twips(setup.footer_mm),
            gutter=0,
        )
    )
    sect.append(w_element("cols", space=425))
    char_space = round((setup.char_pitch_pt - setup.default_size_pt) * 4096)
    sect.append(
        w_element(
            "docGrid",
            type="linesAndChars",
            linePitch=pt_to_twips(setup.line_pitch_pt),
            charSpace=char_space,
        )
    )
    return sect


def end_section_at(paragraph: Element, sect: Element) -> None:
    """Make `paragraph` (a `w:p`) the last of a section described by `sect`."""
    ppr = paragraph.get_or_add_pPr()
    set_child(ppr, sect, PPR_ORDER)


def set_body_section(body: Element, sect: Element) -> None:
    """Replace the body's final `w:sectPr` (the last section's) with `sect`."""
    for old in body.findall(qn("w:sectPr")):
        body.remove(old)
    body.append(sect)


# --- tables ------------------------------------------------------------------------------


def table_style_borders(style: Element, rule: Rule, cell_margin_twips: int) -> None:
    """Give a table style single borders on every edge and between cells, the same cell
    margin on all four sides, and vertically centred cells."""
    tblpr = style_properties(style, "tblPr")
    borders = w_element("tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(w_element(side, val="single", sz=rule.size, space=0, color=rule.color))
    set_child(tblpr, borders, TBLPR_ORDER)
    margins = w_element("tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(w_element(side, w=cell_margin_twips, type="dxa"))
    set_child(tblpr, margins, TBLPR_ORDER)
    tcpr = style_properties(style, "tcPr")
    set_child(tcpr, w_element("vAlign", val="center"), TCPR_ORDER)


def new_table(style_id: str, widths_twips: Sequence[int]) -> Element:
    """An empty `w:tbl` in `style_id`, centred, fixed layout, with its column grid."""
    table = w_element("tbl")
    tblpr = w_element("tblPr")
    tblpr.append(w_element("tblStyle", val=style_id))
    tblpr.append(w_element("tblW", w=sum(widths_twips), type="dxa"))
    tblpr.append(w_element("jc", val="center"))
    tblpr.append(w_element("tblLayout", type="fixed"))
    tblpr.append(w_element("tblLook", val="0000", firstRow=0, lastRow=0, noHBand=1, noVBand=1))
    table.append(tblpr)
    grid = w_element("tblGrid")
    for width in widths_twips:
        grid.append(w_element("gridCol", w=width))
    table.append(grid)
    return table


def add_table_row(table: Element, *, header: bool) -> Element:
    """Append a `w:tr`; a header row repeats on every page; rows never split across pages."""
    row = w_element("tr")
    trpr = w_element("trPr")
    trpr.append(w_element("cantSplit"))
    if header:
        trpr.append(w_element("tblHeader"))
    row.append(trpr)
    table.append(row)
    return row


def add_table_cell(
    row: Element,
    width_twips: int,
    *,
    span: int = 1,
    vertical_merge: Literal["restart", "continue"] | None = None,
) -> Element:
    """Append a `w:tc` spanning `span` grid columns, optionally part of a vertical merge."""
    cell = w_element("tc")
    tcpr = w_element("tcPr")
    tcpr.append(w_element("tcW", w=width_twips, type="dxa"))
    if span > 1:
        tcpr.append(w_element("gridSpan", val=span))
    if vertical_merge is not None:
        tcpr.append(w_element("vMerge", val=vertical_merge))
    cell.append(tcpr)
    row.append(cell)
    return cell
