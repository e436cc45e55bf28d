"""The `batch` command: build many documents at once, incrementally and in parallel.

Input: the command's options, over the keys of an optional batch manifest (`--manifest`).
Output: one call of `batch.runner.run_batch`; a progress bar on stderr when it is a terminal; then
the summary on stdout ("built N, skipped N, failed N" and a line per failure, or with
`--dry-run` what would be built and why), warnings on stderr, and the report's exit code:
0, 1 if a document failed, 130/143 if interrupted, or a library error's own code.

This module does not import `cli` at import time, so `cli` may import it from anywhere.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Annotated

import typer

from .options import (
    AttachDataOption,
    DocumentFormatOption,
    FontDirOption,
    ForceOption,
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
from .render import warn_without_harfbuzz

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from ..batch.plan import LoadedManifest
    from ..batch.report import BatchEvent, BatchReport


def batch(
    plan: PlanOption = None,
    output: OutputOption = None,
    format: FormatOption = None,
    years: YearsOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            max=256,
            help="Documents built at once (default: the number of CPUs).",
        ),
    ] = None,
    force: ForceOption = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be built and why; write nothing.")
    ] = False,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            help="Batch manifest (YAML): these options as keys, plus an explicit "
            "`documents:` list; options given here win.",
            dir_okay=False,
        ),
    ] = None,
    script: ScriptOption = None,
    strict_fonts: StrictFontsOption = False,
    font_dir: FontDirOption = None,
    templates: TemplatesOption = None,
    profile: ProfileOption = None,
    attach_data: AttachDataOption = False,
    paper: PaperOption = None,
    document_format: DocumentFormatOption = None,
    seal: SealOption = None,
    copies: Annotated[
        int | None,
        typer.Option(
            "--copies",
            min=1,
            max=999_999,
            help="Number each document's copies 1 to N (copy numbers), one set of files per copy "
            "(named …-copy000001).",
        ),
    ] = None,
) -> None:
    """Build every kind of document of the plan, for every year and unit; skip what is up to date.

    A document is rebuilt when anything it is made from changed (plan files, the progress
    files up to its year, templates, profile, fonts, options, reportgen itself) or its files
    are missing or altered; `manifest.json` in the output folder records each one. A failing
    document does not stop the others; the exit code is 1 if any failed.
    """
    from ..batch.plan import load_batch_manifest, merge_options, parse_years
    from ..batch.runner import run_batch
    from .running import run as _run

    try:
        chosen_years = parse_years(years) if years is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--years") from None
    loaded: LoadedManifest | None = None
    if manifest is not None:
        manifest_path = manifest
        loaded = _run(lambda: load_batch_manifest(manifest_path))
    given = given_options(
        plan=plan,
        output=output,
        format=format,
        script=script,
        strict_fonts=strict_fonts,
        font_dir=font_dir,
        templates=templates,
        profile=profile,
        force=force,
        attach_data=attach_data,
        paper=paper,
        document_format=document_format,
        seal=seal,
    )
    given.update(years=chosen_years, jobs=jobs, dry_run=dry_run or None, copies=copies)
    options = merge_options(loaded, given)
    if not dry_run:
        warn_without_harfbuzz(options.formats)
    try:
        with _ProgressDisplay(enabled=sys.stderr.isatty() and not dry_run) as display:
            report = _run(lambda: run_batch(options, display))
    except KeyboardInterrupt:  # before or after the run's own signal handling
        typer.echo("interrupted", err=True)
        raise typer.Exit(130) from None
    _print_report(report)
    raise typer.Exit(report.exit_code)


def _print_report(report: BatchReport) -> None:
    for line in report.warning_lines():
        typer.echo(f"warning: {line}", err=True)
    for line in report.summary_lines():
        typer.echo(line)


class _ProgressDisplay:
    """A rich progress bar on stderr: documents done of those to build, and the current ones."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.running: list[str] = []

    def __enter__(self) -> _ProgressDisplay:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.progress = Progress(
                BarColumn(bar_width=30),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
                transient=True,
            )
            self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, event: BatchEvent) -> None:
        progress = self.progress
        if progress is None:
            return
        if event.kind == "start":
            self.task = progress.add_task("", total=event.total)
            return
        if self.task is None:
            return
        if event.kind == "begin":
            self.running.append(event.name)
        elif event.kind == "end":
            if event.name in self.running:
                self.running.remove(event.name)
            progress.advance(self.task)
            if event.outcome is not None and event.outcome.status == "failed":
                progress.console.print(f"failed: {event.name}: {event.outcome.reason}")
        elif event.kind == "stopping":
            progress.update(self.task, description="stopping after the documents in progress…")
            return
        more = f" (+{len(self.running) - 1})" if len(self.running) > 1 else ""
        current = self.running[0] + more if self.running else ""
        progress.update(self.task, description=current)
