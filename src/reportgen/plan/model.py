"""The plan model: one pydantic class per YAML file of a plan folder, and `Plan`, the whole.

Input: plain data read from YAML. Output: validated, immutable objects. Checks that span
files (references, numbering, periods) live in `crosscheck.py`; reading files in `loader.py`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from ..source.packagedata import read_package_data
from ..zh.text import format_number
from .tokens import (
    COMPARATOR_SPELLINGS,
    SECRECY_LEVELS,
    URGENCIES,
    AcceptedComparator,
    AcceptedUrgency,
    Comparator,
    canonicaliser,
    spelled_as,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Required text: empty or blank strings are refused."""

Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
"""An id other records refer to: lower-case ASCII letters, digits and hyphens."""

Year = Annotated[int, Field(ge=1949, le=2200)]

CITY_COLUMN = "city"
"""The schedule's whole-area column; no district may use this id."""


class Record(BaseModel):
    """Base of every file model: unknown keys are errors and objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


DEFAULTS_FILE = Path(__file__).with_name("defaults.yaml")


class _HeaderDefaults(Record):
    project: Text
    year: Text


class PlanDefaults(Record):
    """defaults.yaml: what the model supplies itself."""

    doc_number: Text
    """How a document number is written, with the fields {code}, {year} and {number}."""
    schedule_headers: _HeaderDefaults

    @model_validator(mode="after")
    def _doc_number_fields(self) -> PlanDefaults:
        fields = {name for _, name, _, _ in string.Formatter().parse(self.doc_number) if name}
        if fields != {"code", "year", "number"}:
            raise ValueError(
                f"doc_number must use exactly the fields {{code}}, {{year}}, {{number}}, "
                f"not {sorted(fields)}"
            )
        return self


_DEFAULTS = read_package_data(DEFAULTS_FILE, PlanDefaults)


def doc_number_text(code: str, year: int, number: int | str) -> str:
    """A document number as GB/T 9704 writes it: 紹政辦發〔2021〕2號."""
    return _DEFAULTS.doc_number.format(code=code, year=year, number=number)


# --- document.yaml -----------------------------------------------------------------------


class Disclosure(Record):
    """The government-information disclosure fields of a published document."""

    index_number: Text
    openness: Text
    publisher: Text
    published: dt.date
    topic: Text


class DocNumber(Record):
    """發文字號: code, year and sequence number, printed as 紹政辦發〔2021〕2號."""

    code: Text
    year: Year
    number: Annotated[int, Field(ge=1, le=999_999)]

    def __str__(self) -> str:
        return doc_number_text(self.code, self.year, self.number)


class Colophon(Record):
    """版記: copy-to line, printing office and printing date."""

    cc: list[Text] = []
    printed_by: Text
    printed_on: dt.date


Script = Literal["simplified", "traditional"]


def _secrecy(value: str) -> str:
    """A secrecy level (密級, §7.2.2) of plan/tokens.yaml, in either script, optionally
    followed by ★ and the period it holds (秘密★1年)."""
    level, star, period = value.partition("★")
    if not any(level in words for words in SECRECY_LEVELS) or (star and not period.strip()):
        raise ValueError(
            f"{value!r} is not a secrecy level: write one of {spelled_as(SECRECY_LEVELS)}, "
            "optionally followed by ★ and the period it holds"
        )
    return value


def _urgency(value: Any) -> Any:
    """An urgency (緊急程度, §7.2.3) of plan/tokens.yaml, kept as written; a value that is
    not a string passes through, for the field's own type to refuse."""
    if isinstance(value, str) and not any(value.strip() in words for words in URGENCIES):
        raise ValueError(f"unknown urgency {value!r}; use one of {spelled_as(URGENCIES)}")
    return value


Secrecy = Annotated[Text, AfterValidator(_secrecy)]
Urgency = Annotated[Text, BeforeValidator(_urgency, json_schema_input_type=AcceptedUrgency)]


class CoIssuer(Record):
    """A joint issuer (聯合行文) after the 主辦機關: its mark and its 署名."""

    header_mark: Text
    signature: Text


class Issuing(Record):
    """How the documents go out: the paper, the letter format, 密級 and 緊急程度."""

    paper: Literal["plain", "letterhead"] = "plain"
    """letterhead: the paper has the red mark and rule printed on it; they are left out."""
    letter: list[Text] = []
    """The kinds of document issued in the letter format (信函格式, §10.1); each must be a
    registered kind (checked across files, `plan.crosscheck`)."""
    secrecy: Secrecy | None = None
    urgency: Urgency | None = None
    reply_days: Annotated[int, Field(ge=1, le=365)] = 15
    """How many days after its date a reminder (督辦通知) asks the late units to report."""


class IssuingDocument(Record):
    """document.yaml: the notice that issues the plan."""

    script: Script = "simplified"
    issued_in: Script | None = None
    disclosure: Disclosure | None = None
    issuer: Text
    header_mark: Text
    doc_number: DocNumber
    kind: Text
    title: Text
    title_lines: list[Text] | None = None
    title_breaks: dict[str, list[Text]] = {}
    """Where the titles of a kind of yearly document break: for a kind (`notice:`,
    `summary:` …), the words after which each line ends, in turn. The titles hold the year, so
    the data names the words a line ends with, not the lines."""
    addressee: Text
    body: Annotated[list[Text], Field(min_length=1)]
    signature: Text
    date: dt.date
    note: Text | None = None
    colophon: Colophon | None = None
    co_issuers: list[CoIssuer] = []
    """Joint issuers (聯合行文) after the 主辦機關 (`issuer`), in the order they sign."""
    issuing: Issuing = Issuing()

    @property
    def issue_script(self) -> Script:
        """The script the documents are issued in (`issued_in`), the data's own by default."""
        return self.issued_in or self.script


# --- units.yaml --------------------------------------------------------------------------


class District(Record):
    id: Ident
    name: Text


class Unit(Record):
    """A responsible unit. `doc_code` (e.g. 紹市教) and `signer` head its own upward reports."""

    id: Ident
    name: Text
    full_name: Text | None = None
    district: Ident | None = None
    doc_code: Text | None = None
    signer: Text | None = None

    @property
    def formal_name(self) -> str:
        return self.full_name or self.name


class Group(Record):
    id: Ident
    name: Text
    members: Annotated[list[Ident], Field(min_length=1)]


class Area(Record):
    """How the plan's documents name its whole area and its levels.

    Each is written as the plan writes it: 全市 or 全縣, 區、縣〔市〕 or 鄉鎮, and so on.
    """

    whole: Text
    """The whole area: the schedule's whole-area column and area-wide figures (全市)."""
    district_kind: Text
    """What one district is, as in 「按區、縣〔市〕分列」."""
    reporters: Text
    """Who reports progress to the issuer (各區、縣（市）和市級有關部門)."""
    addressees: Text
    """Whom the yearly notice charges with the next tasks (各區、縣（市）政府和市級有關部門)."""


class UnitRegistry(Record):
    """units.yaml: the area's names, districts, responsible units and collective names."""

    area: Area
    districts: Annotated[list[District], Field(min_length=1)]
    units: Annotated[list[Unit], Field(min_length=1)]
    groups: list[Group] = []


# --- plan.yaml ---------------------------------------------------------------------------


class Measure(Record):
    number: Annotated[int, Field(ge=1, le=999)]
    heading: Text
    text: Text
    responsible: list[Annotated[list[Ident], Field(min_length=1)]] = []


class Part(Record):
    heading: Text
    measures: Annotated[list[Measure], Field(min_length=1)]


class Period(Record):
    start: Year
    end: Year

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def years(self) -> range:
        return range(self.start, self.end + 1)


class ActionPlan(Record):
    """plan.yaml: the plan's title, period, preamble, parts and measures."""

    title: Text
    title_lines: list[Text] | None = None
    topic: Text
    """What the plan is about, as the titles of its notices and reports name it."""
    self_name: Text
    """How the plan names itself in running text (行動計劃, 實施方案)."""
    period: Period
    preamble: Text
    parts: Annotated[list[Part], Field(min_length=1)]
    attachment: Text | None = None


# --- targets.yaml ------------------------------------------------------------------------

MAX_NUMBER_DIGITS = 18
"""Most digits a figure may have: a document prints every digit as written, and no
figure of a plan comes near a billion billion."""


_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def _as_figure(value: Any) -> Any:
    """A figure from the data: an int or Decimal as read, a float by its shortest digits, a
    quoted decimal number as if unquoted; anything else is refused."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError(f"should be a valid number, not {value!r}")
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        if not _DECIMAL.fullmatch(value.strip()):
            shown = value if len(value) <= 40 else value[:37] + "..."
            raise ValueError(f"should be a valid number, not {shown!r}")
        text = value.strip()
        return int(text) if text.lstrip("-+").isdigit() else Decimal(text)
    return value


def _printable_number(value: int | Decimal) -> int | Decimal:
    digits = len(format_number(value).lstrip("-").replace(".", ""))
    if digits > MAX_NUMBER_DIGITS:
        raise ValueError(
            f"has {digits} digits written out; a figure may have at most {MAX_NUMBER_DIGITS}"
        )
    return value


Number = Annotated[int | Decimal, BeforeValidator(_as_figure), AfterValidator(_printable_number)]
"""A figure of the data, kept as written: an int, or a Decimal with the digits typed (1.50
stays 1.50), so a document prints it exactly, never in floating point's rounding."""

MAX_RANK = 999
"""Highest rank a 前 target may name: ranks are written in Chinese numerals (前四位)."""


class Target(Record):
    id: Ident
    measure: Annotated[int, Field(ge=1, le=999)]
    quote: Text
    indicator: Text
    comparator: Annotated[
        Comparator,
        BeforeValidator(
            canonicaliser(COMPARATOR_SPELLINGS, "comparator"),
            json_schema_input_type=AcceptedComparator,
        ),
        Field(title="Comparator"),
    ]
    value: Number | tuple[Number, Number]
    unit: str = ""
    deadline: Year
    scope: Literal["city", "district"]

    @model_validator(mode="after")
    def _value_fits_comparator(self) -> Target:
        if self.comparator is Comparator.RANGE:
            if not isinstance(self.value, tuple):
                raise ValueError(f"comparator {Comparator.RANGE} needs value: [low, high]")
            if self.value[0] > self.value[1]:
                raise ValueError(f"value range {list(self.value)} has low above high")
        elif isinstance(self.value, tuple):
            raise ValueError(f"comparator {self.comparator} needs a single number as value")
        elif self.comparator is Comparator.RANK and not (
            self.value == int(self.value) and 1 <= self.value <= MAX_RANK
        ):
            raise ValueError(
                f"a rank (comparator {Comparator.RANK}) is a whole number from 1 to {MAX_RANK}, "
                f"not {format_number(self.value)}"
            )
        return self


class TargetList(Record):
    """targets.yaml: the plan's quantitative targets."""

    targets: list[Target] = []


# --- schedule.yaml -----------------------------------------------------------------------


class ScheduleRow(Record):
    year: Year
    cells: dict[Ident, Text] = {}


class Project(Record):
    id: Ident
    name: Text
    label: Text
    rows: Annotated[list[ScheduleRow], Field(min_length=1)]


class ScheduleHeaders(Record):
    project: Text = _DEFAULTS.schedule_headers.project
    year: Text = _DEFAULTS.schedule_headers.year
    city: Text
    """The whole-area column's header (全市創建)."""


class Schedule(Record):
    """schedule.yaml: the plan's projects and the attached schedule table."""

    title: Text
    collective_name: Text
    """How the plan names its projects together (五大創建), in notices and reports."""
    project_noun: Text
    """What one project is called (創建項目), as in 「各創建項目進展情況」."""
    task_noun: Text
    """What one schedule cell is called (創建任務), as in 「到期創建任務3項」."""
    headers: ScheduleHeaders
    projects: Annotated[list[Project], Field(min_length=1)]


# --- the whole plan ----------------------------------------------------------------------


@dataclass(frozen=True)
class Milestone:
    """One non-empty cell of the schedule: what `column` must reach in `year` for a project."""

    project: Project
    year: int
    column: str
    requirement: str

    @property
    def text(self) -> str:
        """The requirement as one line (the table's line breaks removed)."""
        return "".join(line.strip() for line in self.requirement.splitlines())


@dataclass(frozen=True)
class Plan:
    """A validated plan folder: every file's model, with lookups across them."""

    directory: Path
    document: IssuingDocument
    registry: UnitRegistry
    plan: ActionPlan
    targets: TargetList
    schedule: Schedule

    @property
    def measures(self) -> list[Measure]:
        return [m for part in self.plan.parts for m in part.measures]

    @functools.cached_property
    def _by_id(self) -> dict[str, dict[Any, Any]]:
        """Lookup tables, built once: the plan is immutable."""
        return {
            "measure": {m.number: m for m in self.measures},
            "district": {d.id: d for d in self.registry.districts},
            "unit": {u.id: u for u in self.registry.units},
            "group": {g.id: g for g in self.registry.groups},
        }

    def measure(self, number: int) -> Measure:
        measure: Measure = self._by_id["measure"][number]
        return measure

    def district(self, district_id: str) -> District:
        district: District = self._by_id["district"][district_id]
        return district

    def unit(self, unit_id: str) -> Unit:
        unit: Unit = self._by_id["unit"][unit_id]
        return unit

    def group(self, group_id: str) -> Group | None:
        group: Group | None = self._by_id["group"].get(group_id)
        return group

    def ref_name(self, ref: str) -> str:
        """The name a unit or group reference renders as."""
        group = self.group(ref)
        return group.name if group else self.unit(ref).name

    def expand(self, ref: str) -> list[Unit]:
        """The units a reference stands for: a group's members, or the unit itself."""
        group = self.group(ref)
        return [self.unit(m) for m in group.members] if group else [self.unit(ref)]

    def responsible_units(self, measure: Measure) -> list[Unit]:
        """Every unit a measure falls to, collectives expanded, in order, once each."""
        seen: dict[str, Unit] = {}
        for refs in measure.responsible:
            for ref in refs:
                for unit in self.expand(ref):
                    seen.setdefault(unit.id, unit)
        return list(seen.values())

    def responsible_text(self, measure: Measure) -> str:
        """The responsible units as the plan writes them.

        Units of one list are joined with 、 and lists with ，, e.g.
        市教育局、市人力社保局，各區、縣〔市〕政府.
        """
        groups = measure.responsible
        return "，".join("、".join(self.ref_name(ref) for ref in refs) for refs in groups)

    def column_name(self, column: str) -> str:
        """A column's header in the schedule table."""
        return self.schedule.headers.city if column == CITY_COLUMN else self.district(column).name

    def place_name(self, column: str | None) -> str:
        """A district's name, or the whole area's (全市) for the whole-area column or None."""
        if column is None or column == CITY_COLUMN:
            return self.registry.area.whole
        return self.district(column).name

    @property
    def columns(self) -> list[str]:
        """The schedule's columns: the districts in order, then the city."""
        return [d.id for d in self.registry.districts] + [CITY_COLUMN]

    def milestones(self) -> list[Milestone]:
        """Every non-empty schedule cell, in table order (project, year, column)."""
        result = []
        for project in self.schedule.projects:
            for row in project.rows:
                for column in self.columns:
                    requirement = row.cells.get(column)
                    if requirement:
                        result.append(Milestone(project, row.year, column, requirement))
        return result
