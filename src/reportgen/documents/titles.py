"""The titles of the yearly documents, and how every document's title breaks into lines.

Input: the names the plan's data gives (issuer, topic, what the plan calls itself, a unit's
formal name) and the layout profile. Output: title strings and their lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..layout.profile import MM_TO_PT, LayoutProfile
from .titlelines import break_after, break_title


def notice_title(issuer: str, year: int, topic: str, pattern: str | None = None) -> str:
    """The yearly notice's title: the wording's `notice.title` (the default's unless given)
    filled in with the issuer, the year and the topic."""
    if pattern is None:
        from .wording import default_wording

        pattern = default_wording().notice.title
    return pattern.format(issuer=issuer, year=year, topic=topic)


def summary_title(
    unit_name: str, year: int, topic: str, plan_name: str, pattern: str | None = None
) -> str:
    """A unit's yearly report's title: the wording's `summary.title` (the default's unless
    given) filled in with the unit's formal name, the year, the topic and the plan's name."""
    if pattern is None:
        from .wording import default_wording

        pattern = default_wording().summary.title
    return pattern.format(unit=unit_name, year=year, topic=topic, plan=plan_name)


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
