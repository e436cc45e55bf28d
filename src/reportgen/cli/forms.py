"""The commands of the yearly reporting loop: `forms`, `intake` and `status`."""

from __future__ import annotations

import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

YearOption = Annotated[int, typer.Option("--year", help="The year reported on.")]
FormsOutputOption = Annotated[
    Path, typer.Option("-o", "--output", help="Folder to write into.", file_okay=False)
]
PlanDirOption = Annotated[
    Path | None,
    typer.Option("--plan", help="Plan folder (default: the built-in plan).", file_okay=False),
]


def forms(
    year: YearOption,
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", help="Unit id or name; repeat for several (default: every unit)."),
    ] = None,
    due: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="Reply date printed on the forms (default: 31 January of the next year).",
        ),
    ] = None,
    plan: PlanDirOption = None,
    output: FormsOutputOption = Path("forms"),
    force: Annotated[
        bool, typer.Option("--force", help="Replace forms already in the output folder.")
    ] = False,
) -> None:
    """Write a progress form (.xlsx) for each responsible unit to fill in for year YEAR."""
    from ..forms.run import make_forms
    from .running import plan_dir as _plan_dir
    from .running import run as _run

    paths = _run(
        lambda: make_forms(
            _plan_dir(plan),
            year,
            unit or [],
            output,
            due=due.date() if due else None,
            force=force,
        )
    )
    for path in paths:
        typer.echo(str(path))


def intake(
    files: Annotated[list[Path], typer.Argument(help="Filled forms (.xlsx).")],
    year: YearOption,
    plan: PlanDirOption = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace values already in the progress file that differ."),
    ] = False,
) -> None:
    """Read filled forms and merge them into the plan's progress/YEAR.yaml."""
    from ..forms.intake import intake as take_in
    from .running import plan_dir as _plan_dir
    from .running import run as _run

    result = _run(lambda: take_in(_plan_dir(plan), files, year, force=force))
    for unit, changes in result.changes.items():
        typer.echo(f"{unit} ({result.names.get(unit, unit)}): {changes.describe()}")
    typer.echo(f"{result.path}: {'written' if result.written else 'unchanged'}")


class StatusFormat(StrEnum):
    table = "table"
    xlsx = "xlsx"


def status(
    year: YearOption,
    plan: PlanDirOption = None,
    format: Annotated[
        StatusFormat, typer.Option("--format", "-f", help="table (terminal) or xlsx.")
    ] = StatusFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="The .xlsx file (default: status-YEAR.xlsx).", dir_okay=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Every unit and what it still owes for year YEAR: whom to chase."""
    from rich.console import Console
    from rich.table import Table as RichTable

    from ..forms.run import write_status_workbook, year_status_table
    from .running import plan_dir as _plan_dir
    from .running import run as _run

    table = _run(lambda: year_status_table(_plan_dir(plan), year))
    if format is StatusFormat.xlsx:
        path = output or Path(f"status-{year}.xlsx")
        typer.echo(str(_run(lambda: write_status_workbook(table, year, path, force=force))))
        return
    console = Console(width=None if sys.stdout.isatty() else 200)
    summary = RichTable(title=table.title)
    for column in table.columns:
        summary.add_column(column)
    for row in table.rows:
        summary.add_row(*row)
    console.print(summary)
    if table.detail_rows:
        detail = RichTable(title=table.detail_title)
        for column in table.detail_columns:
            detail.add_column(column)
        for row in table.detail_rows:
            detail.add_row(*row)
        console.print(detail)
