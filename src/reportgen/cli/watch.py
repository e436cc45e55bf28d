"""The `watch` command: rebuild a plan's documents whenever one of their files is saved.

Input: the command's options (those of `batch` that make sense for a long-running process).
Output: one call of `batch.watch.watch`; after each round, what changed and what was rebuilt on
stdout, data errors (located) and warnings on stderr. It does not exit on errors: fix the
file, save it again, and the next round picks it up. Ctrl-C ends it with exit code 0.

This module does not import `cli` at import time, so `cli` may import it from anywhere.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import typer

from .options import (
    DocumentFormatOption,
    FontDirOption,
    FormatOption,
    OutputOption,
    PaperOption,
    PlanOption,
    ProfileOption,
    ScriptOption,
    SealOption,
    StrictFontsOption,
    TemplatesOption,
    YearsOption,
    given_options,
)

if TYPE_CHECKING:
    from ..batch.watch import WatchRound


def watch(
    plan: PlanOption = None,
    output: OutputOption = None,
    format: FormatOption = None,
    years: YearsOption = None,
    script: ScriptOption = None,
    strict_fonts: StrictFontsOption = False,
    font_dir: FontDirOption = None,
    templates: TemplatesOption = None,
    profile: ProfileOption = None,
    paper: PaperOption = None,
    document_format: DocumentFormatOption = None,
    seal: SealOption = None,
) -> None:
    """Build what is out of date, then rebuild whatever a saved plan, progress, template or
    profile file affects, until Ctrl-C."""
    from ..batch.plan import merge_options, parse_years
    from ..batch.watch import watch as run_watch
    from ..batch.watch import watched_folders

    try:
        chosen_years = parse_years(years) if years is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--years") from None
    given = given_options(
        plan=plan,
        output=output,
        format=format,
        script=script,
        strict_fonts=strict_fonts,
        font_dir=font_dir,
        templates=templates,
        profile=profile,
        paper=paper,
        document_format=document_format,
        seal=seal,
    )
    given.update(years=chosen_years)
    options = merge_options(None, given)
    folders = ", ".join(str(folder) for folder in watched_folders(options))
    typer.echo(f"watching {folders}; Ctrl-C to stop")
    with contextlib.suppress(KeyboardInterrupt):
        run_watch(options, _print_round)
    typer.echo("stopped")


def _print_round(round_: WatchRound) -> None:
    if round_.changed:
        typer.echo("changed: " + ", ".join(path.name for path in round_.changed))
    if round_.error is not None:
        for line in round_.error.messages():
            typer.echo(line, err=True)
        typer.echo("nothing rebuilt; fix the file and save it again", err=True)
        return
    report = round_.report
    if report is None:
        return
    for line in report.warning_lines():
        typer.echo(f"warning: {line}", err=True)
    for outcome in report.of("built"):
        typer.echo(f"rebuilt {outcome.name} ({outcome.seconds:.2f} s): {outcome.reason}")
    for outcome in report.of("failed"):
        for line in outcome.error or (outcome.reason,):
            typer.echo(f"failed: {outcome.name}: {line}", err=True)
    typer.echo(report.summary_lines()[0])
