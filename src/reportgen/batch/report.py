"""What a batch run did: each document's outcome, the counts, the exit code, progress events.

Input: outcomes appended as documents finish. Output: summary lines for the terminal and the
run's exit code (0, 1 if a document failed, 130/143 after a signal).
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from ..core import DocumentResult, Status


@dataclass
class BatchReport:
    """The outcome of every document of a run; it decides the exit code."""

    outcomes: list[DocumentResult] = field(default_factory=list)
    dry_run: bool = False
    signal: int | None = None
    """The signal that interrupted the run, if one did."""
    notes: list[str] = field(default_factory=list)
    """Things the user should know about the run as a whole."""
    manifest_error: str | None = None
    """Why manifest.json could not be saved at the end (a full disk…), if it could not."""

    def of(self, status: Status) -> list[DocumentResult]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def exit_code(self) -> int:
        """128 + the signal if interrupted, 73 if manifest.json could not be saved, 1 if any
        document failed, else 0."""
        if self.signal is not None:
            return 128 + self.signal
        if self.manifest_error is not None:
            return 73
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
        lines = [counts] + [f"failed: {o.name}: {o.reason}" for o in self.of("failed")]
        if self.manifest_error is not None:
            lines.append(
                f"manifest not saved: {self.manifest_error} "
                "(the documents built are rebuilt by the next run)"
            )
        return lines

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
    outcome: DocumentResult | None = None


ProgressCallback = Callable[[BatchEvent], None]
