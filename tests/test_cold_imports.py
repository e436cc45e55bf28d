"""A command imports only what its formats need: the cold start pays for nothing else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _modules_after(arguments: list[str]) -> set[str]:
    """The top-level modules a fresh `reportgen ARGUMENTS` has imported when it ends."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('MODULES', ' '.join(sorted(sys.modules))))\n"
        "from reportgen.cli.app import app\n"
        f"app({arguments!r}, prog_name='reportgen')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("MODULES ")]
    return set(line.split()[1:])


def test_a_pdf_needs_no_python_docx(tmp_path: Path) -> None:
    modules = _modules_after(["render", "circular", "--format", "pdf", "-o", str(tmp_path)])
    assert (tmp_path / "shaoxing-education-2021-circular.pdf").is_file()
    assert "weasyprint" in modules
    assert "docx" not in modules
    assert "reportgen.writers.docx.writer" not in modules


def test_a_docx_needs_no_weasyprint(tmp_path: Path) -> None:
    modules = _modules_after(["render", "circular", "--format", "docx", "-o", str(tmp_path)])
    assert (tmp_path / "shaoxing-education-2021-circular.docx").is_file()
    assert "docx" in modules
    assert "weasyprint" not in modules
