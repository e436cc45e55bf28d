"""Running reportgen's command line in a process of its own, as a shell would start it: UTF-8
output, no colours, both streams captured as text."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path


def command_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment with UTF-8 output and no colours, plus `extra`."""
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", **(extra or {})}


def run_command(
    argv: Sequence[str | Path],
    *,
    cwd: Path | None = None,
    timeout: float = 60,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `argv` to its end; `env` adds to `command_env`."""
    return subprocess.run(
        [str(arg) for arg in argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=command_env(env),
        cwd=cwd,
        timeout=timeout,
    )


def run_reportgen(
    *args: str | Path,
    cwd: Path | None = None,
    timeout: float = 60,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m reportgen ARGS` in a new process."""
    return run_command(
        [sys.executable, "-m", "reportgen", *args], cwd=cwd, timeout=timeout, env=env
    )
