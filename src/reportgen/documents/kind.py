"""What a kind of document declares: its template, its facts builder, its batch axes, how its
files are named, which documents a plan yields of it, and its command-line help.

Each kind is one module of this package that ends with `KIND = DocumentKind(...)`; the
registry (`documents.registry`) finds them. Nothing else in reportgen names a kind.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..core import DocumentRequest
from ..errors import ReportgenError, UsageError
from ..layout.profile import LayoutProfile
from ..plan.model import ActionPlan, IssuingDocument, Plan, Unit, UnitRegistry

if TYPE_CHECKING:
    from .wording import Wording, Words

Axis = Literal["year", "unit"]
"""What a kind is made for: one document per year, per unit, or per year and unit."""

ContextBuilder = Callable[[Plan, LayoutProfile, DocumentRequest, list[str]], dict[str, Any]]
"""Builds a template context; appends anything the user should know to the warnings list."""

TitleExamples = Callable[[IssuingDocument, ActionPlan, UnitRegistry, "Wording"], list[str]]
"""The titles a kind's documents take in the plan's first year, from the plan's files as they
are loaded: `title_breaks` in document.yaml is checked against them."""

CliOption = Literal["number", "date"]
"""Options a kind may take besides its axes: the document number's sequence number and its
date."""


class NothingToSend(ReportgenError):
    """The document has no one to go to (a reminder when every unit is on time): nothing is
    written. `reportgen render` exits with 3; a batch skips the document with this message."""

    exit_code = 3


def standard_stem(kind: str, plan: Plan, request: DocumentRequest) -> str:
    """PLANFOLDER-KIND[-YEAR][-UNIT][-copyNNNNNN], e.g. shaoxing-education-2021-summary-2022-edu."""
    parts = [plan.directory.resolve().name or "plan", kind]
    if request.year is not None:
        parts.append(str(request.year))
    if request.unit is not None:
        parts.append(request.unit)
    if request.copy is not None:
        parts.append(f"copy{request.copy:06d}")
    return "-".join(parts)


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document, declared once in its own module."""

    name: str
    """The kind's name: `reportgen render NAME`, the `kind` of a batch manifest's document,
    and a part of its files' names."""
    order: int
    """Where the kind comes among the others (batch order, `render --help`)."""
    template: str
    build_context: ContextBuilder
    help: str
    """The `reportgen render NAME` command's help (English: the CLI speaks English)."""
    axes: tuple[Axis, ...] = ()
    options: tuple[CliOption, ...] = ()
    option_help: Mapping[str, str] = field(default_factory=dict)
    """Help of the command's --year, --unit, --number and --date, where the kind has them."""
    disclosed: bool = False
    """Whether the plan's disclosure fields (document.yaml) describe this kind's documents:
    their web page (`--format web`) then carries them."""
    words: type[Words] | None = None
    """The model of the kind's section of the wording (`wording.yaml`, key `name`), whose
    defaults ship in `documents/wording.yaml`."""
    example_titles: TitleExamples | None = None
    """The kind's titles for checking `title_breaks`; None: the kind's titles do not break
    by words of `title_breaks` (the circular's come from the plan's data)."""
    name_file: Callable[[str, Plan, DocumentRequest], str] = standard_stem
    """The stem of the document's files (see `standard_stem`)."""

    def stem(self, plan: Plan, request: DocumentRequest) -> str:
        return self.name_file(self.name, plan, request)

    def requests(
        self, plan: Plan, years: Sequence[int], units: Sequence[str]
    ) -> list[DocumentRequest]:
        """The documents of this kind a plan yields: one per combination of its axes' values."""
        values: dict[Axis, Sequence[Any]] = {"year": years, "unit": units}
        requests = []
        for combination in itertools.product(*(values[axis] for axis in self.axes)):
            chosen = dict(zip(self.axes, combination, strict=True))
            requests.append(
                DocumentRequest(self.name, year=chosen.get("year"), unit=chosen.get("unit"))
            )
        return requests


def plan_year(plan: Plan, year: int | None) -> int:
    """`year` if it is in the plan period; else a UsageError saying which years are."""
    period = plan.plan.period
    if year is None or year not in period.years():
        raise UsageError(
            f"year {year} is outside the plan period {period.start}–{period.end}; "
            f"choose --year between {period.start} and {period.end}"
        )
    return year


def find_unit(plan: Plan, key: str | None) -> Unit:
    """A unit by id, name (市教育局) or formal name (紹興市教育局)."""
    for unit in plan.registry.units:
        if key in {unit.id, unit.name, unit.full_name}:
            return unit
    known = ", ".join(f"{u.id} ({u.name})" for u in plan.registry.units)
    raise UsageError(f"unknown unit {key!r}; `reportgen show units` lists them: {known}")
