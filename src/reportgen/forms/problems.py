"""Problems found in filled forms, located as FILE:SHEET!CELL: message."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import ReportgenError


@dataclass(frozen=True, order=True)
class FormProblem:
    """One thing wrong with a form: the file, and where known the sheet and cell."""

    file: str
    sheet: str = ""
    cell: str = ""
    message: str = ""

    def __str__(self) -> str:
        if self.sheet and self.cell:
            return f"{self.file}:{self.sheet}!{self.cell}: {self.message}"
        if self.sheet:
            return f"{self.file}:{self.sheet}: {self.message}"
        return f"{self.file}: {self.message}"


class FormError(ReportgenError):
    """Filled forms that cannot be taken in; nothing was written."""

    exit_code = 65

    def __init__(self, problems: Iterable[FormProblem]) -> None:
        self.problems = list(dict.fromkeys(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]
