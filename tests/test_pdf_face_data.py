"""Font files are read once per process, and the PDFs stay byte for byte the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen import pdffacedata
from reportgen.pipeline import DocumentRequest, RenderOptions, render_document
from reportgen.resources import default_plan_dir


def _circular_pdf(out: Path, script: str) -> bytes:
    options = RenderOptions(
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
    pdffacedata.forget_faces()
    first = _circular_pdf(tmp_path, script)  # every face read from its file
    kept = pdffacedata.kept_faces()
    assert 4 <= kept <= pdffacedata.FACES_KEPT  # the document's faces, not its subsets
    again = _circular_pdf(tmp_path, script)  # every face's bytes from the cache
    assert pdffacedata.kept_faces() == kept
    assert again == first


def test_the_oldest_faces_are_let_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdffacedata.forget_faces()
    first = _circular_pdf(tmp_path, "simplified")
    monkeypatch.setattr(pdffacedata, "FACES_KEPT", 2)
    pdffacedata.forget_faces()
    again = _circular_pdf(tmp_path, "simplified")
    assert pdffacedata.kept_faces() == 2
    assert again == first
    monkeypatch.undo()
    pdffacedata.forget_faces()
