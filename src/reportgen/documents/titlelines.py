"""Break a document title into lines at word boundaries, balanced and symmetric.

GB/T 9704 §7.3.1: a title of several lines keeps words whole and stands as a trapezoid or a
diamond. Input: the title, the characters a line holds, and optionally where the data says
to break. Output: the lines, which joined give the title back.

Word boundaries come from rules and a short lexicon (`titlelines.yaml`), not a dictionary: a
break may fall between any two characters except inside a number with its unit (2025年, 95%),
right after an opening or before a closing bracket or a punctuation mark; inside a bracketed
group it costs much. It costs nothing next to the words that join a title's parts (关于, 印发,
年度, 的, brackets, 、) and little after a place or office name's last character; anywhere else
between two ideographs it costs more than any imbalance, so it is used only when nothing else
fits.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ..source.packagedata import read_package_data
from ..zh.text import text_width_chars

LEXICON_FILE = Path(__file__).with_name("titlelines.yaml")

Char = Annotated[str, Field(min_length=1, max_length=1)]
Word = Annotated[str, Field(min_length=1)]


class TitleLexicon(BaseModel):
    """The words of `titlelines.yaml` that make a break cheap, free or impossible."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    units_after_number: frozenset[Char]
    joining_words: tuple[Word, ...]
    """Words a title's parts meet at: a break right after one costs nothing."""
    break_before: tuple[Word, ...]
    name_endings: frozenset[Char]
    """Last characters of place and office names: a break after one costs little."""
    common_words: tuple[Word, ...]
    """Words common in plan titles: a break between two of them, or next to one, costs little."""
    particle: Char


@cache
def lexicon() -> TitleLexicon:
    """The lexicon shipped with reportgen, read once."""
    return read_package_data(LEXICON_FILE, TitleLexicon)


_OPENING = "（《“‘〔【(["
_CLOSING = "）》”’〕】)]"
_PUNCTUATION = "、，。：；！？,.:;!?"
FORBIDDEN = math.inf
FREE = 0.0
CHEAP = 2.5
"""A break next to a common word or after a name: dearer than a few characters of imbalance,
so a title breaks after 年度 or 关于 rather than inside 「农村人居环境」 for a better balance."""
INSIDE_WORD = 40.0
INSIDE_BRACKETS = 60.0
EXTRA_LINE = 8.0
"""What each line beyond two costs: less than a broken word, more than some imbalance."""
_MAX_LINES = 4


def _is_digit(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _depths(title: str) -> list[int]:
    """How many brackets are open at each character (a bracket counts as inside)."""
    depth = 0
    depths = []
    for ch in title:
        if ch in _OPENING:
            depth += 1
        depths.append(depth)
        if ch in _CLOSING:
            depth = max(depth - 1, 0)
    return depths


def _gap_cost(title: str, i: int, depths: Sequence[int], words: TitleLexicon) -> float:
    """The cost of a break before title[i] (0 < i < len(title))."""
    before, after = title[i - 1], title[i]
    if before in _OPENING or after in _CLOSING or after in _PUNCTUATION or "—" in (before, after):
        return FORBIDDEN
    if _is_digit(before) and (_is_digit(after) or after in words.units_after_number):
        return FORBIDDEN
    if after in _OPENING or before in _CLOSING or before in _PUNCTUATION:
        return FREE if depths[i - 1] == 0 or after in _OPENING else INSIDE_BRACKETS
    if depths[i] > 0 and depths[i - 1] > 0:
        return INSIDE_BRACKETS
    if any(title.endswith(word, 0, i) for word in words.joining_words):
        return FREE
    if any(title.startswith(word, i) for word in words.break_before):
        return FREE
    if before == words.particle and len(title) - i >= 2:
        return FREE
    if after == words.particle:
        return INSIDE_WORD * 2
    if before in words.name_endings:
        return CHEAP
    if any(title.endswith(word, 0, i) or title.startswith(word, i) for word in words.common_words):
        return CHEAP
    return INSIDE_WORD


def gap_costs(title: str) -> list[float]:
    """The cost of a break before each character (index 0 is the title's start: unused)."""
    depths = _depths(title)
    words = lexicon()
    return [FORBIDDEN] + [_gap_cost(title, i, depths, words) for i in range(1, len(title))]


def _shape_penalty(widths: Sequence[float]) -> float:
    """0 for a trapezoid (widths only falling or only rising) or a diamond (rising then
    falling); otherwise the amount by which the shape misses the nearest of these."""
    if len(widths) < 3:
        return 0.0
    pairs = list(itertools.pairwise(widths))
    falling = sum(max(b - a, 0) for a, b in pairs)
    rising = sum(max(a - b, 0) for a, b in pairs)
    peak = max(range(len(widths)), key=lambda k: widths[k])
    diamond = sum(max(b - a, 0) for a, b in pairs[peak:]) + sum(
        max(a - b, 0) for a, b in pairs[:peak]
    )
    return min(falling, rising, diamond)


def _score(
    prefix: Sequence[float], costs: Sequence[float], cuts: Sequence[int], limit: float
) -> float:
    bounds = [0, *cuts, len(prefix) - 1]
    widths = [prefix[b] - prefix[a] for a, b in itertools.pairwise(bounds)]
    if max(widths) > limit:
        return math.inf
    if min(widths) * 3 < max(widths):
        return math.inf
    return sum(costs[c] for c in cuts) + (max(widths) - min(widths)) + _shape_penalty(widths)


def break_title(title: str, chars_per_line: float) -> list[str]:
    """The title's lines: as few as fit, at the cheapest word boundaries, balanced.

    A title that fits on one line stays whole. One longer than four lines, or one that no
    break leaves balanced, is returned whole too, for the renderer to wrap.
    """
    width = text_width_chars(title)
    if width <= chars_per_line or width > _MAX_LINES * chars_per_line:
        return [title]
    prefix = [0.0, *itertools.accumulate(text_width_chars(ch) for ch in title)]
    costs = gap_costs(title)
    candidates = [i for i in range(1, len(title)) if costs[i] < FORBIDDEN]
    first = max(2, math.ceil(width / chars_per_line))
    best: tuple[float, tuple[int, ...]] | None = None
    for count in range(first, min(_MAX_LINES, len(candidates) + 1) + 1):
        extra = EXTRA_LINE * (count - 2)
        if best is not None and best[0] <= extra:
            break
        for cuts in itertools.combinations(candidates, count - 1):
            score = _score(prefix, costs, cuts, chars_per_line) + extra
            if score < math.inf and (best is None or score < best[0]):
                best = (score, cuts)
    if best is None:
        return [title]
    bounds = [0, *best[1], len(title)]
    return [title[a:b] for a, b in itertools.pairwise(bounds)]


def break_after(title: str, fragments: Sequence[str]) -> list[str] | None:
    """The title broken after each fragment in turn, or None when one is not found in order
    (or would leave an empty line)."""
    lines = []
    start = 0
    for fragment in fragments:
        found = title.find(fragment, start)
        if found < 0:
            return None
        end = found + len(fragment)
        if end == start or end >= len(title):
            return None
        lines.append(title[start:end])
        start = end
    lines.append(title[start:])
    return lines
