"""The public API: `import reportgen` stays light, and the README's example runs as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_example() -> str:
    """The Python block of the README's *Public API* section."""
    section = (ROOT / "README.md").read_text("utf-8").split("## Public API", 1)[1]
    match = re.search(r"```python\n(.*?)```", section.split("\n## ", 1)[0], re.S)
    assert match is not None, "the Public API section has no Python example"
    return match.group(1)


def test_import_reportgen_loads_no_stage() -> None:
    code = "import sys, reportgen; print(sorted(m for m in sys.modules if 'reportgen' in m))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['reportgen']"


def test_the_readme_example_runs(tmp_path: Path) -> None:
    (tmp_path / "plan_data").symlink_to(ROOT / "plan_data")
    script = tmp_path / "example.py"
    script.write_text(readme_example(), "utf-8")
    result = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "2021 2025" in lines[0]
    assert "shaoxing-education-2021-notice-2022.pdf" in lines[1]
    assert lines[2].startswith("built 2, skipped 0, failed 0")
    assert "shaoxing-education-2021-reminder-2023" in lines[2]
    assert (tmp_path / "output" / "shaoxing-education-2021-reminder-2022.docx").is_file()
