"""The documents' words come from the wording file: a plan folder's `wording.yaml` overrides
the defaults, its mistakes are located, and a template numbers its own headings."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

from reportgen.cli.app import app
from reportgen.documents.wording import default_wording, load_wording
from reportgen.errors import DataError
from reportgen.plan.model import Plan, Script
from reportgen.render.script import convert_text
from reportgen.resources import templates_dir
from reportgen.writers.textcheck import docx_text
from reportgen.zh.numerals import chinese_number

runner = CliRunner()

DATA_ERROR = DataError.exit_code

# The overrides, written in the plan's own script: a heading, how the office names the lower
# levels (used in a heading of the notice), the notice's closing and the report's closing.
OVERRIDES: dict[Script, dict[str, str]] = {
    "traditional": {
        "heading": "全年工作概況",
        "localities": "各縣市區",
        "closing": "要抓緊落實。",
        "summary_closing": "專此報告。",
    },
    "simplified": {
        "heading": "全年工作概况",
        "localities": "各县市区",
        "closing": "要抓紧落实。",
        "summary_closing": "专此报告。",
    },
}


def wording_file(words: dict[str, str]) -> str:
    return (
        "common:\n"
        f"  localities: {words['localities']}\n"
        "notice:\n"
        "  headings:\n"
        f"    overall: {words['heading']}\n"
        "  closing:\n"
        f'    ongoing: "{{addressees}}{words["closing"]}"\n'
        "summary:\n"
        f"  closing: {words['summary_closing']}\n"
    )


def plan_copy_of(plan: Plan, tmp_path: Path) -> Path:
    folder = tmp_path / plan.directory.name
    shutil.copytree(plan.directory, folder)
    return folder


def render(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["render", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def squeezed(text: str) -> str:
    return "".join(text.split())


def pdf_text(path: Path) -> str:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        return squeezed("".join(page.extract_text() or "" for page in pdf.pages))


def in_output_script(text: str, plan: Plan, script: Script) -> str:
    """`text`, written in the plan's script, as a document in `script` shows it."""
    if plan.document.script == script == "traditional":
        return text
    return convert_text(text, script)


@pytest.mark.parametrize("other_script", [False, True], ids=["own-script", "other-script"])
def test_a_plans_wording_overrides_heading_address_term_and_closings(
    any_plan: Plan, tmp_path: Path, other_script: bool
) -> None:
    folder = plan_copy_of(any_plan, tmp_path)
    words = OVERRIDES[any_plan.document.script]
    (folder / "wording.yaml").write_text(wording_file(words), "utf-8")
    script: Script = any_plan.document.issue_script
    if other_script:
        script = "simplified" if script == "traditional" else "traditional"
    year = any_plan.plan.period.start  # not the last year: the ongoing closing
    unit = any_plan.registry.units[0].id
    out = tmp_path / "out"
    common = ["--plan", str(folder), "-o", str(out), "-f", "docx", "-f", "pdf"]
    common += ["--script", script]
    code, output = render("notice", "--year", str(year), *common)
    assert code == 0, output
    code, output = render("summary", "--year", str(year), "--unit", unit, *common)
    assert code == 0, output

    addressees = any_plan.registry.area.addressees
    expected = [
        "一、" + words["heading"],
        "三、" + words["localities"],
        addressees + words["closing"],
    ]
    expected = [squeezed(in_output_script(text, any_plan, script)) for text in expected]
    default_heading = in_output_script(default_wording().notice.headings.overall, any_plan, script)
    stem = f"{folder.name}-notice-{year}"
    texts = {
        "docx": docx_text((out / f"{stem}.docx").read_bytes()),
        "pdf": pdf_text(out / f"{stem}.pdf"),
    }
    for fmt, text in texts.items():
        for words_shown in expected:
            assert words_shown in text, f"{words_shown!r} not in the notice's {fmt}"
        assert "一、" + default_heading not in text

    closing = squeezed(in_output_script(words["summary_closing"], any_plan, script))
    stem = f"{folder.name}-summary-{year}-{unit}"
    assert closing in docx_text((out / f"{stem}.docx").read_bytes())
    assert closing in pdf_text(out / f"{stem}.pdf")


def headings_of(path: Path) -> list[str]:
    root = lxml_html.fromstring(path.read_bytes())
    return ["".join(h.itertext()) for h in root.find_class("gw-h1")]


def test_a_template_that_drops_a_section_numbers_the_rest_without_a_gap(
    any_plan: Plan, tmp_path: Path
) -> None:
    year = any_plan.plan.period.start
    out = tmp_path / "out"
    args = ["notice", "--year", str(year), "--plan", str(any_plan.directory), "-f", "html"]
    code, output = render(*args, "-o", str(out / "built-in"))
    assert code == 0, output
    own = tmp_path / "templates"
    own.mkdir()
    template = (templates_dir() / "notice.html.j2").read_text("utf-8")
    dropped = "{{ gw.heading(counter, words.headings.problems) }}\n"
    assert dropped in template
    (own / "notice.html.j2").write_text(template.replace(dropped, ""), "utf-8")
    code, output = render(*args, "-o", str(out / "own"), "--templates", str(own))
    assert code == 0, output

    [built_in] = (out / "built-in").glob("*.html")
    [mine] = (out / "own").glob("*.html")
    before, after = headings_of(built_in), headings_of(mine)
    numbers = [chinese_number(n) + "、" for n in range(1, len(before) + 1)]
    assert [h[: len(n)] for h, n in zip(before, numbers, strict=True)] == numbers
    assert len(after) == len(before) - 1
    assert [h[: len(n)] for h, n in zip(after, numbers, strict=False)] == numbers[: len(after)]
    assert [h.partition("、")[2] for h in after] == [
        h.partition("、")[2] for h in before if h != before[4]
    ]


BAD_WORDING = """\
common:
  states:
    achieved: ''
notice:
  headings:
    overall: [總體, 進展]
    by_project: "各{district}進展情況"
  closing_words: 特此通報。
summary:
  closing: 1
"""
"""Line 3: empty; 6: a list; 7: a placeholder the key cannot use; 8: an unknown key;
10: a number."""


def test_wording_mistakes_are_located_and_nothing_is_written(tmp_path: Path) -> None:
    from reportgen.plan.loader import load_plan
    from reportgen.resources import default_plan_dir

    plan = load_plan(default_plan_dir())
    folder = plan_copy_of(plan, tmp_path)
    wording = folder / "wording.yaml"
    wording.write_text(BAD_WORDING, "utf-8")
    out = tmp_path / "out"
    year = str(plan.plan.period.start)
    for args in (["notice", "--year", year], ["circular"]):
        code, output = render(*args, "--plan", str(folder), "-o", str(out), "-f", "all")
        assert code == DATA_ERROR, output
        assert not out.exists() or not any(out.iterdir())
        lines = {
            int(match.group(1)): message
            for match, message in (
                (re.search(rf"{re.escape(str(wording))}:(\d+):\d+", line), line)
                for line in output.splitlines()
            )
            if match
        }
        assert sorted(lines) == [3, 6, 7, 8, 10], output
        assert "empty" in lines[3]
        assert "{district}" in lines[7] and "{project_noun}" in lines[7]
        assert "unknown key 'closing_words'" in lines[8]


def test_without_a_wording_file_the_defaults_hold(tmp_path: Path) -> None:
    assert load_wording(tmp_path) is default_wording()


def test_an_empty_wording_file_is_refused_like_any_empty_data_file(tmp_path: Path) -> None:
    (tmp_path / "wording.yaml").write_text("# nothing changed yet\n", "utf-8")
    with pytest.raises(DataError, match="file is empty"):
        load_wording(tmp_path)


def test_a_section_that_is_not_a_mapping_is_located(tmp_path: Path) -> None:
    (tmp_path / "wording.yaml").write_text("common:\n  states: 已達到\n", "utf-8")
    with pytest.raises(DataError) as caught:
        load_wording(tmp_path)
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (2, "common.states")


def test_a_stray_brace_is_refused(tmp_path: Path) -> None:
    (tmp_path / "wording.yaml").write_text("summary:\n  closing: 特此報告}\n", "utf-8")
    with pytest.raises(DataError, match="unmatched brace"):
        load_wording(tmp_path)


def test_the_schema_command_prints_the_wording_files_schema() -> None:
    result = runner.invoke(app, ["schema", "wording"])
    assert result.exit_code == 0, result.output
    assert '"notice"' in result.output and '"required"' not in result.output


def test_the_title_breaks_are_checked_against_the_plans_own_title_pattern(
    tmp_path: Path,
) -> None:
    from reportgen.plan.loader import load_plan
    from reportgen.resources import default_plan_dir

    plan = load_plan(default_plan_dir())
    assert plan.document.title_breaks["notice"]  # the default plan breaks its notice's title
    folder = plan_copy_of(plan, tmp_path)
    wording = folder / "wording.yaml"
    year = str(plan.plan.period.start)
    args = ["notice", "--year", year, "--plan", str(folder), "-f", "html"]

    wording.write_text('notice:\n  title: "{issuer}{year}年{topic}工作情況通報"\n', "utf-8")
    code, output = render(*args, "-o", str(tmp_path / "refused"))
    assert code == DATA_ERROR, output
    assert f"{folder / 'document.yaml'}:" in output and "title_breaks.notice" in output
    assert not (tmp_path / "refused").exists()

    wording.write_text('notice:\n  title: "{issuer}關于{year}年度{topic}工作情況通報"\n', "utf-8")
    code, output = render(*args, "-o", str(tmp_path / "out"))
    assert code == 0, output
    [page] = (tmp_path / "out").glob("*.html")
    [title] = lxml_html.fromstring(page.read_bytes()).find_class("gw-title")
    lines = [line.strip() for line in title.itertext()]
    assert lines[0].endswith(in_output_script(f"{year}年度", plan, plan.document.issue_script))
    assert lines[-1].endswith(in_output_script("工作情況通報", plan, plan.document.issue_script))
