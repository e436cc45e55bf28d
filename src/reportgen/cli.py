"""The command line: parse options, make one library call, print its result or its errors.

Exit codes: 0 success, 2 usage error, and each error family's own code (see errors.py):
65 data, 69 fonts, 70 templates, 73 output.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__
from .errors import ReportgenError

app = typer.Typer(
    name="reportgen",
    help="Official documents (GB/T 9704) in Word and PDF from a plan's YAML data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        help="Plan folder (default: the built-in 紹政辦發〔2021〕2號 plan).",
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
    from .resources import default_plan_dir

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
    """Check a plan folder; list every problem as FILE:LINE:COL: key.path: message."""
    from .loader import load_plan
    from .overview import plan_summary

    directory = _plan_dir(plan)
    loaded = _run(lambda: load_plan(directory))
    typer.echo(f"{directory}: valid")
    for line in plan_summary(loaded):
        typer.echo(f"  {line}")


class SchemaName(StrEnum):
    document = "document"
    units = "units"
    plan = "plan"
    targets = "targets"
    schedule = "schedule"


@app.command()
def schema(
    name: Annotated[
        SchemaName | None,
        typer.Argument(help="One plan file's schema; all of them when left out."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write NAME.schema.json files into this folder."),
    ] = None,
) -> None:
    """Print the JSON Schema of the plan's YAML files (for editors that validate as you type)."""
    from .schema import plan_file_schema, plan_schemas

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

    from .loader import load_plan
    from .overview import measures_table, schedule_table, targets_table, units_table

    loaded = _run(lambda: load_plan(_plan_dir(plan)))
    builders = {
        ShowWhat.measures: measures_table,
        ShowWhat.targets: targets_table,
        ShowWhat.schedule: schedule_table,
        ShowWhat.units: units_table,
    }
    table = builders[what](loaded)
    rich_table = RichTable(title=table.title, show_lines=what == ShowWhat.schedule)
    for column in table.columns:
        rich_table.add_column(column)
    for row in table.rows:
        rich_table.add_row(*row)
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(rich_table)


def main() -> None:
    app(prog_name="reportgen")
