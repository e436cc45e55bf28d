"""The command line: help for every command, JSON schemas, and the `show` tables."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cliprocess import run_reportgen
from reportgen.cli.app import app

runner = CliRunner()

PLAN_FILE_NAMES = ["document.yaml", "units.yaml", "plan.yaml", "targets.yaml", "schedule.yaml"]


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


def test_root_help_lists_every_command() -> None:
    code, output = invoke("--help")
    assert code == 0, output
    assert "Usage:" in output
    assert "reportgen" in output
    for command in ("validate", "schema", "show"):
        assert command in output


def test_no_arguments_shows_help() -> None:
    code, output = invoke()
    assert code == 2  # no_args_is_help: the help text, as a usage error
    assert "Usage:" in output
    assert "validate" in output


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("validate", ["--plan", "FILE:LINE:COL"]),
        ("schema", ["--output", "JSON Schema"]),
        ("show", ["--plan", "measures", "targets", "schedule", "units"]),
    ],
)
def test_command_help(command: str, expected: list[str]) -> None:
    code, output = invoke(command, "--help")
    assert code == 0, output
    assert f"reportgen {command}" in output or f"{command} [OPTIONS]" in output, output
    for word in expected:
        assert word in output, f"{word!r} missing from `{command} --help`:\n{output}"


def test_version() -> None:
    from reportgen import __version__

    code, output = invoke("--version")
    assert code == 0
    assert output.strip() == f"reportgen {__version__}"


def test_python_dash_m_help() -> None:
    done = run_reportgen("--help")
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout
    for command in ("validate", "schema", "show"):
        assert command in done.stdout
    assert "Traceback" not in done.stderr


def test_unknown_command_is_a_usage_error() -> None:
    code, output = invoke("frobnicate")
    assert code == 2
    assert "frobnicate" in output


# --- schema ------------------------------------------------------------------------------


def test_schema_prints_the_five_plan_files_progress_files_and_wording() -> None:
    code, output = invoke("schema")
    assert code == 0, output
    schemas = json.loads(output)
    assert sorted(schemas) == sorted([*PLAN_FILE_NAMES, "progress.yaml", "wording.yaml"])
    for name, body in schemas.items():
        assert body["type"] == "object", name
        assert body["$schema"].startswith("https://json-schema.org/")
        title = "progress/YEAR.yaml" if name == "progress.yaml" else name
        assert body["title"] == f"reportgen {title}"
    assert "parts" in schemas["plan.yaml"]["properties"]
    assert "projects" in schemas["schedule.yaml"]["properties"]
    assert "districts" in schemas["units.yaml"]["properties"]
    assert {"whole", "district_kind", "reporters", "addressees"} <= set(
        schemas["units.yaml"]["$defs"]["Area"]["properties"]
    )
    assert {"milestones", "targets", "narratives"} <= set(schemas["progress.yaml"]["properties"])
    assert {"common", "circular", "notice", "summary"} <= set(schemas["wording.yaml"]["properties"])


def test_schemas_accept_tokens_in_both_scripts() -> None:
    code, output = invoke("schema")
    assert code == 0, output
    schemas = json.loads(output)
    comparator = schemas["targets.yaml"]["$defs"]["Target"]["properties"]["comparator"]
    assert {"超過", "超过", "區間", "区间", "達到", "达到"} <= set(comparator["enum"])
    status = schemas["progress.yaml"]["$defs"]["MilestoneReport"]["properties"]["status"]
    assert set(status["enum"]) == {"達到", "达到", "基本達到", "基本达到", "未達到", "未达到"}


def test_schema_of_one_file() -> None:
    code, output = invoke("schema", "targets")
    assert code == 0, output
    body = json.loads(output)
    assert body["title"] == "reportgen targets.yaml"
    assert "targets" in body["properties"]


def test_schema_written_to_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    code, output = invoke("schema", "plan", "-o", str(out))
    assert code == 0, output
    written = out / "plan.schema.json"
    assert written.is_file()
    assert str(written) in output
    body = json.loads(written.read_text("utf-8"))
    assert body["title"] == "reportgen plan.yaml"
    assert {"title", "period", "preamble", "parts"} <= set(body["properties"])
    assert sorted(p.name for p in out.iterdir()) == ["plan.schema.json"]


def test_schema_all_written_to_a_folder(tmp_path: Path) -> None:
    code, output = invoke("schema", "-o", str(tmp_path))
    assert code == 0, output
    names = sorted(p.name for p in tmp_path.iterdir())
    expected = [*PLAN_FILE_NAMES, "progress.yaml", "wording.yaml"]
    assert names == sorted(n.replace(".yaml", ".schema.json") for n in expected)


def test_schema_unknown_name_is_a_usage_error() -> None:
    code, _ = invoke("schema", "nonsense")
    assert code == 2


# --- show --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("what", "expected"),
    [
        ("measures", ["指導思想", "（十八）", "加強評估督導", "市教育局、市人力社保局"]),
        ("targets", ["town-rate", "twinned-schools", "0.35", "[4, 6]"]),
        ("schedule", ["通過評估驗收", "全國義務教育優質均衡發展縣", "全市創建", "2025"]),
        ("units", ["市人力社保局", "紹興市人力資源和社會保障局", "各區、縣〔市〕政府", "新昌縣"]),
    ],
)
def test_show(what: str, expected: list[str]) -> None:
    code, output = invoke("show", what)
    assert code == 0, output
    for text in expected:
        assert text in output, f"{text!r} missing from `show {what}`:\n{output}"


def test_show_unknown_table_is_a_usage_error() -> None:
    code, _ = invoke("show", "everything")
    assert code == 2


def test_show_on_a_missing_plan_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    code, output = invoke("show", "units", "--plan", str(missing))
    assert code == 65
    assert output.startswith(f"{missing}:1:1: plan folder not found")


def test_fonts_lists_every_role_for_both_scripts() -> None:
    for script in ("traditional", "simplified"):
        result = runner.invoke(app, ["fonts", "--script", script])
        assert result.exit_code == 0, result.output
        for label in ("小標宋", "仿宋", "黑體", "楷體", "宋體"):
            assert label in result.output
    traditional = runner.invoke(app, ["fonts", "--script", "traditional"])
    assert "方正小标宋繁体" in traditional.output  # the DOCX names the first listed font
    assert "cwTeXFangSong" in traditional.output  # the PDF embeds the first that covers all


def test_fonts_by_default_in_the_plans_script_fangsong_is_fandolfang_alone() -> None:
    result = runner.invoke(app, ["fonts"])
    assert result.exit_code == 0, result.output
    assert "Fonts (simplified)" in result.output
    (row,) = [line for line in result.output.splitlines() if "(fangsong)" in line]
    cells = [cell.strip() for cell in row.split("│")[1:-1]]
    assert cells[1:4] == ["仿宋_GB2312", "FandolFang", "仿宋"]
    assert cells[-2:] == ["-", "-"]  # no fallbacks, nothing uncovered
    assert "warning" not in result.output
    strict = runner.invoke(app, ["fonts", "--strict-fonts"])
    assert strict.exit_code == 0, strict.output


# --- another office's plan: the terminal speaks its script; validate lists everything -------

COUNTY_PLAN = Path(__file__).parent / "fixtures" / "plans" / "yunxi-county-sanitation-2024"


@pytest.mark.parametrize("what", ["measures", "targets", "schedule", "units"])
def test_show_prints_a_simplified_plan_in_simplified_characters(what: str) -> None:
    code, output = invoke("show", what, "--plan", str(COUNTY_PLAN))
    assert code == 0, output
    for traditional in ("達到", "超過", "區間", "縣", "鄉", "號", "項"):
        assert traditional not in output, (traditional, output)
    if what == "targets":
        assert "达到95%" in output and "超过30个" in output and "2—4个" in output


def test_validate_and_warnings_speak_the_plans_script(tmp_path: Path) -> None:
    code, output = invoke("validate", "--plan", str(COUNTY_PLAN))
    assert code == 0, output
    assert "云政办发〔2024〕7号" in output and "號" not in output
    result = runner.invoke(
        app,
        ["render", "notice", "--year", "2026", "--plan", str(COUNTY_PLAN), "-o", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert "milestones due are 未报送" in result.output
    assert "未報送" not in result.output


def test_validate_lists_plan_and_progress_problems_in_one_run(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(COUNTY_PLAN, plan)
    targets = plan / "targets.yaml"
    targets.write_text(
        targets.read_text("utf-8").replace("comparator: 小于", "comparator: 少于"), "utf-8"
    )
    progress = plan / "progress" / "2025.yaml"
    progress.write_text(
        progress.read_text("utf-8").replace("status: 基本达到", "status: 差不多"), "utf-8"
    )
    code, output = invoke("validate", "--plan", str(plan))
    assert code == 65
    assert f"{targets}:43:17: targets[4].comparator: unknown comparator '少于'" in output
    assert f"{progress}:10:68: milestones[2].status: unknown status '差不多'" in output


def test_help_imports_no_heavy_library() -> None:
    """`reportgen --help` starts fast: no rich (plain help), pydantic, WeasyPrint or
    python-docx is imported for it."""
    code = (
        "import sys\n"
        "from reportgen.cli.app import app\n"
        "try:\n"
        "    app(['--help'], prog_name='reportgen')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'rich', 'pydantic', 'weasyprint', 'docx', 'fontTools', 'lxml'}\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "Usage: reportgen" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"
