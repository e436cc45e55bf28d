"""Take filled forms in: read them all, check them together, merge into progress/YEAR.yaml.

Input: a plan folder, the form files, the year and whether conflicts may be replaced.
Output: what changed per unit and whether the file was written. Every problem of every file
is reported at once (`FormError`, exit 65) and then nothing is written; the merged file must
pass the progress loader before it replaces the old one, in one atomic step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, UsageError
from ..plan.loader import load_plan
from ..plan.model import Plan
from ..progress.report import ProgressReport, check_progress, load_all_progress, progress_dir
from ..source.validation import validate_document
from ..source.yamlsource import MAX_FILE_BYTES, parse_yaml_bytes
from ..writers.files import write_atomically
from .answers import FormAnswers
from .duties import all_duties, status_choices, status_spellings
from .layout import plan_fingerprint
from .merge import UnitChanges, merge_answers
from .problems import FormError, FormProblem
from .read import Expected, read_form


@dataclass
class IntakeResult:
    path: Path
    changes: dict[str, UnitChanges]
    written: bool
    names: dict[str, str]
    """Unit id -> the unit's name, for the summary."""


def check_year(plan: Plan, year: int) -> None:
    period = plan.plan.period
    if year not in period.years():
        raise UsageError(
            f"year {year} is outside the plan period {period.start}–{period.end}; "
            f"choose --year between {period.start} and {period.end}"
        )


def expected_forms(plan: Plan, year: int) -> Expected:
    """What forms of `plan` for `year` may hold, given the progress reported so far."""
    reports = load_all_progress(plan, up_to=year)
    return Expected(
        fingerprint=plan_fingerprint(plan),
        year=year,
        duties={duty.unit.id: duty for duty in all_duties(plan, reports, year)},
        status_spellings=status_spellings(),
        status_shown=status_choices(plan.document.script),
        script=plan.document.script,
    )


def intake(plan_dir: Path, files: Sequence[Path], year: int, *, force: bool) -> IntakeResult:
    """Merge the filled forms `files` into the plan's progress file for `year`."""
    plan = load_plan(plan_dir)
    check_year(plan, year)
    expected = expected_forms(plan, year)
    problems: list[FormProblem] = []
    forms: list[FormAnswers] = []
    for path in files:
        read = read_form(path, expected)
        if isinstance(read, list):
            problems.extend(read)
        else:
            forms.append(read)
    problems.extend(_across_forms(forms))
    if problems:
        raise FormError(problems)
    target = progress_dir(plan) / f"{year}.yaml"
    old_text = _current_text(target)
    merged = merge_answers(old_text, year, forms, force=force, file_name=str(target))
    if merged.conflicts:
        raise FormError(merged.conflicts)
    if merged.text == old_text or not any(c.changed() for c in merged.changes.values()):
        return IntakeResult(target, merged.changes, False, _names(plan))
    _check_merged(plan, merged.text, target, year)
    write_atomically(target, merged.text.encode("utf-8"))
    return IntakeResult(target, merged.changes, True, _names(plan))


def _names(plan: Plan) -> dict[str, str]:
    return {unit.id: unit.name for unit in plan.registry.units}


def _current_text(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:  # the loader has read it already
        raise DataError.at_file(path, f"cannot read file: {exc}") from None


def _check_merged(plan: Plan, text: str, target: Path, year: int) -> None:
    """The merged text must load as the year's progress file would; else nothing is written."""
    raw = text.encode("utf-8")
    if len(raw) > MAX_FILE_BYTES:
        raise DataError.at_file(target, f"the merged file would exceed {MAX_FILE_BYTES} bytes")
    document = parse_yaml_bytes(raw, target)
    report = validate_document(document, ProgressReport)
    problems = list(check_progress(plan, report, document, year))
    if problems:
        raise DataError(problems)


def _across_forms(forms: list[FormAnswers]) -> list[FormProblem]:
    """Two forms of one unit, or two units giving different values for a shared target."""
    problems: list[FormProblem] = []
    first_of_unit: dict[str, FormAnswers] = {}
    for form in forms:
        if form.unit in first_of_unit:
            problems.append(
                FormProblem(
                    str(form.file),
                    message=f"a second form of unit {form.unit!r} (the first is "
                    f"{first_of_unit[form.unit].file}); take in one form per unit",
                )
            )
        else:
            first_of_unit[form.unit] = form
    values: dict[tuple[str, str | None], tuple[FormAnswers, object, object]] = {}
    for form in forms:
        for answer in form.targets:
            key = (answer.target, answer.district)
            seen = values.get(key)
            if seen is None:
                values[key] = (form, answer.value, answer.place.cells.get("value", ""))
            elif seen[0].unit != form.unit and float(str(seen[1])) != float(answer.value):
                problems.append(
                    answer.place.problem(
                        "value",
                        f"value {answer.value} differs from {seen[1]} in {seen[0].file} "
                        f"(unit {seen[0].unit}) for the same target; agree on one value",
                    )
                )
    return problems
