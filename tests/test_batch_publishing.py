"""Batch runs of the publishing formats: PDF/A (with the data attached) and the web page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from reportgen.batch.manifest import MANIFEST_NAME
from reportgen.cli.app import app
from reportgen.publish.inspection import inspect_file
from reportgen.resources import DEFAULT_PLAN_NAME, default_plan_dir

runner = CliRunner()
P = DEFAULT_PLAN_NAME


def invoke(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    target = tmp_path / P
    shutil.copytree(default_plan_dir(), target)
    return target


def test_manifest_with_pdfa_web_and_attached_data(plan_dir: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "batch.yaml"
    manifest.write_text(
        f"plan: {plan_dir}\noutput: out\nformats: [pdfa, web]\nattach_data: true\njobs: 1\n"
        "documents:\n  - {kind: circular}\n  - {kind: notice, year: 2022}\n",
        "utf-8",
    )
    code, output = invoke("batch", "--manifest", manifest)
    assert code == 0, output
    assert "built 2, skipped 0, failed 0" in output
    out = tmp_path / "out"
    recorded = json.loads((out / MANIFEST_NAME).read_text("utf-8"))["documents"]
    assert sorted(recorded[f"{P}-notice-2022"]["outputs"]) == [
        f"{P}-notice-2022.pdfa.pdf",
        f"{P}-notice-2022.web.html",
    ]
    with pikepdf.open(out / f"{P}-notice-2022.pdfa.pdf") as pdf:
        meta = pdf.open_metadata(set_pikepdf_as_editor=False)
        assert meta.get("pdfaid:part") == "3"
        assert "plan-progress-2022.yaml" in pdf.attachments
    for path in out.glob(f"{P}-*.*"):
        assert inspect_file(path, plan_dir).matches, path.name

    code, output = invoke("batch", "--manifest", manifest)
    assert "built 0, skipped 2, failed 0" in output

    # Without attached data the PDF/A is a different file: the batch rebuilds it.
    manifest.write_text(manifest.read_text("utf-8").replace("attach_data: true\n", ""), "utf-8")
    code, output = invoke("batch", "--manifest", manifest)
    assert code == 0, output
    assert "built 2, skipped 0, failed 0" in output
    with pikepdf.open(out / f"{P}-notice-2022.pdfa.pdf") as pdf:
        assert pdf.open_metadata(set_pikepdf_as_editor=False).get("pdfaid:part") == "2"
        assert not pdf.attachments
