"""What a filled form answers: the values read from it, each with the cells it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..plan.model import Number
from .problems import FormProblem


@dataclass(frozen=True)
class Place:
    """Where a value was read: file, sheet title, row and the cell of each field."""

    file: str
    sheet: str
    cells: dict[str, str] = field(default_factory=dict)

    def problem(self, key: str, message: str) -> FormProblem:
        return FormProblem(self.file, self.sheet, self.cells.get(key, ""), message)


@dataclass(frozen=True)
class MilestoneAnswer:
    project: str
    district: str
    year: int
    status: str
    date: dt.date | None
    evidence: str
    place: Place


@dataclass(frozen=True)
class TargetAnswer:
    target: str
    district: str | None
    value: Number
    as_of: dt.date
    place: Place


@dataclass(frozen=True)
class NarrativeAnswer:
    unit: str
    measure: int
    work: str
    problems: str
    place: Place


@dataclass
class FormAnswers:
    """Everything one unit's form reports."""

    file: Path
    unit: str
    milestones: list[MilestoneAnswer] = field(default_factory=list)
    targets: list[TargetAnswer] = field(default_factory=list)
    narratives: list[NarrativeAnswer] = field(default_factory=list)
