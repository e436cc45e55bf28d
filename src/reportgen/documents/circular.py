"""The circular (通知) that issues the plan: its notice, the plan itself, the attached
schedule and the colophon. Its facts come from the plan alone (`circular_context`)."""

from __future__ import annotations

from typing import Any

from ..core import DocumentRequest
from ..layout.profile import LayoutProfile
from ..plan.model import Plan
from .common import circular_context
from .kind import DocumentKind
from .wording import CircularWords


def build_circular(
    plan: Plan, profile: LayoutProfile, request: DocumentRequest, warnings: list[str]
) -> dict[str, Any]:
    return circular_context(plan, profile)


KIND = DocumentKind(
    name="circular",
    words=CircularWords,
    order=10,
    template="circular.html.j2",
    build_context=build_circular,
    help="The circular that issues the plan: notice, plan, attached schedule, colophon.",
    disclosed=True,
)
