"""The DOCX parts around the body: page-number footers, document properties, package cleanup.

Input: a python-docx `Document` whose body and styles are written, the layout profile and
the HTML's <head>. Output: the same document with odd/even footers "— N —", core
properties from the HTML's <meta> (never the clock), and the template's unused parts
(thumbnail, stylesWithEffects, customXml) dropped; and the font table, from the font plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.enum.section import WD_HEADER_FOOTER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.section import _Footer

from ...fonts.facehints import face_hints
from ...fonts.policy import FontPlan
from ...layout.profile import LayoutProfile, Role
from .ooxml import elements as ooxml
from .ooxml.elements import Element, Indent, ParagraphFormat
from .ooxml.package import FontDeclaration
from .ooxml.structure import PageSetup
from .styles import StyleSheet

HtmlElement = Any

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
FALLBACK_DATE = dt.date(1980, 1, 1)
"""Document date used when the HTML's dcterms.created is malformed (a warning says so)."""


@dataclass(frozen=True)
class DocumentMeta:
    """What the HTML's <head> says about the document."""

    title: str
    author: str
    subject: str
    keywords: str
    created: str | None


def read_meta(root: HtmlElement) -> DocumentMeta:
    """The <title> and <meta> values of an lxml.html document (empty when missing)."""
    values = {
        (meta.get("name") or "").lower(): meta.get("content") or ""
        for meta in root.iter("meta")
        if meta.get("name")
    }
    title = root.find(".//title")
    return DocumentMeta(
        title=(title.text_content().strip() if title is not None else ""),
        author=values.get("author", ""),
        subject=values.get("description", ""),
        keywords=values.get("keywords", ""),
        created=values.get("dcterms.created"),
    )


def set_core_properties(document: Document, meta: DocumentMeta, language: str) -> list[str]:
    """Fill docProps/core.xml from `meta`; returns warnings (a missing or bad date)."""
    warnings: list[str] = []
    try:
        day = dt.date.fromisoformat(meta.created) if meta.created else None
    except ValueError:
        day = None
    if day is None and meta.created is not None:
        warnings.append(
            f'DOCX: no valid <meta name="dcterms.created"> ({meta.created!r}); '
            f"document dates set to {FALLBACK_DATE.isoformat()}"
        )
        day = FALLBACK_DATE
    core = document.core_properties
    core.title = meta.title
    core.author = meta.author
    core.subject = meta.subject
    core.keywords = meta.keywords
    core.comments = ""
    core.category = ""
    core.language = language
    core.last_modified_by = meta.author
    core.revision = 1
    if day is None:
        _remove_dates(core)
    else:
        stamp = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        core.created = stamp
        core.modified = stamp
    return warnings


def _remove_dates(core: Any) -> None:
    """Drop the created/modified dates: a document without a date in its data has none."""
    element = core._element
    for name in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for child in element.findall(qn(name)):
            element.remove(child)


def add_page_numbers(
    document: Document,
    profile: LayoutProfile,
    sheet: StyleSheet,
    setups: Sequence[PageSetup] = (),
    first_unnumbered: bool = False,
) -> None:
    """Odd/even footers "— N —" with a PAGE field: odd pages right-indented 1 字, even
    pages left-indented 1 字. Every page is numbered, the 版記 page's included (GB/T 9704
    §7.5: only a blank page before it would leave it unnumbered), except the first page
    when `first_unnumbered` (a letter, §10.1): it has a footer of its own, empty.

    `setups` are the sections' pages, in order. A landscape section (the portrait sheet
    turned a quarter clockwise, GB/T 9704 §8) has footers of its own that keep the number
    where the portrait pages have it, as the PDF does: on the sheet's bottom edge, which is
    the turned page's left margin, set turned with the sheet (`_turned_number`). A portrait
    section after a landscape one takes the first section's footers back; others share them.
    """
    document.settings.odd_and_even_pages_header_footer = True
    prefix, _, suffix = profile.page_number.format.partition("{n}")
    style = sheet.paragraph_id("gw-page-number")
    side = Indent(profile.char_pitch_pt, left=profile.page_number.side_indent_chars)
    section = document.sections[0]
    odd = _blank_footer(section.footer, style)
    ooxml.add_page_field(odd, prefix, suffix)
    even = _blank_footer(section.even_page_footer, style)
    ooxml.add_page_field(even, prefix, suffix)
    fmt = ParagraphFormat(align="left", indent=side)
    ooxml.apply_paragraph_format(even.get_or_add_pPr(), fmt)
    if first_unnumbered:
        section.different_first_page_header_footer = True
        _blank_footer(section.first_page_footer, style)
    first = section._sectPr
    portrait_ids = {}
    for kind in (WD_HEADER_FOOTER.PRIMARY, WD_HEADER_FOOTER.EVEN_PAGE):
        reference = first.get_footerReference(kind)
        if reference is not None:
            portrait_ids[kind] = reference.rId
    previous_landscape = False
    for index, (section, setup) in enumerate(zip(document.sections, setups, strict=False)):
        if index == 0:
            previous_landscape = setup.landscape
            continue
        if setup.landscape and not previous_landscape:
            for footer, odd_page in ((section.footer, True), (section.even_page_footer, False)):
                p = _blank_footer(footer, style)
                p.addprevious(_turned_number(setup, profile, style, odd_page))
        elif previous_landscape and not setup.landscape:
            sect = section._sectPr
            for kind, rid in portrait_ids.items():
                sect.add_footerReference(kind, rid)
        previous_landscape = setup.landscape


def _turned_number(setup: PageSetup, profile: LayoutProfile, style: str, odd: bool) -> Element:
    """The page number of a landscape page, turned with the sheet: a one-cell table in the
    page's left margin whose text runs top to bottom (`tbRl`), its em box
    `below_type_area_mm` outside the type area, as long as the type area is high, the
    number at its lower end (odd pages) or its upper end (even pages), 1 字 in."""
    number = profile.page_number
    width = ooxml.pt_to_twips(number.size_pt)
    x = ooxml.mm_to_twips(setup.left_mm - number.below_type_area_mm) - width
    top = ooxml.mm_to_twips(setup.top_mm)
    height = ooxml.mm_to_twips(setup.width_mm - setup.top_mm - setup.bottom_mm)
    table = ooxml.w_element("tbl")
    properties = ooxml.w_element("tblPr")
    properties.append(
        ooxml.w_element(
            "tblpPr",
            leftFromText=0,
            rightFromText=0,
            topFromText=0,
            bottomFromText=0,
            vertAnchor="page",
            horzAnchor="page",
            tblpX=x,
            tblpY=top,
        )
    )
    properties.append(ooxml.w_element("tblW", w=width, type="dxa"))
    properties.append(ooxml.w_element("tblLayout", type="fixed"))
    margins = ooxml.w_element("tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        margins.append(ooxml.w_element(edge, w=0, type="dxa"))
    properties.append(margins)
    table.append(properties)
    grid = ooxml.w_element("tblGrid")
    grid.append(ooxml.w_element("gridCol", w=width))
    table.append(grid)
    row = ooxml.w_element("tr")
    row_properties = ooxml.w_element("trPr")
    row_properties.append(ooxml.w_element("trHeight", val=height, hRule="exact"))
    row.append(row_properties)
    cell = ooxml.w_element("tc")
    cell_properties = ooxml.w_element("tcPr")
    cell_properties.append(ooxml.w_element("tcW", w=width, type="dxa"))
    cell_properties.append(ooxml.w_element("textDirection", val="tbRl"))
    cell.append(cell_properties)
    p = ooxml.new_paragraph(style)
    prefix, _, suffix = number.format.partition("{n}")
    ooxml.add_page_field(p, prefix, suffix)
    if not odd:
        side = Indent(profile.char_pitch_pt, left=number.side_indent_chars)
        ooxml.apply_paragraph_format(p.get_or_add_pPr(), ParagraphFormat(align="left", indent=side))
    cell.append(p)
    row.append(cell)
    table.append(row)
    return table


def _blank_footer(footer: _Footer, style_id: str) -> ooxml.Element:
    """Unlink `footer` from the previous section and leave one empty paragraph in `style_id`."""
    footer.is_linked_to_previous = False
    paragraphs = footer.paragraphs
    p = paragraphs[0]._p
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for child in list(p):
        p.remove(child)
    p.style = style_id
    return p


def drop_template_extras(document: Document) -> None:
    """Drop python-docx template parts a generated document should not carry: the blank
    thumbnail, the Word 2010 stylesWithEffects copy (with theme fonts) and customXml."""
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]
    part_rels = document.part.rels
    for rid, rel in list(part_rels.items()):
        if rel.reltype in {STYLES_WITH_EFFECTS, RT.CUSTOM_XML}:
            del part_rels[rid]


def font_declarations(
    fonts: FontPlan, font_of: Callable[[Role], str], charset: str
) -> list[FontDeclaration]:
    """The font table: each role's font as the DOCX names it, with the face the PDF embeds
    for that role (the font policy's choice) as its alternate, and that face's PANOSE,
    family kind, pitch and coverage as the hints a word processor substitutes by."""
    declarations = []
    for role in fonts.roles:
        name = font_of(role)
        faces = fonts.pdf_faces(role)
        primary = faces[0] if faces else None
        alternate = primary.choice.family if primary else None
        hints = face_hints(primary.face.file, primary.face.index) if primary else None
        declarations.append(
            FontDeclaration(name, alternate if alternate != name else None, charset, hints)
        )
    return declarations
