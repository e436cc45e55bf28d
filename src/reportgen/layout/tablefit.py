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

import functools
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
    table: HtmlElement,
    grid: TableGrid,
    available: int,
    profile: LayoutProfile,
    advance_em: float = 1.0,
) -> list[int]:
    """The width of each column of `table` in twips: declared, or fitted to the content
    (`advance_em`: the ideograph advance of the table's face, see `fitted_widths`)."""
    return declared_widths(table, grid, available) or fitted_widths(
        grid, available, profile, advance_em
    )


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


def fitted_widths(
    grid: TableGrid, available: int, profile: LayoutProfile, advance_em: float = 1.0
) -> list[int]:
    """Column widths fitted to the content of `grid` within `available` twips, then set so
    that no wrapped line leaves a single character on a line of its own where the room
    allows (`_Fit.without_orphans`). Where text wraps is foretold with ideographs
    `advance_em` wide, the advance of the face the table is set in (0.92 for cwTeX 仿宋)."""
    measure = CellMeasure(profile, advance_em)
    least = [measure.twips(1.0)] * grid.columns
    natural = list(least)
    cells: list[_Cell] = []
    for line in grid.slots:
        for c, cell in enumerate(line):
            if cell is None or cell.colspan != 1 or cell.column != c:
                continue
            texts = cell_lines(cell.element)
            cells.append(_Cell(cell.row, c, cell.rowspan, tuple(texts)))
            for text in texts:
                width = measure.twips(line_em(text))
                natural[c] = max(natural[c], width)
                if cell.header_row or holds_date_or_year(text):
                    least[c] = max(least[c], width)
    return list(_fitted(tuple(least), tuple(natural), tuple(cells), available, measure))


@functools.lru_cache(maxsize=256)
def _fitted(
    least: tuple[int, ...],
    natural: tuple[int, ...],
    cells: tuple[_Cell, ...],
    available: int,
    measure: CellMeasure,
) -> tuple[int, ...]:
    """`fitted_widths` from the table's measured cells, kept: the DOCX and the PDF of a
    document fit the same tables, and a batch's documents repeat them (the schedule)."""
    widths = share_width(list(least), list(natural), available)
    return tuple(
        _Fit(list(least), list(natural), list(cells), available, measure).without_orphans(widths)
    )


@dataclass(frozen=True)
class CellMeasure:
    """Column widths (twips) and the em of table text a column holds on one line."""

    size_pt: float
    frame_pt: float
    advance_em: float

    def __init__(self, profile: LayoutProfile, advance_em: float = 1.0) -> None:
        object.__setattr__(self, "size_pt", profile.table.size_pt)
        frame = 2 * profile.table.cell_padding_mm * MM_TO_PT + profile.table.border_pt
        object.__setattr__(self, "frame_pt", frame)
        object.__setattr__(self, "advance_em", advance_em)

    def twips(self, em: float) -> int:
        """The width of a column holding `em` of text on a line."""
        return pt_to_twips((em + SLACK_EM) * self.size_pt + self.frame_pt)

    def capacity_em(self, twips: int) -> float:
        """The em of text a column `twips` wide is sure to hold on a line (`twips`'s
        inverse: its slack left out)."""
        return (twips / 20 - self.frame_pt) / self.size_pt - SLACK_EM

    def holds_em(self, twips: int) -> float:
        """The em of text a column `twips` wide holds on a line when laid out, at most: its
        slack too. A text within `WRAP_MARGIN_EM` of it may wrap or not."""
        return self.capacity_em(twips) + SLACK_EM


WRAP_MARGIN_EM: Final = 0.15
"""How much less than its full width a column may hold when laid out (rounding in the
consumer's layout: LibreOffice wraps some lines the PDF keeps whole): where a cell's text
wraps is foretold at both widths."""

WIDEN_LIMIT_EM: Final = 2.0
"""How much wider than its share a column may grow so its last lines hold more than one
character."""

_EM_STEP: Final = 0.05
"""The resolution, in em, at which a column's width is tightened or widened."""


def wrapped_lines(text: str, capacity_em: float, advance_em: float = 1.0) -> list[str]:
    """`text` broken greedily into lines of at most `capacity_em` (a character that is wider
    than the line stands alone), ideographs and full-width signs `advance_em` wide, other
    characters as `line_em` measures them."""
    return list(_wrapped(text, capacity_em, advance_em))


@functools.lru_cache(maxsize=1 << 16)
def _wrapped(text: str, capacity_em: float, advance_em: float) -> tuple[str, ...]:
    """`wrapped_lines`, kept: fitting a table asks the same texts at the same widths many
    times over (each try of a column's width re-measures every cell)."""
    lines: list[str] = []
    current, width = "", 0.0
    for ch in text:
        w = advance_em if ord(ch) >= _IDEOGRAPHIC_FROM else line_em(ch)
        if current and width + w > capacity_em + 1e-6:
            lines.append(current)
            current, width = "", 0.0
        current += ch
        width += w
    if current or not lines:
        lines.append(current)
    return tuple(lines)


_IDEOGRAPHIC_FROM: Final = 0x2E80
"""The first code point of the CJK blocks (radicals, punctuation, ideographs, full-width
forms), set in the table's face at its ideograph advance."""


def leaves_an_orphan(text: str, capacity_em: float, advance_em: float = 1.0) -> bool:
    """Whether `text`, wrapped at `capacity_em`, ends on a line holding one character."""
    lines = _wrapped(text, capacity_em, advance_em)
    return len(lines) > 1 and len(lines[-1]) == 1


def may_leave_an_orphan(text: str, holds_em: float, advance_em: float = 1.0) -> bool:
    """Whether `text` in a column holding `holds_em` (`CellMeasure.holds_em`) may end on a
    line holding one character, however the consumer rounds (`WRAP_MARGIN_EM`)."""
    return any(
        leaves_an_orphan(text, em, advance_em) for em in (holds_em, holds_em - WRAP_MARGIN_EM)
    )


@dataclass(frozen=True)
class _Cell:
    """A cell of one grid column, for foretelling wraps: its row, rowspan and lines."""

    row: int
    column: int
    rowspan: int
    lines: tuple[str, ...]


@dataclass
class _Fit:
    """Column widths adjusted so that wrapped cells do not end on a lone character."""

    least: list[int]
    natural: list[int]
    cells: list[_Cell]
    available: int
    measure: CellMeasure

    def texts(self, column: int) -> list[str]:
        return [t for cell in self.cells if cell.column == column for t in cell.lines if t]

    def orphaned(self, column: int, em: float) -> bool:
        advance = self.measure.advance_em
        return any(may_leave_an_orphan(t, em, advance) for t in self.texts(column))

    def count(self, text: str, em: float) -> int:
        """The lines `text` wraps into on a line `em` wide."""
        return len(_wrapped(text, em, self.measure.advance_em))

    def height(self, widths: list[int]) -> int:
        """The table's height in lines, as the nominal widths foretell it (cells spanning
        rows left out)."""
        rows: dict[int, int] = {}
        for cell in self.cells:
            if cell.rowspan != 1:
                continue
            em = self.measure.holds_em(widths[cell.column])
            lines = sum(self.count(t, em) for t in cell.lines)
            rows[cell.row] = max(rows.get(cell.row, 1), lines)
        return sum(rows.values())

    def shares(self, fixed: dict[int, int]) -> list[int]:
        """The `fixed` widths, and the rest of the room shared by the other columns."""
        columns = range(len(self.least))
        free = [c for c in columns if c not in fixed]
        rest = self.available - sum(fixed.values())
        shared = share_width([self.least[c] for c in free], [self.natural[c] for c in free], rest)
        widths = [fixed.get(c, 0) for c in columns]
        for c, width in zip(free, shared, strict=True):
            widths[c] = width
        if not free:
            widths[-1] += self.available - sum(widths)
        return widths

    def tightest_em(self, column: int, capacity_em: float) -> float:
        """The narrowest line (em) on which every text of `column` wraps into as many
        lines as at `capacity_em`: the wrapped texts balanced."""
        texts = self.texts(column)
        counts = [self.count(t, capacity_em) for t in texts]
        low = max((line_em(ch) for t in texts for ch in t), default=1.0)
        best = capacity_em
        for step in range(int((capacity_em - low) / _EM_STEP), -1, -1):
            em = low + step * _EM_STEP
            if any(self.count(t, em) != n for t, n in zip(texts, counts, strict=True)):
                break
            best = em
        return best

    def without_orphans(self, widths: list[int]) -> list[int]:
        """`widths` changed, where the room allows, so that no wrapped cell ends on a lone
        character: first each such column is narrowed to balance its lines (no cell of it
        wraps into more lines, and the room it frees goes to the others); then, the
        narrowest first, each column still leaving a character alone grows by up to
        `WIDEN_LIMIT_EM` at the others' expense, kept only when the table gets no taller.
        A column that cannot be helped keeps its share."""
        fixed: dict[int, int] = {}
        hopeless: set[int] = set()
        for _ in range(2 * len(widths) + 2):
            candidates = [
                c
                for c, width in enumerate(widths)
                if c not in fixed
                and c not in hopeless
                and width < self.natural[c]
                and self.orphaned(c, self.measure.holds_em(width))
            ]
            if not candidates:
                break
            narrowed = False
            for c in candidates:
                em = self.tightest_em(c, self.measure.holds_em(widths[c]))
                width = max(self.least[c], min(widths[c], self.measure.twips(em)))
                if width < widths[c] and not self.orphaned(c, self.measure.holds_em(width)):
                    fixed[c] = width
                    narrowed = True
            if narrowed:
                widths = self.shares(fixed)
                continue
            widths = self._widen_one(widths, fixed, hopeless, candidates)
        return widths

    def _widen_one(
        self, widths: list[int], fixed: dict[int, int], hopeless: set[int], candidates: list[int]
    ) -> list[int]:
        """Grow the candidate column needing the least room so its wrapped texts keep no
        character alone, if the others can spare it and the table gets no taller; a
        candidate that cannot be helped so is marked hopeless."""
        options = []
        for c in candidates:
            holds = self.measure.holds_em(widths[c])
            em = holds + _EM_STEP
            while em <= holds + WIDEN_LIMIT_EM and self.orphaned(c, em):
                em += _EM_STEP
            if em > holds + WIDEN_LIMIT_EM:
                hopeless.add(c)
                continue
            options.append((self.measure.twips(em - SLACK_EM), c))
        for width, c in sorted(options):
            others = sum(fixed.values()) + sum(
                self.least[o] for o in range(len(widths)) if o != c and o not in fixed
            )
            if others + width > self.available:
                hopeless.add(c)
                continue
            trial = self.shares({**fixed, c: width})
            if self.height(trial) <= self.height(widths):
                fixed[c] = width
                return trial
            hopeless.add(c)
        return widths


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


def fit_html_tables(root: HtmlElement, profile: LayoutProfile, advance_em: float = 1.0) -> bool:
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
        widths = fitted_widths(grid, available, profile, advance_em)
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
