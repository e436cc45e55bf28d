"""Reproducibility: the same inputs give the same bytes, in separate processes too; file dates
come from the data or SOURCE_DATE_EPOCH, never from the clock."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pdfplumber
import pytest

DOCUMENTS = [
    ["render", "circular"],
    ["render", "notice", "--year", "2022"],
    ["render", "summary", "--unit", "zhuji-gov", "--year", "2023"],
]


def _render(args: list[str], out: Path, env: dict[str, str] | None = None) -> dict[str, bytes]:
    command = [sys.executable, "-m", "reportgen", *args, "-f", "all", "-o", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


@pytest.mark.parametrize("args", DOCUMENTS, ids=lambda a: "-".join(a[1:]))
def test_two_processes_write_identical_bytes(args: list[str], tmp_path: Path) -> None:
    first = _render(args, tmp_path / "first")
    second = _render(args, tmp_path / "second")
    assert sorted(first) == sorted(second)
    assert {name.rsplit(".", 1)[1] for name in first} == {"docx", "pdf", "html"}
    for name, data in first.items():
        assert data == second[name], name


def _dates(files: dict[str, bytes]) -> tuple[object, object]:
    docx_bytes = next(data for name, data in files.items() if name.endswith(".docx"))
    pdf_bytes = next(data for name, data in files.items() if name.endswith(".pdf"))
    created = docx.Document(io.BytesIO(docx_bytes)).core_properties.created
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        pdf_date = pdf.metadata.get("CreationDate")
    return created, pdf_date


def test_an_undated_document_carries_no_date_unless_source_date_epoch(tmp_path: Path) -> None:
    args = ["render", "notice", "--year", "2024"]  # no progress file: no date in the data
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    assert _dates(_render(args, tmp_path / "plain", env)) == (None, None)
    epoch = {**env, "SOURCE_DATE_EPOCH": "1735689600"}  # 2025-01-01T00:00:00Z
    created, pdf_date = _dates(_render(args, tmp_path / "epoch", epoch))
    assert created is not None and created.date().isoformat() == "2025-01-01"
    assert isinstance(pdf_date, str) and pdf_date.startswith("D:20250101")


def test_a_dated_document_takes_its_date_from_the_data(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1735689600"}
    created, pdf_date = _dates(_render(["render", "notice", "--year", "2022"], tmp_path, env))
    assert created is not None and created.date().isoformat() == "2023-02-20"
    assert isinstance(pdf_date, str) and pdf_date.startswith("D:20230220")
