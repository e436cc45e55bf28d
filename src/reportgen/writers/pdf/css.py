"""The PDF's stylesheet, derived from the layout profile and the font plan.

Input: a `LayoutProfile` (every GB/T 9704 number) and a `FontPlan` (which faces render each
font role). Output: CSS text for WeasyPrint that lays the semantic HTML out on the profile's
grid: pages and margins, page numbers, the header block, headings, signature, attachment,
tables and colophon. The only numbers written here are unit conversions; every length comes
from the profile.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...fonts.policy import FontPlan
from ...layout.profile import MM_TO_PT, LayoutProfile
from ...layout.styles import (
    JOINT_LINE_FACTOR,
    JOINT_SUFFIX_GAP_EM,
    ElementStyle,
    element_style,
    heading_class,
)
from ...render.vocabulary import BLOCK_CLASSES, INLINE_CLASSES

HEADING_LEVELS = (1, 2, 3, 4)
GRID_ALIGNED = ("gw-h1", "gw-h2", "gw-h3", "gw-h4", "gw-attach-label")
"""Lines in another face than the body's whose baseline is moved onto the body's."""
_NO_BOTTOM_NUMBERS = "@bottom-left { content: none } @bottom-right { content: none }"
_NUMBER = r'\s*=\s*"([0-9]+(?:\.[0-9]+)?)"'
_INDENT_ATTRIBUTE = re.compile(r"data-indent-(left|right)" + _NUMBER)
_MARK_SIZE_ATTRIBUTE = re.compile(r"data-size-pt" + _NUMBER)
_COLUMN_WIDTH_ATTRIBUTE = re.compile(r'<col\b[^>]*\bdata-width="([0-9.]+)"')


def document_css(profile: LayoutProfile, fonts: FontPlan) -> str:
    """The whole stylesheet of a document under `profile`, in the faces `fonts` chose."""
    parts = [
        fonts.font_face_css(),
        page_css(profile, fonts),
        base_css(profile, fonts),
        element_font_css(profile, fonts),
        head_css(profile, fonts),
        body_css(profile),
        attachment_css(profile),
        table_css(profile, fonts),
        colophon_css(profile, fonts),
        issue_css(profile, fonts),
    ]
    return "\n".join(part for part in parts if part)


def data_css(html: str, profile: LayoutProfile, fonts: FontPlan) -> str:
    """Rules for the `data-*` lengths present in `html`: indents in 字, the mark's size.

    CSS cannot turn an attribute's value into a length, so each value found gets its own
    attribute-selector rule, e.g. `[data-indent-left="18.0"] { padding-left: 284.274pt; }`.
    """
    rules = []
    for side, value in sorted(set(_INDENT_ATTRIBUTE.findall(html))):
        width = float(value) * profile.char_pitch_pt
        rules.append(rule(f'[data-indent-{side}="{value}"]', [f"padding-{side}: {pt(width)}"]))
    for value in sorted(set(_COLUMN_WIDTH_ATTRIBUTE.findall(html))):
        rules.append(rule(f'col[data-width="{value}"]', [f"width: {float(value):g}%"]))
    for value in sorted(set(_MARK_SIZE_ATTRIBUTE.findall(html))):
        selector = f'.gw-mark[data-size-pt="{value}"]'
        rules.append(rule(selector, mark_declarations(profile, fonts, float(value))))
    rules.extend(issue_data_css(html, profile, fonts))
    return "\n".join(rules)


# --- units and small helpers ---------------------------------------------------------------


def pt(value: float) -> str:
    """A length in points, e.g. `28.95pt`."""
    return f"{round(value, 3):g}pt"


def mm(value: float) -> str:
    """A length in millimetres, e.g. `37mm`."""
    return f"{round(value, 3):g}mm"


def css_string(value: str) -> str:
    """`value` as a quoted CSS string."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rule(selector: str, declarations: Iterable[str]) -> str:
    """`selector { a; b; }` on one line."""
    return f"{selector} {{ {'; '.join(declarations)}; }}"


def font_declarations(profile: LayoutProfile, fonts: FontPlan, style: ElementStyle) -> list[str]:
    """Family, size, weight, colour and tracking of one element style.

    Text in the body size is tracked onto the character grid: each ideograph of the role's
    face (its advance read from the font: 1 em for most, 0.92 em for cwTeX 仿宋) plus the
    letter spacing takes one `char_pitch_pt`, so `chars_per_line` characters fill a line.
    Other sizes are set solid.
    """
    weight = 700 if style.bold else fonts.css_font_weight(style.role)
    return [
        f"font-family: {fonts.css_font_family(style.role)}",
        f"font-size: {pt(style.size_pt)}",
        f"font-weight: {weight}",
        f"color: {profile.color(style.color)}",
        f"letter-spacing: {pt(tracking_pt(profile, fonts, style))}",
    ]


TRACKING_SLACK_PT = 0.01
"""How much less letter spacing a character gets than the grid asks. Pango keeps lengths in
1/1024 pt and rounds each character's spacing and advance: with the spacing exact, a line of
28 characters can come out a few hundredths of a point wider than the type area and lose its
last character to the next line. 0.01 pt a character shortens a full line by 0.1 mm."""


def tracking_pt(profile: LayoutProfile, fonts: FontPlan, style: ElementStyle) -> float:
    """The letter spacing that puts text of `style` on the character grid (0 off body size).

    Each ideograph of the role's embedded face (its advance read from the font: 1 em for
    most, 0.92 em for cwTeX 仿宋) plus the spacing takes one `char_pitch_pt`, less
    `TRACKING_SLACK_PT`, so `chars_per_line` characters fill a line.
    """
    if style.size_pt != profile.body.size_pt:
        return 0.0
    advance = fonts.metrics(style.role).advance
    return profile.grid_tracking_pt(style.size_pt, advance) - TRACKING_SLACK_PT


def baseline_shift_pt(profile: LayoutProfile, fonts: FontPlan, style: ElementStyle) -> float:
    """How far to move a grid line in `style` down so its baseline sits where body text's does.

    In a line box of the grid pitch the baseline lies half the pitch plus half of
    (ascent − descent) below the top, and faces differ in ascent and descent.
    """
    body = element_style(profile, "gw-para")
    body_metrics, own = fonts.metrics(body.role), fonts.metrics(style.role)
    body_offset = (body_metrics.ascent - body_metrics.descent) * body.size_pt
    own_offset = (own.ascent - own.descent) * style.size_pt
    return (body_offset - own_offset) / 2


def solid_em_top_pt(fonts: FontPlan, style: ElementStyle) -> float:
    """How far below the top of its line the em box of text set solid in `style` starts."""
    return fonts.metrics(style.role).em_top_in_line(1.0) * style.size_pt


def lines(profile: LayoutProfile, count: float) -> str:
    """The height of `count` grid lines."""
    return pt(count * profile.grid.line_pitch_pt)


def chars(profile: LayoutProfile, count: float) -> str:
    """The width of `count` grid characters (字)."""
    return pt(count * profile.char_pitch_pt)


def page_number_content(profile: LayoutProfile) -> str:
    """The CSS `content` of a page number: the profile's format around counter(page)."""
    before, _, after = profile.page_number.format.partition("{n}")
    return f"{css_string(before)} counter(page) {css_string(after)}"


# --- pages -----------------------------------------------------------------------------------


def page_css(profile: LayoutProfile, fonts: FontPlan) -> str:
    """@page rules: A4 portrait and landscape, and page numbers.

    GB/T 9704 §7.5: only a blank page standing before the 版記 page, and then the 版記 page,
    go unnumbered; a 版記 page after a page with text is numbered like any other. The
    documents never leave a page blank, so every page carries its number.
    """
    return "\n".join(
        [
            portrait_page_css(profile, fonts),
            landscape_page_css(profile, fonts),
        ]
    )


def _page_number_box(profile: LayoutProfile, fonts: FontPlan, side: str) -> list[str]:
    """Declarations of a page-number margin box on `side` (left or right) of the line.

    The number is set solid, its em box's top `below_type_area_mm` under the type area, and
    stands `side_indent_chars` 字 in from the type area's edge.
    """
    number = profile.page_number
    style = element_style(profile, "gw-page-number")
    declarations = font_declarations(profile, fonts, style)
    return [
        f"content: {page_number_content(profile)}",
        *declarations,
        f"line-height: {pt(number.size_pt)}",
        "vertical-align: top",
        f"text-align: {side}",
        f"padding-top: {pt(number.below_type_area_mm * MM_TO_PT - solid_em_top_pt(fonts, style))}",
        f"padding-{side}: {chars(profile, number.side_indent_chars)}",
    ]


def _margin_box(name: str, declarations: Iterable[str]) -> str:
    return f"@{name} {{ {'; '.join(declarations)} }}"


def portrait_page_css(profile: LayoutProfile, fonts: FontPlan) -> str:
    """A4 portrait with the profile's margins; numbers right on odd pages, left on even."""
    page, margins = profile.page, profile.margins
    size = f"size: {mm(page.width_mm)} {mm(page.height_mm)}"
    margin = (
        f"margin: {mm(margins.top_mm)} {mm(margins.right_mm)} "
        f"{mm(margins.bottom_mm)} {mm(margins.left_mm)}"
    )
    # As wide as the type area: WeasyPrint then skips measuring the number's text to share
    # the bottom margin out between the three boxes there, on every page.
    spanning = ["width: 100%", "box-sizing: border-box"]
    odd = _margin_box("bottom-right", [*_page_number_box(profile, fonts, "right"), *spanning])
    even = _margin_box("bottom-left", [*_page_number_box(profile, fonts, "left"), *spanning])
    return "\n".join(
        [f"@page {{ {size}; {margin} }}", f"@page :right {{ {odd} }}", f"@page :left {{ {even} }}"]
    )


def landscape_page_css(profile: LayoutProfile, fonts: FontPlan) -> str:
    """A4 landscape for wide tables (GB/T 9704 §8), the sheet turned a quarter clockwise.

    The table's head lies on the binding (left) edge of the portrait sheet, so the landscape
    page's top margin is the portrait left margin, its right the portrait top, its bottom the
    portrait right and its left the portrait bottom. The page number stays where portrait
    pages have it: in the margin that is the sheet's bottom edge, turned with the sheet, so a
    square margin box as wide as that margin holds it, rotated a quarter turn.
    """
    page, margins = profile.page, profile.margins
    side = mm(margins.bottom_mm)
    size = f"size: {mm(page.height_mm)} {mm(page.width_mm)}"
    margin = (
        f"margin: {mm(margins.left_mm)} {mm(margins.top_mm)} "
        f"{mm(margins.right_mm)} {mm(margins.bottom_mm)}"
    )
    turned = [f"width: {side}", f"height: {side}", "box-sizing: border-box"]
    turned.append("transform: rotate(90deg)")
    odd = _margin_box("left-bottom", [*_page_number_box(profile, fonts, "right"), *turned])
    even = _margin_box("left-top", [*_page_number_box(profile, fonts, "left"), *turned])
    return "\n".join(
        [
            f"@page landscape {{ {size}; {margin} }}",
            f"@page landscape:right {{ {_NO_BOTTOM_NUMBERS} {odd} }}",
            f"@page landscape:left {{ {_NO_BOTTOM_NUMBERS} {even} }}",
        ]
    )


# --- text ------------------------------------------------------------------------------------


def base_css(profile: LayoutProfile, fonts: FontPlan) -> str:
    """Defaults: body text on the grid, no browser margins or bold, sections and breaks."""
    body = element_style(profile, "gw-para")
    return "\n".join(
        [
            rule(
                "html",
                [
                    *font_declarations(profile, fonts, body),
                    f"line-height: {lines(profile, 1)}",
                    "orphans: 1",
                    "widows: 1",
                    # a run with no break opportunity (a URL, a long number) breaks
                    # anywhere rather than leave the type area, as Word breaks it
                    "overflow-wrap: anywhere",
                ],
            ),
            rule("body", ["margin: 0"]),
            rule("p, h1, h2, h3, h4, h5, h6", ["margin: 0", "padding: 0", "font-style: normal"]),
            rule(".gw-section[data-break='page']", ["break-before: page"]),
            # A section that starts a page only without room does when the orientation
            # changes (the DOCX writer starts a Word section on a new page then, too).
            rule(
                ".gw-section[data-orientation='landscape']"
                " + .gw-section[data-orientation='portrait'][data-break='room'], "
                ".gw-section[data-orientation='portrait']"
                " + .gw-section[data-orientation='landscape'][data-break='room']",
                ["break-before: page"],
            ),
            rule(".gw-section[data-orientation='landscape']", ["page: landscape"]),
        ]
    )


def element_font_css(profile: LayoutProfile, fonts: FontPlan) -> str:
    """Font rules of every vocabulary class that has a style, and of run-in headings."""
    rules = []
    for cls in [*BLOCK_CLASSES, *INLINE_CLASSES]:
        try:
            style = element_style(profile, cls)
        except KeyError:
            continue
        rules.append(rule(f".{cls}", font_declarations(profile, fonts, style)))
    for level in HEADING_LEVELS:
        style = element_style(profile, heading_class(level))
        selector = f".gw-runin[data-level='{level}']"
        rules.append(rule(selector, font_declarations(profile, fonts, style)))
    for cls in GRID_ALIGNED:
        shift = baseline_shift_pt(profile, fonts, element_style(profile, cls))
        rules.append(rule(f".{cls}", ["position: relative", f"top: {pt(shift)}"]))
    return "\n".join(rules)


def mark_declarations(profile: LayoutProfile, fonts: FontPlan, size_pt: float) -> list[str]:
    """Size and place the header mark: set solid, its em box's top `top_from_type_area_mm`
    below the type area's top."""
    style = element_style(profile, "gw-mark")
    em_top = fonts.metrics(style.role).em_top_in_line(1.0) * size_pt
    top = profile.header_mark.top_from_type_area_mm * MM_TO_PT - em_top
    return [f"font-size: {pt(size_pt)}", f"line-height: {pt(size_pt)}", f"margin-top: {pt(top)}"]


def head_css(profile: LayoutProfile, fonts: FontPlan) -> str:
    """The header block: red mark, document number, red rule, title and addressee.

    The mark is set solid with its em box's top `top_from_type_area_mm` below the type area's
    top; the red rule lies `below_doc_number_mm` under the bottom of the number's em box; the
    title stands `title.lines_above` blank lines under the rule. Any title (the notice's or,
    on its own page, the plan's) has `addressee.lines_above` blank lines before what follows.
    """
    mark, number, red = profile.header_mark, profile.doc_number, profile.red_rule
    pitch = profile.grid.line_pitch_pt
    number_metrics = fonts.metrics(number.role)
    number_bottom = (number_metrics.em_top_in_line(pitch / number.size_pt) + 1) * number.size_pt
    rule_gap = red.below_doc_number_mm * MM_TO_PT - (pitch - number_bottom)
    signer_indent = chars(profile, profile.signer.indent_chars)
    return "\n".join(
        [
            rule(
                ".gw-mark",
                [
                    *mark_declarations(profile, fonts, mark.size_pt),
                    "text-align: center",
                    # sized to fit one line; a name whose letters are wider than estimated
                    # wraps rather than run off the page
                    "white-space: normal",
                ],
            ),
            rule(
                ".gw-docnum",
                [f"margin-top: {lines(profile, number.lines_below_mark)}", "text-align: center"],
            ),
            rule(
                ".gw-docnum:has(.gw-signer)",
                ["text-align: left", f"padding: 0 {signer_indent}"],
            ),
            rule(".gw-signer", ["float: right", "white-space: nowrap"]),
            rule(
                ".gw-redline",
                [
                    f"margin: {pt(rule_gap)} 0 0 0",
                    "border: none",
                    f"border-top: {mm(red.thickness_mm)} solid {profile.colors.red}",
                    "height: 0",
                ],
            ),
            rule(".gw-title", ["text-align: center"]),
            rule(
                ".gw-redline + .gw-title",
                [f"margin-top: {lines(profile, profile.title.lines_above)}"],
            ),
            rule(
                ".gw-title + .gw-addressee, .gw-title + .gw-para",
                [f"margin-top: {lines(profile, profile.addressee.lines_above)}"],
            ),
        ]
    )


def body_css(profile: LayoutProfile) -> str:
    """Paragraphs and headings indented 2 字, signature, note and attachment note."""
    body = profile.body
    heading_selectors = ", ".join(f".{heading_class(level)}" for level in HEADING_LEVELS)
    signature = profile.signature
    note = profile.attachment_note
    return "\n".join(
        [
            rule(".gw-para", [f"text-indent: {chars(profile, body.indent_chars)}"]),
            rule(
                ".gw-runin, .gw-signer-label, .gw-signer-name, .gw-docnum-text",
                ["line-height: 1"],
            ),
            rule(
                heading_selectors,
                [f"text-indent: {chars(profile, body.indent_chars)}", "break-after: avoid"],
            ),
            rule(
                ".gw-attach-note",
                [
                    f"margin-top: {lines(profile, note.lines_above)}",
                    f"padding-left: {chars(profile, note.indent_chars + note.hang_chars)}",
                    f"text-indent: {chars(profile, -note.hang_chars)}",
                    "text-align: left",
                    "break-before: avoid",
                ],
            ),
            rule(
                ".gw-signature",
                [
                    f"margin-top: {lines(profile, signature.lines_above)}",
                    "break-inside: avoid",
                    "break-before: avoid",  # never alone on a page (§7.3.5): body text comes too
                ],
            ),
            rule(".gw-sign-name", ["text-align: right"]),
            rule(".gw-sign-date", ["text-align: left", "white-space: nowrap"]),
            rule(".gw-note", [f"text-indent: {chars(profile, profile.note.indent_chars)}"]),
            rule(".gw-sample", ["position: absolute", "top: 0", "right: 0", "white-space: nowrap"]),
        ]
    )


def attachment_css(profile: LayoutProfile) -> str:
    """Attachment label flush left on line 1, the attachment title centred on `title_line`.

    Between them lie `title_line` − 2 blank lines (the label's line and the title's own).
    """
    attachment = profile.attachment
    return "\n".join(
        [
            rule(".gw-attach-label", ["text-indent: 0"]),
            rule(
                ".gw-attach-title",
                [
                    f"margin-top: {lines(profile, attachment.title_line - 2)}",
                    "text-align: center",
                ],
            ),
        ]
    )


def table_css(profile: LayoutProfile, fonts: FontPlan) -> str:
    """Ruled tables in the table font, set at a multiple of its size, not on the 28 pt grid.

    Head cells (th in thead) take the table-head style; every other cell the table style.
    """
    table = profile.table
    border = f"{pt(table.border_pt)} solid {profile.colors.text}"
    cell = font_declarations(profile, fonts, element_style(profile, "gw-table"))
    head = font_declarations(profile, fonts, element_style(profile, "gw-table-head"))
    return "\n".join(
        [
            rule(
                ".gw-table",
                [
                    "width: 100%",
                    "table-layout: fixed",
                    "border-collapse: collapse",
                    f"border: {border}",
                    f"line-height: {table.line_height:g}",
                ],
            ),
            rule(
                ".gw-table th, .gw-table td",
                [
                    *cell,
                    f"border: {border}",
                    f"padding: {mm(table.cell_padding_mm)}",
                    "text-align: center",
                    "vertical-align: middle",
                    "text-indent: 0",
                ],
            ),
            rule(".gw-table thead th", head),
            rule(".gw-table thead", ["display: table-header-group"]),
            rule(".gw-table tr, .gw-table tbody[data-spanned-rows]", ["break-inside: avoid"]),
        ]
    )


def colophon_css(profile: LayoutProfile, fonts: FontPlan) -> str:
    """The colophon at the foot of its page's type area, between its three rules (§7.4); a
    letter's without rules (§10.1).

    The 抄送 line hangs: its next lines start after 「抄送：」 (§7.4.2).
    """
    colophon = profile.colophon
    ink = profile.colors.text
    indent = chars(profile, colophon.indent_chars)
    hang_pt = cc_hang_pt(profile, fonts.metrics(colophon.role).advance)
    return "\n".join(
        [
            rule(
                ".gw-colophon",
                [
                    "position: absolute",
                    "left: 0",
                    "right: 0",
                    "bottom: 0",
                    f"border-top: {mm(colophon.first_last_rule_mm)} solid {ink}",
                    f"border-bottom: {mm(colophon.first_last_rule_mm)} solid {ink}",
                    f"line-height: {lines(profile, 1)}",
                ],
            ),
            rule(
                ".gw-colophon > p + p",
                [f"border-top: {mm(colophon.middle_rule_mm)} solid {ink}"],
            ),
            rule(".gw-colophon[data-format='letter']", ["border: none"]),
            rule(
                ".gw-cc",
                [
                    f"padding: 0 {indent}",
                    f"padding-left: calc({indent} + {pt(hang_pt)})",
                    f"text-indent: {pt(-hang_pt)}",
                ],
            ),
            rule(".gw-printed", [f"padding: 0 {indent}", "text-indent: 0"]),
            rule(".gw-print-date", ["float: right"]),
        ]
    )


def cc_hang_pt(profile: LayoutProfile, advance_em: float) -> float:
    """The width of 「抄送：」 in the colophon's size, in a face whose ideographs are
    `advance_em` wide."""
    colophon = profile.colophon
    return colophon.cc_hang_chars * advance_em * colophon.size_pt


# --- how a document is issued: 版頭 elements, letterhead paper, letters, joint marks, seals --

_LEFT_ATTRIBUTE = re.compile(r"data-left" + _NUMBER)
_SEAL_ATTRIBUTES = re.compile(
    r'data-top-mm="(-?[0-9.]+)" data-width-mm="([0-9.]+)" data-height-mm="([0-9.]+)"'
)


def issue_css(profile: LayoutProfile, fonts: FontPlan) -> str:
    """份號, 密級 and 緊急程度 flush left on the type area's first lines (§7.2.1–7.2.3); the
    room of a pre-printed head; the letter format's head (§10.1); a sealed signature."""
    elements = ".gw-head-elements"
    letterhead_pt = (
        profile.letterhead_paper.head_space_mm - profile.margins.top_mm
    ) * MM_TO_PT - solid_em_top_pt(fonts, element_style(profile, "gw-mark"))
    letter = profile.letter
    rule_left = (profile.page.width_mm - letter.rule_length_mm) / 2 - profile.margins.left_mm
    red = profile.colors.red
    body = element_style(profile, "gw-para")
    below_rule = (
        letter.below_rule_em * body.size_pt
        - fonts.metrics(body.role).em_top_in_line(profile.grid.line_pitch_pt / body.size_pt)
        * body.size_pt
    )
    rule_height_pt = (letter.thick_mm + letter.gap_mm + letter.thin_mm) * MM_TO_PT
    rules = [
        rule(elements, ["position: absolute", "top: 0", "left: 0", "white-space: nowrap"]),
        rule(f"{elements} p, .gw-letter-head p", ["text-indent: 0", "text-align: left"]),
        rule(
            ".gw-secrecy, .gw-urgency",
            ["position: relative", f"top: {pt(_heiti_shift(profile, fonts))}"],
        ),
        rule(".gw-letterhead", [f"height: {pt(max(0.0, letterhead_pt))}"]),
        rule(".gw-redline[data-preprinted]", ["border-top-color: transparent"]),
        rule(
            ".gw-letter-rule",
            [
                "position: absolute",
                f"left: {mm(rule_left)}",
                f"width: {mm(letter.rule_length_mm)}",
                f"height: {mm(letter.gap_mm)}",
                "margin: 0",
                "border: none",
            ],
        ),
        rule(
            ".gw-letter-rule[data-edge='top']",
            [
                f"border-top: {mm(letter.thick_mm)} solid {red}",
                f"border-bottom: {mm(letter.thin_mm)} solid {red}",
            ],
        ),
        rule(
            ".gw-letter-rule[data-edge='bottom']",
            [
                f"bottom: {mm(letter.bottom_rule_above_edge_mm - profile.margins.bottom_mm)}",
                f"border-top: {mm(letter.thin_mm)} solid {red}",
                f"border-bottom: {mm(letter.thick_mm)} solid {red}",
            ],
        ),
        rule(".gw-letter-mark", ["text-align: center", "white-space: normal"]),
        rule(
            ".gw-letter-head",
            [
                "position: relative",
                f"padding-top: {pt(below_rule + rule_height_pt)}",
                f"min-height: {lines(profile, 1)}",
            ],
        ),
        rule(
            ".gw-letter-docnum",
            [
                "position: absolute",
                f"top: {pt(below_rule + rule_height_pt)}",
                "right: 0",
                "text-indent: 0",
                "white-space: nowrap",
            ],
        ),
        rule(
            ".gw-letter-head + .gw-title",
            [f"margin-top: {lines(profile, letter.title_lines_above)}"],
        ),
        rule(".gw-joint-mark", ["display: table", "margin-left: auto", "margin-right: auto"]),
        rule(".gw-mark-names", ["display: table-cell", "vertical-align: middle"]),
        rule(".gw-mark-name", ["text-align: left", "white-space: nowrap"]),
        rule(
            ".gw-mark-suffix",
            [
                "display: table-cell",
                "vertical-align: middle",
                "white-space: nowrap",
                "letter-spacing: 0",
                f"padding-left: {JOINT_SUFFIX_GAP_EM:g}em",
            ],
        ),
        rule(".gw-signature[data-lines-above]", ["position: relative"]),
        rule(".gw-sealed-names", ["position: relative", f"height: {lines(profile, 1)}"]),
        rule(".gw-sealed-name", ["position: absolute", "top: 0", "white-space: nowrap"]),
        rule(".gw-seal", ["position: absolute", "display: block"]),
    ]
    return "\n".join(rules)


def _heiti_shift(profile: LayoutProfile, fonts: FontPlan) -> float:
    return baseline_shift_pt(profile, fonts, element_style(profile, "gw-secrecy"))


def issue_data_css(html: str, profile: LayoutProfile, fonts: FontPlan) -> list[str]:
    """Rules for the lengths of a letter's mark, a joint mark, sealed names and seals."""
    rules: list[str] = []
    if 'class="gw-letter-mark"' in html or 'data-format="letter"' in html:
        rules.append(
            "@page :first { @bottom-left { content: none } @bottom-right { content: none } }"
        )
    letter = profile.letter
    style = element_style(profile, "gw-letter-mark")
    for value in sorted(set(re.findall(r'class="gw-letter-mark" data-size-pt="([0-9.]+)"', html))):
        size = float(value)
        em_top = fonts.metrics(style.role).em_top_in_line(1.0) * size
        top = (letter.mark_top_mm - profile.margins.top_mm) * MM_TO_PT - em_top
        rules.append(
            rule(
                f'.gw-letter-mark[data-size-pt="{value}"]',
                [
                    f"font-size: {pt(size)}",
                    f"line-height: {pt(size)}",
                    f"margin-top: {pt(top)}",
                    f"margin-bottom: {pt(em_top + letter.rule_below_mark_mm * MM_TO_PT)}",
                ],
            )
        )
    letter_space = (
        letter.mark_top_mm + letter.rule_below_mark_mm - profile.margins.top_mm
    ) * MM_TO_PT + letter.mark_size_pt
    rules.append(rule(".gw-letterhead[data-format='letter']", [f"height: {pt(letter_space)}"]))
    mark = element_style(profile, "gw-mark")
    joint = r'class="gw-joint-mark" data-size-pt="([0-9.]+)" data-names-chars="([0-9.]+)"'
    for value, names in sorted(set(re.findall(joint, html))):
        size = float(value)
        em_top = fonts.metrics(mark.role).em_top_in_line(JOINT_LINE_FACTOR) * size
        top = profile.header_mark.top_from_type_area_mm * MM_TO_PT - em_top
        selector = f'.gw-joint-mark[data-size-pt="{value}"][data-names-chars="{names}"]'
        rules.append(rule(selector, [f"margin-top: {pt(top)}"]))
        rules.append(rule(f"{selector} .gw-mark-names", [f"width: {pt(float(names) * size)}"]))
        rules.append(
            rule(
                f"{selector} p",
                [f"font-size: {pt(size)}", f"line-height: {pt(size * JOINT_LINE_FACTOR)}"],
            )
        )
    for value in sorted(set(re.findall(r'data-lines-above="([0-9]+)"', html))):
        selector = f'.gw-signature[data-lines-above="{value}"]'
        rules.append(rule(selector, [f"margin-top: {lines(profile, float(value))}"]))
    for value in sorted(set(re.findall(r'data-spread-em="([0-9.]+)"', html))):
        selector = f'.gw-joint-mark .gw-mark-name[data-spread-em="{value}"]'
        spread = float(value)  # no spacing after the last character: it would widen the line
        rules.append(
            rule(selector, [f"letter-spacing: {spread:g}em", f"margin-right: {-spread:g}em"])
        )
    for value in sorted(set(_LEFT_ATTRIBUTE.findall(html))):
        rules.append(rule(f'[data-left="{value}"]', [f"left: {chars(profile, float(value))}"]))
    for top, width, height in sorted(set(_SEAL_ATTRIBUTES.findall(html))):
        selector = f'.gw-seal[data-top-mm="{top}"][data-width-mm="{width}"]'
        selector += f'[data-height-mm="{height}"]'
        rules.append(
            rule(
                selector,
                [
                    f"top: {mm(float(top))}",
                    f"width: {mm(float(width))}",
                    f"height: {mm(float(height))}",
                ],
            )
        )
    return rules
