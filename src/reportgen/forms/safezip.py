"""Refuse a spreadsheet before opening it when it cannot be a form or could do harm.

Input: a path. Output: the file's bytes when they may be opened with openpyxl, else problems.
Checked from the zip's central directory, then the content types and the sheets' cell count
(bounded by the part sizes checked first): the file is
a regular .xlsx file of reasonable size, a zip, with few entries whose declared sizes and
compression ratios are bounded (a zip bomb declares gigabytes), without macros
(vbaProject.bin, .xlsm) and without links to other workbooks.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Final

from .problems import FormProblem

MAX_FILE_BYTES: Final = 5 * 1024 * 1024
"""Largest form file accepted; a filled form is a few tens of kilobytes."""

MAX_ENTRIES: Final = 200
MAX_ENTRY_BYTES: Final = 4 * 1024 * 1024
MAX_TOTAL_BYTES: Final = 16 * 1024 * 1024
MAX_RATIO: Final = 200
"""Uncompressed size over compressed size; XML compresses ~10-30 times, a bomb ~1000."""

MAX_CELLS: Final = 10_000
"""Most cells one sheet may hold; a form has a few hundred. Counted in the XML before openpyxl
builds them (it takes about 0.2 ms and 1 KB a cell)."""

_MACRO_TYPES = (b"macroEnabled", b"vbaProject")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)


def read_package(path: Path) -> bytes | list[FormProblem]:
    """The bytes of the file at `path` once they pass the checks, else the problems (it
    stops at the first that makes the rest moot).

    The file is read once: the checks and openpyxl see the same bytes, and no file handle
    is left open when openpyxl gives up on a damaged package."""
    name = str(path)
    try:
        if not path.exists():
            return [FormProblem(name, message="file not found")]
        if not path.is_file():
            return [FormProblem(name, message="not a regular file; expected an .xlsx form")]
        suffix = path.suffix.lower()
        if suffix in {".xlsm", ".xltm", ".xlam"}:
            return [
                FormProblem(
                    name,
                    message="a macro-enabled workbook is refused; save the form as .xlsx "
                    "(Excel Workbook) without macros",
                )
            ]
        if suffix != ".xlsx":
            return [FormProblem(name, message="not an .xlsx file; send the form back as .xlsx")]
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return [
                FormProblem(
                    name, message=f"file is {size} bytes; a form is at most {MAX_FILE_BYTES} bytes"
                )
            ]
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # the file may grow after the check
        if len(data) > MAX_FILE_BYTES:
            return [FormProblem(name, message=f"file is over the limit of {MAX_FILE_BYTES} bytes")]
        if not zipfile.is_zipfile(io.BytesIO(data)):
            return [
                FormProblem(
                    name,
                    message="not an .xlsx workbook (not a zip package); save the form as .xlsx",
                )
            ]
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            problems = (
                _check_entries(name, package.infolist())
                or _check_content_types(name, package)
                or _check_cells(name, package)
            )
        return problems or data
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        return [FormProblem(name, message=f"cannot read the file as .xlsx: {exc}")]


def _check_entries(name: str, entries: list[zipfile.ZipInfo]) -> list[FormProblem]:
    if len(entries) > MAX_ENTRIES:
        return [
            FormProblem(
                name,
                message=f"the package holds {len(entries)} parts; a form has "
                f"fewer than {MAX_ENTRIES}",
            )
        ]
    problems: list[FormProblem] = []
    total = 0
    for entry in entries:
        total += entry.file_size
        lowered = entry.filename.lower()
        if entry.flag_bits & 0x1:
            problems.append(FormProblem(name, message=f"part {entry.filename} is encrypted"))
        if entry.file_size > MAX_ENTRY_BYTES:
            problems.append(
                FormProblem(
                    name,
                    message=f"part {entry.filename} unpacks to {entry.file_size} "
                    f"bytes (limit {MAX_ENTRY_BYTES}): not a form",
                )
            )
        elif entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            problems.append(
                FormProblem(
                    name,
                    message=f"part {entry.filename} is compressed "
                    f"{entry.file_size // max(entry.compress_size, 1)} times: "
                    "a zip bomb, refused",
                )
            )
        if lowered.endswith("vbaproject.bin"):
            problems.append(
                FormProblem(
                    name,
                    message="the workbook holds macros (vbaProject.bin); "
                    "save it as .xlsx without macros",
                )
            )
        if lowered.startswith("xl/externallinks/"):
            problems.append(
                FormProblem(
                    name,
                    message=f"the workbook links to other workbooks "
                    f"({entry.filename}); copy the values in and remove the links",
                )
            )
    if total > MAX_TOTAL_BYTES and not problems:
        problems.append(
            FormProblem(
                name,
                message=f"the package unpacks to {total} bytes "
                f"(limit {MAX_TOTAL_BYTES}): not a form",
            )
        )
    return list(dict.fromkeys(problems))


def _check_cells(name: str, package: zipfile.ZipFile) -> list[FormProblem]:
    problems = []
    for entry in package.infolist():
        if _SHEET_PART.match(entry.filename):
            cells = len(_CELL.findall(package.read(entry)))
            if cells > MAX_CELLS:
                problems.append(
                    FormProblem(
                        name,
                        message=f"part {entry.filename} holds {cells} cells; a form has at most "
                        f"{MAX_CELLS}",
                    )
                )
    return problems


def _check_content_types(name: str, package: zipfile.ZipFile) -> list[FormProblem]:
    try:
        types = package.read("[Content_Types].xml")
    except KeyError:
        return [FormProblem(name, message="not an .xlsx workbook ([Content_Types].xml missing)")]
    if any(marker in types for marker in _MACRO_TYPES):
        return [
            FormProblem(
                name,
                message="a macro-enabled workbook is refused; save the form as "
                ".xlsx (Excel Workbook) without macros",
            )
        ]
    if b"externalLink" in types:
        return [
            FormProblem(
                name,
                message="the workbook links to other workbooks; copy the values "
                "in and remove the links",
            )
        ]
    return []
