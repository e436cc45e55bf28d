"""What every command does around its library call: turn reportgen's errors into messages
on stderr and an exit code, and find the plan folder to work on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import typer

from ..errors import ReportgenError

T = TypeVar("T")


def run(action: Callable[[], T]) -> T:
    """Call into the library; turn its errors into messages on stderr and an exit code."""
    try:
        return action()
    except ReportgenError as exc:
        for line in exc.messages():
            typer.echo(line, err=True)
        raise typer.Exit(exc.exit_code) from None


def plan_dir(plan: Path | None) -> Path:
    """The plan folder given, else the built-in plan's."""
    from ..resources import default_plan_dir

    return plan if plan is not None else default_plan_dir()
