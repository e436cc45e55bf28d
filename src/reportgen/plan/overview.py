"""Tabular views of a plan for the terminal: plain rows, no printing (the CLI prints them)."""

from __future__ import annotations

from dataclasses import dataclass

from ..zh.numerals import chinese_number
from ..zh.targets import target_figure, target_wording
from .model import Plan, Target
from .tokens import Comparator

TARGET_OPERATORS = {
    Comparator.BELOW: "<",
    Comparator.ABOVE: ">",
    Comparator.AT_LEAST: "≥",
    Comparator.REACHES: "≥",
    Comparator.RANK: "rank ≤",
    Comparator.RANGE: "∈",
}


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]


def plan_summary(plan: Plan) -> list[str]:
    """A few lines that say what the plan folder holds."""
    doc, registry = plan.document, plan.registry
    group_count = len(registry.groups)
    return [
        f"{doc.doc_number}  {doc.title}",
        f"{plan.plan.title}  period {plan.plan.period.start}–{plan.plan.period.end}",
        f"{len(plan.plan.parts)} parts, {len(plan.measures)} measures, "
        f"{len(plan.targets.targets)} quantitative targets",
        f"{len(plan.schedule.projects)} projects, "
        f"{sum(len(p.rows) for p in plan.schedule.projects)} schedule rows, "
        f"{len(plan.milestones())} milestones",
        f"{len(registry.units)} responsible units, {group_count} group"
        f"{'' if group_count == 1 else 's'}, {len(registry.districts)} districts",
    ]


def target_requirement(target: Target) -> str:
    """The target as a short formula: < 0.35, ≥ 93%, ∈ [4, 6]個, rank ≤ 4位."""
    op = TARGET_OPERATORS[target.comparator]
    if isinstance(target.value, tuple):
        low, high = target.value
        return f"{op} [{target_figure(target, low)}, {target_figure(target, high)}]{target.unit}"
    return f"{op} {target_figure(target, target.value)}{target.unit}"


def measures_table(plan: Plan) -> Table:
    rows = []
    for part_index, part in enumerate(plan.plan.parts, start=1):
        for m in part.measures:
            rows.append(
                [
                    f"{chinese_number(part_index)}、{part.heading}",
                    f"（{chinese_number(m.number)}）",
                    m.heading,
                    plan.responsible_text(m) or "—",
                    str(len(m.text)),
                ]
            )
    return Table("Measures", ["part", "no.", "heading", "responsible units", "chars"], rows)


def targets_table(plan: Plan) -> Table:
    rows = [
        [
            t.id,
            f"（{chinese_number(t.measure)}）",
            t.indicator,
            f"{target_wording(t)} ({target_requirement(t)})",
            str(t.deadline),
            t.scope,
        ]
        for t in plan.targets.targets
    ]
    return Table(
        "Quantitative targets",
        ["id", "measure", "indicator", "requirement", "deadline", "scope"],
        rows,
    )


def schedule_table(plan: Plan) -> Table:
    headers = plan.schedule.headers
    columns = [headers.project, headers.year] + [plan.column_name(c) for c in plan.columns]
    rows = []
    for project in plan.schedule.projects:
        for row in project.rows:
            cells = [row.cells.get(c, "").replace("\n", "") for c in plan.columns]
            rows.append([project.label, str(row.year), *cells])
    return Table(plan.schedule.title, columns, rows)


def units_table(plan: Plan) -> Table:
    rows = []
    for unit in plan.registry.units:
        measures = [m.number for m in plan.measures if unit in plan.responsible_units(m)]
        district = plan.district(unit.district).name if unit.district else ""
        milestones = (
            sum(1 for ms in plan.milestones() if ms.column == unit.district) if unit.district else 0
        )
        groups = [g.name for g in plan.registry.groups if unit.id in g.members]
        rows.append(
            [
                unit.id,
                unit.name,
                unit.formal_name,
                district,
                "、".join(groups),
                "、".join(chinese_number(n) for n in measures),
                str(milestones),
            ]
        )
    return Table(
        "Responsible units",
        ["id", "name", "formal name", "district", "groups", "measures", "milestones"],
        rows,
    )
