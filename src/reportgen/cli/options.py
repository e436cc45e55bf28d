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


class ScriptChoice(StrEnum):
    simplified = "simplified"
    traditional = "traditional"


PlanOption = Annotated[
    Path | None,
    typer.Option("--plan", help="Plan folder (default: the built-in plan).", file_okay=False),
]
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
