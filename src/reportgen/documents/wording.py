"""The words of the documents: the office's terms, fixed headings, titles and closings.

Input: the defaults shipped beside this module (`wording.yaml`) and, when the plan folder has
one, the plan's own `wording.yaml`, which overrides any of their keys. Output: a validated,
frozen `Wording` that templates reach as `wording.<section>.<key>`. An unknown key, a value
that is not text, an empty value or a placeholder the key cannot use is a located
`DataError` naming the plan's file and line.
"""

from __future__ import annotations

import functools
import hashlib
import string
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationInfo, create_model, field_validator

from ..errors import DataError
from ..source.validation import validate_document
from ..source.yamlsource import MAX_FILE_BYTES, YamlDocument, load_yaml_file

DEFAULT_WORDING_FILE = Path(__file__).with_name("wording.yaml")
WORDING_FILE_NAME = "wording.yaml"
"""The optional file of a plan folder that overrides the default wording."""


class Words(BaseModel):
    """A section of the wording: text values, each filled in only from the placeholders its
    key allows (`PLACEHOLDERS`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    PLACEHOLDERS: ClassVar[Mapping[str, tuple[str, ...]]] = {}

    @field_validator("*", mode="after")
    @classmethod
    def _checked_words(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str):
            return value
        if not value.strip():
            raise ValueError("is empty; write the words, or remove the key to keep the default")
        allowed = cls.PLACEHOLDERS.get(info.field_name or "", ())
        for name in placeholders(value):
            if name not in allowed:
                can = (
                    "can use " + ", ".join(f"{{{n}}}" for n in allowed)
                    if allowed
                    else "takes no placeholders"
                )
                raise ValueError(f"unknown placeholder {{{name}}}: this key {can}")
        return value


def placeholders(text: str) -> list[str]:
    """The names in braces of `text`; ValueError for a stray brace or a format spec."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise ValueError(
            "has an unmatched brace; write {{ or }} for a brace of the text itself"
        ) from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"placeholder {{{name}}} must be a plain name such as {{year}}")
        names.append(name)
    return names


class MilestoneStates(Words):
    """How a milestone's state reads as of the document's year."""

    achieved: str
    not_achieved: str
    not_reported: str
    not_due: str
    ahead: str
    """Due later but already achieved."""
    reported: str
    """A measure whose work the unit reported."""


class TargetStates(Words):
    met: str
    on_track: str
    not_met: str
    no_data: str


class CommonWords(Words):
    """Words every kind of document uses."""

    PLACEHOLDERS = {"date": ("year", "month", "day")}

    date: str
    states: MilestoneStates
    target_states: TargetStates
    localities: str
    departments: str
    own_unit: str
    responsible: str
    attachment: str
    printed: str
    sample: str


class CircularWords(Words):
    """The circular's words are the plan's own; the section is kept for overrides to come."""


class NoticeHeadings(Words):
    PLACEHOLDERS = {
        "by_project": ("project_noun",),
        "by_district": ("localities",),
        "next_year": ("next_year",),
    }

    overall: str
    by_project: str
    by_district: str
    indicators: str
    problems: str
    next_year: str
    next_steps: str


class IndicatorColumns(Words):
    indicator: str
    target: str
    deadline: str
    value: str
    state: str


_CLOSING_FIELDS = ("year", "addressees", "task", "collective", "plan")


class NoticeClosing(Words):
    PLACEHOLDERS = {"ongoing": _CLOSING_FIELDS, "final": _CLOSING_FIELDS}

    ongoing: str
    """Before the plan's last year."""
    final: str
    """In the plan's last year."""


class NoticeWords(Words):
    PLACEHOLDERS = {
        "title": ("issuer", "year", "topic"),
        "subject": ("year", "topic"),
        "attachment_title": ("year", "collective"),
    }

    kind: str
    title: str
    subject: str
    headings: NoticeHeadings
    attachment_title: str
    indicator_columns: IndicatorColumns
    closing: NoticeClosing


class SummaryHeadings(Words):
    PLACEHOLDERS = {"milestones": ("collective",)}

    measures: str
    milestones: str
    targets: str
    table: str


class ComplianceColumns(Words):
    task: str
    requirement: str
    deadline: str
    done: str
    state: str


class SummaryWords(Words):
    PLACEHOLDERS = {"title": ("unit", "year", "topic", "plan"), "subject": ("year",)}

    kind: str
    title: str
    subject: str
    headings: SummaryHeadings
    table_columns: ComplianceColumns
    closing: str


class Wording(Words):
    """Every document's words: `common`, then one section per kind of document, whose model
    the kind declares (`DocumentKind.words`); `wording_model()` puts them together."""

    common: CommonWords

    if TYPE_CHECKING:

        def __getattr__(self, section: str) -> Any: ...


@functools.cache
def wording_model() -> type[Wording]:
    """The model of the whole wording: `common` and each registered kind's section."""
    from .registry import document_kinds

    sections: dict[str, Any] = {
        kind.name: (kind.words, ...) for kind in document_kinds().values() if kind.words is not None
    }
    return create_model("Wording", __base__=Wording, **sections)


def wording_schema() -> dict[str, Any]:
    """The JSON Schema of a plan's `wording.yaml` (every key optional there)."""
    schema = wording_model().model_json_schema()
    _optional(schema)
    for definition in schema.get("$defs", {}).values():
        _optional(definition)
    return schema


def _optional(schema: dict[str, Any]) -> None:
    schema.pop("required", None)
    for field in schema.get("properties", {}).values():
        if field.get("type") == "string":
            field["minLength"] = 1


@functools.cache
def default_wording() -> Wording:
    """The wording reportgen ships with."""
    return validate_document(load_yaml_file(DEFAULT_WORDING_FILE), wording_model())


def load_wording(plan_dir: Path) -> Wording:
    """The default wording with the plan folder's `wording.yaml` (if any) laid over it."""
    path = plan_dir / WORDING_FILE_NAME
    if not path.exists() and not path.is_symlink():
        return default_wording()
    return _wording_for(str(path), _digest(path))


def _digest(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            return hashlib.sha256(stream.read(MAX_FILE_BYTES + 1)).hexdigest()
    except OSError:
        return "-"  # the loader reports why


@functools.lru_cache(maxsize=8)
def _wording_for(path: str, digest: str) -> Wording:
    override = load_yaml_file(Path(path))
    data = override.data
    if not isinstance(data, dict):
        raise DataError([override.problem((), "expected a mapping of wording sections")])
    defaults = default_wording().model_dump()
    merged = YamlDocument(
        file=override.file,
        data=_laid_over(defaults, data),
        positions=override.positions,
        key_positions=override.key_positions,
    )
    return validate_document(merged, wording_model())


def _laid_over(defaults: Any, override: Any) -> Any:
    """`override` laid over `defaults`: mappings key by key, anything else replaced."""
    if isinstance(defaults, dict) and isinstance(override, dict):
        merged = dict(defaults)
        for key, value in override.items():
            merged[key] = _laid_over(defaults[key], value) if key in defaults else value
        return merged
    return override
