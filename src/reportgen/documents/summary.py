"""Derive the context of a responsible unit's compliance summary (an upward 報告).

Input: a `Plan`, the layout profile, the progress reports by year, a unit id and a year Y.
Output: plain data for `summary.html.j2`: the measures the unit answers for (with the units
it shares them with), for a district government its schedule milestones, the targets that
fall to it, what was reported, each item's computed status, and the compliance table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..cache import cached_progress
from ..core import DocumentRequest
from ..layout.profile import LayoutProfile
from ..plan.model import Measure, Plan, Unit
from ..progress.report import Narrative, ProgressReport
from ..progress.status import MilestoneResult, MilestoneState, TargetResult, year_status
from ..render.script import html_lang
from ..zh.numerals import chinese_number
from ..zh.targets import target_figure, target_wording
from ..zh.text import chinese_date
from . import titles
from .common import colophon_lines, header_mark, issue_for_year, signature_context
from .kind import DocumentKind, find_unit, plan_year

MILESTONE_MARKS = {
    MilestoneState.ACHIEVED: "已達到",
    MilestoneState.NOT_ACHIEVED: "未達到",
    MilestoneState.NOT_REPORTED: "未報送",
    MilestoneState.NOT_DUE: "未到期",
}


@dataclass(frozen=True)
class UnitDuties:
    """What falls to one unit under the plan."""

    unit: Unit
    measures: list[Measure]
    milestones: list[MilestoneResult]
    targets: list[TargetResult]


def unit_duties(
    plan: Plan, reports: Mapping[int, ProgressReport], unit: Unit, year: int
) -> UnitDuties:
    """The unit's measures (sole or shared), milestones (its district's) and targets."""
    measures = [m for m in plan.measures if unit in plan.responsible_units(m)]
    status = year_status(plan, reports, year)
    milestones = [
        r for r in status.results if unit.district and r.milestone.column == unit.district
    ]
    numbers = {m.number for m in measures}
    targets = [
        t
        for t in status.targets
        if (unit.district and t.district == unit.district)
        or (not unit.district and t.target.measure in numbers)
    ]
    return UnitDuties(unit, measures, milestones, targets)


def summary_title(plan: Plan, unit: Unit, year: int) -> str:
    return titles.summary_title(unit.formal_name, year, plan.plan.topic, plan.plan.self_name)


def summary_context(
    plan: Plan,
    profile: LayoutProfile,
    reports: Mapping[int, ProgressReport],
    unit: Unit,
    year: int,
    *,
    number: int | None,
    date: dt.date | None,
) -> dict[str, Any]:
    """Everything `summary.html.j2` needs for `unit`'s report on year `year`."""
    duties = unit_duties(plan, reports, unit, year)
    own = reports.get(year)
    narratives = [n for n in own.narratives if n.unit == unit.id] if own else []
    issue = issue_for_year(unit.doc_code or "", year, number, date, reports)
    reported = (
        bool(narratives)
        or any(r.reported_in == year for r in duties.milestones)
        or _reported_targets(own, duties)
    )
    return {
        "meta": issue.meta(
            summary_title(plan, unit, year),
            unit.formal_name,
            f"{year}年度落實情況報告",
            "報告",
            html_lang(plan.document.script),
        ),
        "sample": issue.sample,
        "head": {
            "header_mark": header_mark(unit.formal_name, profile),
            "doc_number": issue.doc_number,
            "signer": unit.signer or "\u3000" * 3,
        },
        "title_lines": titles.title_lines(
            summary_title(plan, unit, year), profile, breaks=plan.document.title_breaks.summary
        ),
        "addressee": plan.document.issuer + "：",
        "intro": (
            f"根據《{plan.plan.title}》（{plan.document.doc_number}）要求，現將本單位"
            f"{year}年度承擔任務落實情況報告如下："
        ),
        "nothing_reported": (
            None
            if reported
            else f"本單位{year}年度未報送落實情況，以下按{plan.plan.self_name}列明承擔的任務。"
        ),
        "plan_name": plan.plan.self_name,
        "headings": _headings(duties, plan.schedule.collective_name),
        "measures": _measure_items(plan, unit, duties.measures, narratives),
        "milestones": _milestone_items(plan, duties.milestones),
        "targets": _target_items(plan, duties.targets),
        "table": compliance_table(plan, duties, narratives),
        "closing": "特此報告。",
        "signature": signature_context(unit.formal_name, issue.date_text, profile),
        "colophon": colophon_lines(unit.formal_name, date, cc=[], year=issue.issued_year),
    }


def _headings(duties: UnitDuties, collective: str) -> dict[str, str]:
    """Level-1 headings numbered 一、二、… over the sections this unit's report has."""
    sections = [("measures", "承擔的工作舉措")]
    if duties.milestones:
        sections.append(("milestones", f"{collective}進度安排任務"))
    if duties.targets:
        sections.append(("targets", "量化指標完成情況"))
    sections.append(("table", "任務完成情況一覽"))
    return {
        key: f"{chinese_number(index)}、{title}"
        for index, (key, title) in enumerate(sections, start=1)
    }


def _reported_targets(own: ProgressReport | None, duties: UnitDuties) -> bool:
    if own is None:
        return False
    mine = {(t.target.id, t.district) for t in duties.targets}
    return any((t.target, t.district) in mine for t in own.targets)


def shared_with(plan: Plan, measure: Measure, unit: Unit) -> str:
    """How the unit shares a measure: alone, or with the units the plan names."""
    if plan.responsible_units(measure) == [unit]:
        return "本單位單獨負責。"
    text = f"責任單位：{plan.responsible_text(measure)}。"
    for refs in measure.responsible:
        for ref in refs:
            group = plan.group(ref)
            if group is not None and unit.id in group.members:
                text += f"本單位為{group.name}之一。"
    return text


def _measure_items(
    plan: Plan, unit: Unit, measures: list[Measure], narratives: list[Narrative]
) -> list[dict[str, str]]:
    items = []
    for measure in measures:
        share = shared_with(plan, measure, unit)
        notes = [n for n in narratives if n.measure == measure.number]
        work = "".join(n.work for n in notes) or "本年度未報送工作進展。"
        problems = "".join(n.problems for n in notes if n.problems)
        text = f"{share}工作進展：{work}" + (f"存在問題：{problems}" if problems else "")
        items.append(
            {"runin": f"（{chinese_number(measure.number)}）{measure.heading}。", "text": text}
        )
    return items


def _milestone_items(plan: Plan, results: list[MilestoneResult]) -> list[str]:
    items = []
    for r in results:
        m = r.milestone
        line = f"{m.project.label}：{m.year}年{m.text}，{MILESTONE_MARKS[r.state]}"
        if r.report is not None and r.report.evidence:
            line += f"（{r.report.evidence}）"
        items.append(line + "。")
    return items


def _target_items(plan: Plan, results: list[TargetResult]) -> list[str]:
    items = []
    for r in results:
        scope = plan.place_name(r.district)
        value = (
            f"報送值{target_figure(r.target, r.report.value)}{r.target.unit}"
            if r.report
            else "未報送數據"
        )
        items.append(
            f"{r.target.indicator}（{scope}）：目標{target_wording(r.target)}，"
            f"{r.target.deadline}年前完成；{value}，{r.state.value}。"
        )
    return items


def compliance_table(plan: Plan, duties: UnitDuties, narratives: list[Narrative]) -> dict[str, Any]:
    """任務 | 要求/目標 | 時限 | 完成情況 | 狀態, one row per milestone, target and measure."""
    rows: list[list[list[str]]] = []
    for r in duties.milestones:
        m = r.milestone
        done = (
            f"{r.report.status}" + (f"（{chinese_date(r.report.date)}）" if r.report.date else "")
            if r.report
            else "—"
        )
        rows.append(
            [[m.project.label], [m.text], [f"{m.year}年"], [done], [MILESTONE_MARKS[r.state]]]
        )
    for t in duties.targets:
        scope = plan.place_name(t.district)
        value = target_figure(t.target, t.report.value) + t.target.unit if t.report else "—"
        rows.append(
            [
                [f"{t.target.indicator}（{scope}）"],
                [target_wording(t.target)],
                [f"{t.target.deadline}年"],
                [value],
                [t.state.value],
            ]
        )
    for measure in duties.measures:
        reported = any(n.measure == measure.number for n in narratives)
        rows.append(
            [
                [f"（{chinese_number(measure.number)}）{measure.heading}"],
                [f"按{plan.plan.self_name}推進"],
                [f"{plan.plan.period.end}年"],
                ["已報送進展" if reported else "—"],
                ["已報送" if reported else "未報送"],
            ]
        )
    return {
        "head": ["任務", "要求/目標", "時限", "完成情況", "狀態"],
        "rows": rows,
    }


def build_summary(
    plan: Plan, profile: LayoutProfile, request: DocumentRequest, warnings: list[str]
) -> dict[str, Any]:
    """The summary's context for `request.unit` and `request.year`; warns of what is missing."""
    year = plan_year(plan, request.year)
    unit = find_unit(plan, request.unit)
    reports = cached_progress(plan, year)
    if year not in reports:
        warnings.append(f"no progress file for {year} (progress/{year}.yaml): nothing reported")
    if unit.doc_code is None or unit.signer is None:
        warnings.append(f"unit {unit.id!r} has no doc_code/signer in units.yaml: left blank")
    return summary_context(
        plan, profile, reports, unit, year, number=request.number, date=request.date
    )


KIND = DocumentKind(
    name="summary",
    order=30,
    template="summary.html.j2",
    build_context=build_summary,
    help="A responsible unit's compliance summary: an upward report on year YEAR.",
    axes=("year", "unit"),
    options=("number", "date"),
    option_help={
        "unit": "Unit id or name (`reportgen show units` lists them).",
        "year": "The year the summary reports on.",
        "number": "Sequence number of the document number.",
        "date": "Date of issue.",
    },
)
