"""Command-line option types shared by the commands of `app.py` and `batch.py`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

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


OutputOption = Annotated[
    Path, typer.Option("-o", "--output", help="Folder to write into.", file_okay=False)
]
FormatOption = Annotated[
    list[FormatChoice] | None,
    typer.Option(
        "--format",
        "-f",
        help="docx, pdf, html, pdfa (PDF/A for the archive), web (the page for publishing) "
        "or all (docx, pdf and html); repeat for several.",
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
    typer.Option("--force", help="Replace existing files even if reportgen did not make them."),
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
