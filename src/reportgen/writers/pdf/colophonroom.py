"""Whether the 版記 has room at the foot of the page where the text ends (GB/T 9704 §7.4).

A section marked `data-break="room"` (the 版記's) starts a new page only when it must: the
PDF lays it out on the page where the text before it ends, its 版記 absolutely placed at the
foot of the type area, and looks whether the text and the 版記 keep a grid line between them.
When they do not, the document is laid out again with the section on a page of its own.

The DOCX gives the same section a continuous Word section: its 版記 lines are frames at the
foot of the type area, anchored by an empty paragraph after the text, and a word processor
moves them to the next page when that paragraph's line does not fit above them. One line
between the text and the 版記, the anchor's, is the same room in both.
"""

from __future__ import annotations

from typing import Any

COLOPHON_CLASS = "gw-colophon"
ROOM_TOLERANCE_PX = 0.5
"""Rounding in the layout: half a CSS pixel (0.375 pt)."""
PX_PER_PT = 4 / 3


def has_room_sections(html: str) -> bool:
    """Whether `html` has a section that starts a new page only without room."""
    return 'data-break="room"' in html or "data-break='room'" in html


def colophon_lacks_room(document: Any, line_pitch_pt: float) -> bool:
    """Whether, in WeasyPrint's laid-out `document`, a 版記 shares its page with text that
    comes closer to it than one grid line (`line_pitch_pt`), or overlaps it."""
    pitch_px = line_pitch_pt * PX_PER_PT
    for page in document.pages:
        roots = [box for box in page._page_box.children if _is_document_box(box)]
        colophons = [b for root in roots for b in root.descendants() if _is_colophon(b)]
        if not colophons:
            continue
        colophon = colophons[0]
        inside = {id(b) for b in colophon.descendants()}
        top = colophon.position_y + colophon.margin_top
        bottom = max(
            (
                b.position_y + b.margin_height()
                for root in roots
                for b in root.descendants()
                if id(b) not in inside and _is_content(b)
            ),
            default=None,
        )
        if bottom is not None and bottom + pitch_px > top + ROOM_TOLERANCE_PX:
            return True
    return False


def _is_document_box(box: Any) -> bool:
    """A box of the document's tree (not a page-margin box: the page number)."""
    from weasyprint.formatting_structure import boxes

    return not isinstance(box, boxes.MarginBox)


def _is_colophon(box: Any) -> bool:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) != "div":
        return False
    return COLOPHON_CLASS in (element.get("class") or "").split()


def _is_content(box: Any) -> bool:
    """Text lines, pictures (a seal) and tables: what the 版記 must not come near."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.LineBox):
        return any(isinstance(child, boxes.TextBox) for child in box.descendants())
    return isinstance(box, (boxes.ReplacedBox, boxes.TableBox))
