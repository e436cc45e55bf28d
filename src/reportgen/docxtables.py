"""HTML tables (`table.gw-table`) as real Word tables, built on the XML in one pass.

Input: an lxml.html `<table>` with thead/tbody/tr/th/td, rowspan/colspan and <br> in cells,
and the width available. Output: a `w:tbl` in the document's table style: header rows that
repeat on every page, rowspans as vertical merges, colspans as grid spans, fixed column widths.
python-docx's `table.cell()` rebuilds the grid on every call, so this never uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from . import ooxml, ooxmlstructure
from .ooxml import Element, ParagraphFormat, qn

KEEP_WITH_NEXT = ParagraphFormat(keep_next=True)

HtmlElement = Any
"""An lxml.html element (lxml is untyped)."""

LATIN_EM = 0.7
"""Width of a Latin character in em when sizing columns (digits are 0.5–0.64 em in CJK and
fallback fonts; erring wide keeps years on one line)."""

SLACK_PT = 1.0
"""Room added to every column against rounding in the consumer's layout."""


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


def declared_widths(table: HtmlElement, grid: TableGrid, available_twips: int) -> list[int] | None:
    """The widths the table's `col data-width` percentages give, or None without them.

    The PDF's CSS reads the same attributes, so both writers divide the width alike.
    """
    percents = []
    for col in table.iter("col"):
        try:
            percents.append(float(col.get("data-width", "")))
        except ValueError:
            return None
    if len(percents) != grid.columns or sum(percents) <= 0:
        return None
    total = sum(percents)
    widths = [int(available_twips * p / total) for p in percents]
    widths[-1] += available_twips - sum(widths)
    return widths


def column_widths(
    grid: TableGrid, available_twips: int, size_pt: float, margin_pt: float
) -> list[int]:
    """Column widths that fill `available_twips`: each column's natural width is its longest
    line; when they do not all fit, the widest columns share what the narrower ones leave
    (max-min fair), so short columns (years, names) never wrap and long ones wrap evenly."""
    natural = [ooxml.pt_to_twips(2 * margin_pt + SLACK_PT + size_pt)] * grid.columns
    for line in grid.slots:
        for c, cell in enumerate(line):
            if cell is not None and cell.colspan == 1:
                em = max((_line_em(t) for t in _cell_lines(cell.element)), default=1.0)
                width = ooxml.pt_to_twips(em * size_pt + 2 * margin_pt + SLACK_PT)
                natural[c] = max(natural[c], width)
    if sum(natural) <= available_twips:
        widths = [w * available_twips // sum(natural) for w in natural]
    else:
        cap = _fair_cap(natural, available_twips)
        widths = [min(w, cap) for w in natural]
    widths[-1] += available_twips - sum(widths)
    return widths


def _fair_cap(natural: list[int], available: int) -> int:
    """The largest width cap such that all columns, capped, fit in `available`."""
    remaining = available
    ordered = sorted(natural)
    for index, width in enumerate(ordered):
        share = remaining // (len(ordered) - index)
        if width > share:
            return share
        remaining -= width
    return ordered[-1]


def _line_em(text: str) -> float:
    """Width of one line of cell text in em: CJK characters 1, Latin characters `LATIN_EM`."""
    return sum(LATIN_EM if ord(ch) < 0x7F else 1.0 for ch in text)


def _cell_lines(cell: HtmlElement) -> list[str]:
    """The text lines of a cell as <br> splits them."""
    lines = [cell.text or ""]
    for child in cell:
        if child.tag == "br":
            lines.append("")
        else:
            lines[-1] += child.text_content()
        lines[-1] += child.tail or ""
    return [line.strip() for line in lines]


def build_table(
    grid: TableGrid,
    widths: list[int],
    table_style_id: str,
    fill_cell: Callable[[Element, HtmlCell | None, HtmlCell], None],
) -> Element:
    """A `w:tbl` for `grid`. `fill_cell(tc, cell, origin)` adds the paragraphs of a cell:
    `cell` is None for the continuation of a vertical merge whose first cell is `origin`."""
    table = ooxmlstructure.new_table(table_style_id, widths)
    for r, line in enumerate(grid.slots):
        row = ooxmlstructure.add_table_row(table, header=r < grid.header_rows)
        c = 0
        while c < len(line):
            origin = line[c]
            if origin is None:
                empty = _empty_cell(r, c, r < grid.header_rows)
                fill_cell(ooxmlstructure.add_table_cell(row, widths[c]), None, empty)
                c += 1
                continue
            span = min(origin.colspan, len(line) - c)
            width = sum(widths[c : c + span])
            starts_here = origin.row == r
            merge: Literal["restart", "continue"] | None = None
            if origin.rowspan > 1:
                merge = "restart" if starts_here else "continue"
            tc = ooxmlstructure.add_table_cell(row, width, span=span, vertical_merge=merge)
            fill_cell(tc, origin if starts_here else None, origin)
            c += span
        if _merge_continues(line, r):
            for p in row.iter(qn("w:p")):
                ooxml.apply_paragraph_format(p.get_or_add_pPr(), KEEP_WITH_NEXT)
    return table


def _merge_continues(line: list[HtmlCell | None], r: int) -> bool:
    """Whether a cell of row `r` spans into the next row (the rows then stay on one page)."""
    return any(cell is not None and cell.row + cell.rowspan - 1 > r for cell in line)


def _empty_cell(row: int, column: int, header_row: bool) -> HtmlCell:
    """A stand-in for a slot the HTML row leaves empty."""
    from lxml import html

    return HtmlCell(html.fragment_fromstring("<td></td>"), row, column, 1, 1, header_row)
