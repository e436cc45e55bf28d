"""`reportgen validate` on damaged copies of the default plan: every damage is reported, located.

Each case copies the plan folder, damages ONE file and computes the line of the damage from the
text it changed (no line numbers are written down here). The report must exit with 65, name the
damaged file at `FILE:LINE:COL:` with that line, give the key path where there is one, say what
is wrong, and never show a traceback.
"""

from __future__ import annotations

import functools
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cliprocess import run_reportgen
from reportgen.cli.app import app
from reportgen.plan.loader import load_plan
from reportgen.plan.model import Plan
from reportgen.resources import default_plan_dir
from reportgen.source.yamlsource import MAX_DEPTH, MAX_NODES

runner = CliRunner()

PROBLEM_LINE = re.compile(r"^(?P<file>.+?\.yaml):(?P<line>\d+):(?P<column>\d+): (?P<rest>.*)$")


# --- where things are in the default plan (so that key paths survive reordering) -------------


@functools.cache
def default_plan() -> Plan:
    return load_plan(default_plan_dir())


def measure_path(number: int) -> str:
    for p, part in enumerate(default_plan().plan.parts):
        for m, measure in enumerate(part.measures):
            if measure.number == number:
                return f"parts[{p}].measures[{m}]"
    raise AssertionError(f"no measure {number}")


def target_path(target_id: str) -> str:
    ids = [t.id for t in default_plan().targets.targets]
    return f"targets[{ids.index(target_id)}]"


def row_path(project_id: str, year: int) -> str:
    projects = default_plan().schedule.projects
    p = [project.id for project in projects].index(project_id)
    r = [row.year for row in projects[p].rows].index(year)
    return f"projects[{p}].rows[{r}]"


def unit_index(unit_id: str) -> int:
    return [u.id for u in default_plan().registry.units].index(unit_id)


# --- damaging one file -------------------------------------------------------------------


def line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def replace_once(file: Path, old: str, new: str, *, after: str = "") -> int:
    """Replace the one occurrence of `old` (the first one after `after`); return its line."""
    text = file.read_text("utf-8")
    start = 0
    if after:
        assert text.count(after) == 1, f"{after!r} is not unique in {file.name}"
        start = text.index(after)
    else:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file.name}"
    at = text.index(old, start)
    file.write_text(text[:at] + new + text[at + len(old) :], "utf-8")
    return line_at(text, at)


def insert_line_after(file: Path, anchor: str, new_line: str) -> int:
    """Insert `new_line` after the line holding `anchor`; return the new line's number."""
    text = file.read_text("utf-8")
    assert text.count(anchor) == 1, f"{anchor!r} is not unique in {file.name}"
    end = text.index("\n", text.index(anchor)) + 1
    file.write_text(text[:end] + new_line + "\n" + text[end:], "utf-8")
    return line_at(text, end)


def write_text(content: str) -> Callable[[Path], int]:
    def damage(file: Path) -> int:
        file.write_text(content, "utf-8")
        return 1

    return damage


def delete(file: Path) -> int:
    file.unlink()
    return 1


def column_in_default(file_name: str, text: str, skip: int = 0) -> int:
    """The 1-based column, in the default plan's file, `skip` characters into `text`."""
    content = (default_plan_dir() / file_name).read_text("utf-8")
    assert content.count(text) == 1, f"{text!r} is not unique in {file_name}"
    at = content.index(text) + skip
    return at - content.rfind("\n", 0, at)


def gbk_name(file: Path) -> int:
    """Save one line's Chinese text in GBK, as an editor set to a Chinese locale would."""
    raw = file.read_bytes()
    name = "市人力社保局"
    assert raw.count(name.encode()) == 1
    file.write_bytes(raw.replace(name.encode(), name.encode("gbk")))
    return line_at(raw.decode("utf-8"), raw.decode("utf-8").index(name))


def nul_byte(file: Path) -> int:
    return replace_once(file, "id: yrd-partnerships", "id: yrd-\x00partnerships")


LAUGH_LEVELS = 9  # ten lol, then eight levels of ten aliases each: 10**9 lol in all


def laugh_crossing_level() -> int:
    """The first level of the bomb whose expansion carries the node count past MAX_NODES.

    Level 0 is a list of ten scalars (11 nodes); each next level a list of ten aliases of the
    one before (1 + 10 × its size). The loader counts every node an alias expands to.
    """
    size, total = 11, 0
    for level in range(LAUGH_LEVELS):
        total += size
        if total > MAX_NODES:
            # the plan file's own few hundred nodes must not decide which level crosses
            assert total - size + 1000 < MAX_NODES
            return level
        size = 1 + 10 * size
    raise AssertionError("the bomb is too small to reach the node limit")


def alias_bomb(file: Path) -> int:
    """Append a billion laughs to the file; return the line of the level that crosses."""
    lines = ["laughs_0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, LAUGH_LEVELS):
        aliases = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"laughs_{level}: &l{level} [{aliases}]")
    text = file.read_text("utf-8")
    assert text.endswith("\n")
    file.write_text(text + "\n".join(lines) + "\n", "utf-8")
    return text.count("\n") + 1 + laugh_crossing_level()


def nest(levels: int) -> Callable[[Path], int]:
    def damage(file: Path) -> int:
        return replace_once(
            file, "    value: 93\n", "    value: " + "[" * levels + "93" + "]" * levels + "\n"
        )

    return damage


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    damage: Callable[[Path], int]
    message: str
    path: str | Callable[[], str] | None = None  # the key path printed after FILE:LINE:COL
    path_is_prefix: bool = False
    column: int | Callable[[Path], int] | None = None
    in_subprocess: bool = False

    def key_path(self) -> str | None:
        return self.path() if callable(self.path) else self.path


def d(old: str, new: str, *, after: str = "") -> Callable[[Path], int]:
    """A damage: replace `old` with `new` in the case's file (after `after`)."""
    return lambda path: replace_once(path, old, new, after=after)


CASES = [
    # --- YAML syntax ----------------------------------------------------------------------
    Case(
        "syntax-mapping-in-value",
        "document.yaml",
        d("kind: 通知", "kind: 通知: 公告"),
        "mapping values are not allowed",
    ),
    Case(
        "unclosed-quote-mid-file",
        "plan.yaml",
        d('  - heading: "創建策略"', '  - heading: "創建策略'),
        "closing quote missing",
        column=lambda f: column_in_default("plan.yaml", '"創建策略"'),
        in_subprocess=True,
    ),
    Case(
        "unclosed-quote-to-end-of-file",
        "document.yaml",
        d('"11330600002577014T/2021-198174"', '"11330600002577014T/2021-198174'),
        "quoted value opened here is not closed",
    ),
    Case(
        "unclosed-bracket",
        "plan.yaml",
        d(
            "responsible: [[edu, hrss], [district-govs]]",
            "responsible: [[edu, hrss], [district-govs]",
        ),
        "[ list opened here: expected ',' or ']'",
    ),
    Case(
        "unclosed-brace",
        "units.yaml",
        d("full_name: 紹興市財政局}", "full_name: 紹興市財政局"),
        "is its closing } missing?",
        column=lambda f: column_in_default("units.yaml", "{id: finance"),
    ),
    Case(
        "bad-indentation",
        "plan.yaml",
        d('        heading: "規劃引領"', '         heading: "規劃引領"'),
        "YAML syntax error",
    ),
    Case(
        "tab-indentation",
        "units.yaml",
        d("  - {id: hrss,", "\t- {id: hrss,"),
        "a tab is used for indentation",
        column=1,
    ),
    Case(
        "duplicate-yaml-key",
        "document.yaml",
        lambda f: insert_line_after(f, "kind: 通知", "kind: 公告"),
        "duplicate key 'kind'",
        path="kind",
        column=1,
    ),
    # --- not text, or not plain data ------------------------------------------------------
    Case("missing-file", "targets.yaml", delete, "file not found", in_subprocess=True),
    Case("empty-file", "units.yaml", write_text(""), "file is empty"),
    Case(
        "comment-only-file",
        "schedule.yaml",
        write_text("# the schedule\n\n# (to be filled in)\n"),
        "file is empty",
    ),
    Case(
        "gbk-encoded-text",
        "units.yaml",
        gbk_name,
        "is not UTF-8",
        column=lambda f: column_in_default("units.yaml", "市人力社保局"),
        in_subprocess=True,
    ),
    Case(
        "nul-byte",
        "targets.yaml",
        nul_byte,
        "binary data (NUL byte)",
        column=lambda f: column_in_default("targets.yaml", "partnerships"),
    ),
    Case(
        "python-object-tag",
        "document.yaml",
        d("kind: 通知", 'kind: !!python/object/apply:os.system ["echo pwned"]'),
        "python/object/apply:os.system' is not allowed",
        path="kind",
    ),
    Case(
        "alias-bomb",
        "targets.yaml",
        alias_bomb,
        f"more than {MAX_NODES} nodes",
        path=lambda: f"laughs_{laugh_crossing_level()}[",
        path_is_prefix=True,
        in_subprocess=True,
    ),
    Case(
        "nested-200-levels",
        "targets.yaml",
        nest(200),
        f"nested deeper than {MAX_DEPTH} levels",
        path=lambda: f"{target_path('dual-qualified-teachers')}.value[0][0]",
        path_is_prefix=True,
    ),
    Case(
        "nested-10000-levels",
        "targets.yaml",
        nest(10_000),
        f"nested deeper than {MAX_DEPTH} levels",
        path=lambda: f"{target_path('dual-qualified-teachers')}.value[0][0]",
        path_is_prefix=True,
        in_subprocess=True,
    ),
    Case(
        "top-level-list",
        "units.yaml",
        write_text("- districts: []\n- units: []\n"),
        "expected a mapping of keys at the top of the file",
    ),
    # --- wrong types and values -----------------------------------------------------------
    Case(
        "year-not-a-number",
        "schedule.yaml",
        d("- year: 2022", "- year: next", after="id: national-balanced"),
        "valid integer",
        path=lambda: f"{row_path('national-balanced', 2022)}.year",
    ),
    Case(
        "measure-number-not-a-number",
        "plan.yaml",
        d("      - number: 2\n", "      - number: two\n"),
        "valid integer",
        path=lambda: f"{measure_path(2)}.number",
    ),
    Case(
        "heading-empty",
        "plan.yaml",
        d('heading: "規劃引領"', 'heading: ""'),
        "at least 1 character",
        path=lambda: f"{measure_path(3)}.heading",
    ),
    Case(
        "heading-blank",
        "plan.yaml",
        d('heading: "規劃引領"', 'heading: "   "'),
        "at least 1 character",
        path=lambda: f"{measure_path(3)}.heading",
    ),
    Case(
        "unknown-key-typo",
        "plan.yaml",
        d('        heading: "規劃引領"', '        heding: "規劃引領"'),
        "unknown key 'heding'",
        path=lambda: f"{measure_path(3)}.heding",
        column=lambda f: column_in_default("plan.yaml", 'heading: "規劃引領"'),
    ),
    Case(
        "range-with-a-single-value",
        "targets.yaml",
        d("value: [4, 6]", "value: 4"),
        "comparator 區間 needs value: [low, high]",
        path=lambda: f"{target_path('vocational-groups')}.value",
    ),
    Case(
        "period-end-before-start",
        "plan.yaml",
        d("  end: 2025\n", "  end: 2020\n"),
        "end 2020 is before start 2021",
        path="period.end",
    ),
    # --- references and consistency across files ------------------------------------------
    Case(
        "unknown-unit-in-responsible",
        "plan.yaml",
        d(
            "responsible: [[edu, hrss], [district-govs]]",
            "responsible: [[edu, hrs], [district-govs]]",
        ),
        "unknown unit or group 'hrs'",
        path=lambda: f"{measure_path(12)}.responsible[0][1]",
    ),
    Case(
        "unknown-district-in-schedule-cell",
        "schedule.yaml",
        d("{shangyu: 達到創建標準}", "{shangyuu: 達到創建標準}"),
        "unknown district 'shangyuu'",
        path=lambda: f"{row_path('national-balanced', 2022)}.cells.shangyuu",
    ),
    Case(
        "unknown-measure-in-targets",
        "targets.yaml",
        d("    measure: 9\n", "    measure: 99\n"),
        "no measure numbered 99",
        path=lambda: f"{target_path('modern-high-schools')}.measure",
        in_subprocess=True,
    ),
    Case(
        "unknown-unit-in-group",
        "units.yaml",
        d("shengzhou-gov, xinchang-gov]", "shengzhou-gov, xinchang-govt]"),
        "unknown unit 'xinchang-govt'",
        path="groups[0].members[5]",
    ),
    Case(
        "duplicate-unit-id",
        "units.yaml",
        lambda f: insert_line_after(f, "{id: fao,", "  - {id: edu, name: 市教育局}"),
        "duplicate id 'edu'",
        path=lambda: f"units[{unit_index('fao') + 1}].id",
    ),
    Case(
        "duplicate-target-id",
        "targets.yaml",
        d("  - id: school-rate\n", "  - id: town-rate\n"),
        "duplicate id 'town-rate'",
        path=lambda: f"{target_path('school-rate')}.id",
    ),
    Case(
        "schedule-year-outside-period",
        "schedule.yaml",
        d(
            "      - year: 2023\n        cells: {}",
            "      - year: 2030\n        cells: {}",
        ),
        "year 2030 is outside the plan period 2021–2025",
        path=lambda: f"{row_path('city-modern-school', 2023)}.year",
    ),
    Case(
        "target-deadline-outside-period",
        "targets.yaml",
        d("deadline: 2025", "deadline: 2030", after="id: twinned-schools"),
        "deadline 2030 is outside the plan period",
        path=lambda: f"{target_path('twinned-schools')}.deadline",
    ),
    Case(
        "measure-numbers-out-of-sequence",
        "plan.yaml",
        d("      - number: 5\n", "      - number: 6\n"),
        "measure numbered 6 where 5 is expected",
        path=lambda: f"{measure_path(5)}.number",
    ),
    Case(
        "notice-title-lines-differ",
        "document.yaml",
        d(
            "  - 教育現代化建設五大創建行動計劃\n",
            "  - 教育現代化建設五大行動計劃\n",
        ),
        "differ from the title",
        path="title_lines[1]",
        column=lambda f: column_in_default("document.yaml", "- 教育現代化建設五大創建行動計劃", 2),
    ),
    Case(
        "plan-title-lines-stop-short",
        "plan.yaml",
        d('  - "五大創建行動計劃（2021—2025年）"', '  - "五大創建行動計劃"'),
        "differ from the title",
        path="title_lines[1]",
    ),
]


def problem_lines(output: str) -> list[dict[str, str]]:
    return [m.groupdict() for line in output.splitlines() if (m := PROBLEM_LINE.match(line))]


def check_report(case: Case, target: Path, line: int, exit_code: int, output: str) -> None:
    shown = f"\n--- output ---\n{output}"
    assert "Traceback" not in output, shown
    assert exit_code == 65, f"exit {exit_code}{shown}"
    problems = problem_lines(output)
    assert problems, f"no FILE:LINE:COL: lines{shown}"
    assert len(problems) == len(output.strip().splitlines()), f"stray output{shown}"
    assert all(p["file"] == str(target) for p in problems), f"other files blamed{shown}"
    at_line = [p for p in problems if int(p["line"]) == line and case.message in p["rest"]]
    assert at_line, f"nothing at {target.name}:{line} saying {case.message!r}{shown}"
    key_path = case.key_path()
    if key_path is not None:
        if case.path_is_prefix:
            assert any(p["rest"].startswith(key_path) for p in at_line), f"{key_path}{shown}"
        else:
            assert any(p["rest"].startswith(f"{key_path}: ") for p in at_line), f"{key_path}{shown}"
    if case.column is not None:
        column = case.column(target) if callable(case.column) else case.column
        assert any(int(p["column"]) == column for p in at_line), f"column {column}{shown}"


def damaged_copy(tmp_path: Path, case: Case) -> tuple[Path, Path, int]:
    plan_dir = tmp_path / "plan"
    shutil.copytree(default_plan_dir(), plan_dir)
    target = plan_dir / case.file
    line = case.damage(target)
    return plan_dir, target, line


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 24
    assert len({c.id for c in CASES}) == len(CASES)
    assert sum(c.in_subprocess for c in CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_damage_is_reported_where_it_is(case: Case, tmp_path: Path) -> None:
    plan_dir, target, line = damaged_copy(tmp_path, case)
    started = time.monotonic()
    result = runner.invoke(app, ["validate", "--plan", str(plan_dir)])
    elapsed = time.monotonic() - started
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    check_report(case, target, line, result.exit_code, result.output)
    assert elapsed < 5, f"validate took {elapsed:.1f}s"


@pytest.mark.parametrize("case", [c for c in CASES if c.in_subprocess], ids=lambda c: c.id)
def test_damage_is_reported_by_the_installed_command(case: Case, tmp_path: Path) -> None:
    plan_dir, target, line = damaged_copy(tmp_path, case)
    done = run_reportgen("validate", "--plan", plan_dir)
    assert done.stdout == "", "problems go to stderr, nothing to stdout"
    check_report(case, target, line, done.returncode, done.stderr)


def test_three_damaged_files_are_all_reported_in_one_run(tmp_path: Path) -> None:
    plan_dir = tmp_path / "plan"
    shutil.copytree(default_plan_dir(), plan_dir)
    plan_line = replace_once(
        plan_dir / "plan.yaml",
        "responsible: [[edu, hrss], [district-govs]]",
        "responsible: [[edu, hrss], [district-govs]",
    )
    targets_line = replace_once(
        plan_dir / "targets.yaml", "  - id: school-rate\n", "  - id: town-rate\n"
    )
    schedule_line = replace_once(
        plan_dir / "schedule.yaml", "- year: 2022", "- year: next", after="id: national-balanced"
    )
    result = runner.invoke(app, ["validate", "--plan", str(plan_dir)])
    output = result.output
    assert result.exit_code == 65, output
    assert "Traceback" not in output
    located = {(Path(p["file"]).name, int(p["line"])) for p in problem_lines(output)}
    assert located == {
        ("plan.yaml", plan_line),
        ("targets.yaml", targets_line),
        ("schedule.yaml", schedule_line),
    }, output
    assert "[ list opened here" in output
    assert "duplicate id 'town-rate'" in output
    assert "valid integer" in output


def test_an_undamaged_copy_is_valid(tmp_path: Path) -> None:
    plan_dir = tmp_path / "plan"
    shutil.copytree(default_plan_dir(), plan_dir)
    result = runner.invoke(app, ["validate", "--plan", str(plan_dir)])
    assert result.exit_code == 0, result.output
    assert f"{plan_dir}: valid" in result.output


def test_the_default_plan_is_valid_and_summarised() -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output.splitlines()[0]
    assert "18 measures" in result.output
    assert "紹政辦發〔2021〕2號" in result.output
    assert "18 schedule rows, 34 milestones" in result.output


def test_missing_plan_folder(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-plan"
    result = runner.invoke(app, ["validate", "--plan", str(missing)])
    assert result.exit_code == 65
    assert result.output.startswith(f"{missing}:1:1: plan folder not found")
