"""The watch command: a warm process that rebuilds what a saved file affects, until stopped.

Rounds are read from a queue filled by the watch loop running in a thread; documents are built
as HTML (the dependency tracking is the same for every format) to keep the tests quick.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.batch.watch import WatchRound, is_input_change, watch, watched_folders
from reportgen.core import Options
from reportgen.resources import default_plan_dir, templates_dir

ROUND_TIMEOUT_S = 30.0  # a hang guard, not a timing target


class Watcher:
    """`watch` in a background thread; its rounds arrive on `rounds`."""

    def __init__(self, options: Options) -> None:
        self.rounds: queue.Queue[WatchRound] = queue.Queue()
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=watch, args=(options, self.rounds.put), kwargs={"stop": self.stop}
        )

    def next_round(self) -> WatchRound:
        return self.rounds.get(timeout=ROUND_TIMEOUT_S)

    def settle(self) -> None:
        """Give the file watcher time to start watching after a round."""
        time.sleep(0.3)


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    target = tmp_path / "plan"
    shutil.copytree(default_plan_dir(), target)
    return target


@pytest.fixture
def watcher(plan_dir: Path, tmp_path: Path) -> Iterator[Watcher]:
    options = Options(plan_dir=plan_dir, output_dir=tmp_path / "out", formats=("html",))
    running = Watcher(options)
    running.thread.start()
    yield running
    running.stop.set()
    running.thread.join(timeout=ROUND_TIMEOUT_S)
    assert not running.thread.is_alive(), "watch did not end after stop was set"


def built(round_: WatchRound) -> set[str]:
    assert round_.report is not None, round_.error
    return {outcome.name for outcome in round_.report.of("built")}


def test_first_round_builds_everything_then_a_change_rebuilds_its_dependents(
    watcher: Watcher, plan_dir: Path
) -> None:
    first = watcher.next_round()
    assert first.changed == ()
    everything = built(first)
    assert "plan-circular" in everything
    assert "plan-notice-2021" in everything and "plan-notice-2023" in everything
    watcher.settle()

    progress = plan_dir / "progress" / "2023.yaml"
    progress.write_text(progress.read_text(encoding="utf-8") + "\n# checked\n", encoding="utf-8")
    second = watcher.next_round()
    assert progress.resolve() in {path.resolve() for path in second.changed}
    rebuilt = built(second)
    assert "plan-notice-2023" in rebuilt
    assert all("2023" in name for name in rebuilt), rebuilt  # 2021, 2022 and the circular stay
    assert second.report is not None and not second.report.of("failed")


def test_a_data_error_is_reported_located_and_the_watch_goes_on(
    watcher: Watcher, plan_dir: Path
) -> None:
    watcher.next_round()
    watcher.settle()
    units = plan_dir / "units.yaml"
    good = units.read_text(encoding="utf-8")
    units.write_text(good + "\nunexpected_key: 1\n", encoding="utf-8")
    broken = watcher.next_round()
    assert broken.error is not None
    messages = broken.error.messages()
    assert any(m.startswith(f"{units}:") and "unexpected_key" in m for m in messages), messages
    watcher.settle()

    units.write_text(good, encoding="utf-8")
    mended = watcher.next_round()
    assert mended.error is None and mended.report is not None
    assert not mended.report.of("failed")
    assert not built(mended)  # the same content as before the error: nothing to rebuild


def test_a_template_change_rebuilds_every_document_using_it(plan_dir: Path, tmp_path: Path) -> None:
    user_templates = tmp_path / "templates"
    user_templates.mkdir()
    options = Options(
        plan_dir=plan_dir,
        output_dir=tmp_path / "out",
        formats=("html",),
        templates=user_templates,
        years=(2021,),
    )
    running = Watcher(options)
    running.thread.start()
    try:
        first = built(running.next_round())
        running.settle()
        notice = (templates_dir() / "notice.html.j2").read_text(encoding="utf-8")
        (user_templates / "notice.html.j2").write_text(notice + "\n", encoding="utf-8")
        second = built(running.next_round())
        assert second == first  # the input hashes cover the whole template search path
    finally:
        running.stop.set()
        running.thread.join(timeout=ROUND_TIMEOUT_S)


def test_what_counts_as_an_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert is_input_change(tmp_path / "plan" / "progress" / "2024.yaml", out)
    assert not is_input_change(out / "plan-notice-2024.pdf", out)
    assert not is_input_change(out / "manifest.json", out)
    for litter in [".2024.yaml.swp", "2024.yaml~", ".notice.pdf.ab12.part", "4913"]:
        assert not is_input_change(tmp_path / "plan" / litter, out), litter


def test_watched_folders(plan_dir: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profiles" / "mine.yaml"
    profile.parent.mkdir()
    profile.write_text("{}", encoding="utf-8")
    options = Options(plan_dir=plan_dir, templates=None, profile=profile)
    folders = watched_folders(options)
    assert plan_dir.resolve() in folders
    assert templates_dir().resolve() in folders
    assert profile.parent.resolve() in folders
    assert len(folders) == len(set(folders))


def test_ctrl_c_ends_the_command_cleanly(plan_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            *[sys.executable, "-m", "reportgen", "watch", "--plan", str(plan_dir)],
            *["-o", str(out), "--format", "html", "--years", "2021"],
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + ROUND_TIMEOUT_S
        while not (out / "manifest.json").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (out / "manifest.json").exists(), "the first round did not finish"
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=ROUND_TIMEOUT_S)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert stdout.startswith("watching ")
    assert "rebuilt plan-circular" in stdout
    assert stdout.rstrip().endswith("stopped")
    assert "Traceback" not in stderr
    assert not list(out.glob(".*.part"))
