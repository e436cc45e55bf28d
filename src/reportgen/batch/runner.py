"""Build many documents in one run: in parallel, incrementally, and safe to interrupt.

Input: `Options` (see `plan`). Output: a `BatchReport` that counts the documents
built, skipped (up to date) and failed, with the reason of each, and decides the exit code;
and the output folder's `manifest.json` (see `manifest`), rewritten atomically as documents
finish (at most once a second) and at the end, so an interrupted run loses at most a second
of finished work. The running itself (workers, signals) is in `execute`; the report
in `report`.

    plan ──select──▶ requests ──fingerprint──▶ stale ones ──worker processes──▶ files + manifest

A failing document does not stop the others. The first SIGINT or SIGTERM lets the documents
in progress finish and starts no more (exit 130 or 143); a second one stops at once. Every
file is written atomically, so no truncated document remains, and the temporary files of a
run killed outright are removed at the start of the next.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..core import DocumentRequest, DocumentResult, Options, Status
from ..errors import OutputError
from ..plan.loader import load_plan
from ..plan.model import Plan
from ..writers.files import temporary_prefix
from .execute import Job, Runner
from .manifest import (
    MANIFEST_NAME,
    InputHasher,
    RunManifest,
    why_rebuild,
)
from .plan import (
    document_name,
    output_files,
    select_documents,
)
from .report import BatchEvent, BatchReport, ProgressCallback

__all__ = [
    "BatchEvent",
    "BatchReport",
    "DocumentResult",
    "ProgressCallback",
    "Status",
    "remove_stale_temporaries",
    "run_batch",
]


def run_batch(options: Options, progress: ProgressCallback | None = None) -> BatchReport:
    """Build the batch's stale documents (all with `force`), or list them (`dry_run`).

    Raises the ReportgenError of anything that stops the whole batch before it starts: an
    invalid plan, bad options, two documents writing one file, an unwritable output folder,
    another batch writing into it. Everything that happens to single documents is in the
    returned report. With more than one job the documents are built in worker processes, so
    a script that calls this needs the usual `if __name__ == "__main__":` guard.
    """
    plan = load_plan(options.plan_dir)
    requests = select_documents(plan, options)
    render = options.for_render()
    hasher = InputHasher(plan, render)
    if options.dry_run:
        manifest, notes = RunManifest.read(options.output_dir, set_aside=False, force=options.force)
        report = BatchReport(dry_run=True, notes=notes)
        for job in _jobs(plan, requests, render, hasher, manifest, options.force):
            status: Status = "to build" if job.reason else "skipped"
            report.outcomes.append(
                DocumentResult(
                    job.request, name=job.name, status=status, reason=job.reason or "up to date"
                )
            )
        return report
    _make_folder(options.output_dir)
    with _output_lock(options.output_dir):
        manifest, notes = RunManifest.read(options.output_dir, force=options.force)
        report = BatchReport(notes=notes)
        jobs = _jobs(plan, requests, render, hasher, manifest, options.force)
        ours = {p.name for job in jobs for p in job.outputs} | {MANIFEST_NAME}
        ours |= {name for record in manifest.documents.values() for name in record.files}
        removed = remove_stale_temporaries(options.output_dir, ours)
        if removed:
            report.notes.append(
                f"removed {len(removed)} temporary files left by an interrupted run"
            )
        for job in jobs:
            if job.reason is None:
                report.outcomes.append(
                    DocumentResult(
                        job.request, name=job.name, status="skipped", reason="up to date"
                    )
                )
        stale = [job for job in jobs if job.reason is not None]
        Runner(options, render, manifest, report, progress or _ignore).run(stale)
    order = {job.name: job.index for job in jobs}
    report.outcomes.sort(key=lambda o: order.get(o.name, len(order)))
    return report


def _jobs(
    plan: Plan,
    requests: list[DocumentRequest],
    render: Options,
    hasher: InputHasher,
    manifest: RunManifest,
    force: bool,
) -> list[Job]:
    """Each document with its files, its inputs, and why it is built (None: up to date)."""
    jobs = []
    for index, request in enumerate(requests):
        name = document_name(plan, request)
        outputs = tuple(output_files(plan, request, render))
        inputs = hasher.inputs(request)
        record = manifest.documents.get(name)
        reason = (
            "forced (--force)" if force else why_rebuild(record, inputs, render.output_dir, outputs)
        )
        jobs.append(Job(index, name, request, outputs, inputs, reason))
    return jobs


def _ignore(event: BatchEvent) -> None:
    """The progress callback of a run nobody watches."""


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{folder}: cannot create the output folder: {exc.strerror or exc}"
        ) from None


@contextlib.contextmanager
def _output_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder: one batch writes into a folder at a time.

    The lock (flock on the folder itself) goes away with the process, however it ends.
    """
    try:
        import fcntl
    except ImportError:  # no flock (Windows): run unlocked
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"{folder}: another reportgen batch is writing into this folder; "
                "wait for it to finish or choose another --output"
            ) from None
        yield
    finally:
        os.close(handle)


def remove_stale_temporaries(folder: Path, names: Iterable[str]) -> list[Path]:
    """Remove the `.NAME.*.part` files `write_atomically` leaves when killed, for `names`."""
    wanted = {temporary_prefix(name) for name in names}
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(".part")):
            continue
        prefix = entry.name[: -len(".part")].rpartition(".")[0] + "."
        if prefix in wanted and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return sorted(removed)
