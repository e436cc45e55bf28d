"""Which fonts a plan's documents will use: the data behind `reportgen fonts`.

Input: render options (plan, profile, script, font folders). Output: the `FontPlan` for the
text of every document the plan yields — the circular, and a notice and the unit summaries
for each year with progress data — so a missing character anywhere shows up once.
"""

from __future__ import annotations

from ..build import DocumentRequest, RenderOptions, build_html
from ..layout.profile import Role, load_profile
from ..plan.loader import load_plan
from ..progress.report import progress_years
from .policy import FontPlan, plan_fonts, texts_by_role


def plan_font_check(options: RenderOptions) -> FontPlan:
    """The font plan covering the text of all the plan's standard documents."""
    plan = load_plan(options.plan_dir)
    profile = load_profile(options.profile)
    script = options.script or plan.document.issue_script
    requests = [DocumentRequest("circular")]
    for year in progress_years(plan):
        requests.append(DocumentRequest("notice", year=year))
        requests.extend(
            DocumentRequest("summary", year=year, unit=unit.id) for unit in plan.registry.units
        )
    texts: dict[Role, str] = {}
    for request in requests:
        html = build_html(
            plan, profile, request, templates=options.templates, script=script, warnings=[]
        )
        for role, text in texts_by_role(html, profile).items():
            texts[role] = texts.get(role, "") + text
    unique = {role: "".join(sorted(set(text))) for role, text in texts.items()}
    return plan_fonts(
        profile, script, unique, font_dirs=options.font_dirs, strict=options.strict_fonts
    )
