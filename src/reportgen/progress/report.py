"""Progress reported for one year of a plan: `progress/YEAR.yaml` inside the plan folder.

Input: the plan and its progress files. Output: validated `ProgressReport`s, or a `DataError`
listing every problem (same FILE:LINE:COL: key.path: message form as the plan).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field

from ..errors import DataError, Problem
from ..plan.model import CITY_COLUMN, Ident, Number, Plan, Record, Text, Year
from ..plan.tokens import STATUS_SPELLINGS, AcceptedStatus, ReportedStatus, canonicaliser
from ..source.yamlsource import KeyPath, YamlDocument, load_yaml_file

PROGRESS_FOLDER = "progress"
_FILE_NAME = re.compile(r"^(\d{4})\.yaml$")


class MilestoneReport(Record):
    """The reported state of one schedule cell: project × district-or-city × year due."""

    project: Ident
    district: Ident
    year: Year
    status: Annotated[
        ReportedStatus,
        BeforeValidator(
            canonicaliser(STATUS_SPELLINGS, "status"), json_schema_input_type=AcceptedStatus
        ),
        Field(title="Status"),
    ]
    date: dt.date | None = None
    evidence: str = ""


class TargetReport(Record):
    """A reported value of a quantitative target, city-wide or for one district."""

    target: Ident
    district: Ident | None = None
    value: Number
    as_of: dt.date


class Narrative(Record):
    """What a responsible unit did for a measure this year, and what held it back."""

    unit: Ident
    measure: Annotated[int, Field(ge=1, le=999)]
    work: Text
    problems: str = ""


class NoticeNumber(Record):
    """The 發文字號 sequence number and date of the year's 通報."""

    number: Annotated[int, Field(ge=1, le=999_999)] | None = None
    date: dt.date | None = None


class ProgressReport(Record):
    """progress/YEAR.yaml: what was reported for one year."""

    year: Year
    sample: bool = False
    notice: NoticeNumber = NoticeNumber()
    milestones: list[MilestoneReport] = []
    targets: list[TargetReport] = []
    narratives: list[Narrative] = []


def progress_dir(plan: Plan) -> Path:
    return plan.directory / PROGRESS_FOLDER


def progress_years(plan: Plan) -> list[int]:
    """The years that have a progress file, in order."""
    return progress_years_in(plan.directory)


def progress_years_in(plan_dir: Path) -> list[int]:
    """The years that have a progress file in the plan folder `plan_dir`, in order."""
    folder = plan_dir / PROGRESS_FOLDER
    if not folder.is_dir():
        return []
    years = []
    for path in folder.iterdir():
        match = _FILE_NAME.match(path.name)
        if match:
            years.append(int(match.group(1)))
    return sorted(years)


def load_progress(plan: Plan, year: int) -> ProgressReport | None:
    """The progress report of `year`, or None when the plan has no file for it."""
    path = progress_dir(plan) / f"{year}.yaml"
    if not os.path.lexists(path):  # a broken link is not "no file": the loader says what it is
        return None
    from ..source.validation import validate_document

    document = load_yaml_file(path)
    report = validate_document(document, ProgressReport)
    problems = list(check_progress(plan, report, document, year))
    if problems:
        raise DataError(problems)
    return report


def load_all_progress(plan: Plan, up_to: int | None = None) -> dict[int, ProgressReport]:
    """Every progress report of the plan (up to and including `up_to`), all problems at once."""
    reports: dict[int, ProgressReport] = {}
    problems: list[Problem] = []
    for year in progress_years(plan):
        if up_to is not None and year > up_to:
            continue
        try:
            report = load_progress(plan, year)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        if report is not None:
            reports[year] = report
    if problems:
        raise DataError(problems)
    return reports


def progress_file_problems(plan_dir: Path) -> list[Problem]:
    """The problems of each progress file on its own — its YAML, keys, types and tokens —
    for a plan folder whose plan files do not load, so references cannot be checked."""
    from ..source.validation import validate_document

    problems: list[Problem] = []
    for year in progress_years_in(plan_dir):
        try:
            validate_document(
                load_yaml_file(plan_dir / PROGRESS_FOLDER / f"{year}.yaml"), ProgressReport
            )
        except DataError as exc:
            problems.extend(exc.problems)
    return problems


def check_progress(
    plan: Plan, report: ProgressReport, doc: YamlDocument, file_year: int
) -> Iterator[Problem]:
    """References and consistency of one progress report against its plan."""
    if report.year != file_year:
        yield doc.problem(("year",), f"year {report.year} differs from the file name {file_year}")
    if report.year not in plan.plan.period.years():
        yield doc.problem(
            ("year",),
            f"year {report.year} is outside the plan period "
            f"{plan.plan.period.start}–{plan.plan.period.end}",
        )
    yield from _check_milestones(plan, report, doc)
    yield from _check_targets(plan, report, doc)
    yield from _check_narratives(plan, report, doc)


def _check_milestones(plan: Plan, report: ProgressReport, doc: YamlDocument) -> Iterator[Problem]:
    projects = {p.id: p for p in plan.schedule.projects}
    columns = set(plan.columns)
    seen: dict[tuple[str, str, int], int] = {}
    for i, m in enumerate(report.milestones):
        path: KeyPath = ("milestones", i)
        project = projects.get(m.project)
        if project is None:
            yield doc.problem(
                (*path, "project"),
                f"unknown project {m.project!r}; known: {', '.join(projects)}",
            )
            continue
        if m.district not in columns:
            yield doc.problem(
                (*path, "district"),
                f"unknown district {m.district!r}; use a district id or {CITY_COLUMN!r}",
            )
            continue
        row = next((r for r in project.rows if r.year == m.year), None)
        if row is None or m.district not in row.cells:
            yield doc.problem(
                path,
                f"the schedule has no milestone for {m.project} / {m.district} in {m.year}",
            )
            continue
        key = (m.project, m.district, m.year)
        if key in seen:
            yield doc.problem(
                path, f"this milestone is already reported in milestones[{seen[key]}]"
            )
        seen.setdefault(key, i)


def _check_targets(plan: Plan, report: ProgressReport, doc: YamlDocument) -> Iterator[Problem]:
    targets = {t.id: t for t in plan.targets.targets}
    districts = {d.id for d in plan.registry.districts}
    seen: dict[tuple[str, str | None], int] = {}
    for i, t in enumerate(report.targets):
        path: KeyPath = ("targets", i)
        target = targets.get(t.target)
        if target is None:
            yield doc.problem((*path, "target"), f"unknown target {t.target!r}")
            continue
        if target.scope == "district" and t.district is None:
            yield doc.problem(path, f"target {t.target!r} is per district: add `district:`")
        elif target.scope == "city" and t.district is not None:
            yield doc.problem(
                (*path, "district"), f"target {t.target!r} is city-wide: remove `district:`"
            )
        elif t.district is not None and t.district not in districts:
            yield doc.problem((*path, "district"), f"unknown district {t.district!r}")
        key = (t.target, t.district)
        if key in seen:
            yield doc.problem(path, f"this value is already reported in targets[{seen[key]}]")
        seen.setdefault(key, i)


def _check_narratives(plan: Plan, report: ProgressReport, doc: YamlDocument) -> Iterator[Problem]:
    units = {u.id for u in plan.registry.units}
    measures = {m.number: m for m in plan.measures}
    for i, n in enumerate(report.narratives):
        path: KeyPath = ("narratives", i)
        if n.unit not in units:
            yield doc.problem((*path, "unit"), f"unknown unit {n.unit!r}")
            continue
        measure = measures.get(n.measure)
        if measure is None:
            yield doc.problem((*path, "measure"), f"no measure numbered {n.measure}")
        elif all(u.id != n.unit for u in plan.responsible_units(measure)):
            yield doc.problem(
                (*path, "unit"),
                f"unit {n.unit!r} is not responsible for measure {n.measure}",
            )
