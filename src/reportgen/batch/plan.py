"""Plan a batch: its options, the documents it builds and the files each one writes.

Input: a loaded plan and the batch's options, which come from the command line and from an
optional batch manifest (a YAML file whose keys mirror the command's options). Output: the
`Options`, the list of `DocumentRequest`s in a stable order, and the output files of each,
or a located `DataError` (manifest problems) / `UsageError` (command-line problems) listing
everything wrong at once: unknown kinds or units, years outside the plan period, and two
documents that would write the same file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..core import (
    FORMAT_ORDER,
    DocumentFormat,
    DocumentRequest,
    Options,
    Paper,
    normalize_formats,
    output_path,
)
from ..documents.kind import find_unit
from ..documents.registry import document_kinds
from ..errors import DataError, Problem, UsageError
from ..plan.model import Plan, Script
from ..progress.report import progress_years
from ..resources import default_plan_dir
from ..source.yamlsource import KeyPath, YamlDocument, load_yaml_file

_YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?$")


def parse_years(text: str) -> tuple[int, ...]:
    """ "2021-2023", "2022" or "2021,2023-2024" as sorted distinct years; ValueError if not."""
    years: set[int] = set()
    for part in text.split(","):
        match = _YEAR_RANGE.match(part)
        if match is None:
            raise ValueError(
                f"{part.strip()!r} is not a year or a range of years; write e.g. 2021-2023"
            )
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if last < first:
            raise ValueError(f"the range {first}-{last} runs backwards; write {last}-{first}")
        years.update(range(first, last + 1))
    return tuple(sorted(years))


def format_years(years: Sequence[int]) -> str:
    """(2021, 2022, 2023, 2025) -> "2021-2023, 2025"."""
    runs: list[str] = []
    for _, group in itertools.groupby(enumerate(sorted(years)), lambda pair: pair[1] - pair[0]):
        run = [year for _, year in group]
        runs.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
    return ", ".join(runs)


# --- options -------------------------------------------------------------------------------


# --- the batch manifest --------------------------------------------------------------------

FormatName = Literal["docx", "pdf", "html", "pdfa", "web", "all"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ManifestDocument(_Strict):
    """One explicitly listed document: its kind and, where the kind needs them, year and unit."""

    kind: str
    year: int | None = None
    unit: str | None = None
    number: Annotated[int, Field(ge=1, le=999_999)] | None = None
    date: dt.date | None = None

    def request(self) -> DocumentRequest:
        return DocumentRequest(self.kind, self.year, self.unit, self.number, self.date)


class BatchManifest(_Strict):
    """A batch manifest: the `batch` command's options as YAML keys, paths relative to it."""

    plan: str | None = None
    output: str | None = None
    formats: list[FormatName] | None = None
    years: tuple[int, ...] | None = None
    jobs: Annotated[int, Field(ge=1, le=256)] | None = None
    force: bool | None = None
    script: Script | None = None
    strict_fonts: bool | None = None
    font_dirs: list[str] | None = None
    templates: str | None = None
    profile: str | None = None
    attach_data: bool | None = None
    paper: Paper | None = None
    document_format: DocumentFormat | None = None
    copies: Annotated[int, Field(ge=1, le=999_999)] | None = None
    documents: list[ManifestDocument] | None = None

    @field_validator("formats", mode="before")
    @classmethod
    def _one_format(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("years", mode="before")
    @classmethod
    def _years(cls, value: Any) -> Any:
        if isinstance(value, str):
            return parse_years(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return (value,)
        return value


@dataclass(frozen=True)
class LoadedManifest:
    """A validated batch manifest, where it was read from, and its source for locating."""

    settings: BatchManifest
    source: YamlDocument

    @property
    def folder(self) -> Path:
        return self.source.file.parent

    def path(self, value: str) -> Path:
        """A path the manifest names, relative to the manifest's folder."""
        given = Path(value).expanduser()
        return given if given.is_absolute() else self.folder / given

    def options(self) -> dict[str, Any]:
        """The options the manifest gives, by `Options` field (None: not given), its paths
        relative to its folder."""
        s = self.settings

        def path(value: str | None) -> Path | None:
            return self.path(value) if value is not None else None

        return {
            "plan_dir": path(s.plan),
            "output_dir": path(s.output),
            "formats": normalize_formats(s.formats) if s.formats else None,
            "years": s.years,
            "jobs": s.jobs,
            "force": s.force,
            "script": s.script,
            "strict_fonts": s.strict_fonts,
            "font_dirs": (
                tuple(self.path(d) for d in s.font_dirs) if s.font_dirs is not None else None
            ),
            "templates": path(s.templates),
            "profile": path(s.profile),
            "attach_data": s.attach_data,
            "paper": s.paper,
            "document_format": s.document_format,
            "copies": s.copies,
            "documents": (
                tuple(d.request() for d in s.documents) if s.documents is not None else None
            ),
            "source": self.source,
        }


def load_batch_manifest(path: Path) -> LoadedManifest:
    """Read and validate a batch manifest; DataError with FILE:LINE:COL: key.path problems."""
    from ..source.validation import validate_document

    source = load_yaml_file(path)
    settings = validate_document(source, BatchManifest)
    loaded = LoadedManifest(settings, source)
    problems = list(_check_manifest_paths(loaded))
    if problems:
        raise DataError(problems)
    return loaded


def _check_manifest_paths(loaded: LoadedManifest) -> Iterable[Problem]:
    s, doc = loaded.settings, loaded.source
    if s.templates is not None:
        yield doc.problem(
            ("templates",),
            "a batch manifest may not choose templates: templates run as code, so only the "
            "command line's --templates may name them",
        )
    folders: list[tuple[KeyPath, str | None]] = [(("plan",), s.plan)]
    folders += [(("font_dirs", i), d) for i, d in enumerate(s.font_dirs or [])]
    for key, value in folders:
        if value is not None and not loaded.path(value).is_dir():
            yield doc.problem(key, f"folder {loaded.path(value)} not found")
    if s.profile is not None and not loaded.path(s.profile).is_file():
        yield doc.problem(("profile",), f"file {loaded.path(s.profile)} not found")


def merge_options(manifest: LoadedManifest | None, given: Mapping[str, Any]) -> Options:
    """The batch's options: the defaults, overlaid with the manifest's, then with `given`
    (the command line's; None leaves a value as it is)."""
    options = Options(plan_dir=default_plan_dir())
    if manifest is not None:
        options = options.overlaid(manifest.options())
    return options.overlaid(given)


# --- the documents -------------------------------------------------------------------------


def plan_jobs(
    plan: Plan,
    years: Sequence[int] | None = None,
    kinds: Sequence[str] | None = None,
    units: Sequence[str] | None = None,
) -> list[DocumentRequest]:
    """The documents of a batch, in a stable order.

    By default: every registered kind (or each of `kinds`) once per combination of its axes'
    values (`DocumentKind.axes`): the years that have a progress file (or each of `years`) and
    the plan's units (or each of `units`). UsageError for a kind, unit or year the plan does not
    have.
    """
    period = plan.plan.period
    chosen_years = (
        sorted(set(years))
        if years is not None
        else [y for y in progress_years(plan) if y in period.years()]
    )
    problems = []
    outside = [y for y in chosen_years if y not in period.years()]
    if outside:
        problems.append(
            f"years {format_years(outside)} are outside the plan period "
            f"{period.start}–{period.end}; choose --years within it"
        )
    known_units = [u.id for u in plan.registry.units]
    unknown_units = [u for u in units or () if u not in known_units]
    if unknown_units:
        problems.append(
            f"unknown units {', '.join(unknown_units)}; known: {', '.join(known_units)}"
        )
    registry = document_kinds()
    chosen_kinds = list(kinds) if kinds is not None else list(registry)
    unknown_kinds = [k for k in chosen_kinds if k not in registry]
    if unknown_kinds:
        problems.append(
            f"unknown document kinds {', '.join(unknown_kinds)}; known: {', '.join(registry)}"
        )
    if problems:
        raise UsageError("\n".join(problems))
    chosen_units = list(units) if units is not None else known_units
    requests = []
    for kind in chosen_kinds:
        requests.extend(registry[kind].requests(plan, chosen_years, chosen_units))
    return requests


def check_requests(plan: Plan, requests: Sequence[DocumentRequest]) -> list[tuple[int, str, str]]:
    """What is wrong with explicitly listed documents: (index, key, message) for each problem."""
    period = plan.plan.period
    known_units = [u.id for u in plan.registry.units]
    registry = document_kinds()
    problems: list[tuple[int, str, str]] = []
    for i, request in enumerate(requests):
        if request.kind not in registry:
            known = ", ".join(registry)
            problems.append((i, "kind", f"unknown document kind {request.kind!r}; known: {known}"))
            continue
        axes = registry[request.kind].axes
        if "year" in axes and request.year is None:
            problems.append((i, "year", f"a {request.kind} needs a year"))
        elif "year" not in axes and request.year is not None:
            problems.append((i, "year", f"a {request.kind} has no year; remove it"))
        elif request.year is not None and request.year not in period.years():
            problems.append(
                (
                    i,
                    "year",
                    f"year {request.year} is outside the plan period {period.start}–{period.end}",
                )
            )
        if "unit" in axes and request.unit is None:
            problems.append((i, "unit", f"a {request.kind} needs a unit"))
        elif "unit" not in axes and request.unit is not None:
            problems.append((i, "unit", f"a {request.kind} has no unit; remove it"))
        elif request.unit is not None and _unit_id(plan, request.unit) is None:
            problems.append(
                (i, "unit", f"unknown unit {request.unit!r}; known: {', '.join(known_units)}")
            )
    return problems


def _unit_id(plan: Plan, key: str) -> str | None:
    """The id of the unit `key` names (by id, name or formal name), as the pipeline finds it."""
    try:
        return find_unit(plan, key).id
    except UsageError:
        return None


def _with_unit_id(plan: Plan, request: DocumentRequest) -> DocumentRequest:
    unit = request.unit and _unit_id(plan, request.unit)
    return dataclasses.replace(request, unit=unit) if unit else request


def document_name(plan: Plan, request: DocumentRequest) -> str:
    """The document's file stem, e.g. shaoxing-education-2021-notice-2022."""
    return document_kinds()[request.kind].stem(plan, request)


def output_files(plan: Plan, request: DocumentRequest, options: Options) -> list[Path]:
    """The files `render_document` writes for `request`, named as the pipeline names them."""
    stem = options.output_dir / document_name(plan, request)
    return [output_path(stem, fmt) for fmt in FORMAT_ORDER if fmt in options.formats]


def find_duplicate_outputs(
    plan: Plan, requests: Sequence[DocumentRequest], options: Options
) -> list[tuple[int, int, Path]]:
    """Pairs of documents that would write the same file: (first index, later index, file)."""
    writers: dict[Path, int] = {}
    clashes = []
    for i, request in enumerate(requests):
        for path in output_files(plan, request, options):
            key = Path(str(path).casefold())  # case-insensitive file systems clash too
            first = writers.setdefault(key, i)
            if first != i:
                clashes.append((first, i, path))
    return clashes


def describe_request(request: DocumentRequest) -> str:
    """`notice 2022`, `summary 2022 edu`, `circular`: a request in a few words."""
    parts = [request.kind]
    if request.year is not None:
        parts.append(str(request.year))
    if request.unit is not None:
        parts.append(request.unit)
    return " ".join(parts)


def select_documents(plan: Plan, options: Options) -> list[DocumentRequest]:
    """The batch's documents: the explicit list, or the planned set; all problems at once.

    Problems in an explicit list from a batch manifest are located in it (DataError);
    otherwise they are a UsageError. `years` narrows an explicit list to documents of those
    years (and those without a year).
    """
    render = options.for_render()
    if options.documents is None:
        if options.source is not None and options.years is not None:
            _check_manifest_years(plan, options.years, options.source)
        requests = plan_jobs(plan, options.years, options.kinds, options.units)
        problems = _duplicates(plan, requests, render)
    else:
        requests = list(options.documents)
        problems = check_requests(plan, requests)
        if not problems:
            requests = [_with_unit_id(plan, r) for r in requests]
            problems = _duplicates(plan, requests, render)
    if problems:
        _raise_located(problems, options)
    if options.documents is not None and options.years is not None:
        requests = [r for r in requests if r.year is None or r.year in options.years]
    if options.copies is not None:
        requests = [
            dataclasses.replace(r, copy=copy)
            for r in requests
            for copy in range(1, options.copies + 1)
        ]
    return requests


def _duplicates(
    plan: Plan, requests: Sequence[DocumentRequest], options: Options
) -> list[tuple[int, str, str]]:
    problems = []
    for first, later, path in find_duplicate_outputs(plan, requests, options):
        problems.append(
            (
                later,
                "",
                f"{describe_request(requests[later])} would write {path.name}, as "
                f"{describe_request(requests[first])} (document {first + 1}) does; "
                "no two documents may write the same file: remove one of them",
            )
        )
    return problems


def _check_manifest_years(plan: Plan, years: Sequence[int], source: YamlDocument) -> None:
    period = plan.plan.period
    outside = [y for y in years if y not in period.years()]
    if outside:
        raise DataError(
            [
                source.problem(
                    ("years",),
                    f"years {format_years(outside)} are outside the plan period "
                    f"{period.start}–{period.end}",
                )
            ]
        )


def _raise_located(messages: Sequence[tuple[int, str, str]], options: Options) -> None:
    source = options.source
    if source is not None and options.documents is not None:
        problems = []
        for i, key, message in messages:
            path: KeyPath = ("documents", i, key) if key else ("documents", i)
            problems.append(source.problem(path, message))
        raise DataError(problems)
    raise UsageError(
        "\n".join(
            f"document {i + 1}: {message}" if options.documents is not None else message
            for i, _, message in messages
        )
    )
