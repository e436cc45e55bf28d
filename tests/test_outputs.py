"""Output files: written whole, and a file reportgen did not make is never replaced silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportgen.cli.app import app
from reportgen.writers.files import made_by_reportgen, write_atomically

runner = CliRunner()
STEM = "shaoxing-education-2021-circular"


def _render(out: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["render", "circular", "-f", "all", "-o", str(out), *extra])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ours")
    code, output = _render(out)
    assert code == 0, output
    return out


@pytest.mark.parametrize("extension", ["html", "docx", "pdf"])
def test_our_files_are_recognised(rendered: Path, extension: str) -> None:
    assert made_by_reportgen(rendered / f"{STEM}.{extension}")


@pytest.mark.parametrize("extension", ["html", "docx", "pdf"])
def test_other_files_are_not_ours(tmp_path: Path, extension: str) -> None:
    path = tmp_path / f"x.{extension}"
    path.write_bytes(b"%PDF-1.7\n/Creator (Word)\n" if extension == "pdf" else b"<html></html>")
    assert not made_by_reportgen(path)
    assert not made_by_reportgen(tmp_path / "missing.pdf")


def test_a_foreign_file_is_kept_and_nothing_is_written(tmp_path: Path) -> None:
    foreign = tmp_path / f"{STEM}.pdf"
    foreign.write_bytes(b"a secretary's own PDF")
    code, output = _render(tmp_path)
    assert code == 73
    assert f"{foreign}: exists and was not made by reportgen" in output
    assert "--force" in output
    assert foreign.read_bytes() == b"a secretary's own PDF"
    assert sorted(p.name for p in tmp_path.iterdir()) == [foreign.name]


def test_force_replaces_a_foreign_file(tmp_path: Path) -> None:
    foreign = tmp_path / f"{STEM}.html"
    foreign.write_text("<p>mine</p>", "utf-8")
    code, output = _render(tmp_path, "--force")
    assert code == 0, output
    assert made_by_reportgen(foreign)


def test_our_own_earlier_files_are_replaced_without_force(tmp_path: Path) -> None:
    assert _render(tmp_path)[0] == 0
    code, output = _render(tmp_path)
    assert code == 0, output
    assert len(list(tmp_path.iterdir())) == 3


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a.html"
    write_atomically(target, b"<html></html>")
    assert target.read_bytes() == b"<html></html>"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]


def test_batch_keeps_a_foreign_file_and_builds_the_rest(tmp_path: Path) -> None:
    foreign = tmp_path / f"{STEM}.html"
    foreign.write_text("<p>mine</p>", "utf-8")
    result = runner.invoke(app, ["batch", "-f", "html", "-o", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 1
    assert "not made by reportgen" in result.output
    assert foreign.read_text("utf-8") == "<p>mine</p>"
    assert (tmp_path / "shaoxing-education-2021-notice-2022.html").exists()
