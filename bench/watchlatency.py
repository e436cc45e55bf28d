"""How long `reportgen watch` takes from a saved progress file to the rewritten notice PDF.

Starts `reportgen watch` on a copy of the default plan (DOCX and PDF, the latest progress
year only, so each round is the notice and the summaries of that year), waits for its first
round, then saves the year's progress file `repeat` times with new content and times each
save until the notice's PDF has been replaced (a new file: writes are atomic renames).
Each round is allowed to finish before the next save.

    .venv/bin/python bench/watchlatency.py [REPEAT]
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
ROUND_TIMEOUT_S = 120.0


def _lines(stream: IO[str], into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))


def _wait_for_round_end(lines: queue.Queue[str]) -> None:
    """Read the watcher's output up to the end of a round (its `built N, …` line)."""
    deadline = time.monotonic() + ROUND_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1.0)
        except queue.Empty:
            continue
        if line.startswith("built ") or line.startswith("nothing rebuilt"):
            return
    raise TimeoutError("the watcher did not finish a round")


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_mtime_ns


def measure(work: Path, repeat: int = 5) -> dict[str, Any]:
    """Seconds from each save of the progress file to the notice PDF's replacement."""
    from reportgen.resources import DEFAULT_PLAN_NAME, default_plan_dir

    plan = work / DEFAULT_PLAN_NAME
    shutil.copytree(default_plan_dir(), plan)
    year = max(int(p.stem) for p in (plan / "progress").glob("*.yaml"))
    progress = plan / "progress" / f"{year}.yaml"
    out = work / "out"
    notice = out / f"{DEFAULT_PLAN_NAME}-notice-{year}.pdf"
    command = [sys.executable, "-m", "reportgen", "watch", "--plan", str(plan), "-o", str(out)]
    command += ["--years", str(year)]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    samples: list[float] = []
    try:
        _wait_for_round_end(lines)
        original = progress.read_text(encoding="utf-8")
        for index in range(repeat):
            time.sleep(0.5)  # the watcher is idle again
            before = _file_id(notice)
            started = time.perf_counter()
            progress.write_text(f"{original}\n# save {index}\n", encoding="utf-8")
            deadline = started + ROUND_TIMEOUT_S
            while _file_id(notice) == before and time.perf_counter() < deadline:
                time.sleep(0.002)
            samples.append(time.perf_counter() - started)
            _wait_for_round_end(lines)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=ROUND_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
    ordered = sorted(samples)
    return {
        "year": year,
        "samples_s": samples,
        "min_s": ordered[0],
        "median_s": ordered[len(ordered) // 2],
        "max_s": ordered[-1],
    }


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps(measure(Path(folder), repeat), indent=2))


if __name__ == "__main__":
    main()
