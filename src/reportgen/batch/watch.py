"""Keep a plan's documents up to date while its files are edited, in one warm process.

Input: `Options`, as for `reportgen batch`. Output: one `WatchRound` per round, given to
a callback: the files that changed, and the batch report of the rebuild or the error that
stopped it (an invalid plan, located like every data error). The loop ends on Ctrl-C, on
SIGTERM, or when the caller sets `stop`.

Every round is an ordinary incremental batch (see `runner`): the manifest's dependency tracking
decides what a change affects, and only that is rebuilt. The documents are built in this
process, one at a time, so WeasyPrint, the font configuration, the compiled templates and
the parsed profile stay loaded from one round to the next; the plan and the progress files
are read again only when they change (the pipeline's caches are keyed by content).

    files saved ──watchfiles──▶ changed inputs ──run_batch (in process)──▶ files + manifest
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..core import Options
from ..errors import ReportgenError
from ..resources import templates_dir
from .report import BatchReport, ProgressCallback
from .runner import run_batch

STEP_MS = 30
"""How long the folders must stay quiet before a round starts: an editor's save writes a
file in several steps (temporary file, rename, attributes), which then make one round."""

_EDITOR_LITTER = ("~", ".swp", ".swx", ".tmp", ".part", ".kate-swp")


@dataclass(frozen=True)
class WatchRound:
    """One rebuild: what changed (empty for the first round), and what it gave."""

    changed: tuple[Path, ...]
    report: BatchReport | None = None
    error: ReportgenError | None = None

    @property
    def interrupted(self) -> bool:
        return self.report is not None and self.report.signal is not None


def watched_folders(options: Options) -> list[Path]:
    """The folders whose files the documents are made from: the plan (with its progress
    files and wording), the templates, the profile's folder and the font folders."""
    folders = [options.plan_dir, templates_dir()]
    if options.templates is not None:
        folders.append(options.templates)
    if options.profile is not None:
        folders.append(options.profile.parent)
    folders.extend(options.font_dirs)
    unique: list[Path] = []
    for folder in (f.resolve() for f in folders):
        if folder.is_dir() and folder not in unique:
            unique.append(folder)
    return unique


def is_input_change(path: Path, output_dir: Path) -> bool:
    """Whether a changed path can be an input: not in the output folder (the batch's own
    writes), not a hidden file, and not an editor's backup or swap file."""
    try:
        path.resolve().relative_to(output_dir.resolve())
        return False
    except ValueError:
        pass
    name = path.name
    return not name.startswith(".") and not name.endswith(_EDITOR_LITTER) and name != "4913"


def rebuild(
    options: Options,
    changed: Iterable[Path] = (),
    progress: ProgressCallback | None = None,
) -> WatchRound:
    """One round: an incremental batch in this process; errors become part of the round."""
    try:
        report = run_batch(options, progress)
    except ReportgenError as exc:
        return WatchRound(tuple(changed), error=exc)
    return WatchRound(tuple(changed), report=report)


def watch(
    options: Options,
    on_round: Callable[[WatchRound], None],
    *,
    stop: threading.Event | None = None,
    progress: ProgressCallback | None = None,
) -> None:
    """Build what is out of date, then rebuild after every change until stopped.

    `on_round` is called after each round, the first one included. Returns after Ctrl-C or
    SIGTERM (between rounds, or during one once the document in progress is written), or
    once `stop` is set.
    """
    import watchfiles

    options = dataclasses.replace(options, jobs=1, dry_run=False, force=False)
    first = rebuild(options, progress=progress)
    on_round(first)
    if first.interrupted:
        return

    def wanted(change: watchfiles.Change, path: str) -> bool:
        return is_input_change(Path(path), options.output_dir)

    for changes in watchfiles.watch(
        *watched_folders(options),
        watch_filter=wanted,
        step=STEP_MS,
        stop_event=stop,
        raise_interrupt=False,
        ignore_permission_denied=True,
    ):
        changed = sorted({Path(path) for _, path in changes})
        round_ = rebuild(options, changed, progress)
        on_round(round_)
        if round_.interrupted:
            return
