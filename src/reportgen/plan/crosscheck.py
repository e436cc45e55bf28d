"""Checks that span a plan's files: references, duplicate ids, numbering, periods, quotes.

Input: the file models that validated (any may be None) and their YAML documents for
locations. Output: a list of located problems; empty when the plan is consistent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..documents.titlelines import break_after
from ..errors import Problem
from ..source.yamlsource import KeyPath, YamlDocument
from .model import CITY_COLUMN, ActionPlan, IssuingDocument, Schedule, TargetList, UnitRegistry
from .textnorm import normalise_for_compare


@dataclass
class PlanFiles:
    """The models of one plan folder and the documents they came from."""

    document: IssuingDocument | None
    registry: UnitRegistry | None
    plan: ActionPlan | None
    targets: TargetList | None
    schedule: Schedule | None
    sources: dict[str, YamlDocument]


def check_plan_files(files: PlanFiles) -> list[Problem]:
    return list(_all_problems(files))


def _all_problems(f: PlanFiles) -> Iterator[Problem]:
    src = f.sources
    if f.document is not None:
        yield from _check_title_lines(
            src["document"], f.document.title, f.document.title_lines, "title_lines"
        )
    if f.registry is not None:
        yield from _check_registry(src["units"], f.registry)
    if f.document is not None and f.plan is not None and f.registry is not None:
        yield from _check_title_breaks(src["document"], f.document, f.plan, f.registry)
        yield from _check_letter_kinds(src["document"], f.document)
    if f.plan is not None:
        yield from _check_title_lines(src["plan"], f.plan.title, f.plan.title_lines, "title_lines")
        yield from _check_measure_numbers(src["plan"], f.plan)
        if f.registry is not None:
            yield from _check_responsible(src["plan"], f.plan, f.registry)
    if f.targets is not None:
        yield from _duplicates(
            src["targets"], [(("targets", i, "id"), t.id) for i, t in enumerate(f.targets.targets)]
        )
        if f.plan is not None:
            yield from _check_targets(src["targets"], f.targets, f.plan)
    if f.schedule is not None:
        yield from _duplicates(
            src["schedule"],
            [(("projects", i, "id"), p.id) for i, p in enumerate(f.schedule.projects)],
        )
        yield from _check_schedule(src["schedule"], f.schedule, f.registry, f.plan)


def _duplicates(doc: YamlDocument, items: Iterable[tuple[KeyPath, str]]) -> Iterator[Problem]:
    first: dict[str, KeyPath] = {}
    for path, value in items:
        if value in first:
            line = doc.locate(first[value])[0]
            yield doc.problem(path, f"duplicate id {value!r} (first used on line {line})")
        else:
            first[value] = path


def _check_title_lines(
    doc: YamlDocument, title: str, lines: list[str] | None, key: str
) -> Iterator[Problem]:
    if lines is None or "".join(lines) == title:
        return
    # Point at the first line that does not continue the title (the last one if they all do
    # but stop short of its end).
    where: KeyPath = (key,)
    offset = 0
    for i, line in enumerate(lines):
        where = (key, i)
        if not title.startswith(line, offset):
            break
        offset += len(line)
    yield doc.problem(
        where, f"the lines joined ({''.join(lines)!r}) differ from the title ({title!r})"
    )


def _check_title_breaks(
    doc: YamlDocument, document: IssuingDocument, plan: ActionPlan, registry: UnitRegistry
) -> Iterator[Problem]:
    """Each kind named must be one whose titles break by words, and its break words must
    occur, in order, in its titles (as the plan's wording writes them)."""
    if not document.title_breaks:
        return
    from ..documents.registry import document_kinds
    from ..documents.wording import load_wording

    kinds = document_kinds()
    breakable = [name for name, kind in kinds.items() if kind.example_titles is not None]
    wording = load_wording(doc.file.parent)
    for name, words in document.title_breaks.items():
        kind = kinds.get(name)
        if kind is None or kind.example_titles is None:
            yield doc.problem(
                ("title_breaks", name),
                f"no kind of document {name!r} with titles to break; "
                f"use one of: {', '.join(breakable)}",
            )
            continue
        if not words:
            continue
        for title in kind.example_titles(document, plan, registry, wording):
            if break_after(title, words) is None:
                yield doc.problem(
                    ("title_breaks", name),
                    f"the words {words} do not each occur, in order and before the end, "
                    f"in the title {title!r}",
                )
                break


def _check_letter_kinds(doc: YamlDocument, document: IssuingDocument) -> Iterator[Problem]:
    """The kinds `issuing.letter` names must be registered kinds of document."""
    if not document.issuing.letter:
        return
    from ..documents.registry import document_kinds

    kinds = document_kinds()
    for i, name in enumerate(document.issuing.letter):
        if name not in kinds:
            yield doc.problem(
                ("issuing", "letter", i),
                f"no kind of document {name!r}; use one of: {', '.join(kinds)}",
            )


def _check_registry(doc: YamlDocument, registry: UnitRegistry) -> Iterator[Problem]:
    district_ids = {d.id for d in registry.districts}
    yield from _duplicates(
        doc, [(("districts", i, "id"), d.id) for i, d in enumerate(registry.districts)]
    )
    for i, d in enumerate(registry.districts):
        if d.id == CITY_COLUMN:
            yield doc.problem(
                ("districts", i, "id"), f"{CITY_COLUMN!r} is reserved for the whole-area column"
            )
    yield from _duplicates(
        doc,
        [(("units", i, "id"), u.id) for i, u in enumerate(registry.units)]
        + [(("groups", i, "id"), g.id) for i, g in enumerate(registry.groups)],
    )
    unit_ids = {u.id for u in registry.units}
    for i, u in enumerate(registry.units):
        if u.district is not None and u.district not in district_ids:
            yield doc.problem(
                ("units", i, "district"),
                f"unknown district {u.district!r}; known: {', '.join(sorted(district_ids))}",
            )
    for i, g in enumerate(registry.groups):
        for j, member in enumerate(g.members):
            if member not in unit_ids:
                yield doc.problem(
                    ("groups", i, "members", j), f"unknown unit {member!r} in group {g.id!r}"
                )


def _check_measure_numbers(doc: YamlDocument, plan: ActionPlan) -> Iterator[Problem]:
    expected = 1
    for p, part in enumerate(plan.parts):
        for m, measure in enumerate(part.measures):
            if measure.number != expected:
                yield doc.problem(
                    ("parts", p, "measures", m, "number"),
                    f"measure numbered {measure.number} where {expected} is expected; "
                    "measures are numbered 1, 2, 3, … across all parts",
                )
            expected = measure.number + 1


def _check_responsible(
    doc: YamlDocument, plan: ActionPlan, registry: UnitRegistry
) -> Iterator[Problem]:
    known = {u.id for u in registry.units} | {g.id for g in registry.groups}
    for p, part in enumerate(plan.parts):
        for m, measure in enumerate(part.measures):
            seen: set[str] = set()
            for g, refs in enumerate(measure.responsible):
                for r, ref in enumerate(refs):
                    path = ("parts", p, "measures", m, "responsible", g, r)
                    if ref not in known:
                        yield doc.problem(
                            path, f"unknown unit or group {ref!r}; see units.yaml for the ids"
                        )
                    elif ref in seen:
                        yield doc.problem(path, f"{ref!r} is named twice for this measure")
                    seen.add(ref)


def _check_targets(doc: YamlDocument, targets: TargetList, plan: ActionPlan) -> Iterator[Problem]:
    measures = {m.number: m for part in plan.parts for m in part.measures}
    for i, target in enumerate(targets.targets):
        measure = measures.get(target.measure)
        if measure is None:
            yield doc.problem(
                ("targets", i, "measure"),
                f"no measure numbered {target.measure}; the plan has 1–{len(measures)}",
            )
        elif normalise_for_compare(target.quote) not in normalise_for_compare(measure.text):
            yield doc.problem(
                ("targets", i, "quote"),
                f"quote {target.quote!r} does not occur in the text of measure {target.measure}",
            )
        if target.deadline not in plan.period.years():
            yield doc.problem(
                ("targets", i, "deadline"),
                f"deadline {target.deadline} is outside the plan period "
                f"{plan.period.start}–{plan.period.end}",
            )


def _check_schedule(
    doc: YamlDocument,
    schedule: Schedule,
    registry: UnitRegistry | None,
    plan: ActionPlan | None,
) -> Iterator[Problem]:
    columns = None if registry is None else {d.id for d in registry.districts} | {CITY_COLUMN}
    for p, project in enumerate(schedule.projects):
        years: dict[int, int] = {}
        for r, row in enumerate(project.rows):
            path: KeyPath = ("projects", p, "rows", r)
            if row.year in years:
                yield doc.problem(
                    (*path, "year"),
                    f"year {row.year} appears twice in project {project.id!r} "
                    f"(first in row {years[row.year]})",
                )
            years.setdefault(row.year, r)
            if plan is not None and row.year not in plan.period.years():
                yield doc.problem(
                    (*path, "year"),
                    f"year {row.year} is outside the plan period "
                    f"{plan.period.start}–{plan.period.end}",
                )
            if columns is not None:
                for column in row.cells:
                    if column not in columns:
                        yield doc.problem(
                            (*path, "cells", column),
                            f"unknown district {column!r}; use a district id from units.yaml "
                            f"or {CITY_COLUMN!r}",
                            at_key=True,
                        )
