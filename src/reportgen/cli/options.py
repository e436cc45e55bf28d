"""The command line's options, each declared once, and how their values become `Options`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer


class FormatChoice(StrEnum):
    docx = "docx"
    pdf = "pdf"
    html = "html"
    pdfa = "pdfa"
    web = "web"
    all = "all"


class PaperChoice(StrEnum):
    plain = "plain"
    letterhead = "letterhead"


class DocumentFormatChoice(StrEnum):
    standard = "standard"
    letter = "letter"


class ScriptChoice(StrEnum):
    simplified = "simplified"
    traditional = "traditional"


# Each option is declared once, here; `render`, `batch` and `watch` share them. A value left
# out (None, or False for a flag) leaves the option as the batch manifest or the default has it.

PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        help="Plan folder (default: a batch manifest's, else the built-in plan).",
        file_okay=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="Folder to write into (default: a batch manifest's, else output).",
        file_okay=False,
    ),
]
YearsOption = Annotated[
    str | None,
    typer.Option(
        "--years",
        help="Years of the yearly documents, e.g. 2021-2025 or 2021,2023 "
        "(default: every year with a progress file).",
    ),
]
FormatOption = Annotated[
    list[FormatChoice] | None,
    typer.Option(
        "--format",
        "-f",
        help="docx, pdf, html, pdfa (PDF/A for the archive), web (the page for publishing) "
        "or all (docx, pdf and html); repeat for several (default: docx and pdf).",
    ),
]
ScriptOption = Annotated[
    ScriptChoice | None,
    typer.Option(help="Output script (default: the plan's issued_in), converted with OpenCC."),
]
StrictFontsOption = Annotated[
    bool, typer.Option("--strict-fonts", help="Fail on a font fallback or a face of another style.")
]
FontDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--font-dir",
        help="A folder of your own licensed fonts; repeatable.",
        file_okay=False,
        exists=True,
    ),
]
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="Your templates folder, searched before the built-in one.",
        file_okay=False,
        exists=True,
    ),
]
ProfileOption = Annotated[
    Path | None,
    typer.Option(
        "--profile",
        help="YAML file overriding parts of the GB/T 9704 layout profile.",
        dir_okay=False,
        exists=True,
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace existing files even if reportgen did not make them (batch: and rebuild "
        "every document, even those up to date).",
    ),
]
AttachDataOption = Annotated[
    bool,
    typer.Option(
        "--attach-data",
        help="Embed the plan and progress files in the PDF/A (PDF/A-3b instead of PDF/A-2b).",
    ),
]

PaperOption = Annotated[
    PaperChoice | None,
    typer.Option(
        "--paper",
        help="letterhead: paper with the red mark and rule printed on it (they are left out, "
        "every position kept); plain: reportgen prints them (default: document.yaml's).",
    ),
]
DocumentFormatOption = Annotated[
    DocumentFormatChoice | None,
    typer.Option(
        "--document-format",
        help="letter: the letter format (GB/T 9704 §10.1); standard: the standard format "
        "(default: document.yaml's issuing.letter).",
    ),
]
CopyNumberOption = Annotated[
    int | None,
    typer.Option(
        "--copy-number",
        min=1,
        max=999_999,
        help="This copy's number, printed in 6 digits.",
    ),
]
SealOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--seal",
        help="A seal picture (PNG or SVG) pressed on the signature; one per issuer, the "
        "lead issuer's first.",
        dir_okay=False,
    ),
]

SHARED_OPTIONS: list[tuple[str, Any, Any]] = [
    ("plan", PlanOption, None),
    ("output", OutputOption, None),
    ("format", FormatOption, None),
    ("script", ScriptOption, None),
    ("strict_fonts", StrictFontsOption, False),
    ("font_dir", FontDirOption, None),
    ("templates", TemplatesOption, None),
    ("profile", ProfileOption, None),
    ("force", ForceOption, False),
    ("attach_data", AttachDataOption, False),
    ("paper", PaperOption, None),
    ("document_format", DocumentFormatOption, None),
    ("copy_number", CopyNumberOption, None),
    ("seal", SealOption, None),
]
"""The options of every `render KIND` command: parameter name, annotated type, default."""


def given_options(
    *,
    plan: Path | None = None,
    output: Path | None = None,
    format: list[FormatChoice] | None = None,
    script: ScriptChoice | None = None,
    strict_fonts: bool = False,
    font_dir: list[Path] | None = None,
    templates: Path | None = None,
    profile: Path | None = None,
    force: bool = False,
    attach_data: bool = False,
    paper: PaperChoice | None = None,
    document_format: DocumentFormatChoice | None = None,
    copy_number: int | None = None,
    seal: list[Path] | None = None,
) -> dict[str, Any]:
    """The command line's values as `Options` fields; None where an option was not given, so
    that `Options.overlaid` leaves the manifest's or the default value."""
    from ..core import normalize_formats

    return {
        "plan_dir": plan,
        "output_dir": output,
        "formats": normalize_formats(f.value for f in format) if format else None,
        "script": script.value if script else None,
        "strict_fonts": strict_fonts or None,
        "font_dirs": tuple(font_dir) if font_dir else None,
        "templates": templates,
        "profile": profile,
        "force": force or None,
        "attach_data": attach_data or None,
        "paper": paper.value if paper else None,
        "document_format": document_format.value if document_format else None,
        "copy_number": copy_number,
        "seals": tuple(seal) if seal else None,
    }
