"""Merge the answers of filled forms into the text of a progress file.

Input: the file's current text (or None when there is none yet), the year and the answers.
Output: the new text, what changed per unit, and the conflicts: answers that differ from a
value the file already holds (replaced only when `force` is given). The text is edited in
place (`yamlsplice`): only replaced entries change and new ones are appended to their list, so
comments, blank lines, key order and each entry's wrapping stay as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from .answers import FormAnswers, MilestoneAnswer, NarrativeAnswer, Place, TargetAnswer
from .duties import status_spellings
from .problems import FormProblem
from .yamlsplice import ListEdits, splice

Section = Literal["milestones", "targets", "narratives"]
Action = Literal["added", "replaced", "unchanged"]
Answer = MilestoneAnswer | TargetAnswer | NarrativeAnswer

SECTIONS: tuple[Section, ...] = ("milestones", "targets", "narratives")
_FLOW_BY_DEFAULT: dict[Section, bool] = {"milestones": True, "targets": True, "narratives": False}


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
        for section in SECTIONS:
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
_VALUES: dict[Section, tuple[str, ...]] = {
    "milestones": ("status", "date", "evidence"),
    "targets": ("value", "as_of"),
    "narratives": ("work", "problems"),
}
_DEFAULTS: dict[str, Any] = {"date": None, "evidence": "", "problems": "", "district": None}


def _key(section: Section, entry: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(entry.get(k, _DEFAULTS.get(k)) for k in _KEYS[section])


def _canonical(name: str, value: Any) -> Any:
    """A status in either script compares as the model spells it."""
    if name == "status" and isinstance(value, str):
        return status_spellings().get(value.strip(), value)
    return value


def _same(name: str, old: Any, new: Any) -> bool:
    old, new = _canonical(name, old), _canonical(name, new)
    if isinstance(old, dt.datetime):
        old = old.date()
    if isinstance(old, int | float) and isinstance(new, int | float):
        return not isinstance(old, bool) and float(old) == float(new)
    if isinstance(old, str) and isinstance(new, str):
        return old.strip() == new.strip()
    return bool(old == new)


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "nothing"
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


@dataclass
class _Section:
    """One list of the file: its entries as read, and what the forms do to it."""

    entries: list[dict[str, Any]]
    edits: ListEdits
    added: list[dict[str, Any]] = field(default_factory=list)

    def find(self, section: Section, key: tuple[Any, ...]) -> tuple[str, int] | None:
        for index, entry in enumerate(self.entries):
            if isinstance(entry, dict) and _key(section, entry) == key:
                return ("file", index)
        for index, entry in enumerate(self.added):
            if _key(section, entry) == key:
                return ("added", index)
        return None


def merge_answers(
    text: str | None, year: int, forms: Iterable[FormAnswers], *, force: bool, file_name: str
) -> MergeResult:
    """Merge every form's answers into `text` (a progress file for `year`)."""
    source = text if text and text.strip() else f"year: {year}\n"
    data = yaml.safe_load(source)
    if not isinstance(data, dict):
        data = {}
    sections = {
        name: _Section(
            entries=list(data.get(name) or []),
            edits=ListEdits(flow=_FLOW_BY_DEFAULT[name]),
        )
        for name in SECTIONS
    }
    result = MergeResult("", {}, [])
    for form in forms:
        changes = result.changes.setdefault(form.unit, UnitChanges())
        answers: list[tuple[Section, list[Any]]] = [
            ("milestones", form.milestones),
            ("targets", form.targets),
            ("narratives", form.narratives),
        ]
        for name, items in answers:
            for answer in items:
                action = _merge_one(sections[name], name, answer, force, file_name, result)
                if action is not None:
                    changes.count(name, action)
    for name in SECTIONS:
        sections[name].edits.append = sections[name].added
    try:
        result.text = splice(source, {name: sections[name].edits for name in SECTIONS})
    except ValueError:
        # a file written in flow style throughout: rewritten whole, its comments lost
        result.text = _rewrite(data, sections)
    return result


def _rewrite(data: dict[str, Any], sections: dict[Section, _Section]) -> str:
    merged = dict(data)
    for name, section in sections.items():
        entries = [section.edits.replace.get(i, e) for i, e in enumerate(section.entries)]
        entries += section.added
        if entries:
            merged[name] = entries
    dumped: str = yaml.safe_dump(merged, allow_unicode=True, sort_keys=False, width=100)
    return dumped


def _merge_one(
    section: _Section,
    name: Section,
    answer: Answer,
    force: bool,
    file_name: str,
    result: MergeResult,
) -> Action | None:
    fields = _fields(answer)
    found = section.find(name, _key(name, fields))
    if found is None:
        section.added.append(fields)
        return "added"
    where, index = found
    existing = section.entries[index] if where == "file" else section.added[index]
    if where == "file" and index in section.edits.replace:
        existing = section.edits.replace[index]
    differing = [
        value
        for value in _VALUES[name]
        if not _same(
            value,
            existing.get(value, _DEFAULTS.get(value)),
            fields.get(value, _DEFAULTS.get(value)),
        )
    ]
    if not differing:
        return "unchanged"
    if not force:
        for value in differing:
            result.conflicts.append(_conflict(answer.place, value, existing, fields, file_name))
        return None
    replaced = {key: val for key, val in existing.items() if key not in _VALUES[name]}
    replaced.update(fields)
    ordered = {key: replaced[key] for key in existing if key in replaced}
    ordered.update({key: val for key, val in replaced.items() if key not in ordered})
    if where == "file":
        section.edits.replace[index] = ordered
    else:
        section.added[index] = ordered
    return "replaced"


def _conflict(
    place: Place, name: str, existing: dict[str, Any], fields: dict[str, Any], file_name: str
) -> FormProblem:
    old = existing.get(name, _DEFAULTS.get(name))
    new = fields.get(name, _DEFAULTS.get(name))
    return place.problem(
        name,
        f"conflict: {file_name} already has {name} {_shown(old)}, the form has {_shown(new)}; "
        "rerun with --force to replace it, or restore the cell",
    )
