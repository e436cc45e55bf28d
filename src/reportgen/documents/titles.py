"""The titles of the yearly documents, and how every document's title breaks into lines.

Input: the names the plan's data gives (issuer, topic, what the plan calls itself, a unit's
formal name) and the layout profile. Output: title strings and their lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..layout.profile import MM_TO_PT, LayoutProfile
from .titlelines import break_after, break_title


def notice_title(issuer: str, year: int, topic: str) -> str:
    """The yearly notice's title: 「…關于2022年度…工作進展情況的通報」."""
    return f"{issuer}關于{year}年度{topic}工作進展情況的通報"


def summary_title(unit_name: str, year: int, topic: str, plan_name: str) -> str:
    """A unit's yearly report's title: 「…關于2022年度…行動計劃落實情況的報告」."""
    return f"{unit_name}關于{year}年度{topic}{plan_name}落實情況的報告"


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
