"""Which fonts a plan's documents will use: the data behind `reportgen fonts`.

Input: render options (plan, profile, script, font folders). Output: the `FontPlan` for the
text of every document the plan yields — each registered kind's documents for every year with
progress data and every unit, as the batch builds them — so a missing character anywhere
shows up once.
"""

from __future__ import annotations

from ..build import build_html
from ..core import DocumentRequest, Options
from ..documents.kind import NothingToSend
from ..documents.registry import document_kinds
from ..layout.profile import Role, load_profile
from ..plan.loader import load_plan
from ..plan.model import Plan
from ..progress.report import progress_years
from .policy import FontPlan, plan_fonts, texts_by_role


def checked_requests(plan: Plan) -> list[DocumentRequest]:
    """The documents whose text the font check covers, kind by kind."""
    years = progress_years(plan)
    units = [unit.id for unit in plan.registry.units]
    return [
        request
        for kind in document_kinds().values()
        for request in kind.requests(plan, years, units)
    ]


def plan_font_check(options: Options) -> FontPlan:
    """The font plan covering the text of all the plan's standard documents."""
    plan = load_plan(options.plan_dir)
    profile = load_profile(options.profile)
    script = options.script or plan.document.issue_script
    texts: dict[Role, str] = {}
    for request in checked_requests(plan):
        try:
            html = build_html(
                plan, profile, request, templates=options.templates, script=script, warnings=[]
            )
        except NothingToSend:  # a reminder in a year when no unit is late: no text to check
            continue
        for role, text in texts_by_role(html, profile).items():
            texts[role] = texts.get(role, "") + text
    unique = {role: "".join(sorted(set(text))) for role, text in texts.items()}
    return plan_fonts(
        profile, script, unique, font_dirs=options.font_dirs, strict=options.strict_fonts
    )
