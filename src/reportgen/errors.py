"""The program's exceptions: one base, one family per kind of failure, each with its exit code.

Only the command line prints these and turns them into exit codes; the library raises them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located at a node of it."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ReportgenError(Exception):
    """Base of every error the program reports to its user."""

    exit_code = 1

    def messages(self) -> list[str]:
        return [str(self)]


class DataError(ReportgenError):
    """Input data (plan, progress, profile, manifest) is malformed or inconsistent."""

    exit_code = 65

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]

    @classmethod
    def at_file(cls, file: Path | str, message: str, line: int = 1, column: int = 1) -> DataError:
        return cls([Problem(str(file), line, column, "", message)])


class TemplateError(ReportgenError):
    """A template is missing, malformed, or refers to data that does not exist."""

    exit_code = 70


class ContentLossError(ReportgenError):
    """A written format would not hold the document's text: a writer lost or cut some."""

    exit_code = 70


class FontError(ReportgenError):
    """A font a document needs is missing, or a fallback happened under --strict-fonts."""

    exit_code = 69


class OutputError(ReportgenError):
    """An output file cannot be written where it was asked for."""

    exit_code = 73


class UsageError(ReportgenError):
    """The command asks for something the plan does not have (a year outside its period…)."""

    exit_code = 2
