"""Run a batch's stale documents: in this process or in worker processes, safe to interrupt.

Input: the jobs to build and the render options. Output: each finished document recorded in
the `BatchReport` and the run manifest (saved at most once a second and at the end). The
first SIGINT or SIGTERM lets the documents in progress finish and starts no more; a second
one stops at once.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import multiprocessing
import multiprocessing.util
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from types import FrameType
from typing import Any

from ..build import render_document
from ..core import DocumentRequest, DocumentResult, Options
from ..documents.kind import NothingToSend
from ..errors import OutputError, ReportgenError
from .manifest import RunManifest, fingerprint, outputs_of
from .report import BatchEvent, BatchReport, ProgressCallback


@dataclass(frozen=True)
class Job:
    index: int
    name: str
    request: DocumentRequest
    outputs: tuple[Path, ...]
    inputs: dict[str, str]
    reason: str | None
    """Why it is built; None when it is up to date."""


# --- building one document (in a worker process, or in this one) ----------------------------


def _build_document(request: DocumentRequest, options: Options) -> DocumentResult:
    """Render one document; every error becomes part of the result instead of propagating:
    status `failed` with the error's messages, or `skipped` when the document has no one to
    go to."""
    started = time.perf_counter()
    try:
        result = render_document(request, options)
        result.files = outputs_of(result.outputs)
    except NothingToSend as exc:
        result = DocumentResult(request, status="skipped", reason=str(exc))
    except ReportgenError as exc:
        result = DocumentResult(request, status="failed", error=_capped(exc.messages()))
    except Exception as exc:
        result = DocumentResult(request, status="failed", error=(_describe_unexpected(exc),))
    result.seconds = time.perf_counter() - started
    return result


MAX_ERRORS_KEPT = 20
"""Problems kept per failed document (in the report and manifest.json); the rest counted."""


def _capped(messages: list[str]) -> tuple[str, ...]:
    """The first `MAX_ERRORS_KEPT` messages, and how many more there were."""
    if len(messages) <= MAX_ERRORS_KEPT:
        return tuple(messages)
    more = len(messages) - MAX_ERRORS_KEPT
    return (
        *messages[:MAX_ERRORS_KEPT],
        f"… and {more} more problems (`reportgen validate` lists all)",
    )


def _describe_unexpected(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"unexpected error, please report it: {type(exc).__name__}: {exc}{where}"


def _init_worker(formats: tuple[str, ...], umask: int) -> None:
    """Prepare a worker: leave Ctrl-C to the main process, exit with it, take its umask
    (the forkserver may have started under another), load the writers.

    Parsed plans, profiles, templates and fonts are then cached in the worker by the pipeline
    and reused by every document it builds.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's Ctrl-C reaches every process
    os.umask(umask)
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    inherited = _font_copies_folder()
    multiprocessing.util.Finalize(None, _release_worker_files, args=(inherited,), exitpriority=0)
    modules = {
        "docx": ["reportgen.writers.docx.writer"],
        "pdf": ["reportgen.writers.pdf.writer", "reportgen.fonts.policy"],
    }
    for name in [m for fmt in formats for m in modules.get(fmt, [])]:
        with contextlib.suppress(Exception):  # a missing writer fails each document instead
            importlib.import_module(name)


def _font_copies_folder() -> Path | None:
    if "reportgen.writers.pdf.fontsetup" not in sys.modules:
        return None
    from ..writers.pdf.fontsetup import font_copies_folder

    return font_copies_folder()


def _release_worker_files(inherited_font_copies: Path | None) -> None:
    """Remove the temporary font files a worker made (multiprocessing runs this as the worker
    exits; it ends with `os._exit`, which runs no other exit handler)."""
    from ..fonts.policy import release_extracted_faces

    release_extracted_faces()
    if "reportgen.writers.pdf.fontsetup" in sys.modules:
        from ..writers.pdf.fontsetup import release_font_copies

        release_font_copies(inherited_font_copies)


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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
    """forkserver where there is one (no fork of a threaded process), else spawn.

    The forkserver imports `reportgen.batch._preload` first, which warms it up (see
    `batch.warm`), so the workers it forks start ready.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["reportgen.batch._preload"])
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


class Runner:
    """Builds the stale documents, records each one as it finishes, and reports it."""

    def __init__(
        self,
        options: Options,
        render: Options,
        manifest: RunManifest,
        report: BatchReport,
        emit: ProgressCallback,
    ) -> None:
        self.options, self.render, self.manifest = options, render, manifest
        self.report, self.emit = report, emit
        self.done: set[str] = set()
        self.last_saved = -MANIFEST_SAVE_INTERVAL_S
        self.unsaved = False

    def run(self, jobs: list[Job]) -> None:
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
                    DocumentResult(
                        job.request, name=job.name, status="not built", reason="interrupted"
                    )
                )

    def _run_here(self, jobs: list[Job], stop: _StopSignals) -> None:
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

    def _run_pool(self, jobs: list[Job], workers: int, stop: _StopSignals) -> None:
        pending = deque(jobs)
        crashes: dict[str, int] = {}
        while pending and not stop.stopping:
            executor = ProcessPoolExecutor(
                workers,
                mp_context=_pool_context(),
                initializer=_init_worker,
                initargs=(self.render.formats, _current_umask()),
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
        pending: deque[Job],
        workers: int,
        stop: _StopSignals,
        crashes: dict[str, int],
    ) -> None:
        """Keep `workers` documents in progress until none is left, a signal, or a crash."""
        running: dict[Future[DocumentResult], Job] = {}
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

    def _crashed(self, job: Job, crashes: dict[str, int], reason: str) -> bool:
        """Count a crash of the pool `job` was in; True to retry it (the crash may have been
        another document's), False once it failed (recorded) at its second crash."""
        crashes[job.name] = crashes.get(job.name, 0) + 1
        if crashes[job.name] < 2:
            return True
        self._finish(job, DocumentResult(job.request, status="failed", error=(reason,)))
        return False

    def _finish(self, job: Job, result: DocumentResult) -> None:
        """Record a finished document in the report and, at once, in the manifest."""
        self.done.add(job.name)
        result.name = job.name
        if result.status == "skipped":  # nothing to send: nothing written, nothing recorded
            self.report.notes.append(f"{job.name}: {result.reason}")
            if self.manifest.documents.pop(job.name, None) is not None:
                self.unsaved = True
        else:
            result.inputs = job.inputs
            if result.error:
                result.reason = result.error[0]
                if len(result.error) > 1:
                    result.reason += f" (and {len(result.error) - 1} more problems)"
                result.status = "failed"
            else:
                result.reason = job.reason or ""
                result.fingerprint = fingerprint(job.inputs)
            self.manifest.documents[job.name] = result
            self.unsaved = True
        self.report.outcomes.append(result)
        if self.unsaved and time.monotonic() - self.last_saved >= MANIFEST_SAVE_INTERVAL_S:
            self._save_manifest()
        self.emit(BatchEvent("end", name=job.name, outcome=result))

    def _save_manifest(self) -> None:
        """Write the manifest: after a document at most once a second, and when the run ends.

        Rewriting it after every document would cost time growing with the square of the
        batch; a document finished but not yet recorded when a run is killed is rebuilt.
        """
        self.last_saved = time.monotonic()
        try:
            self.manifest.write(self.options.output_dir)
        except OutputError as exc:  # a full disk: go on building, report it at the end
            self.report.manifest_error = str(exc)
            return
        self.report.manifest_error = None
        self.unsaved = False


def _kill_workers(executor: ProcessPoolExecutor) -> None:
    """Stop the pool's workers at once (a second Ctrl-C); their partial files are temporary."""
    processes = getattr(executor, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(Exception):
            process.kill()
