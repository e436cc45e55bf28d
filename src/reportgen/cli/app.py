"""The command line: parse options, make one library call, print its result or its errors.

Exit codes: 0 success, 2 usage error, and each error family's own code (see errors.py):
65 data, 69 fonts, 70 templates, 73 output.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from .. import __version__
from ..errors import ReportgenError
from .options import (
    AttachDataOption,
    CopyNumberOption,
    DocumentFormatChoice,
    DocumentFormatOption,
    FontDirOption,
    ForceOption,
    FormatChoice,
    FormatOption,
    OutputOption,
    PaperChoice,
    PaperOption,
    ProfileOption,
    ScriptChoice,
    ScriptOption,
    SealOption,
    StrictFontsOption,
    TemplatesOption,
)

if TYPE_CHECKING:
    from ..build import DocumentRequest, Format
    from ..plan.model import Plan

app = typer.Typer(
    name="reportgen",
    help="Official documents (GB/T 9704) in Word and PDF from a plan's YAML data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: formatting it with rich costs `--help` about 0.1 s
)

PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        help="Plan folder (default: the built-in plan).",
        file_okay=False,
    ),
]

T = TypeVar("T")


def _run(action: Callable[[], T]) -> T:
    """Call into the library; turn its errors into messages on stderr and an exit code."""
    try:
        return action()
    except ReportgenError as exc:
        for line in exc.messages():
            typer.echo(line, err=True)
        raise typer.Exit(exc.exit_code) from None


def _plan_dir(plan: Path | None) -> Path:
    from ..resources import default_plan_dir

    return plan if plan is not None else default_plan_dir()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Official documents (GB/T 9704) in Word and PDF from a plan's YAML data."""


@app.command()
def validate(plan: PlanOption = None) -> None:
    """Check a plan folder and its progress files; list every problem as
    FILE:LINE:COL: key.path: message."""
    from ..plan.overview import plan_summary
    from ..progress.report import load_all_progress
    from ..render.script import in_script

    directory = _plan_dir(plan)
    loaded = _run(lambda: _load_plan_reporting_progress(directory))
    reports = _run(lambda: load_all_progress(loaded))
    typer.echo(f"{directory}: valid")
    for line in plan_summary(loaded):
        typer.echo(f"  {in_script(line, loaded.document.script)}")
    if reports:
        samples = [year for year, report in reports.items() if report.sample]
        note = f" (sample data: {', '.join(map(str, samples))})" if samples else ""
        typer.echo(f"  progress files for {', '.join(map(str, reports))}{note}")


def _load_plan_reporting_progress(directory: Path) -> Plan:
    """The plan; when it has problems, the progress files' own problems are added to them,
    so that one run lists everything there is to fix."""
    from ..errors import DataError
    from ..plan.loader import load_plan
    from ..progress.report import progress_file_problems

    try:
        return load_plan(directory)
    except DataError as exc:
        raise DataError([*exc.problems, *progress_file_problems(directory)]) from None


class SchemaName(StrEnum):
    document = "document"
    units = "units"
    plan = "plan"
    targets = "targets"
    schedule = "schedule"
    progress = "progress"


@app.command()
def schema(
    name: Annotated[
        SchemaName | None,
        typer.Argument(
            help="One file's schema (progress: of progress/YEAR.yaml); all when left out."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write NAME.schema.json files into this folder."),
    ] = None,
) -> None:
    """Print the JSON Schema of the plan's YAML files and of its progress files (for editors
    that validate as you type)."""
    from ..plan.schema import plan_file_schema, plan_schemas

    schemas: dict[str, Any] = (
        {f"{name.value}.yaml": plan_file_schema(name.value)} if name else plan_schemas()
    )
    if output is None:
        document = next(iter(schemas.values())) if name else schemas
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    try:
        output.mkdir(parents=True, exist_ok=True)
        for file_name, body in schemas.items():
            target = output / file_name.replace(".yaml", ".schema.json")
            target.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", "utf-8")
            typer.echo(str(target))
    except OSError as exc:
        typer.echo(f"{output}: cannot write schema: {exc.strerror or exc}", err=True)
        raise typer.Exit(73) from None


class ShowWhat(StrEnum):
    measures = "measures"
    targets = "targets"
    schedule = "schedule"
    units = "units"


@app.command()
def show(
    what: Annotated[ShowWhat, typer.Argument(help="Which part of the plan to list.")],
    plan: PlanOption = None,
) -> None:
    """Show the plan's measures, targets, schedule or units as a table."""
    from rich.console import Console
    from rich.table import Table as RichTable

    from ..plan.loader import load_plan
    from ..plan.overview import measures_table, schedule_table, targets_table, units_table
    from ..render.script import in_script

    loaded = _run(lambda: load_plan(_plan_dir(plan)))
    builders = {
        ShowWhat.measures: measures_table,
        ShowWhat.targets: targets_table,
        ShowWhat.schedule: schedule_table,
        ShowWhat.units: units_table,
    }
    table = builders[what](loaded)
    script = loaded.document.script
    rich_table = RichTable(
        title=in_script(table.title, script), show_lines=what == ShowWhat.schedule
    )
    for column in table.columns:
        rich_table.add_column(in_script(column, script))
    for row in table.rows:
        rich_table.add_row(*(in_script(cell, script) for cell in row))
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(rich_table)


@app.command()
def fonts(
    plan: PlanOption = None,
    script: Annotated[
        ScriptChoice | None,
        typer.Option(help="Output script (default: the plan's issued_in, else the data's own)."),
    ] = None,
    strict_fonts: Annotated[
        bool,
        typer.Option(
            "--strict-fonts", help="Exit non-zero on a fallback or a face of another style."
        ),
    ] = False,
    font_dir: FontDirOption = None,
    profile: ProfileOption = None,
) -> None:
    """Per font role: the font the DOCX names, the font the PDF embeds, and what is missing."""
    from rich.console import Console
    from rich.table import Table as RichTable

    from ..build import RenderOptions
    from ..fonts.check import plan_font_check
    from ..fonts.policy import HARFBUZZ_SUBSET_MISSING, RoleReport, harfbuzz_subset_available

    options = RenderOptions(
        plan_dir=_plan_dir(plan),
        output_dir=Path("."),
        script=script.value if script else None,
        strict_fonts=strict_fonts,
        font_dirs=tuple(font_dir or ()),
        profile=profile,
    )
    font_plan = _run(lambda: plan_font_check(options))
    table = RichTable(title=f"Fonts ({font_plan.script})")
    for column in RoleReport.COLUMNS:
        table.add_column(column)
    for row in font_plan.report():
        table.add_row(*row.cells())
    Console(width=None if sys.stdout.isatty() else 200).print(table)
    for warning in font_plan.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if not harfbuzz_subset_available():
        typer.echo(f"warning: {HARFBUZZ_SUBSET_MISSING}", err=True)


render_app = typer.Typer(
    help="Build documents in Word (.docx), PDF and HTML.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(render_app, name="render")


def _formats(chosen: list[FormatChoice] | None) -> tuple[Format, ...]:
    from ..build import ALL_FORMATS, FORMAT_ORDER

    if not chosen:
        return ("docx", "pdf")
    every = FormatChoice.all in chosen
    return tuple(
        f for f in FORMAT_ORDER if FormatChoice(f) in chosen or (every and f in ALL_FORMATS)
    )


def _warn_without_harfbuzz(formats: tuple[Format, ...]) -> None:
    if "pdf" not in formats and "pdfa" not in formats:
        return
    from ..fonts.policy import HARFBUZZ_SUBSET_MISSING, harfbuzz_subset_available

    if not harfbuzz_subset_available():
        typer.echo(f"warning: {HARFBUZZ_SUBSET_MISSING}", err=True)


def _render(
    request: DocumentRequest,
    plan: Path | None,
    output: Path,
    format: list[FormatChoice] | None,
    script: ScriptChoice | None,
    strict_fonts: bool,
    font_dir: list[Path] | None,
    templates: Path | None,
    profile: Path | None,
    force: bool,
    attach_data: bool = False,
    issuing: tuple[
        PaperChoice | None, DocumentFormatChoice | None, int | None, list[Path] | None
    ] = (None, None, None, None),
) -> None:
    from ..build import RenderOptions, render_document

    paper, document_format, copy_number, seals = issuing

    formats = _formats(format)
    _warn_without_harfbuzz(formats)
    options = RenderOptions(
        plan_dir=_plan_dir(plan),
        output_dir=output,
        formats=formats,
        script=script.value if script else None,
        strict_fonts=strict_fonts,
        font_dirs=tuple(font_dir or ()),
        templates=templates,
        profile=profile,
        force=force,
        attach_data=attach_data,
        paper=paper.value if paper else None,
        document_format=document_format.value if document_format else None,
        copy_number=copy_number,
        seals=tuple(seals or ()),
    )
    result = _run(lambda: render_document(request, options))
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for path in result.outputs:
        typer.echo(str(path))


@render_app.command("circular")
def render_circular(
    plan: PlanOption = None,
    output: OutputOption = Path("output"),
    format: FormatOption = None,
    script: ScriptOption = None,
    strict_fonts: StrictFontsOption = False,
    font_dir: FontDirOption = None,
    templates: TemplatesOption = None,
    profile: ProfileOption = None,
    force: ForceOption = False,
    attach_data: AttachDataOption = False,
    paper: PaperOption = None,
    document_format: DocumentFormatOption = None,
    copy_number: CopyNumberOption = None,
    seal: SealOption = None,
) -> None:
    """The circular that issues the plan: notice, plan, attached schedule, colophon."""
    from ..build import DocumentRequest

    request = DocumentRequest("circular")
    _render(
        request,
        plan,
        output,
        format,
        script,
        strict_fonts,
        font_dir,
        templates,
        profile,
        force,
        attach_data,
        (paper, document_format, copy_number, seal),
    )


@render_app.command("notice")
def render_notice(
    year: Annotated[int, typer.Option("--year", help="The year the notice reports on.")],
    number: Annotated[
        int | None,
        typer.Option(
            help="Number in the document number (default: the progress file's notice.number)."
        ),
    ] = None,
    date: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Date of issue (default: the progress file's)."),
    ] = None,
    plan: PlanOption = None,
    output: OutputOption = Path("output"),
    format: FormatOption = None,
    script: ScriptOption = None,
    strict_fonts: StrictFontsOption = False,
    font_dir: FontDirOption = None,
    templates: TemplatesOption = None,
    profile: ProfileOption = None,
    force: ForceOption = False,
    attach_data: AttachDataOption = False,
    paper: PaperOption = None,
    document_format: DocumentFormatOption = None,
    copy_number: CopyNumberOption = None,
    seal: SealOption = None,
) -> None:
    """The annual progress notice (通報) on year YEAR's projects and targets."""
    from ..build import DocumentRequest

    request = DocumentRequest(
        "notice", year=year, number=number, date=date.date() if date else None
    )
    _render(
        request,
        plan,
        output,
        format,
        script,
        strict_fonts,
        font_dir,
        templates,
        profile,
        force,
        attach_data,
        (paper, document_format, copy_number, seal),
    )


@render_app.command("summary")
def render_summary(
    unit: Annotated[
        str,
        typer.Option("--unit", help="Unit id or name (`reportgen show units` lists them)."),
    ],
    year: Annotated[int, typer.Option("--year", help="The year the summary reports on.")],
    number: Annotated[int | None, typer.Option(help="Number in the document number.")] = None,
    date: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Date of issue.")
    ] = None,
    plan: PlanOption = None,
    output: OutputOption = Path("output"),
    format: FormatOption = None,
    script: ScriptOption = None,
    strict_fonts: StrictFontsOption = False,
    font_dir: FontDirOption = None,
    templates: TemplatesOption = None,
    profile: ProfileOption = None,
    force: ForceOption = False,
    attach_data: AttachDataOption = False,
    paper: PaperOption = None,
    document_format: DocumentFormatOption = None,
    copy_number: CopyNumberOption = None,
    seal: SealOption = None,
) -> None:
    """A responsible unit's compliance summary: an upward report (報告) on year YEAR."""
    from ..build import DocumentRequest

    request = DocumentRequest(
        "summary", year=year, unit=unit, number=number, date=date.date() if date else None
    )
    _render(
        request,
        plan,
        output,
        format,
        script,
        strict_fonts,
        font_dir,
        templates,
        profile,
        force,
        attach_data,
        (paper, document_format, copy_number, seal),
    )


@app.command()
def inspect(
    file: Annotated[
        Path, typer.Argument(help="A PDF, DOCX or HTML file reportgen wrote.", dir_okay=False)
    ],
    plan: PlanOption = None,
    templates: TemplatesOption = None,
    profile: ProfileOption = None,
) -> None:
    """Where FILE came from (program, plan, inputs), and whether it still matches the
    current inputs: exit 0 when it does, 1 with the inputs that changed when not."""
    from ..publish.inspection import inspect_file

    found = _run(lambda: inspect_file(file, _plan_dir(plan), templates=templates, profile=profile))
    for line in found.lines():
        typer.echo(line)
    if not found.matches:
        raise typer.Exit(1)


from .batch import batch  # noqa: E402  (registered after the render commands)

app.command("batch")(batch)

from .watch import watch  # noqa: E402

app.command("watch")(watch)

from .forms import forms, intake, status  # noqa: E402

app.command("forms")(forms)
app.command("intake")(intake)
app.command("status")(status)


def main() -> None:
    app(prog_name="reportgen")
