"""Derive the context of a year's progress notice (通報) from the plan and the reports.

Input: a `Plan`, the layout profile, the reports by year, the year Y and the notice's number
and date. Output: plain data for `notice.html.j2`: every figure is computed here by the status
engine, the template only places it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..cache import cached_progress
from ..core import DocumentRequest
from ..layout.profile import LayoutProfile
from ..plan.model import Plan
from ..progress.report import ProgressReport
from ..progress.status import (
    MilestoneResult,
    MilestoneState,
    NextTask,
    Tally,
    TargetState,
    YearStatus,
    tally,
    year_status,
)
from ..render.script import html_lang, in_script
from ..zh.numerals import chinese_number
from ..zh.targets import target_figure, target_wording
from ..zh.text import join_with_and, percent
from . import titles
from .common import colophon_lines, document_head, issue_for_year, signature_context
from .kind import DocumentKind, plan_year

STATE_MARKS = {
    MilestoneState.ACHIEVED: "已達到",
    MilestoneState.NOT_ACHIEVED: "未達到",
    MilestoneState.NOT_REPORTED: "未報送",
}


def notice_title(plan: Plan, year: int) -> str:
    return titles.notice_title(plan.document.issuer, year, plan.plan.topic)


def notice_context(
    plan: Plan,
    profile: LayoutProfile,
    reports: Mapping[int, ProgressReport],
    year: int,
    *,
    number: int | None,
    date: dt.date | None,
) -> dict[str, Any]:
    """Everything `notice.html.j2` needs for the notice on year `year`."""
    status = year_status(plan, reports, year)
    doc = plan.document
    issue = issue_for_year(doc.doc_number.code, year, number, date, reports)
    topic = plan.plan.topic
    return {
        "meta": issue.meta(
            notice_title(plan, year),
            doc.issuer,
            f"{year}年度{topic}工作進展情況",
            "通報",
            html_lang(doc.script),
        ),
        "sample": issue.sample,
        "head": document_head(plan, profile, issue.doc_number),
        "title_lines": titles.title_lines(
            notice_title(plan, year), profile, breaks=doc.title_breaks.notice
        ),
        "addressee": doc.addressee + "：",
        "intro": (
            f"為深入推進《{plan.plan.title}》（{doc.doc_number}）實施，根據"
            f"{plan.registry.area.reporters}報送情況，現將{year}年度"
            f"{plan.schedule.collective_name}工作進展情況通報如下："
        ),
        "sections": [
            {"heading": "一、總體進展", "paragraphs": _overall(plan, status), "items": []},
            {
                "heading": f"二、各{plan.schedule.project_noun}進展情況",
                "paragraphs": [],
                "items": _by_project(plan, status),
            },
            {"heading": "三、各地進展情況", "paragraphs": [], "items": _by_district(plan, status)},
        ],
        "indicators": {
            "heading": "四、主要指標完成情況",
            "intro": _indicator_intro(plan, status),
            "table": _indicator_table(plan, status),
        },
        "problems": {"heading": "五、存在問題", "items": _problems(plan, reports, status)},
        "next_year": {
            "heading": (
                f"六、{year + 1}年度工作任務" if year < plan.plan.period.end else "六、下一步工作"
            ),
            "items": _next_year(plan, status),
            "closing": _closing(plan, year),
        },
        "signature": signature_context(doc.issuer, issue.date_text, profile),
        "attachment_note": f"附件：{year}年度{plan.schedule.collective_name}進度安排完成情況",
        "attachment": {
            "label": "附件",
            "title": f"{year}年度{plan.schedule.collective_name}進度安排完成情況",
            "table": status_matrix(plan, status),
            "landscape": len(plan.columns) + 2 >= profile.table.landscape_min_columns,
        },
        "colophon": colophon_lines(doc.issuer, date, cc=[], year=issue.issued_year),
    }


def _names(plan: Plan, results: list[MilestoneResult]) -> list[str]:
    return [plan.column_name(r.milestone.column) for r in results]


def _tally_sentence(t: Tally) -> str:
    return (
        f"已達到{t.achieved}項，未達到{t.not_achieved}項，未報送{t.not_reported}項，"
        f"完成率{percent(t.rate)}"
    )


def _overall(plan: Plan, status: YearStatus) -> list[str]:
    y = status.year
    due = status.due
    paragraphs = []
    if due:
        paragraphs.append(
            f"{y}年度，{plan.registry.area.whole}計劃完成{plan.schedule.collective_name}任務"
            f"{len(due)}項，{_tally_sentence(tally(due))}。"
        )
    else:
        paragraphs.append(f"{y}年度，進度安排未確定{plan.schedule.collective_name}任務。")
    total = len(plan.milestones())
    task = plan.schedule.task_noun
    cum = status.cumulative
    paragraphs.append(
        f"截至{y}年底，{plan.plan.self_name}確定的{total}項{task}中已到期{cum.due}項，"
        f"累計完成{cum.achieved}項，占已到期任務的{percent(cum.rate)}。"
    )
    if status.ahead:
        paragraphs.append(f"提前完成{task}{len(status.ahead)}項：{_listing(plan, status.ahead)}。")
    if status.overdue:
        paragraphs.append(
            f"逾期未完成{task}{len(status.overdue)}項：{_listing(plan, status.overdue)}。"
        )
    if status.unreported_past:
        paragraphs.append(
            f"往年到期但至今未報送完成情況的{task}{len(status.unreported_past)}項："
            f"{_listing(plan, status.unreported_past)}。"
        )
    return paragraphs


def _listing(plan: Plan, results: list[MilestoneResult]) -> str:
    return "；".join(
        f"{plan.column_name(r.milestone.column)}{r.milestone.project.label}"
        f"（{r.milestone.year}年{r.milestone.text}）"
        for r in results
    )


def _by_project(plan: Plan, status: YearStatus) -> list[dict[str, str]]:
    task = plan.schedule.task_noun
    items = []
    for index, project in enumerate(plan.schedule.projects, start=1):
        due = [r for r in status.due if r.milestone.project.id == project.id]
        runin = f"（{chinese_number(index)}）{project.name}。"
        if not due:
            items.append({"runin": runin, "text": f"{status.year}年度無到期{task}。"})
            continue
        parts = [
            f"{status.year}年度到期{task}{len(due)}項，"
            f"{_tally_sentence(status.by_project[project.id])}。"
        ]
        for state, label in STATE_MARKS.items():
            names = _names(plan, [r for r in due if r.state is state])
            if names:
                parts.append(f"{label}：{join_with_and(names)}。")
        items.append({"runin": runin, "text": "".join(parts)})
    return items


def _by_district(plan: Plan, status: YearStatus) -> list[dict[str, str]]:
    task = plan.schedule.task_noun
    items = []
    for index, column in enumerate(plan.columns, start=1):
        due = [r for r in status.due if r.milestone.column == column]
        runin = f"（{chinese_number(index)}）{plan.place_name(column)}。"
        if not due:
            items.append({"runin": runin, "text": f"{status.year}年度無到期{task}。"})
            continue
        details = "；".join(
            f"{r.milestone.project.label}{r.milestone.text}，{STATE_MARKS[r.state]}"
            + (f"（{r.report.evidence}）" if r.report and r.report.evidence else "")
            for r in due
        )
        items.append(
            {
                "runin": runin,
                "text": f"到期{task}{len(due)}項，{_tally_sentence(status.by_district[column])}。"
                f"其中：{details}。",
            }
        )
    return items


def _indicator_intro(plan: Plan, status: YearStatus) -> str:
    met = sum(t.state is TargetState.MET for t in status.targets)
    targets = len({t.target.id for t in status.targets})
    return (
        f"{plan.plan.self_name}確定量化指標{targets}項，按{plan.registry.area.district_kind}"
        f"分列共{len(status.targets)}項，"
        f"截至{status.year}年底已達標{met}項，完成情況如下表："
    )


def _indicator_table(plan: Plan, status: YearStatus) -> dict[str, Any]:
    rows = []
    for result in status.targets:
        target = result.target
        scope = plan.place_name(result.district)
        value = target_figure(target, result.report.value) + target.unit if result.report else "—"
        rows.append(
            [
                [f"{target.indicator}（{scope}）"],
                [target_wording(target)],
                [f"{target.deadline}年"],
                [value],
                [result.state.value],
            ]
        )
    return {
        "head": ["指標", "目標", "時限", "報送值", "狀態"],
        "rows": rows,
    }


def _problems(
    plan: Plan, reports: Mapping[int, ProgressReport], status: YearStatus
) -> list[dict[str, str]]:
    report = reports.get(status.year)
    items: list[dict[str, str]] = []
    if report is not None:
        for narrative in report.narratives:
            if narrative.problems:
                unit = plan.unit(narrative.unit)
                items.append(
                    {
                        "runin": f"（{chinese_number(len(items) + 1)}）{unit.name}。",
                        "text": narrative.problems,
                    }
                )
    if not items:
        items.append({"runin": "", "text": f"{status.year}年度各地各部門未報送存在問題。"})
    return items


def _next_year(plan: Plan, status: YearStatus) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    for column, tasks in status.next_year.items():
        if not tasks:
            continue
        name = plan.place_name(column)
        items.append(
            {
                "runin": f"（{chinese_number(len(items) + 1)}）{name}。",
                "text": "；".join(_task(t) for t in tasks) + "。",
            }
        )
    return items


def _task(task: NextTask) -> str:
    milestone = task.milestone
    text = f"{milestone.project.label}{milestone.text}"
    return f"{text}（{milestone.year}年到期，逾期未完成）" if task.overdue else text


def _closing(plan: Plan, year: int) -> str:
    addressees = plan.registry.area.addressees
    task = plan.schedule.task_noun
    collective = plan.schedule.collective_name
    if year >= plan.plan.period.end:
        return (
            f"{year}年是{plan.plan.self_name}實施的最後一年。{addressees}要全面總結"
            f"{collective}工作，對未完成的{task}限期整改，鞏固工作成果。"
        )
    return (
        f"{addressees}要對照進度安排，細化年度{task}，"
        f"對逾期未完成的{task}限期整改，確保{collective}工作如期完成。"
    )


def status_matrix(plan: Plan, status: YearStatus) -> dict[str, Any]:
    """The schedule table with each cell's state as of the notice's year.

    Cells due in or before the year carry 已達到, 未達到 or 未報送; later cells carry 提前達到
    when achieved ahead of time and nothing otherwise.
    """
    from .common import schedule_table

    results = {
        (r.milestone.project.id, r.milestone.column, r.milestone.year): r for r in status.results
    }
    table = schedule_table(plan)
    row_keys = [(p.id, r.year) for p in plan.schedule.projects for r in p.rows]
    for row, (project, row_year) in zip(table["rows"], row_keys, strict=True):
        for index, column in enumerate(plan.columns):
            result = results.get((project, column, row_year))
            if result is None:
                continue
            if row_year <= status.year:
                mark = STATE_MARKS[result.state]
            elif result.state is MilestoneState.ACHIEVED:
                mark = "提前達到"
            else:
                continue
            row["cells"][index] = [*row["cells"][index], f"（{mark}）"]
    return table


def build_notice(
    plan: Plan, profile: LayoutProfile, request: DocumentRequest, warnings: list[str]
) -> dict[str, Any]:
    """The notice's context for `request.year`; warns of what is missing and left blank."""
    year = plan_year(plan, request.year)
    reports = cached_progress(plan, year)
    own = reports.get(year)
    if own is None:
        unreported = in_script(STATE_MARKS[MilestoneState.NOT_REPORTED], plan.document.script)
        warnings.append(
            f"no progress file for {year} (progress/{year}.yaml): milestones due are {unreported}"
        )
    number = request.number or (own.notice.number if own else None)
    date = request.date or (own.notice.date if own else None)
    if number is None:
        warnings.append("no document number (--number or notice.number): left blank")
    if date is None:
        warnings.append("no date (--date or notice.date): left blank")
    return notice_context(plan, profile, reports, year, number=number, date=date)


KIND = DocumentKind(
    name="notice",
    order=20,
    template="notice.html.j2",
    build_context=build_notice,
    help="The annual progress notice on year YEAR's projects and targets.",
    axes=("year",),
    options=("number", "date"),
    option_help={
        "year": "The year the notice reports on.",
        "number": "Sequence number of the document number (default: the progress file's "
        "notice.number).",
        "date": "Date of issue (default: the progress file's notice.date).",
    },
)
