"""The types every stage shares: which document (`DocumentRequest`), the output formats and
the files they are written to, the options (`Options`) and what a render gives back.

It imports nothing of reportgen's stages, so the pipeline (`build`), batch, publishing and the
command line can all depend on it without depending on each other.
"""

from __future__ import annotations

import datetime as dt
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
    # --- a batch's selection and run
    years: tuple[int, ...] | None = None
    kinds: tuple[str, ...] | None = None
    units: tuple[str, ...] | None = None
    documents: tuple[DocumentRequest, ...] | None = None
    """An explicit list of documents; replaces the planned set."""
    jobs: int | None = None
    dry_run: bool = False
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
            self, years=None, kinds=None, units=None, documents=None, jobs=None, source=None
        )


@dataclass
class RenderResult:
    """What a render wrote and what it had to say about it."""

    outputs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None
    fonts: list[str] = field(default_factory=list)


def output_path(stem: Path, fmt: Format) -> Path:
    """The file a format writes for the document named `stem`."""
    return with_extension(stem, FORMAT_EXTENSIONS[fmt])


def with_extension(stem: Path, extension: str) -> Path:
    """`stem` plus an extension; a dot inside the stem (plan.v2) is kept, not replaced."""
    return stem.with_name(f"{stem.name}.{extension}")
