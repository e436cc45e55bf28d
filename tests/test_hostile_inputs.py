"""Hostile input files: every one is refused with a located data error, nothing is written.

The corpus lives in `tests/hostile/` (one small file per damage, named by what it tests) and
`tests/hostile/cases.yaml` says, for each, which file of a plan folder it replaces (or that it
is passed as `--profile`), the exit code, the line of the error and a fragment of its message.
Each case copies the default plan, drops the file in, runs the command line on it and checks:
the exit code, a `FILE:LINE:COL:` problem naming the dropped file at that line, no traceback,
no output file, and that no tag ever ran a command (the marker file stays absent).

Below the corpus: cases generated into tmp (too big to commit, or not plain files: an
over-size file, a 50 001-node list, /dev/zero, a directory, a FIFO), and output-path safety.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cliprocess import run_reportgen
from reportgen.cli.app import app
from reportgen.resources import default_plan_dir
from reportgen.source.yamlsource import MAX_FILE_BYTES, MAX_NODES, MAX_STRING_CHARS

runner = CliRunner()

HOSTILE = Path(__file__).parent / "hostile"
MARKER = "hostile-marker.txt"
"""The file the corpus's command-running tags would create in the working directory."""
PROBLEM_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<rest>.*)$")
DEFAULT_YEAR = 2021
"""The notice and summary rendered for a progress file."""


@dataclass(frozen=True)
class HostileCase:
    """One entry of cases.yaml."""

    file: str
    replaces: str
    exit: int
    line: int | None
    message: str
    path: str | None = None
    column: int | None = None
    year: int | None = None
    marker: bool = False
    subprocess: bool = False

    @property
    def kind(self) -> str:
        if self.replaces in ("--profile", "--manifest"):
            return self.replaces.removeprefix("--")
        return "progress" if self.replaces.startswith("progress/") else "plan"

    def prepare(self, tmp_path: Path) -> tuple[Path, Path]:
        """A copy of the default plan with the case's file in place: (plan folder, the file)."""
        plan_dir = tmp_path / "plan"
        shutil.copytree(default_plan_dir(), plan_dir)
        if self.kind in ("profile", "manifest"):
            target = tmp_path / self.kind / Path(self.file).name
            target.parent.mkdir()
        else:
            target = plan_dir / self.replaces
        shutil.copyfile(HOSTILE / self.file, target)
        return plan_dir, target

    def commands(self, plan_dir: Path, target: Path, out: Path) -> list[list[str]]:
        """The commands that must all refuse the file: the first is run as a subprocess too."""
        render = ["-f", "html", "-o", str(out), "--plan", str(plan_dir)]
        if self.kind == "profile":
            return [["render", "circular", *render, "--profile", str(target)]]
        if self.kind == "manifest":
            return [["batch", "--manifest", str(target), *render]]
        if self.kind == "progress":
            year = str(self.year or DEFAULT_YEAR)
            return [
                ["render", "notice", "--year", year, *render],
                ["render", "summary", "--unit", "edu", "--year", year, *render],
            ]
        return [["validate", "--plan", str(plan_dir)], ["render", "circular", *render]]


def load_cases() -> list[HostileCase]:
    entries = yaml.safe_load((HOSTILE / "cases.yaml").read_text("utf-8"))
    return [HostileCase(**entry) for entry in entries]


CASES = load_cases()


def problem_lines(output: str) -> list[dict[str, str]]:
    return [m.groupdict() for line in output.splitlines() if (m := PROBLEM_LINE.match(line))]


def check_refusal(case: HostileCase, target: Path, exit_code: int, output: str) -> None:
    shown = f"\n--- output ---\n{output}"
    assert "Traceback" not in output, shown
    assert exit_code == case.exit, f"exit {exit_code}, expected {case.exit}{shown}"
    problems = problem_lines(output)
    if case.line is None:  # a usage error: a message, no located problem
        assert not problems, shown
        assert case.message in output, shown
        return
    assert problems, f"no FILE:LINE:COL: lines{shown}"
    assert len(problems) == len(output.strip().splitlines()), f"stray output{shown}"
    assert all(p["file"] == str(target) for p in problems), f"other files blamed{shown}"
    assert all(int(p["line"]) >= 1 and int(p["column"]) >= 1 for p in problems), shown
    at_line = [p for p in problems if int(p["line"]) == case.line and case.message in p["rest"]]
    assert at_line, f"nothing at line {case.line} saying {case.message!r}{shown}"
    if case.path is not None:
        assert any(p["rest"].startswith(case.path) for p in at_line), f"{case.path}{shown}"
    if case.column is not None:
        assert any(int(p["column"]) == case.column for p in at_line), f"col {case.column}{shown}"


def assert_nothing_written(out: Path) -> None:
    assert not out.exists() or not any(out.iterdir()), sorted(out.iterdir())


def invoke(args: Sequence[str]) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


def run_installed(
    args: Sequence[str], cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return run_reportgen(*args, cwd=cwd, timeout=timeout)


# --- the corpus --------------------------------------------------------------------------


def test_the_corpus_and_its_table_agree() -> None:
    not_cases = {"cases.yaml", ".gitattributes"}
    files = {str(p.relative_to(HOSTILE)) for p in HOSTILE.rglob("*") if p.is_file()} - not_cases
    named = [c.file for c in CASES]
    assert len(named) == len(set(named)), "a file is listed twice"
    assert set(named) == files, set(named) ^ files
    assert len(files) >= 50
    kinds = {
        kind: sum(c.kind == kind for c in CASES)
        for kind in ("plan", "progress", "profile", "manifest")
    }
    assert min(kinds.values()) >= 15, kinds
    assert {c.exit for c in CASES} == {2, 65}
    assert sum(c.subprocess for c in CASES) >= 5
    assert all(MARKER in (HOSTILE / c.file).read_text("utf-8") for c in CASES if c.marker)
    assert sum(c.marker for c in CASES) >= 4
    assert all(len((HOSTILE / c.file).read_bytes()) <= 8192 for c in CASES), "keep files small"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_hostile_file_is_refused(
    case: HostileCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_dir, target = case.prepare(tmp_path)
    out = tmp_path / "out"
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)  # where a command-running tag would leave its marker
    for args in case.commands(plan_dir, target, out):
        started = time.monotonic()
        exit_code, output = invoke(args)
        elapsed = time.monotonic() - started
        check_refusal(case, target, exit_code, output)
        assert elapsed < 10, f"{args[0]} took {elapsed:.1f}s"
    assert_nothing_written(out)
    assert not (work / MARKER).exists(), "a YAML tag ran a command"
    assert not any(tmp_path.rglob(MARKER))


@pytest.mark.parametrize("case", [c for c in CASES if c.subprocess], ids=lambda c: c.file)
def test_hostile_file_is_refused_by_the_installed_command(
    case: HostileCase, tmp_path: Path
) -> None:
    plan_dir, target = case.prepare(tmp_path)
    out = tmp_path / "out"
    work = tmp_path / "cwd"
    work.mkdir()
    args = case.commands(plan_dir, target, out)[-1]  # the render: it must write nothing
    done = run_installed(args, cwd=work)
    assert done.stdout == "", "problems go to stderr, nothing to stdout"
    check_refusal(case, target, done.returncode, done.stderr)
    assert_nothing_written(out)
    assert not any(tmp_path.rglob(MARKER)), "a YAML tag ran a command"


# --- generated cases: too big to commit, or not plain files -------------------------------


def damaged_plan(tmp_path: Path) -> tuple[Path, Path]:
    plan_dir = tmp_path / "plan"
    shutil.copytree(default_plan_dir(), plan_dir)
    return plan_dir, tmp_path / "out"


def refuse_everywhere(plan_dir: Path, out: Path) -> list[dict[str, str]]:
    """Run validate and render on `plan_dir`; both must fail with 65; return the problems."""
    problems: list[dict[str, str]] = []
    for args in (
        ["validate", "--plan", str(plan_dir)],
        ["render", "circular", "-f", "html", "-o", str(out), "--plan", str(plan_dir)],
    ):
        exit_code, output = invoke(args)
        assert exit_code == 65, output[-2000:]
        assert "Traceback" not in output
        problems = problem_lines(output)
        assert problems, output[-2000:]
        assert all(int(p["line"]) >= 1 and int(p["column"]) >= 1 for p in problems)
    assert_nothing_written(out)
    return problems


def test_a_file_one_byte_over_the_size_limit(tmp_path: Path) -> None:
    plan_dir, out = damaged_plan(tmp_path)
    target = plan_dir / "document.yaml"
    text = target.read_bytes()
    target.write_bytes(text + b"#" * (MAX_FILE_BYTES + 1 - len(text) - 1) + b"\n")
    assert target.stat().st_size == MAX_FILE_BYTES + 1
    [problem] = refuse_everywhere(plan_dir, out)
    assert problem["file"] == str(target)
    assert (problem["line"], problem["column"]) == ("1", "1")
    assert f"the limit is {MAX_FILE_BYTES} bytes" in problem["rest"]


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    plan_dir, _ = damaged_plan(tmp_path)
    target = plan_dir / "document.yaml"
    text = target.read_bytes()
    target.write_bytes(text + b"#" * (MAX_FILE_BYTES - len(text) - 1) + b"\n")
    assert target.stat().st_size == MAX_FILE_BYTES
    started = time.monotonic()
    exit_code, output = invoke(["validate", "--plan", str(plan_dir)])
    assert exit_code == 0, output
    assert time.monotonic() - started < 5


def test_an_extremely_long_value_with_an_error_at_its_end(tmp_path: Path) -> None:
    """A 900 000-character line, its closing quote missing: located fast, message short."""
    plan_dir, out = damaged_plan(tmp_path)
    target = plan_dir / "document.yaml"
    text = target.read_text("utf-8")
    line = text[: text.index("kind: 通知")].count("\n") + 1
    target.write_text(text.replace("kind: 通知", 'kind: "' + "通" * 300_000, 1), "utf-8")
    started = time.monotonic()
    problems = refuse_everywhere(plan_dir, out)
    assert time.monotonic() - started < 10
    assert any(int(p["line"]) == line and "quoted value" in p["rest"] for p in problems)
    assert all(len(p["rest"]) < 300 for p in problems), "the value is not repeated"


def test_an_extremely_long_valid_title_is_accepted(tmp_path: Path) -> None:
    """No limit on one string besides the file's size: 300 000 characters validate and render."""
    plan_dir, out = damaged_plan(tmp_path)
    target = plan_dir / "document.yaml"
    text = target.read_text("utf-8")
    start = text.index("title_lines:")
    end = text.index("addressee:")
    long_title = "紹興" * 150_000
    target.write_text(
        re.sub(r"(?m)^title: .*$", f"title: {long_title}", text[:start] + text[end:]), "utf-8"
    )
    exit_code, output = invoke(["validate", "--plan", str(plan_dir)])
    assert exit_code == 0, output[-2000:]
    exit_code, output = invoke(
        ["render", "circular", "-f", "html", "-o", str(out), "--plan", str(plan_dir)]
    )
    assert exit_code == 0, output[-2000:]
    # Issued in simplified characters, as the plan says.
    assert "绍兴" * 150_000 in next(out.glob("*.html")).read_text("utf-8")


def test_a_flat_list_past_the_node_limit_is_refused_quickly(tmp_path: Path) -> None:
    plan_dir, out = damaged_plan(tmp_path)
    target = plan_dir / "targets.yaml"
    items = "\n".join("  - 1" for _ in range(MAX_NODES + 10))
    target.write_text(f"padding:\n{items}\ntargets: []\n", "utf-8")
    started = time.monotonic()
    problems = refuse_everywhere(plan_dir, out)
    assert time.monotonic() - started < 10
    assert any(f"more than {MAX_NODES} nodes in one file" in p["rest"] for p in problems)


def test_a_directory_in_place_of_a_plan_file(tmp_path: Path) -> None:
    plan_dir, out = damaged_plan(tmp_path)
    (plan_dir / "units.yaml").unlink()
    (plan_dir / "units.yaml").mkdir()
    problems = refuse_everywhere(plan_dir, out)
    assert any("is a directory" in p["rest"] for p in problems)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_plan_file_linked_to_dev_zero_is_refused_by_validate(tmp_path: Path) -> None:
    plan_dir, _ = damaged_plan(tmp_path)
    (plan_dir / "units.yaml").unlink()
    (plan_dir / "units.yaml").symlink_to("/dev/zero")
    exit_code, output = invoke(["validate", "--plan", str(plan_dir)])
    assert exit_code == 65, output
    assert f"{plan_dir / 'units.yaml'}:1:1: is not a regular file" in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_plan_file_that_is_a_named_pipe_is_refused_by_validate(tmp_path: Path) -> None:
    plan_dir, _ = damaged_plan(tmp_path)
    (plan_dir / "schedule.yaml").unlink()
    os.mkfifo(plan_dir / "schedule.yaml")
    done = run_installed(["validate", "--plan", str(plan_dir)], cwd=tmp_path, timeout=30)
    assert done.returncode == 65, done.stderr
    assert "is not a regular file" in done.stderr


def _limit_memory() -> None:  # runs in the child before exec
    limit = 768 * 1024**2
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_plan_file_linked_to_dev_zero_is_refused_by_render(tmp_path: Path) -> None:
    plan_dir, out = damaged_plan(tmp_path)
    (plan_dir / "units.yaml").unlink()
    (plan_dir / "units.yaml").symlink_to("/dev/zero")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    args = ["render", "circular", "-f", "html", "-o", str(out), "--plan", str(plan_dir)]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "reportgen", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=20,
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("render did not finish")
    assert done.returncode == 65, done.stderr[-2000:]
    assert "is not a regular file" in done.stderr
    assert_nothing_written(out)


# --- output paths: names built from data stay inside -o DIR --------------------------------


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_a_plan_folder_named_with_spaces_and_dots_writes_inside_the_output(tmp_path: Path) -> None:
    plan_dir = tmp_path / "my plan v1.2 (draft)"
    shutil.copytree(default_plan_dir(), plan_dir)
    out = tmp_path / "out dir"
    before = files_under(tmp_path)
    exit_code, output = invoke(
        ["render", "circular", "-f", "html", "-o", str(out), "--plan", str(plan_dir)]
    )
    assert exit_code == 0, output
    written = files_under(tmp_path) - before
    assert written == {out / "my plan v1.2 (draft)-circular.html"}


@pytest.mark.parametrize("plan_arg", [".", "..", "./"], ids=["dot", "dot-dot", "dot-slash"])
def test_a_relative_plan_folder_writes_inside_the_output(
    plan_arg: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--plan .` or `..` : the folder's name is empty or `..`, the file still lands in -o."""
    plan_dir = tmp_path / "a" / "plan"
    shutil.copytree(default_plan_dir(), plan_dir)
    monkeypatch.chdir(plan_dir if plan_arg != ".." else plan_dir / "progress")
    out = tmp_path / "out"
    before = files_under(tmp_path)
    exit_code, output = invoke(
        ["render", "circular", "-f", "html", "-o", str(out), "--plan", plan_arg]
    )
    assert exit_code == 0, output
    written = files_under(tmp_path) - before
    assert len(written) == 1, written
    assert next(iter(written)).parent == out


def test_a_unit_id_with_dot_dot_is_refused_with_its_location(tmp_path: Path) -> None:
    plan_dir, out = damaged_plan(tmp_path)
    units = plan_dir / "units.yaml"
    text = units.read_text("utf-8")
    line = text[: text.index("{id: fao,")].count("\n") + 1
    units.write_text(text.replace("{id: fao,", "{id: ../x,", 1), "utf-8")
    exit_code, output = invoke(
        [
            "render",
            "summary",
            "--unit",
            "../x",
            "--year",
            "2021",
            "-f",
            "html",
            "-o",
            str(out),
            "--plan",
            str(plan_dir),
        ]
    )
    assert exit_code == 65, output
    assert f"{units}:{line}:" in output
    assert "should match pattern" in output
    assert_nothing_written(out)
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("unit", ["../../etc", "/etc/passwd", "edu/../../x", "..", ""])
def test_a_unit_option_that_is_a_path_is_a_usage_error(unit: str, tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    before = files_under(tmp_path)
    exit_code, output = invoke(
        ["render", "summary", "--unit", unit, "--year", "2021", "-f", "html", "-o", str(out)]
    )
    assert exit_code == 2, output
    assert f"unknown unit {unit!r}" in output
    assert files_under(tmp_path) == before


def test_a_unit_named_like_a_path_writes_under_its_id(tmp_path: Path) -> None:
    """Names are free text; a summary found by a name like ../../x is still filed by its id."""
    plan_dir, out = damaged_plan(tmp_path)
    units = plan_dir / "units.yaml"
    text = units.read_text("utf-8")
    units.write_text(text.replace("name: 市外辦}", "name: ../../x}", 1), "utf-8")
    out = tmp_path / "a" / "b" / "out"
    before = files_under(tmp_path)
    exit_code, output = invoke(
        [
            "render",
            "summary",
            "--unit",
            "../../x",
            "--year",
            "2021",
            "-f",
            "html",
            "-o",
            str(out),
            "--plan",
            str(plan_dir),
        ]
    )
    assert exit_code == 0, output
    assert files_under(tmp_path) - before == {out / "plan-summary-2021-fao.html"}


def test_year_outside_the_plan_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    exit_code, output = invoke(["render", "notice", "--year", "-1", "-f", "html", "-o", str(out)])
    assert exit_code == 2, output
    assert "outside the plan period" in output
    assert_nothing_written(out)


def test_batch_accepts_a_plan_folder_name_with_a_dot(tmp_path: Path) -> None:
    plan_dir = tmp_path / "plan-v1.2"
    shutil.copytree(default_plan_dir(), plan_dir)
    out = tmp_path / "out"
    exit_code, output = invoke(
        ["batch", "--plan", str(plan_dir), "-o", str(out), "-f", "html", "--dry-run"]
    )
    assert exit_code == 0, output
    assert "plan-v1.2-circular" in output


# --- figures: printed exactly as the data writes them --------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def _notice_html(plan_dir: Path, out: Path) -> str:
    """The 2021 notice's HTML in traditional characters, the script the plan's data is in."""
    exit_code, output = invoke(
        [
            "render",
            "notice",
            "--year",
            "2021",
            "--script",
            "traditional",
            "-f",
            "html",
            "-o",
            str(out),
            "--plan",
            str(plan_dir),
        ]
    )
    assert exit_code == 0, output[-2000:]
    return next(out.glob("*.html")).read_text("utf-8")


def test_large_and_precise_figures_print_as_written(tmp_path: Path) -> None:
    """1500000, 1234567 and 12345.678 print in full, not as 1.5e+06, 1.23457e+06, 12345.7."""
    plan_dir, out = damaged_plan(tmp_path)
    targets, progress = plan_dir / "targets.yaml", plan_dir / "progress" / "2021.yaml"
    _edit(targets, "value: 200\n", "value: 1500000\n")
    _edit(
        progress,
        "{target: twinned-schools, value: 150,",
        "{target: twinned-schools, value: 1234567,",
    )
    _edit(
        progress,
        "dual-qualified-teachers, value: 88.5,",
        "dual-qualified-teachers, value: 12345.678,",
    )
    _edit(
        progress,
        "balance-primary, district: keqiao, value: 0.31,",
        "balance-primary, district: keqiao, value: 0.310,",
    )
    html = _notice_html(plan_dir, out)
    for written in ("超過1500000所", "1234567所", "12345.678%", "0.310"):
        assert written in html, written
    assert not re.search(r"\de[+-]\d", html), "a figure in scientific notation"


def test_an_exponent_in_the_data_is_spelled_out(tmp_path: Path) -> None:
    plan_dir, out = damaged_plan(tmp_path)
    _edit(plan_dir / "targets.yaml", "value: 200\n", "value: 1.5e6\n")
    html = _notice_html(plan_dir, out)
    assert "超過1500000所" in html


def test_digits_are_grouped_only_where_the_plan_groups_them(tmp_path: Path) -> None:
    plan_dir, out = damaged_plan(tmp_path)
    _edit(plan_dir / "plan.yaml", "學校超過200所", "學校超過1,500,000所")
    _edit(plan_dir / "targets.yaml", "學校超過200所", "學校超過1,500,000所")
    _edit(plan_dir / "targets.yaml", "value: 200\n", "value: 1500000\n")
    _edit(
        plan_dir / "progress" / "2021.yaml",
        "{target: twinned-schools, value: 150,",
        "{target: twinned-schools, value: 1234567,",
    )
    html = _notice_html(plan_dir, out)
    assert "超過1,500,000所" in html
    assert "1,234,567所" in html
    assert "12345" not in html.replace("1,234,567", "")  # no other figure is grouped or not
    assert "0.31" in html, "figures of targets written without grouping stay ungrouped"


# --- aliases: the text they expand to is budgeted while loading ----------------------------


def test_a_long_anchor_repeated_by_45000_aliases_is_refused_at_the_alias(tmp_path: Path) -> None:
    """~900 kB of document.yaml expanding to 9 GB of text: refused in seconds, at the alias."""
    plan_dir, out = damaged_plan(tmp_path)
    target = plan_dir / "document.yaml"
    anchor = "長" * 200_000
    aliases = ",".join(["*big"] * 45_000)
    original = target.read_text("utf-8")
    target.write_text(f"big: &big {anchor}\nmore: [{aliases}]\n" + original, "utf-8")
    assert target.stat().st_size < MAX_FILE_BYTES
    started = time.monotonic()
    problems = refuse_everywhere(plan_dir, out)
    assert time.monotonic() - started < 10
    assert any(
        p["line"] == "2" and "repeating the alias *big takes the file's text past" in p["rest"]
        for p in problems
    ), problems


def test_aliases_that_would_make_a_huge_document_are_refused(tmp_path: Path) -> None:
    """2 000 aliases of a 150 000-character body paragraph: the document would be 600 MB."""
    plan_dir, out = damaged_plan(tmp_path)
    target = plan_dir / "document.yaml"
    text = target.read_text("utf-8")
    paragraph = "推進" * 75_000
    body = "body:\n  - &p " + paragraph + "\n" + "".join("  - *p\n" for _ in range(2_000))
    start = text.index("body:")
    end = text.index("\n", text.index("  - ", start))
    target.write_text(text[:start] + body + text[end + 1 :], "utf-8")
    problems = refuse_everywhere(plan_dir, out)
    assert any("repeating the alias *p takes" in p["rest"] for p in problems), problems


def test_a_value_past_the_string_limit_is_refused(tmp_path: Path) -> None:
    plan_dir, out = damaged_plan(tmp_path)
    target = plan_dir / "document.yaml"
    text = target.read_text("utf-8")
    target.write_text(re.sub(r"(?m)^title: .*$", "title: " + "x" * (MAX_STRING_CHARS + 1), text))
    problems = refuse_everywhere(plan_dir, out)
    assert any(f"the limit is {MAX_STRING_CHARS}" in p["rest"] for p in problems), problems


# --- no silent loss: every format holds the HTML's text -------------------------------------


def test_a_docx_of_more_than_10_mb_of_text_keeps_all_of_it() -> None:
    """libxml2's HTML parser stops quietly at 10 MB unless told otherwise."""
    from reportgen.layout.profile import load_profile
    from reportgen.writers.docx.writer import render_docx
    from reportgen.writers.textcheck import docx_text, html_text

    paragraph = "推進教育現代化" * 100_000  # 700 000 characters, 2.1 MB of UTF-8
    body = "".join(f'<p class="gw-para">{i}{paragraph}</p>' for i in range(6))
    body += '<p class="gw-para">末段</p>'
    html = f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>"
    assert len(html.encode("utf-8")) > 12_000_000
    rendered = render_docx(html, load_profile(None), script="traditional")
    written = docx_text(bytes(rendered.data))
    assert written.endswith("末段")
    assert written == html_text(html)


def _render(plan_dir: Path, out: Path, *formats: str) -> tuple[int, str]:
    args = ["render", "circular", "-o", str(out), "--plan", str(plan_dir)]
    for fmt in formats:
        args += ["-f", fmt]
    return invoke(args)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_writer_that_loses_text_fails_the_document(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer dropping the last paragraph: exit 70, the loss named, no file written."""
    plan_dir, out = damaged_plan(tmp_path)
    if fmt == "docx":
        import reportgen.writers.docx.writer

        real = reportgen.writers.docx.writer.build_docx

        def lossy_docx(html: str, *args: object, **kwargs: object) -> object:
            cut = html.rindex('<p class="gw-para">')
            return real(html[:cut] + "</body></html>", *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(reportgen.writers.docx.writer, "build_docx", lossy_docx)
    else:
        import reportgen.writers.pdf.writer

        real_lay_out = reportgen.writers.pdf.writer.lay_out

        def lossy_lay_out(html: str, *args: object, **kwargs: object) -> object:
            cut = html.rindex('<p class="gw-para">')
            return real_lay_out(html[:cut] + "</body></html>", *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(reportgen.writers.pdf.writer, "lay_out", lossy_lay_out)
    exit_code, output = _render(plan_dir, out, fmt)
    assert exit_code == 70, output
    assert f"the {fmt.upper()} does not hold the document's text" in output
    assert "characters missing" in output
    assert "Traceback" not in output
    assert_nothing_written(out)


LONG_RUNS = {
    "url": "https://example.org/get?token=" + "0123456789abcdef" * 16,
    "latin": "Pneumonoultramicroscopicsilicovolcanoconiosis" * 6,
    "digits": "1234567890" * 30,
}


@pytest.mark.parametrize("kind", sorted(LONG_RUNS))
def test_a_long_unbreakable_run_wraps_inside_the_type_area(kind: str, tmp_path: Path) -> None:
    """A long URL, word or number in a paragraph: every character on the page, in order."""
    import pdfplumber

    from reportgen.layout.profile import load_profile

    plan_dir, out = damaged_plan(tmp_path)
    run = LONG_RUNS[kind]
    _edit(plan_dir / "document.yaml", "已經市政府同意，", f"已經市政府同意（見{run}），")
    exit_code, output = _render(plan_dir, out, "pdf", "docx", "html")
    assert exit_code == 0, output[-3000:]
    profile = load_profile(None)
    with pdfplumber.open(next(out.glob("*.pdf"))) as pdf:
        portrait = [p for p in pdf.pages if p.width < p.height]  # the body's pages
        right = portrait[0].width - profile.margins.right_mm / 25.4 * 72
        bottom = portrait[0].height - profile.margins.bottom_mm / 25.4 * 72  # not page numbers
        chars = [c for p in portrait for c in p.chars if c["bottom"] <= bottom]
        assert all(c["x1"] <= right + 1 for c in chars), "a character past the right margin"
        text = "".join(c["text"] for c in chars)
    assert run in text


# --- templates that fail while rendering ---------------------------------------------------

FAULTY_TEMPLATES = {
    "division-by-zero": ("{{ 1 / 0 }}", "ZeroDivisionError"),
    "recursive-macro": (
        "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
        "nest too deeply",
    ),
    "self-include": ('{% include "circular.html.j2" %}', "nest too deeply"),
    "index-error": ("{{ [].pop() }}", "IndexError"),
    "format-type-error": ('{{ "%d" % "x" }}', "TypeError"),
    "bad-filter-argument": ('{{ "abc" | truncate("x") }}', "the template failed"),
}


def _faulty_templates(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "circular.html.j2").write_text(f"<html><body>\n\n{body}\n</body></html>\n", "utf-8")
    return folder


@pytest.mark.parametrize("name", sorted(FAULTY_TEMPLATES))
def test_a_template_failing_at_runtime_is_a_template_error(name: str, tmp_path: Path) -> None:
    body, message = FAULTY_TEMPLATES[name]
    folder = _faulty_templates(tmp_path, body)
    out = tmp_path / "out"
    exit_code, output = invoke(
        ["render", "circular", "-f", "html", "-o", str(out), "--templates", str(folder)]
    )
    assert exit_code == 70, output
    assert "Traceback" not in output
    assert message in output
    assert str(folder / "circular.html.j2") in output, "the template is named"
    assert_nothing_written(out)


def test_batch_reports_a_failing_template_as_a_template_problem(tmp_path: Path) -> None:
    folder = _faulty_templates(tmp_path, "{{ 1 / 0 }}")
    out = tmp_path / "out"
    exit_code, output = invoke(
        ["batch", "-f", "html", "-o", str(out), "--templates", str(folder), "--years", "2021"]
    )
    assert exit_code == 1, output
    assert "ZeroDivisionError" in output
    assert "unexpected error" not in output
    assert not list(out.glob("*circular*.html"))


# --- permissions of what is written ---------------------------------------------------------


def _batch_under_umask(mask: int, out: Path) -> dict[str, str]:
    previous = os.umask(mask)
    try:
        exit_code, output = invoke(
            ["batch", "-f", "html", "-o", str(out), "--years", "2021", "-j", "2"]
        )
    finally:
        os.umask(previous)
    assert exit_code == 0, output
    return {p.name: oct(p.stat().st_mode & 0o777) for p in out.iterdir()}


def test_outputs_follow_the_umask(tmp_path: Path) -> None:
    """Worker processes too, though their forkserver started under another umask."""
    first = _batch_under_umask(0o022, tmp_path / "first")
    assert set(first.values()) == {"0o644"}, first
    second = _batch_under_umask(0o077, tmp_path / "second")
    assert "manifest.json" in second and len(second) > 2
    assert set(second.values()) == {"0o600"}, second


def test_outputs_of_a_default_umask_are_readable_by_all(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        exit_code, output = invoke(["render", "circular", "-f", "html", "-o", str(tmp_path)])
    finally:
        os.umask(previous)
    assert exit_code == 0, output
    [html] = tmp_path.glob("*.html")
    assert html.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444])
def test_a_rebuilt_file_keeps_its_mode(mode: int, tmp_path: Path) -> None:
    args = ["render", "circular", "-f", "html", "-o", str(tmp_path)]
    exit_code, output = invoke(args)
    assert exit_code == 0, output
    [html] = tmp_path.glob("*.html")
    html.chmod(mode)
    before = html.stat().st_ino
    exit_code, output = invoke(args)
    assert exit_code == 0, output
    assert html.stat().st_ino != before, "the file was replaced"
    assert html.stat().st_mode & 0o777 == mode


# --- the batch's own files: manifest.json, progress files ----------------------------------


def _one_document_batch(tmp_path: Path, documents: str = "  - {kind: circular}\n") -> Path:
    manifest = tmp_path / "batch.yaml"
    manifest.write_text(f"formats: [html]\ndocuments:\n{documents}", "utf-8")
    return manifest


def _batch(tmp_path: Path, out: Path, *extra: str, plan_dir: Path | None = None) -> tuple[int, str]:
    args = ["batch", "--manifest", str(_one_document_batch(tmp_path)), "-o", str(out), *extra]
    if plan_dir is not None:
        args += ["--plan", str(plan_dir)]
    return invoke(args)


def _strict_json(text: str) -> object:
    def refuse(name: str) -> object:
        raise ValueError(name)

    return json.loads(text, parse_constant=refuse)


BROKEN_MANIFESTS = {
    "nested-1000-deep": b'{"documents": ' + b"[" * 1000 + b"]" * 1000 + b"}",
    "nested-100000-deep": b"[" * 100_000,
    "number-1e400": b'{"format": 1, "documents": {"x": {"seconds": 1e4000000}}, "n": 1e400',
    "infinity-literal": b'{"format": 1, "program": "reportgen", "documents": {}, "x": Infinity}',
    "nan-literal": b'{"program": "reportgen", "documents": NaN}',
    "integer-of-5000-digits": b'{"program": "reportgen", "documents": {}, "n": '
    + b"9" * 5000
    + b"}",
    "truncated": b'{"format": 1, "program": "reportgen 1.0", "documents": {"a": {"req',
    "binary": bytes(range(256)) * 4,
    "utf-16": '{"program": "reportgen"}'.encode("utf-16"),
    "empty": b"",
}


@pytest.mark.parametrize("name", sorted(BROKEN_MANIFESTS))
def test_a_broken_manifest_is_set_aside_and_rebuilt(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    broken = BROKEN_MANIFESTS[name]
    (out / "manifest.json").write_bytes(broken)
    exit_code, output = _batch(tmp_path, out)
    assert exit_code == 0, output[-2000:]
    assert "Traceback" not in output
    assert "set aside as manifest.json.broken" in output
    assert (out / "manifest.json.broken").read_bytes() == broken
    rebuilt = _strict_json((out / "manifest.json").read_text("utf-8"))
    assert isinstance(rebuilt, dict) and len(rebuilt["documents"]) == 1


@pytest.mark.parametrize("option", ["--dry-run", "--force"])
def test_a_broken_manifest_does_not_block_dry_run_or_force(option: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    broken = BROKEN_MANIFESTS["nested-1000-deep"]
    (out / "manifest.json").write_bytes(broken)
    exit_code, output = _batch(tmp_path, out, option)
    assert exit_code == 0, output[-2000:]
    assert "Traceback" not in output
    if option == "--dry-run":
        assert "would be set aside" in output
        assert (out / "manifest.json").read_bytes() == broken, "a dry run changes nothing"
        assert not (out / "manifest.json.broken").exists()
    else:
        assert (out / "manifest.json.broken").read_bytes() == broken


def test_manifests_set_aside_twice_keep_both(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for attempt in (b"first {", b"second {"):
        (out / "manifest.json").write_bytes(attempt)
        exit_code, output = _batch(tmp_path, out)
        assert exit_code == 0, output
    assert (out / "manifest.json.broken").read_bytes() == b"first {"
    assert (out / "manifest.json.broken-2").read_bytes() == b"second {"


def test_seconds_1e400_are_not_written_back_as_infinity(tmp_path: Path) -> None:
    out = tmp_path / "out"
    exit_code, output = _batch(tmp_path, out)
    assert exit_code == 0, output
    path = out / "manifest.json"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r'"seconds": [0-9.e-]+', '"seconds": 1e400', text), "utf-8")
    assert "1e400" in path.read_text("utf-8")
    exit_code, output = _batch(tmp_path, out)
    assert exit_code == 0, output
    assert "unusable" in output, "the record is rebuilt"
    written = path.read_text("utf-8")
    assert "Infinity" not in written
    _strict_json(written)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "build"])
def test_a_manifest_that_is_a_named_pipe_does_not_hang(dry_run: bool, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "manifest.json")
    args = ["batch", "--manifest", str(_one_document_batch(tmp_path)), "-o", str(out)]
    try:
        done = run_installed([*args, *(["--dry-run"] if dry_run else [])], tmp_path, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("batch hung on a named pipe")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "is not a regular file" in done.stderr
    assert "Traceback" not in done.stderr
    if not dry_run:
        assert stat.S_ISFIFO((out / "manifest.json.broken").lstat().st_mode)
        _strict_json((out / "manifest.json").read_text("utf-8"))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_manifest_linked_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").symlink_to("/dev/zero")
    args = ["batch", "--manifest", str(_one_document_batch(tmp_path)), "-o", str(out)]
    try:
        done = run_installed(args, tmp_path, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("batch read /dev/zero")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "is a symbolic link" in done.stderr
    assert (out / "manifest.json.broken").is_symlink()
    assert not (out / "manifest.json").is_symlink()


@pytest.mark.parametrize(
    "foreign",
    [b'{"name": "my project", "version": 2}\n', b"[1, 2, 3]\n", b'{"documents": {}}\n'],
    ids=["package-json", "a-list", "documents-only"],
)
def test_a_foreign_manifest_is_not_replaced(foreign: bytes, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_bytes(foreign)
    exit_code, output = _batch(tmp_path, out)
    assert exit_code == 73, output
    assert "was not made by reportgen" in output
    assert (out / "manifest.json").read_bytes() == foreign
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"], "nothing built"
    exit_code, output = _batch(tmp_path, out, "--force")
    assert exit_code == 0, output
    assert (out / "manifest.json.broken").read_bytes() == foreign


def test_a_full_disk_at_the_manifest_still_gives_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen.batch.manifest import RunManifest
    from reportgen.errors import OutputError

    def full_disk(self: RunManifest, output_dir: Path) -> None:
        raise OutputError(f"{output_dir / 'manifest.json'}: cannot write: No space left on device")

    monkeypatch.setattr(RunManifest, "write", full_disk)
    out = tmp_path / "out"
    exit_code, output = _batch(tmp_path, out)
    assert exit_code == 73, output
    assert "built 1, skipped 0, failed 0" in output
    assert "manifest not saved" in output and "No space left on device" in output
    assert "Traceback" not in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "build"])
def test_a_progress_file_that_is_a_named_pipe_does_not_hang_batch(
    dry_run: bool, tmp_path: Path
) -> None:
    plan_dir, out = damaged_plan(tmp_path)
    os.mkfifo(plan_dir / "progress" / "2024.yaml")
    batch = _one_document_batch(tmp_path, "  - {kind: notice, year: 2024}\n")
    args = ["batch", "--manifest", str(batch), "-o", str(out), "--plan", str(plan_dir)]
    try:
        done = run_installed([*args, *(["--dry-run"] if dry_run else [])], tmp_path, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("batch hung on a named pipe")
    assert "Traceback" not in done.stderr
    if dry_run:
        assert done.returncode == 0, done.stderr
    else:
        assert done.returncode == 1, done.stdout + done.stderr
        assert "2024.yaml:1:1: is not a regular file" in done.stdout


def test_a_sparse_20_gb_progress_file_is_not_hashed(tmp_path: Path) -> None:
    plan_dir, out = damaged_plan(tmp_path)
    sparse = plan_dir / "progress" / "2024.yaml"
    with sparse.open("wb") as stream:
        stream.truncate(20 * 1024**3)
    batch = _one_document_batch(tmp_path, "  - {kind: notice, year: 2024}\n")
    args = ["batch", "--manifest", str(batch), "-o", str(out), "--plan", str(plan_dir)]
    started = time.monotonic()
    exit_code, output = invoke([*args, "--dry-run"])
    assert exit_code == 0, output
    exit_code, output = invoke(args)
    assert time.monotonic() - started < 10
    assert exit_code == 1, output
    assert f"the limit is {MAX_FILE_BYTES} bytes" in output
    assert_nothing_written_but_the_manifest(out)


def assert_nothing_written_but_the_manifest(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]


@pytest.mark.parametrize("link", ["dangling", "loop"])
def test_a_broken_progress_link_is_not_taken_for_no_file(link: str, tmp_path: Path) -> None:
    plan_dir, out = damaged_plan(tmp_path)
    path = plan_dir / "progress" / "2024.yaml"
    path.symlink_to(path if link == "loop" else tmp_path / "nowhere.yaml")
    args = ["render", "notice", "--year", "2024", "-f", "html", "-o", str(out)]
    exit_code, output = invoke([*args, "--plan", str(plan_dir)])
    assert exit_code == 65, output
    assert f"{path}:1:1: is a symbolic link to nothing" in output
    assert_nothing_written(out)
    exit_code, output = invoke(["validate", "--plan", str(plan_dir)])
    assert exit_code == 65, output


def test_errors_of_a_progress_file_are_kept_once_not_per_document(tmp_path: Path) -> None:
    """45 000 invalid entries: each failing document keeps 20 problems and a count."""
    plan_dir, out = damaged_plan(tmp_path)
    entries = "".join("  - 1\n" for _ in range(45_000))
    (plan_dir / "progress" / "2022.yaml").write_text(f"year: 2022\nmilestones:\n{entries}")
    batch = _one_document_batch(
        tmp_path,
        "  - {kind: notice, year: 2022}\n  - {kind: summary, year: 2022, unit: edu}\n",
    )
    started = time.monotonic()
    exit_code, output = invoke(
        ["batch", "--manifest", str(batch), "-o", str(out), "--plan", str(plan_dir), "-j", "1"]
    )
    assert time.monotonic() - started < 10
    assert exit_code == 1, output[-2000:]
    assert "failed 2" in output
    manifest = out / "manifest.json"
    assert manifest.stat().st_size < 100_000
    for record in json.loads(manifest.read_text("utf-8"))["documents"].values():
        assert len(record["error"]) == 21
        assert record["error"][-1].startswith("… and 44980 more problems")


# --- fonts: characters that print nothing, private-use characters ---------------------------


def _embedded_faces(pdf: Path) -> set[str]:
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return {line.split()[0].split("+")[-1] for line in listed.stdout.splitlines()[2:]}


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils")
@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\ufeff", "\u200d", "\u2060", "\u00ad"],
    ids=["zero-width-space", "bom", "zero-width-joiner", "word-joiner", "soft-hyphen"],
)
def test_strict_fonts_accept_characters_that_print_nothing(invisible: str, tmp_path: Path) -> None:
    """They need no glyph: --strict-fonts passes and the PDF embeds the same faces."""
    plan_dir, out = damaged_plan(tmp_path)
    args = ["render", "circular", "-f", "pdf", "--strict-fonts", "--plan", str(plan_dir)]
    exit_code, output = invoke([*args, "-o", str(tmp_path / "plain")])
    assert exit_code == 0, output[-2000:]
    _edit(plan_dir / "document.yaml", "已經市政府同意，", f"已經市政府{invisible}同意，")
    exit_code, output = invoke([*args, "-o", str(out)])
    assert exit_code == 0, output[-2000:]
    faces = _embedded_faces(next(out.glob("*.pdf")))
    assert faces == _embedded_faces(next((tmp_path / "plain").glob("*.pdf")))


# --- file names and folders -----------------------------------------------------------------


def test_a_225_character_plan_folder_name_still_writes(tmp_path: Path) -> None:
    """The temporary file's name must fit the file system's 255 bytes too."""
    plan_dir = tmp_path / ("p" * 225)
    shutil.copytree(default_plan_dir(), plan_dir)
    out = tmp_path / "out"
    args = ["render", "notice", "--year", "2021", "-f", "html", "-o", str(out)]
    exit_code, output = invoke([*args, "--plan", str(plan_dir)])
    assert exit_code == 0, output
    [written] = out.iterdir()
    assert written.name == f"{'p' * 225}-notice-2021.html"
    assert len(written.name) + 15 > 255, "the old temporary name would not have fit"


def test_temporaries_of_long_names_left_by_a_kill_are_removed(tmp_path: Path) -> None:
    from reportgen.batch.runner import remove_stale_temporaries
    from reportgen.writers.files import temporary_prefix

    name = "p" * 240 + ".docx"
    left = tmp_path / f"{temporary_prefix(name)}abcd1234.part"
    left.write_bytes(b"partial")
    assert len(left.name) <= 255
    assert remove_stale_temporaries(tmp_path, {name}) == [left]


def test_one_folder_for_output_and_templates_converges(tmp_path: Path) -> None:
    """The run's own outputs in the templates folder are not inputs: the second run skips."""
    folder = tmp_path / "both"
    folder.mkdir()
    batch = _one_document_batch(tmp_path)
    args = ["batch", "--manifest", str(batch), "-o", str(folder), "--templates", str(folder)]
    exit_code, output = invoke(args)
    assert exit_code == 0, output
    assert "built 1" in output
    exit_code, output = invoke(args)
    assert exit_code == 0, output
    assert "built 0, skipped 1" in output
    (folder / "extra.html.j2").write_text("{# a template #}", "utf-8")
    exit_code, output = invoke(args)
    assert "built 1" in output, "a real template change still rebuilds"


def test_a_schedule_of_24_districts_wraps_its_headings_inside_the_page(tmp_path: Path) -> None:
    """Column headings wrap in narrow columns instead of running off the page (exit 70)."""
    plan_dir, out = damaged_plan(tmp_path)
    added = "".join(f"  - {{id: extra-{i}, name: 示範第{i}區}}\n" for i in range(18))
    _edit(plan_dir / "units.yaml", "districts:\n", "districts:\n" + added)
    exit_code, output = _render(plan_dir, out, "pdf")
    assert exit_code == 0, output[-2000:]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("signature", "紹興市人民政府辦公室" * 3),
        ("header_mark", "Shaoxing Municipal People's Government General Office " + "W" * 40),
    ],
    ids=["signature-longer-than-a-line", "latin-header-mark-wider-than-estimated"],
)
def test_a_long_name_on_one_line_wraps_inside_the_page(
    key: str, value: str, tmp_path: Path
) -> None:
    plan_dir, out = damaged_plan(tmp_path)
    path = plan_dir / "document.yaml"
    path.write_text(
        re.sub(rf"(?m)^{key}: .*$", f'{key}: "{value}"', path.read_text("utf-8")), "utf-8"
    )
    exit_code, output = _render(plan_dir, out, "pdf", "docx")
    assert exit_code == 0, output[-2000:]


def test_libreoffice_wraps_the_long_runs_of_the_docx_inside_the_type_area(tmp_path: Path) -> None:
    """Word breaks a long word itself; LibreOffice, opening the DOCX, must too."""
    import pdfplumber

    from docxreadback import libreoffice_pdf
    from reportgen.layout.profile import load_profile

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is needed to open the DOCX")
    plan_dir, out = damaged_plan(tmp_path)
    runs = "，".join(LONG_RUNS[kind] for kind in sorted(LONG_RUNS))
    _edit(plan_dir / "document.yaml", "已經市政府同意，", f"已經市政府同意（見{runs}），")
    exit_code, output = _render(plan_dir, out, "docx")
    assert exit_code == 0, output[-2000:]
    work = tmp_path / "lo"
    work.mkdir()
    pdf_path = libreoffice_pdf(next(out.glob("*.docx")).read_bytes(), work)
    profile = load_profile(None)
    with pdfplumber.open(pdf_path) as pdf:
        portrait = [p for p in pdf.pages if p.width < p.height]
        right = portrait[0].width - profile.margins.right_mm / 25.4 * 72
        bottom = portrait[0].height - profile.margins.bottom_mm / 25.4 * 72
        chars = [c for p in portrait for c in p.chars if c["bottom"] <= bottom]
        # CJK punctuation may hang in the margin; the runs' letters and digits may not
        runs_chars = [c for c in chars if c["text"].isascii()]
        assert all(c["x1"] <= right + 1 for c in runs_chars), "a letter past the right margin"
        text = "".join(c["text"] for c in chars)
    for kind in sorted(LONG_RUNS):
        assert LONG_RUNS[kind] in text, kind
