"""Peak memory of a process's batch workers, read from /proc (no psutil).

A `WorkerMemory` sampler runs in the process that starts the workers. Every `interval`
seconds it lists that process's descendants and reads each one's `VmHWM` (its peak resident
set, which only grows) from /proc/PID/status; the last reading of a worker is its peak. Workers
are told from multiprocessing's helpers by their place in the tree: with the forkserver start
method they are the children of the forkserver (whose command line names it), with spawn the
children whose command line holds `spawn_main`; the resource tracker is left out.

Linux only; elsewhere nothing is found and the peaks are empty.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PROC = Path("/proc")


def _status_kib(pid: int, field: str) -> int | None:
    """A `kB` field (VmHWM, VmRSS) of /proc/PID/status, or None when gone."""
    try:
        text = (PROC / str(pid) / "status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return None


def _cmdline(pid: int) -> str:
    try:
        return (
            (PROC / str(pid) / "cmdline")
            .read_bytes()
            .replace(b"\0", b" ")
            .decode("utf-8", "replace")
        )
    except OSError:
        return ""


def _children() -> dict[int, list[int]]:
    """Every process's children, from the parent ids in /proc/PID/stat."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: the fields follow the last ")".
        fields = stat[stat.rindex(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def worker_pids(root: int) -> list[int]:
    """The multiprocessing workers below process `root`."""
    tree = _children()
    workers = []
    for child in tree.get(root, []):
        command = _cmdline(child)
        if "resource_tracker" in command:
            continue
        if "forkserver" in command:
            workers.extend(tree.get(child, []))
        elif "spawn_main" in command:
            workers.append(child)
    return workers


class WorkerMemory:
    """Samples the peak RSS of this process's workers until stopped (use as a context)."""

    def __init__(self, interval: float = 0.2, rescan_every: int = 5) -> None:
        self.interval = interval
        self.rescan_every = rescan_every
        self.peaks_kib: dict[int, int] = {}
        self._workers: list[int] = []
        self._samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-memory", daemon=True)

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        root = os.getpid()
        while True:
            self.sample(root)
            if self._stop.wait(self.interval):
                return

    def sample(self, root: int) -> None:
        """Read the peak of every worker below `root` now (the process tree, which costs
        more to read, only every `rescan_every` samples)."""
        if self._samples % self.rescan_every == 0:
            self._workers = worker_pids(root)
        self._samples += 1
        for pid in self._workers:
            peak = _status_kib(pid, "VmHWM")
            if peak is not None:
                self.peaks_kib[pid] = max(peak, self.peaks_kib.get(pid, 0))

    @property
    def peak_mib(self) -> float | None:
        """The largest worker's peak RSS in MiB (None when no worker was seen)."""
        if not self.peaks_kib:
            return None
        return max(self.peaks_kib.values()) / 1024


def own_peak_mib() -> float | None:
    """This process's own peak RSS in MiB (VmHWM)."""
    peak = _status_kib(os.getpid(), "VmHWM")
    return None if peak is None else peak / 1024


def _processes() -> dict[int, tuple[int, float]]:
    """Every process: its parent id and the CPU seconds it used so far (user + system)."""
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[int, tuple[int, float]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        # after the name: state ppid … utime (14th field of stat) stime (15th)
        found[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    return found


def _tree(root: int, processes: dict[int, tuple[int, float]]) -> set[int]:
    """`root` and its descendants."""
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in processes.items():
        children.setdefault(parent, []).append(pid)
    tree, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in tree:
                tree.add(child)
                todo.append(child)
    return tree


class OtherCpu:
    """CPU seconds used by processes outside this process's tree, sampled from /proc.

    A thread reads every process's CPU time each `interval` seconds and adds the increase of
    those that are not this process or its descendants (at any depth: batch workers are the
    children of a forkserver, LibreOffice's soffice.bin of its launcher). A process that
    starts and ends between two readings is missed.
    """

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.seconds = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="other-cpu", daemon=True)

    def __enter__(self) -> OtherCpu:
        self._previous = _processes()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def _sample(self) -> None:
        current = _processes()
        ours = _tree(os.getpid(), current)
        for pid, (_, cpu) in current.items():
            if pid not in ours:
                before = self._previous.get(pid)
                self.seconds += cpu - before[1] if before is not None else cpu
        self._previous = current
