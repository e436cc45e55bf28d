"""The types every stage shares: which document (`DocumentRequest`), the output formats and
the files they are written to, the render options and what a render gives back.

It imports nothing of reportgen's stages, so the pipeline (`build`), batch, publishing and the
command line can all depend on it without depending on each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .plan.model import Script

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


@dataclass(frozen=True)
class DocumentRequest:
    """Which document: its kind and, where the kind needs them, year, unit, number and date."""

    kind: str
    year: int | None = None
    unit: str | None = None
    number: int | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class RenderOptions:
    """What to build and how; mirrors the `render` command's options."""

    plan_dir: Path
    output_dir: Path
    formats: tuple[Format, ...] = ("docx", "pdf")
    script: Script | None = None
    strict_fonts: bool = False
    font_dirs: tuple[Path, ...] = ()
    templates: Path | None = None
    profile: Path | None = None
    force: bool = False
    """Replace existing files even when reportgen did not make them."""
    attach_data: bool = False
    """Embed the plan and progress files in the PDF/A (then PDF/A-3b instead of PDF/A-2b)."""


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
