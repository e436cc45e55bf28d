"""Build many documents in one run: in parallel, incrementally, and safe to interrupt.

Input: `BatchOptions` (see batchplan). Output: a `BatchReport` that counts the documents
built, skipped (up to date) and failed, with the reason of each, and decides the exit code;
and the output folder's `manifest.json` (see runmanifest), rewritten atomically as soon as
each document is done, so an interrupted run loses no finished work.

    plan ──select──▶ requests ──fingerprint──▶ stale ones ──worker processes──▶ files + manifest

A failing document does not stop the others. The first SIGINT or SIGTERM lets the documents
in progress finish and starts no more (exit 130 or 143); a second one stops at once. Every
file is written atomically, so no truncated document remains, and the temporary files of a
run killed outright are removed at the start of the next.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path
from types import FrameType
from typing import Any, Literal

from .batchplan import (
    BatchOptions,
    describe_request,
    document_name,
    output_files,
    select_documents,
)
from .errors import OutputError, ReportgenError
from .loader import load_plan
from .model import Plan
from .pipeline import DocumentRequest, RenderOptions, render_document
from .runmanifest import (
    MANIFEST_NAME,
    DocumentRecord,
    InputHasher,
    OutputRecord,
    RunManifest,
    fingerprint,
    outputs_of,
    why_rebuild,
)

Status = Literal["built", "skipped", "failed", "to build", "not built"]


@dataclass(frozen=True)
class DocumentOutcome:
    """What became of one document, and why (`reason`: why built, skipped, or what failed)."""

    name: str
    request: DocumentRequest
    status: Status
    reason: str
    outputs: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()
    error: tuple[str, ...] = ()
    seconds: float = 0.0


@dataclass
class BatchReport:
    """The outcome of every document of a run; it decides the exit code."""

    outcomes: list[DocumentOutcome] = field(default_factory=list)
    dry_run: bool = False
    signal: int | None = None
    """The signal that interrupted the run, if one did."""
    notes: list[str] = field(default_factory=list)
    """Things the user should know about the run as a whole."""

    def of(self, status: Status) -> list[DocumentOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def exit_code(self) -> int:
        """128 + the signal if interrupted, 1 if any document failed, else 0."""
        if self.signal is not None:
            return 128 + self.signal
        return 1 if self.of("failed") else 0

    def summary_lines(self) -> list[str]:
        """`built N, skipped N, failed N` and a line per failure (per document to build in a
        dry run)."""
        if self.dry_run:
            todo = self.of("to build")
            lines = [f"would build {len(todo)}, up to date {len(self.of('skipped'))}"]
            return lines + [f"  {o.name}: {o.reason}" for o in todo]
        counts = (
            f"built {len(self.of('built'))}, skipped {len(self.of('skipped'))}, "
            f"failed {len(self.of('failed'))}"
        )
        if self.signal is not None:
            name = signal.Signals(self.signal).name
            counts = (
                f"interrupted by {name}: {counts}, not built {len(self.of('not built'))} "
                "(run again to build the rest)"
            )
        return [counts] + [f"failed: {o.name}: {o.reason}" for o in self.of("failed")]

    def warning_lines(self) -> list[str]:
        """The run's notes and the warnings of the documents built in it."""
        lines = list(self.notes)
        for outcome in self.of("built"):
            lines.extend(f"{outcome.name}: {w}" for w in outcome.warnings)
        return lines


@dataclass(frozen=True)
class BatchEvent:
    """Progress of a run: `start` (`total` documents to build), `begin` and `end` of one
    document (`name`, `outcome`), and `stopping` after a signal."""

    kind: Literal["start", "begin", "end", "stopping"]
    name: str = ""
    total: int = 0
    outcome: DocumentOutcome | None = None


ProgressCallback = Callable[[BatchEvent], None]


@dataclass(frozen=True)
class _Job:
    index: int
    name: str
    request: DocumentRequest
    outputs: tuple[Path, ...]
    inputs: dict[str, str]
    reason: str | None
    """Why it is built; None when it is up to date."""


def run_batch(options: BatchOptions, progress: ProgressCallback | None = None) -> BatchReport:
    """Build the batch's stale documents (all with `force`), or list them (`dry_run`).

    Raises the ReportgenError of anything that stops the whole batch before it starts: an
    invalid plan, bad options, two documents writing one file, an unwritable output folder,
    another batch writing into it. Everything that happens to single documents is in the
    returned report. With more than one job the documents are built in worker processes, so
    a script that calls this needs the usual `if __name__ == "__main__":` guard.
    """
    plan = load_plan(options.plan_dir)
    requests = select_documents(plan, options)
    render = options.render_options()
    hasher = InputHasher(plan, render)
    if options.dry_run:
        manifest, notes = RunManifest.read(options.output_dir)
        report = BatchReport(dry_run=True, notes=notes)
        for job in _jobs(plan, requests, render, hasher, manifest, options.force):
            status: Status = "to build" if job.reason else "skipped"
            report.outcomes.append(
                DocumentOutcome(job.name, job.request, status, job.reason or "up to date")
            )
        return report
    _make_folder(options.output_dir)
    with _output_lock(options.output_dir):
        manifest, notes = RunManifest.read(options.output_dir)
        report = BatchReport(notes=notes)
        jobs = _jobs(plan, requests, render, hasher, manifest, options.force)
        ours = {p.name for job in jobs for p in job.outputs} | {MANIFEST_NAME}
        ours |= {name for record in manifest.documents.values() for name in record.outputs}
        removed = remove_stale_temporaries(options.output_dir, ours)
        if removed:
            report.notes.append(
                f"removed {len(removed)} temporary files left by an interrupted run"
            )
        for job in jobs:
            if job.reason is None:
                report.outcomes.append(
                    DocumentOutcome(job.name, job.request, "skipped", "up to date")
                )
        stale = [job for job in jobs if job.reason is not None]
        _Runner(options, render, manifest, report, progress or _ignore).run(stale)
    order = {job.name: job.index for job in jobs}
    report.outcomes.sort(key=lambda o: order.get(o.name, len(order)))
    return report


def _jobs(
    plan: Plan,
    requests: list[DocumentRequest],
    render: RenderOptions,
    hasher: InputHasher,
    manifest: RunManifest,
    force: bool,
) -> list[_Job]:
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
        jobs.append(_Job(index, name, request, outputs, inputs, reason))
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
    wanted = set(names)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(".part")):
            continue
        target = entry.name[1 : -len(".part")].rpartition(".")[0]
        if target in wanted and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return sorted(removed)


# --- building one document (in a worker process, or in this one) ----------------------------


@dataclass(frozen=True)
class _Built:
    """What building one document gave: its files or its error, and what it took."""

    outputs: tuple[Path, ...] = ()
    records: dict[str, OutputRecord] = field(default_factory=dict)
    pages: int | None = None
    fonts: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    error: tuple[str, ...] = ()
    seconds: float = 0.0


def _build_document(request: DocumentRequest, options: RenderOptions) -> _Built:
    """Render one document; every error becomes part of the result instead of propagating."""
    started = time.perf_counter()
    try:
        result = render_document(request, options)
        records = outputs_of(result.outputs)
    except ReportgenError as exc:
        return _Built(error=tuple(exc.messages()), seconds=time.perf_counter() - started)
    except Exception as exc:
        return _Built(error=(_describe_unexpected(exc),), seconds=time.perf_counter() - started)
    fonts = getattr(result, "fonts", None) or ()
    return _Built(
        outputs=tuple(result.outputs),
        records=records,
        pages=result.pages,
        fonts=tuple(str(font) for font in fonts),
        warnings=tuple(result.warnings),
        seconds=time.perf_counter() - started,
    )


def _describe_unexpected(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"unexpected error, please report it: {type(exc).__name__}: {exc}{where}"


def _init_worker(formats: tuple[str, ...]) -> None:
    """Prepare a worker: leave Ctrl-C to the main process, exit with it, load the writers.

    Parsed plans, profiles, templates and fonts are then cached in the worker by the pipeline
    and reused by every document it builds.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's Ctrl-C reaches every process
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    modules = {"docx": ["reportgen.docxwriter"], "pdf": ["reportgen.pdfwriter", "reportgen.fonts"]}
    for name in [m for fmt in formats for m in modules.get(fmt, [])]:
        with contextlib.suppress(Exception):  # a missing writer fails each document instead
            importlib.import_module(name)


def _exit_with_parent() -> None:
    """End the worker when the main process is gone (killed outright, say).

    Its pool would otherwise wait on its task queue forever, and so would the forkserver.
    """
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
    else:  # not started by multiprocessing: watch the parent process id
        ppid = os.getppid()
        while os.getppid() == ppid:
            time.sleep(0.5)
    os._exit(1)


def _pool_context() -> BaseContext:
    """forkserver where there is one (no fork of a threaded process), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["reportgen.pipeline"])
        return context
    return multiprocessing.get_context("spawn")


# --- the run ------------------------------------------------------------------------------------


class _Abort(BaseException):
    """A second signal: stop now."""


class _StopSignals:
    """Turn SIGINT and SIGTERM into a graceful stop (first) and an immediate one (second).

    Handlers only set flags or call `abort`; signals the process ignores stay ignored.
    """

    def __init__(self) -> None:
        self.signum: int | None = None
        self.count = 0
        self.abort: Callable[[], None] | None = None
        self._previous: dict[int, Callable[[int, FrameType | None], Any] | int] = {}

    @property
    def stopping(self) -> bool:
        return self.signum is not None

    @property
    def aborted(self) -> bool:
        return self.count >= 2

    def __enter__(self) -> _StopSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                current = signal.getsignal(signum)
                if current is None or current == signal.SIG_IGN:
                    continue
                self._previous[signum] = current
                signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.count += 1
        if self.count == 1:
            self.signum = signum
        elif self.count == 2 and self.abort is not None:
            self.abort()


MANIFEST_SAVE_INTERVAL_S = 1.0
"""How often, at most, a running batch rewrites manifest.json (it is also written at the end)."""


class _Runner:
    """Builds the stale documents, records each one as it finishes, and reports it."""

    def __init__(
        self,
        options: BatchOptions,
        render: RenderOptions,
        manifest: RunManifest,
        report: BatchReport,
        emit: ProgressCallback,
    ) -> None:
        self.options, self.render, self.manifest = options, render, manifest
        self.report, self.emit = report, emit
        self.done: set[str] = set()
        self.last_saved = -MANIFEST_SAVE_INTERVAL_S
        self.unsaved = False

    def run(self, jobs: list[_Job]) -> None:
        self.emit(BatchEvent("start", total=len(jobs)))
        workers = min(self.options.jobs or os.cpu_count() or 1, len(jobs))
        with _StopSignals() as stop:
            try:
                if workers <= 1:
                    self._run_here(jobs, stop)
                else:
                    self._run_pool(jobs, workers, stop)
            except _Abort:
                pass
            finally:
                if self.unsaved:
                    self._save_manifest()
        self.report.signal = stop.signum
        for job in jobs:
            if job.name not in self.done:
                self.report.outcomes.append(
                    DocumentOutcome(job.name, job.request, "not built", "interrupted")
                )

    def _run_here(self, jobs: list[_Job], stop: _StopSignals) -> None:
        def abort() -> None:
            raise _Abort

        stop.abort = abort
        try:
            for job in jobs:
                if stop.stopping:
                    self.emit(BatchEvent("stopping"))
                    break
                self.emit(BatchEvent("begin", name=job.name))
                self._finish(job, _build_document(job.request, self.render))
        finally:
            stop.abort = None

    def _run_pool(self, jobs: list[_Job], workers: int, stop: _StopSignals) -> None:
        pending = deque(jobs)
        crashes: dict[str, int] = {}
        while pending and not stop.stopping:
            executor = ProcessPoolExecutor(
                workers,
                mp_context=_pool_context(),
                initializer=_init_worker,
                initargs=(self.render.formats,),
            )
            stop.abort = functools.partial(_kill_workers, executor)
            try:
                self._drive(executor, pending, workers, stop, crashes)
            finally:
                stop.abort = None
                executor.shutdown(wait=True, cancel_futures=True)
        if stop.stopping:
            self.emit(BatchEvent("stopping"))

    def _drive(
        self,
        executor: ProcessPoolExecutor,
        pending: deque[_Job],
        workers: int,
        stop: _StopSignals,
        crashes: dict[str, int],
    ) -> None:
        """Keep `workers` documents in progress until none is left, a signal, or a crash."""
        running: dict[Future[_Built], _Job] = {}
        broken = False
        while True:
            while pending and len(running) < workers and not stop.stopping and not broken:
                job = pending.popleft()
                try:
                    running[executor.submit(_build_document, job.request, self.render)] = job
                except BrokenProcessPool:
                    broken = True
                    if self._crashed(job, crashes, "the worker processes could not start"):
                        pending.appendleft(job)
                    break
                self.emit(BatchEvent("begin", name=job.name))
            if not running:
                return
            finished, _ = wait(running, timeout=0.25, return_when=FIRST_COMPLETED)
            for future in finished:
                job = running.pop(future)
                try:
                    built = future.result()
                except BrokenProcessPool:
                    broken = True
                    if not stop.aborted and self._crashed(
                        job, crashes, "the worker process building it died (a crash?)"
                    ):
                        pending.appendleft(job)
                    continue
                self._finish(job, built)

    def _crashed(self, job: _Job, crashes: dict[str, int], reason: str) -> bool:
        """Count a crash of the pool `job` was in; True to retry it (the crash may have been
        another document's), False once it failed (recorded) at its second crash."""
        crashes[job.name] = crashes.get(job.name, 0) + 1
        if crashes[job.name] < 2:
            return True
        self._finish(job, _Built(error=(reason,)))
        return False

    def _finish(self, job: _Job, built: _Built) -> None:
        """Record a finished document in the report and, at once, in the manifest."""
        self.done.add(job.name)
        if built.error:
            reason = built.error[0]
            if len(built.error) > 1:
                reason += f" (and {len(built.error) - 1} more problems)"
            outcome = DocumentOutcome(
                job.name, job.request, "failed", reason, error=built.error, seconds=built.seconds
            )
            record = DocumentRecord(job.request, job.inputs, None, error=built.error)
        else:
            outcome = DocumentOutcome(
                job.name,
                job.request,
                "built",
                job.reason or "",
                outputs=built.outputs,
                warnings=built.warnings,
                seconds=built.seconds,
            )
            record = DocumentRecord(
                job.request,
                job.inputs,
                fingerprint(job.inputs),
                outputs=built.records,
                pages=built.pages,
                fonts=built.fonts,
                warnings=built.warnings,
                seconds=built.seconds,
            )
        self.manifest.documents[job.name] = record
        self.report.outcomes.append(outcome)
        self.unsaved = True
        if time.monotonic() - self.last_saved >= MANIFEST_SAVE_INTERVAL_S:
            self._save_manifest()
        self.emit(BatchEvent("end", name=job.name, outcome=outcome))

    def _save_manifest(self) -> None:
        """Write the manifest: after a document at most once a second, and when the run ends.

        Rewriting it after every document would cost time growing with the square of the
        batch; a document finished but not yet recorded when a run is killed is rebuilt.
        """
        self.manifest.write(self.options.output_dir)
        self.last_saved = time.monotonic()
        self.unsaved = False


def _kill_workers(executor: ProcessPoolExecutor) -> None:
    """Stop the pool's workers at once (a second Ctrl-C); their partial files are temporary."""
    processes = getattr(executor, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(Exception):
            process.kill()


__all__ = [
    "BatchEvent",
    "BatchReport",
    "DocumentOutcome",
    "ProgressCallback",
    "describe_request",
    "remove_stale_temporaries",
    "run_batch",
]
