"""Merge the answers of filled forms into the text of a progress file, keeping its comments.

Input: the file's current text (or None when there is none yet), the year and the answers.
Output: the new text, what changed per unit, and the conflicts: answers that differ from a
value the file already holds (replaced only when `force` is given). The text is edited as a
round-trip YAML tree (ruamel.yaml), so comments, key order and each list's style stay.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .answers import FormAnswers, MilestoneAnswer, NarrativeAnswer, Place, TargetAnswer
from .duties import status_spellings
from .problems import FormProblem

Section = Literal["milestones", "targets", "narratives"]
Action = Literal["added", "replaced", "unchanged"]
Answer = MilestoneAnswer | TargetAnswer | NarrativeAnswer

_FLOW_BY_DEFAULT: dict[Section, bool] = {"milestones": True, "targets": True, "narratives": False}
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


@dataclass
class UnitChanges:
    """How many entries of each section one unit's form added, replaced or left as they were."""

    counts: dict[tuple[Section, Action], int] = field(default_factory=dict)

    def count(self, section: Section, action: Action) -> None:
        self.counts[(section, action)] = self.counts.get((section, action), 0) + 1

    def changed(self) -> bool:
        return any(action != "unchanged" for _, action in self.counts)

    def describe(self) -> str:
        parts = []
        for section in ("milestones", "targets", "narratives"):
            actions = [
                f"{self.counts[(section, action)]} {action}"
                for action in ("added", "replaced", "unchanged")
                if (section, action) in self.counts
            ]
            if actions:
                parts.append(f"{section} {', '.join(actions)}")
        return "; ".join(parts) or "nothing reported"


@dataclass
class MergeResult:
    text: str
    changes: dict[str, UnitChanges]
    conflicts: list[FormProblem]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    return yaml


def _fields(answer: Answer) -> dict[str, Any]:
    """The entry an answer writes, key by key, in the order the sample files use."""
    if isinstance(answer, MilestoneAnswer):
        entry: dict[str, Any] = {
            "project": answer.project,
            "district": answer.district,
            "year": answer.year,
            "status": answer.status,
        }
        if answer.date is not None:
            entry["date"] = answer.date
        if answer.evidence:
            entry["evidence"] = answer.evidence
        return entry
    if isinstance(answer, TargetAnswer):
        entry = {"target": answer.target}
        if answer.district is not None:
            entry["district"] = answer.district
        entry.update(value=answer.value, as_of=answer.as_of)
        return entry
    entry = {"unit": answer.unit, "measure": answer.measure, "work": answer.work}
    if answer.problems:
        entry["problems"] = answer.problems
    return entry


_KEYS: dict[Section, tuple[str, ...]] = {
    "milestones": ("project", "district", "year"),
    "targets": ("target", "district"),
    "narratives": ("unit", "measure"),
}
_VALUES: dict[Section, dict[str, str]] = {
    "milestones": {"status": "status", "date": "date", "evidence": "evidence"},
    "targets": {"value": "value", "as_of": "as_of"},
    "narratives": {"work": "work", "problems": "problems"},
}
_DEFAULTS: dict[str, Any] = {"date": None, "evidence": "", "problems": "", "district": None}


def _key(section: Section, entry: Any) -> tuple[Any, ...]:
    return tuple(entry.get(k, _DEFAULTS.get(k)) for k in _KEYS[section])


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, dt.datetime):
        old = old.date()
    if isinstance(old, int | float) and isinstance(new, int | float):
        return not isinstance(old, bool) and float(old) == float(new)
    if isinstance(old, str) and isinstance(new, str):
        return old.strip() == new.strip()
    return bool(old == new)


def _canonical(name: str, value: Any) -> Any:
    """A status in either script compares as the model spells it."""
    if name == "status" and isinstance(value, str):
        return status_spellings().get(value.strip(), value)
    return value


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "nothing"
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def merge_answers(
    text: str | None, year: int, forms: Iterable[FormAnswers], *, force: bool, file_name: str
) -> MergeResult:
    """Merge every form's answers into `text` (a progress file for `year`)."""
    yaml = _yaml()
    data = yaml.load(text) if text else None
    if not isinstance(data, CommentedMap):
        data = CommentedMap([("year", year)])
    result = MergeResult("", {}, [])
    for form in forms:
        changes = result.changes.setdefault(form.unit, UnitChanges())
        sections: list[tuple[Section, list[Any]]] = [
            ("milestones", form.milestones),
            ("targets", form.targets),
            ("narratives", form.narratives),
        ]
        for section, answers in sections:
            for answer in answers:
                action = _merge_one(data, section, answer, force, file_name, result.conflicts)
                if action is not None:
                    changes.count(section, action)
    out = io.StringIO()
    yaml.dump(data, out)
    result.text = _TRAILING_SPACE.sub("", out.getvalue())
    return result


def _section(data: CommentedMap, section: Section) -> CommentedSeq:
    entries = data.get(section)
    if not isinstance(entries, CommentedSeq) or not entries:
        entries = CommentedSeq()
        data[section] = entries
    return entries


def _merge_one(
    data: CommentedMap,
    section: Section,
    answer: Answer,
    force: bool,
    file_name: str,
    conflicts: list[FormProblem],
) -> Action | None:
    fields = _fields(answer)
    key = _key(section, fields)
    entries = _section(data, section)
    existing = next(
        (e for e in entries if isinstance(e, CommentedMap) and _key(section, e) == key), None
    )
    if existing is None:
        entry = CommentedMap(fields)
        first = entries[0] if entries else None
        flow = (
            first.fa.flow_style() if isinstance(first, CommentedMap) else _FLOW_BY_DEFAULT[section]
        )
        if flow:
            entry.fa.set_flow_style()
        else:
            entry.fa.set_block_style()
        entries.append(entry)
        return "added"
    differing = [
        name
        for name in _VALUES[section]
        if not _same(
            _canonical(name, existing.get(name, _DEFAULTS.get(name))),
            _canonical(name, fields.get(name, _DEFAULTS.get(name))),
        )
    ]
    if not differing:
        return "unchanged"
    if not force:
        for name in differing:
            conflicts.append(_conflict(answer.place, name, existing, fields, file_name))
        return None
    for name in _VALUES[section]:
        if name in fields:
            existing[name] = fields[name]
        elif name in existing:
            del existing[name]
    return "replaced"


def _conflict(
    place: Place, name: str, existing: CommentedMap, fields: dict[str, Any], file_name: str
) -> FormProblem:
    old = existing.get(name, _DEFAULTS.get(name))
    new = fields.get(name, _DEFAULTS.get(name))
    return place.problem(
        name,
        f"conflict: {file_name} already has {name} {_shown(old)}, the form has {_shown(new)}; "
        "rerun with --force to replace it, or restore the cell",
    )
