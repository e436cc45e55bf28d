"""Measuring a rendered PDF with pdfplumber: type area, lines, page numbers, colours, fonts.

Shared by the layout tests of every document kind (circular, notice, summary). Each helper
takes a pdfplumber page (or its characters) and the layout profile and returns what it
measured, in millimetres from the paper's top left corner where it is a length; the tests
compare those numbers with GB/T 9704's (±1 mm) and hold the assertions themselves.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from reportgen.layout.profile import MM_TO_PT, LayoutProfile

TOLERANCE_MM = 1.0
PAGE_NUMBER = re.compile(r"^—(\d+)—$")
CJK_LINE = re.compile(r"^[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]+$")

Char = dict[str, Any]
Line = list[Char]


def mm(points: float) -> float:
    return points / MM_TO_PT


def is_landscape(page: Any) -> bool:
    return bool(page.width > page.height)


def baseline_mm(page: Any, char: Char) -> float:
    """Distance of a character's baseline from the top of the paper."""
    return mm(page.height - char["matrix"][5])


def type_area_mm(profile: LayoutProfile, page: Any) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the type area; landscape pages turn the sheet clockwise."""
    m = profile.margins
    if is_landscape(page):
        return m.bottom_mm, m.left_mm, mm(page.width) - m.top_mm, mm(page.height) - m.right_mm
    return m.left_mm, m.top_mm, mm(page.width) - m.right_mm, mm(page.height) - m.bottom_mm


def page_number_chars(page: Any, profile: LayoutProfile) -> list[Char]:
    """The characters of the page number: below the type area (turned on landscape pages)."""
    if is_landscape(page):
        return [c for c in page.chars if not c["upright"]]
    bottom = type_area_mm(profile, page)[3]
    return [c for c in page.chars if baseline_mm(page, c) > bottom]


def text_chars(page: Any, profile: LayoutProfile) -> list[Char]:
    """The characters of a page other than its page number."""
    numbers = {id(c) for c in page_number_chars(page, profile)}
    return [c for c in page.chars if id(c) not in numbers]


def group_lines(chars: Iterable[Char]) -> list[Line]:
    """Characters grouped by baseline, top to bottom, each line left to right."""
    lines: dict[float, Line] = {}
    for char in chars:
        lines.setdefault(round(char["matrix"][5], 1), []).append(char)
    return [sorted(lines[y], key=lambda c: c["x0"]) for y in sorted(lines, reverse=True)]


def lines_of(page: Any, profile: LayoutProfile) -> list[Line]:
    """The page's text lines, top to bottom, each its characters left to right."""
    return group_lines(text_chars(page, profile))


def squeeze(text: str) -> str:
    return "".join(text.split())


def line_text(line: Sequence[Char]) -> str:
    return "".join(c["text"] for c in line)


def page_text(page: Any, profile: LayoutProfile) -> str:
    return "".join(line_text(line) for line in lines_of(page, profile))


def document_text(pages: Iterable[Any], profile: LayoutProfile) -> str:
    """The squeezed text of the portrait pages, in reading order, page numbers left out."""
    return squeeze("".join(page_text(p, profile) for p in pages if not is_landscape(p)))


def page_number_text(page: Any, profile: LayoutProfile) -> str:
    chars = page_number_chars(page, profile)
    order = (lambda c: c["top"]) if is_landscape(page) else (lambda c: c["x0"])
    return squeeze("".join(c["text"] for c in sorted(chars, key=order)))


def base_font(name: str) -> str:
    """A PDF font name without its subset tag, e.g. `Noto-Serif-CJK-TC-Bold`."""
    return name.split("+", 1)[-1]


def font_key(name: str) -> str:
    return re.sub(r"[\s_-]", "", name).casefold()


def listed_font_keys(profile: LayoutProfile) -> set[str]:
    """The `font_key` of every family the profile lists, for any role and script."""
    return {
        font_key(choice.family)
        for role in profile.fonts.roles().values()
        for choice in [*role.simplified, *role.traditional]
    }


def embedded_fonts(pages: Iterable[Any]) -> set[str]:
    """The base names of the fonts the pages' characters are drawn in."""
    return {base_font(c["fontname"]) for page in pages for c in page.chars}


def full_body_pages(pages: Sequence[Any], profile: LayoutProfile) -> list[list[Line]]:
    """The lines of each portrait page between the first and the last."""
    portrait = [p for p in pages[1:-1] if not is_landscape(p)]
    return [lines_of(p, profile) for p in portrait]


def body_only_pages(pages: Sequence[Any], profile: LayoutProfile) -> list[list[Line]]:
    """The lines of the portrait pages between the first and the last whose text is all
    at the body size: pages of running text, without tables, titles or colophon."""
    found = []
    for page in pages[1:-1]:
        if is_landscape(page):
            continue
        chars = text_chars(page, profile)
        if chars and all(abs(c["size"] - profile.body.size_pt) < 0.1 for c in chars):
            found.append(lines_of(page, profile))
    return found


def chars_of(page: Any, text: str) -> list[Char]:
    """The characters of `page` that spell `text`, found on one line."""
    wanted = squeeze(text)
    for line in group_lines(page.chars):
        joined = line_text(line)
        start = joined.find(wanted)
        if start >= 0:
            return line[start : start + len(wanted)]
    raise AssertionError(f"{text!r} not found on one line")


def line_with(page: Any, text: str) -> Line:
    """The whole line of `page` whose text, spaces (U+3000 too) left out, holds `text`'s."""
    wanted = squeeze(text)
    for line in group_lines(page.chars):
        if wanted in squeeze(line_text(line)):
            return line
    raise AssertionError(f"{text!r} not found on one line")


def find_chars(page: Any, text: str) -> list[Char] | None:
    """`chars_of`, or None when `text` is not on one line of `page`."""
    try:
        return chars_of(page, text)
    except AssertionError:
        return None


def red(profile: LayoutProfile) -> tuple[float, float, float]:
    value = profile.colors.red.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def colour_of(item: Char) -> tuple[float, ...]:
    """The fill colour of a character or rectangle as an RGB tuple (grey turned RGB)."""
    colour = tuple(item["non_stroking_color"] or ())
    return colour * 3 if len(colour) == 1 else colour


def is_red(item: Char, profile: LayoutProfile, tolerance: float = 0.01) -> bool:
    colour = colour_of(item)
    return len(colour) == 3 and all(
        abs(a - b) <= tolerance for a, b in zip(colour, red(profile), strict=True)
    )


def red_rules(page: Any, profile: LayoutProfile, min_width_mm: float = 100) -> list[Char]:
    """The red rectangles wider than `min_width_mm`: the red rule under the document number."""
    return [r for r in page.rects if mm(r["width"]) > min_width_mm and is_red(r, profile)]


def em_top_mm(page: Any, char: Char, em_top: float, size_pt: float) -> float:
    """The top of a character's em box from the top of the paper, from the face's em top."""
    return baseline_mm(page, char) - mm(em_top * size_pt)


def em_bottom_mm(page: Any, char: Char, em_top: float, size_pt: float) -> float:
    """The bottom of a character's em box from the top of the paper."""
    return baseline_mm(page, char) + mm((1 - em_top) * size_pt)


def centre_x_mm(chars: Sequence[Char]) -> float:
    return mm((chars[0]["x0"] + chars[-1]["x1"]) / 2)


def outside_type_area(
    page: Any, profile: LayoutProfile, tolerance_mm: float = TOLERANCE_MM
) -> list[str]:
    """The characters (other than the page number) that leave the type area, described."""
    left, top, right, bottom = type_area_mm(profile, page)
    found = []
    for char in text_chars(page, profile):
        if (
            mm(char["x0"]) < left - tolerance_mm
            or mm(char["x1"]) > right + tolerance_mm
            or mm(char["top"]) < top - tolerance_mm
            or mm(char["bottom"]) > bottom + tolerance_mm
        ):
            box = ", ".join(f"{mm(char[k]):.1f}" for k in ("x0", "top", "x1", "bottom"))
            found.append(f"{char['text']!r} at ({box}) mm")
    return found


def page_number_side(page: Any, profile: LayoutProfile) -> str:
    """ "right" or "left": the side of the sheet the page number stands on, as read upright.

    A landscape page is the portrait sheet turned clockwise, so its bottom edge is the page's
    left and the sheet's right side is the page's bottom.
    """
    chars = page_number_chars(page, profile)
    if is_landscape(page):
        centre = sum(c["top"] + c["bottom"] for c in chars) / (2 * len(chars))
        return "right" if centre > page.height / 2 else "left"
    centre = sum(c["x0"] + c["x1"] for c in chars) / (2 * len(chars))
    return "right" if centre > page.width / 2 else "left"


def page_number_gap_mm(page: Any, profile: LayoutProfile, em_top: float) -> float:
    """How far below the type area a portrait page's number stands (its em box's top)."""
    chars = page_number_chars(page, profile)
    top = em_top_mm(page, chars[0], em_top, profile.page_number.size_pt)
    return top - type_area_mm(profile, page)[3]


def body_line_pitches(lines: Sequence[Line], size_pt: float) -> list[float]:
    """The distances (pt) between successive baselines of the lines set at `size_pt`."""
    baselines = [line[0]["matrix"][5] for line in lines if line[0]["size"] == size_pt]
    return [a - b for a, b in itertools.pairwise(baselines)]
