"""HTML tables (`table.gw-table`) as real Word tables, built on the XML in one pass.

Input: an HTML table resolved to a grid (`tablefit.html_table_grid`) and its column widths
(`tablefit.table_widths`, which the PDF's stylesheet gets too). Output: a `w:tbl` in the
document's table style: header rows that repeat on every page, rowspans as vertical merges,
colspans as grid spans, fixed column widths.
python-docx's `table.cell()` rebuilds the grid on every call, so this never uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from ...layout.tablefit import HtmlCell, TableGrid
from .ooxml import elements as ooxml
from .ooxml import structure as ooxmlstructure
from .ooxml.elements import Element, ParagraphFormat, qn

KEEP_WITH_NEXT = ParagraphFormat(keep_next=True)


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
