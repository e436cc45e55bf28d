"""Provenance: every output records what made it, and `reportgen inspect` reads it back.

The circular and a notice are built in every format from a copy of the default plan; each
file must name the generator, the plan folder and its inputs, and `inspect` must say it
matches — until a progress file the document read is edited, which it must then name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportgen import __version__
from reportgen.build import render_document
from reportgen.cli.app import app
from reportgen.core import FORMAT_ORDER, DocumentRequest, Options
from reportgen.publish.inspection import inspect_file, read_provenance
from reportgen.publish.provenance import FIELDS
from reportgen.resources import default_plan_dir

runner = CliRunner()

EVERY_FORMAT = FORMAT_ORDER
SUFFIXES = {".docx", ".pdf", ".html"}


def build(plan_dir: Path, output: Path, request: DocumentRequest) -> list[Path]:
    options = Options(plan_dir=plan_dir, output_dir=output, formats=EVERY_FORMAT)
    return render_document(request, options).outputs


@pytest.fixture(scope="module")
def plan_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("plans") / "city-plan"
    shutil.copytree(default_plan_dir(), target)
    return target


@pytest.fixture(scope="module")
def circular(plan_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return build(plan_dir, tmp_path_factory.mktemp("circular"), DocumentRequest("circular"))


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


def test_every_format_is_written(circular: list[Path]) -> None:
    names = sorted(path.name for path in circular)
    assert names == sorted(
        [
            "city-plan-circular.docx",
            "city-plan-circular.pdf",
            "city-plan-circular.html",
            "city-plan-circular.pdfa.pdf",
            "city-plan-circular.web.html",
        ]
    )


def test_each_output_records_generator_plan_and_inputs(circular: list[Path]) -> None:
    fingerprints = set()
    for path in circular:
        record = read_provenance(path)
        assert (record.generator, record.version, record.plan) == (
            "reportgen",
            __version__,
            "city-plan",
        ), path.name
        assert record.document == {"kind": "circular"}
        assert record.script == "simplified"  # the script the built-in plan is issued in
        assert record.sample is False
        assert "plan/document.yaml" in record.inputs
        assert "plan/schedule.yaml" in record.inputs
        assert any(name.startswith("templates/") for name in record.inputs)
        assert not any(name.startswith("plan/progress/") for name in record.inputs)
        # Nothing of the machine: no program or font hashes.
        assert "fonts" not in record.inputs and "program" not in record.inputs
        assert all(len(digest) == 64 for digest in record.inputs.values())
        fingerprints.add(record.fingerprint)
    assert len(fingerprints) == 1, "every format of one document records the same inputs"


def test_a_fresh_output_matches(circular: list[Path], plan_dir: Path) -> None:
    for path in circular:
        code, output = invoke("inspect", str(path), "--plan", str(plan_dir))
        assert code == 0, output
        assert f"{path}: matches the current inputs" in output


def test_the_same_inputs_give_the_same_bytes_anywhere(
    circular: list[Path], plan_dir: Path, tmp_path: Path
) -> None:
    """Built again from a copy of the plan in another place: byte for byte the same files
    (provenance names the plan folder, not its path, and holds no time or machine facts)."""
    elsewhere = tmp_path / "other" / plan_dir.name
    shutil.copytree(plan_dir, elsewhere)
    again = build(elsewhere, tmp_path / "out", DocumentRequest("circular"))
    for first, second in zip(sorted(circular), sorted(again), strict=True):
        assert first.name == second.name
        assert first.read_bytes() == second.read_bytes(), first.name


def test_an_edited_progress_file_is_named(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(default_plan_dir(), plan)
    outputs = build(plan, tmp_path / "out", DocumentRequest("notice", year=2022))
    for path in outputs:
        record = read_provenance(path)
        assert record.sample is True, "the 2022 progress file is sample data"
        assert {"plan/progress/2021.yaml", "plan/progress/2022.yaml"} <= set(record.inputs)
        assert "plan/progress/2023.yaml" not in record.inputs
        assert inspect_file(path, plan).matches

    # A later year's file is no input of the 2022 notice: still a match.
    later = plan / "progress" / "2023.yaml"
    later.write_text(later.read_text("utf-8") + "# checked\n", "utf-8")
    assert all(inspect_file(path, plan).matches for path in outputs)

    progress = plan / "progress" / "2022.yaml"
    progress.write_text(progress.read_text("utf-8") + "# corrected\n", "utf-8")
    for path in outputs:
        found = inspect_file(path, plan)
        assert not found.matches
        assert found.changed == ["plan/progress/2022.yaml"]
        assert (found.new, found.gone) == ([], [])
        code, output = invoke("inspect", str(path), "--plan", str(plan))
        assert code == 1, output
        assert "does not match the current inputs" in output
        assert "input changed: plan/progress/2022.yaml" in output


def test_another_plan_folder_is_noted(circular: list[Path]) -> None:
    """Compared with the built-in plan (same content, another folder name): a note, and
    the inputs still match since the files are the same."""
    found = inspect_file(circular[0], default_plan_dir())
    assert found.matches
    assert any("city-plan" in note for note in found.notes)


def test_a_file_without_provenance_is_a_clear_error(tmp_path: Path) -> None:
    stray = tmp_path / "letter.html"
    stray.write_text("<!DOCTYPE html><html><head><title>x</title></head></html>", "utf-8")
    code, output = invoke("inspect", str(stray))
    assert code == 65
    assert f"{stray}:1:1: no readable reportgen provenance" in output
    code, output = invoke("inspect", str(tmp_path / "missing.pdf"))
    assert code == 65
    assert "cannot read" in output


def test_a_tampered_record_is_refused(circular: list[Path], tmp_path: Path) -> None:
    page = next(path for path in circular if path.name.endswith(".web.html"))
    text = page.read_text("utf-8")
    record = read_provenance(page)
    digest = record.inputs["plan/document.yaml"]
    tampered = tmp_path / page.name
    tampered.write_text(text.replace(digest, "0" * 64), "utf-8")
    code, output = invoke("inspect", str(tampered))
    assert code == 65
    assert "inputs-sha256 does not match" in output


def test_every_field_is_in_every_format(circular: list[Path]) -> None:
    """Read back with the format's own reader, each file holds all fields."""
    from reportgen.publish.inspection import pdf_provenance
    from reportgen.writers.docx.provenance import read_docx_provenance
    from reportgen.writers.web import read_html_provenance

    for path in circular:
        data = path.read_bytes()
        if path.suffix == ".pdf":
            found = pdf_provenance(data)
        elif path.suffix == ".docx":
            found = read_docx_provenance(data)
        else:
            found = read_html_provenance(data.decode("utf-8"))
        assert list(found) == list(FIELDS), path.name
