"""How every document's title breaks into lines.

Input: a title (each kind of document writes its own from its wording) and the layout
profile. Output: the title's lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..layout.profile import MM_TO_PT, LayoutProfile
from .titlelines import break_after, break_title


def title_chars_per_line(profile: LayoutProfile) -> float:
    """How many title characters a line of the type area holds."""
    return profile.type_area_width_mm * MM_TO_PT / profile.title.size_pt


def title_lines(
    title: str,
    profile: LayoutProfile,
    lines: Sequence[str] | None = None,
    breaks: Sequence[str] | None = None,
) -> list[str]:
    """The title's lines: as the data gives them (whole lines, or words to break after),
    else broken at word boundaries into a balanced shape."""
    if lines:
        return list(lines)
    if breaks:
        broken = break_after(title, breaks)
        if broken is not None:
            return broken
    return break_title(title, title_chars_per_line(profile))
