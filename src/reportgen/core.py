"""The types every stage shares: which document (`DocumentRequest`), the output formats and
the files they are written to, the options (`Options`) and what a render gives back.

It imports nothing of reportgen's stages, so the pipeline (`build`), batch, publishing and the
command line can all depend on it without depending on each other.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .plan.model import Script
    from .source.yamlsource import YamlDocument

Format = Literal["html", "docx", "pdf", "pdfa", "web"]
ALL_FORMATS: tuple[Format, ...] = ("docx", "pdf", "html")
"""The formats `--format all` builds."""
PUBLISHING_FORMATS: tuple[Format, ...] = ("pdfa", "web")
"""The archive's PDF/A and the web page, built only when asked for by name."""
FORMAT_ORDER: tuple[Format, ...] = (*ALL_FORMATS, *PUBLISHING_FORMATS)
FORMAT_EXTENSIONS: dict[Format, str] = {
    "docx": "docx",
    "pdf": "pdf",
    "html": "html",
    "pdfa": "pdfa.pdf",
    "web": "web.html",
}


def normalize_formats(chosen: Iterable[str]) -> tuple[Format, ...]:
    """Formats in their canonical order (docx, pdf, html, pdfa, web); "all" stands for
    docx, pdf and html."""
    wanted = set(chosen)
    if "all" in wanted:
        wanted.update(ALL_FORMATS)
    return tuple(f for f in FORMAT_ORDER if f in wanted)


@dataclass(frozen=True)
class DocumentRequest:
    """Which document: its kind and, where the kind needs them, year, unit, number and date."""

    kind: str
    year: int | None = None
    unit: str | None = None
    number: int | None = None
    date: dt.date | None = None
    copy: int | None = None
    """份號 of this copy (a batch numbering copies); None: the run's `copy_number`."""


Paper = Literal["plain", "letterhead"]
"""letterhead: the paper has the red mark and rule printed on it; they are left out."""
DocumentFormat = Literal["standard", "letter"]
"""letter: the letter format (信函格式, GB/T 9704 §10.1)."""

DEFAULT_FORMATS: tuple[Format, ...] = ("docx", "pdf")


@dataclass(frozen=True)
class Options:
    """What to build and how: the options of `render`, of `batch` and of a batch manifest.

    A render reads the first group; a batch also reads its selection (years, kinds, units or
    an explicit list of documents) and how it runs. Options given in several places are laid
    over one another with `overlaid`: the defaults, then a batch manifest's, then the command
    line's.
    """

    plan_dir: Path
    output_dir: Path = Path("output")
    formats: tuple[Format, ...] = DEFAULT_FORMATS
    script: Script | None = None
    strict_fonts: bool = False
    font_dirs: tuple[Path, ...] = ()
    templates: Path | None = None
    profile: Path | None = None
    force: bool = False
    """Replace existing files even when reportgen did not make them (a batch: and rebuild
    every document, even those up to date)."""
    attach_data: bool = False
    """Embed the plan and progress files in the PDF/A (then PDF/A-3b instead of PDF/A-2b)."""
    paper: Paper | None = None
    """plain or letterhead (the red mark and rule pre-printed); None: document.yaml's."""
    document_format: DocumentFormat | None = None
    """standard or letter (信函格式); None: document.yaml's `issuing.letter`."""
    copy_number: int | None = None
    """份號 of this copy; None: no 份號."""
    seals: tuple[Path, ...] = ()
    """Seal pictures (PNG or SVG), one per issuer, the 主辦機關's first."""
    # --- a batch's selection and run
    years: tuple[int, ...] | None = None
    kinds: tuple[str, ...] | None = None
    units: tuple[str, ...] | None = None
    documents: tuple[DocumentRequest, ...] | None = None
    """An explicit list of documents; replaces the planned set."""
    jobs: int | None = None
    dry_run: bool = False
    copies: int | None = None
    """Number each document's copies 1 to `copies` (份號), one set of files per copy."""
    source: YamlDocument | None = field(default=None, compare=False, repr=False)
    """The batch manifest these options came from, to locate errors in it."""

    def overlaid(self, changes: Mapping[str, Any]) -> Options:
        """These options with each of `changes` that is not None in place of its own value."""
        given = {name: value for name, value in changes.items() if value is not None}
        unknown = sorted(set(given) - {f.name for f in fields(self)})
        if unknown:
            raise TypeError(f"no such option: {', '.join(unknown)}")
        return replace(self, **given)

    def for_render(self) -> Options:
        """These options without a batch's selection: what each of its documents is rendered
        with (and what a worker process is sent)."""
        return replace(
            self,
            years=None,
            kinds=None,
            units=None,
            documents=None,
            jobs=None,
            copies=None,
            source=None,
        )


Status = Literal["built", "skipped", "failed", "to build", "not built"]


@dataclass(frozen=True)
class OutputRecord:
    """One file a document wrote: its sha256 and size."""

    sha256: str
    bytes: int


@dataclass
class DocumentResult:
    """What became of one document: what `render_document` returns, a batch reports and its
    run manifest (`manifest.json`) records.

    A render fills in the files it wrote, the warnings, pages and fonts. A batch adds the
    document's name (its file stem), its status and why (`reason`: why built, skipped, or
    what failed), the error messages of a failure, the time it took, and for the manifest the
    inputs it was made from, their fingerprint and each file's hash.
    """

    request: DocumentRequest
    name: str = ""
    status: Status = "built"
    reason: str = ""
    outputs: list[Path] = field(default_factory=list)
    """The files written, as paths."""
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None
    fonts: list[str] = field(default_factory=list)
    error: tuple[str, ...] = ()
    seconds: float = 0.0
    inputs: dict[str, str] = field(default_factory=dict)
    fingerprint: str | None = None
    """The fingerprint of `inputs` when built; None when it failed."""
    files: dict[str, OutputRecord] = field(default_factory=dict)
    """Each file written by name (relative to the output folder), with its hash and size."""

    def to_json(self, timings: bool = True) -> dict[str, Any]:
        """The document's record in manifest.json."""
        data: dict[str, Any] = {
            "request": request_to_json(self.request),
            "inputs": dict(sorted(self.inputs.items())),
            "fingerprint": self.fingerprint,
            "outputs": {
                name: {"sha256": out.sha256, "bytes": out.bytes}
                for name, out in sorted(self.files.items())
            },
            "pages": self.pages,
            "fonts": list(self.fonts),
            "warnings": list(self.warnings),
        }
        if self.error:
            data["error"] = list(self.error)
        if timings:
            data["seconds"] = round(self.seconds, 3)
        return data

    @classmethod
    def from_json(cls, name: str, data: Mapping[str, Any]) -> DocumentResult:
        """A record of manifest.json; KeyError, TypeError or ValueError when malformed."""
        files = {
            str(file): OutputRecord(str(out["sha256"]), int(out["bytes"]))
            for file, out in dict(data["outputs"]).items()
        }
        fingerprint = data.get("fingerprint")
        return cls(
            request=request_from_json(data["request"]),
            name=name,
            status="built" if fingerprint is not None else "failed",
            inputs={str(k): str(v) for k, v in dict(data["inputs"]).items()},
            fingerprint=None if fingerprint is None else str(fingerprint),
            files=files,
            pages=_optional_int(data.get("pages")),
            fonts=[str(f) for f in data.get("fonts", [])],
            warnings=[str(w) for w in data.get("warnings", [])],
            error=tuple(str(e) for e in data.get("error", [])),
            seconds=_seconds(data.get("seconds", 0.0)),
        )


def request_to_json(request: DocumentRequest) -> dict[str, Any]:
    record: dict[str, Any] = {
        "kind": request.kind,
        "year": request.year,
        "unit": request.unit,
        "number": request.number,
        "date": request.date.isoformat() if request.date else None,
    }
    if request.copy is not None:
        record["copy"] = request.copy
    return record


def request_from_json(data: Mapping[str, Any]) -> DocumentRequest:
    date = data.get("date")
    return DocumentRequest(
        kind=str(data["kind"]),
        year=_optional_int(data.get("year")),
        unit=None if data.get("unit") is None else str(data["unit"]),
        number=_optional_int(data.get("number")),
        date=dt.date.fromisoformat(date) if isinstance(date, str) else None,
        copy=_optional_int(data.get("copy")),
    )


def _optional_int(value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    return value


def _seconds(value: Any) -> float:
    seconds = float(value)
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"seconds {value!r} is not a duration")
    return seconds


def output_path(stem: Path, fmt: Format) -> Path:
    """The file a format writes for the document named `stem`."""
    return with_extension(stem, FORMAT_EXTENSIONS[fmt])


def with_extension(stem: Path, extension: str) -> Path:
    """`stem` plus an extension; a dot inside the stem (plan.v2) is kept, not replaced."""
    return stem.with_name(f"{stem.name}.{extension}")
