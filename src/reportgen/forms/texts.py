"""The words of the forms and of the status view, from `wording.yaml`, in the plan's script.

Input: the plan's data script. Output: a `FormTexts` whose strings are written as the plan's
data is (the file is traditional; simplified plans get an OpenCC conversion).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..plan.model import Record, Script, Text
from ..render.script import convert_text
from ..source.yamlsource import load_yaml_file

WORDING_FILE = Path(__file__).with_name("wording.yaml")


class SheetNames(Record):
    instructions: Text
    milestones: Text
    targets: Text
    measures: Text


class Instructions(Record):
    title: Text
    lines: list[Text]
    allowed: Text


class Columns(Record):
    milestones: dict[str, Text]
    targets: dict[str, Text]
    measures: dict[str, Text]


class Kinds(Record):
    due: Text
    overdue: Text
    later: Text


class Validation(Record):
    status: Text
    number: Text
    date: Text
    text: Text


class StatusTexts(Record):
    title: Text
    columns: dict[str, Text]
    done: Text
    milestone_item: Text
    target_item: Text
    measure_item: Text
    detail_title: Text
    detail_columns: dict[str, Text]


class FormTexts(Record):
    """Everything a form or the status view says in words."""

    sheets: SheetNames
    instructions: Instructions
    columns: Columns
    validation: Validation
    separator: Text
    kinds: Kinds
    city: Text
    status: StatusTexts


def _convert(data: Any, script: Script) -> Any:
    if isinstance(data, str):
        return convert_text(data, script)
    if isinstance(data, list):
        return [_convert(item, script) for item in data]
    if isinstance(data, dict):
        return {key: _convert(value, script) for key, value in data.items()}
    return data


@cache
def form_texts(script: Script) -> FormTexts:
    """The wording in `script` (the file's own words untouched for traditional)."""
    from ..source.validation import validate_document

    document = load_yaml_file(WORDING_FILE)
    texts = validate_document(document, FormTexts)
    if script == "traditional":
        return texts
    try:
        return FormTexts.model_validate(_convert(texts.model_dump(), script))
    except ValueError as exc:  # pragma: no cover - conversion keeps every string non-empty
        raise DataError.at_file(WORDING_FILE, f"cannot convert the wording: {exc}") from None
