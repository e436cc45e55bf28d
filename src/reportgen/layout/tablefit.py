"""Table column widths fitted to what the columns hold, the same for the DOCX and the PDF.

Input: an HTML `table.gw-table` (lxml), the width it may take (the type area of its page, in
twips) and the layout profile (the table's font size, cell padding). Output: one width per
grid column, in twips, summing to the available width. The DOCX writer sets these widths on
its cells; the PDF writer writes them onto the table's `col data-width` as percentages, so
both lay the same table out on the same columns.

Every column gets at least the width of its lines that must not wrap: a head cell's lines
(the stylesheet sets them `nowrap`) and every line holding a date or a year. Columns whose
longest line is wider share what is left, the widest capped first (max-min fair), so long
text wraps evenly and short columns stay on one line. Text is measured with nominal widths
that no face the profile lists exceeds (an ideograph 1 em, a Latin character `LATIN_EM`),
so a line measured to fit fits in every one of them.

A table whose every `col` declares `data-width` (a template's own choice) keeps those shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from .profile import MM_TO_PT, LayoutProfile, mm_to_twips, pt_to_twips

HtmlElement = Any
"""An lxml.html element (lxml is untyped)."""

LATIN_EM: Final = 0.7
"""Width of a Latin character in em: digits are 0.48–0.64 em in the CJK faces and their
fallbacks (DejaVu Sans the widest)."""

WIDE_LATIN: Final = frozenset("%@MWmw")
"""Latin characters measured as a full em (% is 0.83–0.95 em)."""

SLACK_EM: Final = 0.5
"""Room added to every line, in em, against rounding and kerning in the consumer's layout."""

_YEAR: Final = re.compile(r"(?<![0-9.])(1[89]|20)[0-9]{2}(?![0-9.%])")
"""A four-digit year (1800–2099) standing alone, as in 2025, 2025年 or 2022年3月15日."""


def holds_date_or_year(text: str) -> bool:
    """Whether `text` holds a date or a year (2025, 2025年, 2022年3月15日)."""
    return _YEAR.search(text) is not None


@dataclass(frozen=True)
class HtmlCell:
    """One th/td placed on the table's grid: its top-left slot and its spans."""

    element: HtmlElement
    row: int
    column: int
    rowspan: int
    colspan: int
    header_row: bool


@dataclass(frozen=True)
class TableGrid:
    """An HTML table resolved to a grid: `slots[r][c]` is the cell covering that slot."""

    slots: list[list[HtmlCell | None]]
    header_rows: int

    @property
    def columns(self) -> int:
        """The number of grid columns."""
        return max((len(row) for row in self.slots), default=0)


def html_table_grid(table: HtmlElement) -> TableGrid:
    """Place every th/td of `table` on a grid, honouring rowspan and colspan."""
    rows = [(tr, tr.getparent().tag == "thead") for tr in table.iter("tr")]
    slots: list[list[HtmlCell | None]] = [[] for _ in rows]
    for r, (tr, in_head) in enumerate(rows):
        column = 0
        for cell in tr:
            if cell.tag not in {"th", "td"}:
                continue
            while column < len(slots[r]) and slots[r][column] is not None:
                column += 1
            rowspan = min(_span(cell, "rowspan"), len(rows) - r)
            colspan = _span(cell, "colspan")
            placed = HtmlCell(cell, r, column, rowspan, colspan, in_head)
            for dr in range(rowspan):
                line = slots[r + dr]
                line.extend([None] * (column + colspan - len(line)))
                for dc in range(colspan):
                    line[column + dc] = placed
            column += colspan
    width = max((len(line) for line in slots), default=0)
    for line in slots:
        line.extend([None] * (width - len(line)))
    header_rows = sum(1 for _, in_head in rows if in_head)
    return TableGrid(slots, header_rows)


def _span(cell: HtmlElement, attribute: str) -> int:
    """A cell's rowspan or colspan (1 when missing or malformed)."""
    try:
        return max(1, int(cell.get(attribute, "1")))
    except ValueError:
        return 1


def cell_lines(cell: HtmlElement) -> list[str]:
    """The text lines of a cell as <br> splits them, white space collapsed."""
    lines = [cell.text or ""]
    for child in cell:
        if child.tag == "br":
            lines.append("")
        else:
            lines[-1] += child.text_content()
        lines[-1] += child.tail or ""
    return [" ".join(line.split()) for line in lines]


def line_em(text: str) -> float:
    """The nominal width of one line of text in em (see `LATIN_EM`)."""
    return sum(1.0 if ord(ch) >= 0x7F or ch in WIDE_LATIN else LATIN_EM for ch in text)


def type_area_twips(profile: LayoutProfile, landscape: bool) -> int:
    """The width of the type area of a portrait or a landscape page, in twips."""
    width = profile.type_area_height_mm if landscape else profile.type_area_width_mm
    return mm_to_twips(width)


def table_widths(
    table: HtmlElement, grid: TableGrid, available: int, profile: LayoutProfile
) -> list[int]:
    """The width of each column of `table` in twips: declared, or fitted to the content."""
    return declared_widths(table, grid, available) or fitted_widths(grid, available, profile)


def declared_widths(table: HtmlElement, grid: TableGrid, available: int) -> list[int] | None:
    """The widths the table's `col data-width` percentages give, or None without them."""
    percents = []
    for col in table.iter("col"):
        try:
            percents.append(float(col.get("data-width", "")))
        except ValueError:
            return None
    if len(percents) != grid.columns or sum(percents) <= 0 or min(percents) < 0:
        return None
    total = sum(percents)
    widths = [int(available * p / total) for p in percents]
    widths[-1] += available - sum(widths)
    return widths


def fitted_widths(grid: TableGrid, available: int, profile: LayoutProfile) -> list[int]:
    """Column widths fitted to the content of `grid` within `available` twips."""
    size = profile.table.size_pt
    frame = 2 * profile.table.cell_padding_mm * MM_TO_PT + profile.table.border_pt

    def twips(em: float) -> int:
        return pt_to_twips((em + SLACK_EM) * size + frame)

    least = [twips(1.0)] * grid.columns
    natural = list(least)
    for line in grid.slots:
        for c, cell in enumerate(line):
            if cell is None or cell.colspan != 1 or cell.column != c:
                continue
            for text in cell_lines(cell.element):
                width = twips(line_em(text))
                natural[c] = max(natural[c], width)
                if cell.header_row or holds_date_or_year(text):
                    least[c] = max(least[c], width)
    return share_width(least, natural, available)


def share_width(least: list[int], natural: list[int], available: int) -> list[int]:
    """Widths summing to `available`: every column at least `least`, at most `natural` while
    they do not all fit (the widest capped alike), and the room left over, when they do,
    shared in proportion to `natural`. Should even the least widths not fit, they shrink in
    proportion."""
    if not natural:
        return []
    if sum(natural) <= available:
        widths = [w * available // sum(natural) for w in natural]
    elif sum(least) >= available:
        widths = [w * available // sum(least) for w in least]
    else:
        cap = _fair_cap(least, natural, available)
        widths = [max(lo, min(hi, cap)) for lo, hi in zip(least, natural, strict=True)]
    widths[-1] += available - sum(widths)
    return widths


def _fair_cap(least: list[int], natural: list[int], available: int) -> int:
    """The largest cap such that the columns, each `max(least, min(natural, cap))`, fit in
    `available` (found by bisection over whole twips)."""
    low, high = 0, max(natural)

    def total(cap: int) -> int:
        return sum(max(lo, min(hi, cap)) for lo, hi in zip(least, natural, strict=True))

    while low < high:
        middle = (low + high + 1) // 2
        if total(middle) <= available:
            low = middle
        else:
            high = middle - 1
    return low


# --- the PDF side: the widths written onto the HTML ---------------------------------------


def fit_html_tables(root: HtmlElement, profile: LayoutProfile) -> bool:
    """Give every `table.gw-table` under lxml `root` a colgroup whose `col data-width`
    percentages are the widths `table_widths` computes; returns whether any table changed.

    A table on a landscape section (`data-orientation="landscape"`) takes the landscape type
    area's width; a table that declares all its widths keeps them.
    """
    from lxml import html as lxml_html

    changed = False
    for table in root.xpath("//table[contains(concat(' ', @class, ' '), ' gw-table ')]"):
        grid = html_table_grid(table)
        if grid.columns == 0:
            continue
        available = type_area_twips(profile, _on_landscape(table))
        if declared_widths(table, grid, available) is not None:
            continue
        widths = fitted_widths(grid, available, profile)
        for old in table.findall("colgroup"):
            table.remove(old)
        colgroup = lxml_html.Element("colgroup")
        for width in widths:
            col = lxml_html.Element("col")
            col.set("data-width", f"{100 * width / available:.4f}")
            colgroup.append(col)
        table.insert(0, colgroup)
        changed = True
    return changed


def _on_landscape(table: HtmlElement) -> bool:
    """Whether `table` lies in a section laid out on landscape pages."""
    return any(a.get("data-orientation") == "landscape" for a in table.iterancestors("section"))
