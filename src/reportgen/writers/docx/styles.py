"""Named Word styles from the layout profile: one style per vocabulary class.

Input: a `LayoutProfile`, the fonts to name (one family per role) and the East Asian language.
Output: the document's styles part rewritten: the template's styles pruned to Word's
defaults, `w:docDefaults` set to the body font (no theme fonts, so no MS Mincho fallback), a
paragraph style per class of `PARAGRAPH_STYLE_CLASSES`, linked character styles for run-in
headings and the signer, and the table style, named as the profile's `word_styles` says;
`StyleSheet` tells the writer their ids.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from ...layout.profile import (
    CHARACTER_STYLE_CLASSES,
    MM_TO_PT,
    PARAGRAPH_STYLE_CLASSES,
    LayoutProfile,
    Role,
)
from ...layout.styles import element_style
from .ooxml import elements as ooxml
from .ooxml import structure as ooxmlstructure
from .ooxml.elements import Element, Indent, ParagraphFormat, Rule, RunFormat

TEMPLATE_STYLES_KEPT = frozenset({"Normal", "DefaultParagraphFont", "TableNormal", "NoList"})
"""Word's own defaults, kept from python-docx's template; every other template style goes."""

MARK_LINE_FACTOR = 1.25
"""Line height of the header mark as a multiple of its size (its glyphs must not be clipped)."""


def mark_line_pt(size_pt: float) -> float:
    """The exact height of the header mark's line when the mark is set at `size_pt`."""
    return size_pt * MARK_LINE_FACTOR


def mark_before_pt(profile: LayoutProfile, size_pt: float) -> float:
    """Space before the header mark: its em box, centred in its line, starts
    `top_from_type_area_mm` below the type area's top."""
    top = profile.header_mark.top_from_type_area_mm * MM_TO_PT
    return top - (mark_line_pt(size_pt) - size_pt) / 2


def below_mark_pt(profile: LayoutProfile, size_pt: float) -> float:
    """Space before the 發文字號: `lines_below_mark` lines under the mark's em box, as in the
    PDF, where the mark is set solid; the room its taller line leaves under the em box is
    part of that space."""
    extra = (mark_line_pt(size_pt) - size_pt) / 2
    return profile.doc_number.lines_below_mark * profile.grid.line_pitch_pt - extra


OFFICE_FIXED_BASELINE = 0.8
"""Where LibreOffice sets the baseline of a line of exact height: four fifths of the way
down, whatever the face (CSS and Word centre the face's ascent and descent in the line)."""


def agreeing_line_pt(size_pt: float, ascent_em: float, descent_em: float, pitch_pt: float) -> float:
    """The exact height of a line of text at `size_pt` whose baseline LibreOffice (at
    `OFFICE_FIXED_BASELINE` of the line) and a centring layout put at the same place: there
    four fifths of the line equal half of it plus half the face's ascent over its descent.
    Kept between the size (a smaller line clips the glyphs in Word) and `pitch_pt`. A paragraph
    set in it with half the rest of `pitch_pt` before and after stands on the pitch with its
    baseline where the PDF, centring in the full pitch, has it."""
    line = (ascent_em - descent_em) * size_pt / (2 * OFFICE_FIXED_BASELINE - 1)
    return min(pitch_pt, max(size_pt, line))


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TABLE_STYLE_ID = "GwTableGrid"


@dataclass(frozen=True)
class StyleSheet:
    """Style ids by vocabulary class, as installed in the document."""

    paragraph: dict[str, str]
    character: dict[str, str]
    table: str
    formats: dict[str, ParagraphFormat]

    def paragraph_id(self, cls: str) -> str:
        """The paragraph style id of `cls` (colophon lines take 版記's)."""
        if cls in {"gw-cc", "gw-printed"}:
            cls = "gw-colophon"
        return self.paragraph[cls]


def style_id(cls: str) -> str:
    """A vocabulary class's ASCII style id: gw-attach-note → GwAttachNote."""
    return "".join(part.capitalize() for part in cls.split("-"))


def paragraph_formats(p: LayoutProfile) -> dict[str, ParagraphFormat]:
    """The paragraph properties of every class of `PARAGRAPH_STYLE_CLASSES`, from the profile."""
    pitch = p.grid.line_pitch_pt
    char = p.char_pitch_pt

    def indent(left: float = 0, right: float = 0, first: float = 0) -> Indent:
        return Indent(char, left, right, first)

    # No extra gap between CJK and Latin text and no punctuation hanging past the line's end
    # (the PDF has neither), no grid snapping (see `grid_tracking_twips`).
    flush = ParagraphFormat(
        align="both",
        before_pt=0,
        after_pt=0,
        line_exact_pt=pitch,
        indent=indent(),
        auto_space=False,
        hanging_punctuation=False,
        snap_to_grid=False,
    )
    body = replace(flush, indent=indent(first=p.body.indent_chars))
    centred = replace(flush, align="center", snap_to_grid=False)
    mark_size = p.header_mark.size_pt
    type_width_pt = p.type_area_width_mm * MM_TO_PT
    colophon_side = p.colophon.indent_chars
    # CSS's line-height multiplies the font size, Word's "multiple" the font's own line
    # height (1.45 em in Noto CJK): an exact height of size × line_height matches the PDF.
    table = ParagraphFormat(
        align="center",
        auto_space=False,
        hanging_punctuation=False,
        before_pt=0,
        after_pt=0,
        line_exact_pt=p.table.size_pt * p.table.line_height,
        indent=indent(),
        snap_to_grid=False,
    )
    formats = {
        "gw-mark": replace(
            centred,
            before_pt=mark_before_pt(p, mark_size),
            line_exact_pt=mark_line_pt(mark_size),
        ),
        "gw-docnum": replace(flush, align="center", before_pt=below_mark_pt(p, mark_size)),
        "gw-title": replace(centred, before_pt=p.title.lines_above * pitch),
        "gw-addressee": replace(flush, before_pt=p.addressee.lines_above * pitch),
        "gw-para": body,
        "gw-attach-note": replace(
            flush,
            align="left",  # not justified: 「附件：」 keeps its width over the hanging lines
            before_pt=p.attachment_note.lines_above * pitch,
            indent=indent(
                left=p.attachment_note.indent_chars + p.attachment_note.hang_chars,
                first=-p.attachment_note.hang_chars,
            ),
        ),
        "gw-sign-name": replace(
            flush,
            align="right",
            before_pt=p.signature.lines_above * pitch,
            indent=indent(right=p.signature.name_right_indent_chars),
        ),
        "gw-sign-date": replace(flush, align="left"),
        "gw-note": replace(flush, indent=indent(first=p.note.indent_chars)),
        "gw-attach-label": replace(flush, align="left"),
        "gw-attach-title": replace(centred, before_pt=(p.attachment.title_line - 2) * pitch),
        "gw-table": table,
        "gw-table-head": table,
        "gw-colophon": replace(
            flush,
            align="left",
            snap_to_grid=False,
            indent=indent(left=colophon_side, right=colophon_side),
            right_tabs_twips=(ooxml.pt_to_twips(type_width_pt - colophon_side * char),),
        ),
        "gw-page-number": ParagraphFormat(
            align="right",
            before_pt=0,
            after_pt=0,
            line_exact_pt=p.page_number.size_pt,
            indent=indent(right=p.page_number.side_indent_chars),
            snap_to_grid=False,
        ),
        "gw-sample": replace(flush, align="right"),
    }
    for level in range(1, 5):
        formats[f"gw-h{level}"] = replace(body, keep_next=True, outline_level=level - 1)
    return formats


def run_format(
    p: LayoutProfile,
    cls: str,
    font_of: Callable[[Role], str],
    advance_of: Callable[[Role], float],
) -> RunFormat:
    """The character properties of class `cls`: its role's font, size, weight and colour,
    and the tracking of `grid_tracking_twips`."""
    style = element_style(p, cls)
    return RunFormat(
        family=font_of(style.role),
        size_pt=style.size_pt,
        bold=style.bold,
        color=p.color(style.color),
        tracking_twips=grid_tracking_twips(p, style.size_pt, advance_of(style.role)),
    )


def grid_tracking_twips(p: LayoutProfile, size_pt: float, advance_em: float) -> int:
    """The profile's `grid_tracking_pt` in whole twentieths of a point, rounded down, so that
    `chars_per_line` characters of the body's size fit one line of the type area: −5 for
    28 × 16 pt on 156 mm in a face of 1 em. `advance_em` is that of the font the DOCX names
    (`FontPlan.docx_advance`): 1 em for the office faces, whichever face the PDF embeds, since
    the DOCX is laid out where they, or other faces of 1 em, stand for its fonts.

    Paragraphs do not snap to the document grid: LibreOffice gives a 16 pt character two
    cells of a 15.79 pt grid, and tracking lays out the same in Word, WPS and LibreOffice.
    Other sizes get an explicit 0 (set solid, as in the PDF), or they would inherit
    Normal's tracking.
    """
    return math.floor(p.grid_tracking_pt(size_pt, advance_em) * 20)


def install_styles(
    styles: Element,
    p: LayoutProfile,
    font_of: Callable[[Role], str],
    advance_of: Callable[[Role], float],
    east_asia_lang: str,
) -> StyleSheet:
    """Rewrite the styles part `styles` (a `w:styles`) for `p`; returns the style ids."""
    ooxmlstructure.keep_only_styles(styles, set(TEMPLATE_STYLES_KEPT))
    formats = paragraph_formats(p)
    body_format = formats["gw-para"]
    ooxmlstructure.set_document_defaults(
        styles,
        font_of(p.body.role),
        p.body.size_pt,
        east_asia_lang,
        replace(body_format, indent=None, widow_control=False),
    )
    normal = styles.find(f"{{{W_NS}}}style[@{{{W_NS}}}styleId='Normal']")
    if normal is not None:
        # LibreOffice sizes the character grid from Normal's own font size, not docDefaults.
        body_run = run_format(p, "gw-para", font_of, advance_of)
        ooxml.apply_run_format(ooxmlstructure.style_properties(normal, "rPr"), body_run)
    paragraph_ids = {cls: style_id(cls) for cls in PARAGRAPH_STYLE_CLASSES}
    character_ids = {cls: style_id(cls) + "Char" for cls in CHARACTER_STYLE_CLASSES}
    for cls in PARAGRAPH_STYLE_CLASSES:
        name = p.word_styles.paragraph[cls]
        link = character_ids.get(cls)
        style = ooxmlstructure.new_style(
            "paragraph",
            paragraph_ids[cls],
            name,
            based_on="Normal",
            next_id=paragraph_ids["gw-para"],
            link=link,
            priority=1,
        )
        ooxml.apply_paragraph_format(ooxmlstructure.style_properties(style, "pPr"), formats[cls])
        ooxml.apply_run_format(
            ooxmlstructure.style_properties(style, "rPr"), run_format(p, cls, font_of, advance_of)
        )
        styles.append(style)
    for cls in CHARACTER_STYLE_CLASSES:
        name = p.word_styles.character[cls]
        linked = paragraph_ids.get(cls)
        style = ooxmlstructure.new_style(
            "character",
            character_ids[cls],
            name,
            based_on="DefaultParagraphFont",
            link=linked,
            priority=2,
        )
        ooxml.apply_run_format(
            ooxmlstructure.style_properties(style, "rPr"), run_format(p, cls, font_of, advance_of)
        )
        styles.append(style)
    styles.append(_table_style(p))
    ooxml.strip_theme_fonts(styles)
    return StyleSheet(paragraph_ids, character_ids, TABLE_STYLE_ID, formats)


def _table_style(p: LayoutProfile) -> Element:
    """The 公文表格 table style: ruled cells with the profile's border and padding."""
    style = ooxmlstructure.new_style(
        "table", TABLE_STYLE_ID, p.word_styles.table, based_on="TableNormal"
    )
    rule = Rule(size=max(2, round(p.table.border_pt * 8)), color=p.colors.text.lstrip("#"))
    padding = ooxml.mm_to_twips(p.table.cell_padding_mm)
    ooxmlstructure.table_style_borders(style, rule, padding)
    return style


def optional_formats(p: LayoutProfile) -> dict[str, ParagraphFormat]:
    """The paragraph properties of the classes of `OPTIONAL_STYLE_CLASSES`."""
    pitch = p.grid.line_pitch_pt
    flush = ParagraphFormat(
        align="left",
        before_pt=0,
        after_pt=0,
        line_exact_pt=pitch,
        indent=Indent(p.char_pitch_pt),
        auto_space=False,
        hanging_punctuation=False,
        snap_to_grid=False,
    )
    letter_line = p.letter.mark_size_pt * MARK_LINE_FACTOR
    return {
        "gw-copy-number": flush,
        "gw-secrecy": flush,
        "gw-urgency": flush,
        "gw-letter-mark": replace(flush, align="center", line_exact_pt=letter_line),
        "gw-letter-docnum": replace(flush, align="right"),
        "gw-mark-name": replace(
            flush, align="distribute", line_exact_pt=p.header_mark.size_pt * MARK_LINE_FACTOR
        ),
        "gw-sealed-names": flush,
    }


def ensure_optional_style(
    styles: Element,
    p: LayoutProfile,
    cls: str,
    font_of: Callable[[Role], str],
    advance_of: Callable[[Role], float],
) -> str:
    """The id of the optional style of `cls`, added to `styles` the first time it is used."""
    sid = style_id(cls)
    if styles.find(f"{{{W_NS}}}style[@{{{W_NS}}}styleId='{sid}']") is None:
        style = ooxmlstructure.new_style(
            "paragraph",
            sid,
            p.word_styles.optional[cls],
            based_on="Normal",
            next_id=style_id("gw-para"),
            priority=1,
        )
        fmt = optional_formats(p)[cls]
        ooxml.apply_paragraph_format(ooxmlstructure.style_properties(style, "pPr"), fmt)
        ooxml.apply_run_format(
            ooxmlstructure.style_properties(style, "rPr"), run_format(p, cls, font_of, advance_of)
        )
        styles.append(style)
    return sid
