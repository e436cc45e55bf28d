"""One record per document (`core.DocumentResult`): what a render returns, what a batch
reports and what its manifest.json keeps. A manifest.json written by earlier runs, in the
format below, is still read, and written back unchanged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from reportgen.batch.manifest import RunManifest
from reportgen.core import DocumentRequest, DocumentResult, OutputRecord

EARLIER_RUN = {
    "format": 1,
    "program": "reportgen 0.1.0",
    "documents": {
        "plan-notice-2022": {
            "request": {"kind": "notice", "year": 2022, "unit": None, "number": 4,
                        "date": "2023-02-20"},
            "inputs": {"options": "ab12", "plan/document.yaml": "cd34"},
            "fingerprint": "ef56",
            "outputs": {"plan-notice-2022.pdf": {"sha256": "0a1b", "bytes": 1234}},
            "pages": 6,
            "fonts": ["FZXiaoBiaoSong-B05"],
            "warnings": ["no date: left blank"],
            "seconds": 1.25,
        },
        "plan-summary-2022-edu": {
            "request": {"kind": "summary", "year": 2022, "unit": "edu", "number": None,
                        "date": None},
            "inputs": {"options": "9f"},
            "fingerprint": None,
            "outputs": {},
            "pages": None,
            "fonts": [],
            "warnings": [],
            "error": ["units.yaml:3:5: units[0]: something wrong"],
            "seconds": 0.5,
        },
    },
}  # fmt: skip


def test_a_manifest_of_an_earlier_run_is_read_and_written_back_unchanged(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps(EARLIER_RUN), "utf-8")
    manifest, notes = RunManifest.read(tmp_path)
    assert notes == []
    built = manifest.documents["plan-notice-2022"]
    assert built == DocumentResult(
        DocumentRequest("notice", 2022, None, 4, dt.date(2023, 2, 20)),
        name="plan-notice-2022",
        status="built",
        warnings=["no date: left blank"],
        pages=6,
        fonts=["FZXiaoBiaoSong-B05"],
        seconds=1.25,
        inputs={"options": "ab12", "plan/document.yaml": "cd34"},
        fingerprint="ef56",
        files={"plan-notice-2022.pdf": OutputRecord("0a1b", 1234)},
    )
    failed = manifest.documents["plan-summary-2022-edu"]
    assert failed.status == "failed" and failed.error == (
        "units.yaml:3:5: units[0]: something wrong",
    )
    written = manifest.to_json()
    assert written["documents"] == EARLIER_RUN["documents"]
