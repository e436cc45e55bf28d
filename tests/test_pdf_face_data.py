"""Font files are read once per process, and the PDFs stay byte for byte the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.build import render_document
from reportgen.core import DocumentRequest, Options
from reportgen.resources import default_plan_dir
from reportgen.writers.pdf import facedata


def _circular_pdf(out: Path, script: str) -> bytes:
    options = Options(
        plan_dir=default_plan_dir(),
        output_dir=out,
        formats=("pdf",),
        script=script,  # type: ignore[arg-type]
        force=True,
    )
    render_document(DocumentRequest("circular"), options)
    (path,) = out.glob("*.pdf")
    return path.read_bytes()


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_kept_faces_give_the_same_pdf(tmp_path: Path, script: str) -> None:
    facedata.forget_faces()
    first = _circular_pdf(tmp_path, script)  # every face read from its file
    kept = facedata.kept_faces()
    assert 4 <= kept <= facedata.FACES_KEPT  # the document's faces, not its subsets
    again = _circular_pdf(tmp_path, script)  # every face's bytes from the cache
    assert facedata.kept_faces() == kept
    assert again == first


def test_the_oldest_faces_are_let_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    facedata.forget_faces()
    first = _circular_pdf(tmp_path, "simplified")
    monkeypatch.setattr(facedata, "FACES_KEPT", 2)
    facedata.forget_faces()
    again = _circular_pdf(tmp_path, "simplified")
    assert facedata.kept_faces() == 2
    assert again == first
    monkeypatch.undo()
    facedata.forget_faces()
