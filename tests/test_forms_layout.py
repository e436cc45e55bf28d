"""The forms as a spreadsheet program sees them: LibreOffice opens and re-saves every one, and
the drop-downs, number and date checks, locks and hidden ids are there when read back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from formfill import column_of, fill_from_report, put, sheet_of
from reportgen.cli.app import app
from reportgen.forms.duties import STATUSES
from reportgen.forms.layout import ANSWER_COLUMNS, DATA_SHEETS, FIRST_ITEM_ROW, KEY_ROW
from reportgen.forms.texts import form_texts
from reportgen.plan.loader import load_plan
from reportgen.progress.report import load_progress
from reportgen.render.script import convert_text
from reportgen.resources import default_plan_dir

runner = CliRunner()
YEAR = 2022

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils are needed to open the forms",
)


def make_forms(plan: Path, out: Path, year: int = YEAR, *extra: str) -> list[Path]:
    args = ["forms", "--year", str(year), "--plan", str(plan), "-o", str(out), *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return [Path(line) for line in result.output.split()]


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_forms(default_plan_dir(), tmp_path_factory.mktemp("forms"))


def soffice(workdir: Path, target: str, files: list[Path]) -> None:
    binary = shutil.which("soffice")
    assert binary is not None
    profile = (workdir / "lo-profile").resolve().as_uri()
    command = [binary, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target]
    command += ["--outdir", str(workdir / "out"), *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _validations(sheet: Worksheet) -> dict[str, tuple[str, str | None, str]]:
    """Column letter -> (type, formula1, rows "N:M") of each validation on the sheet.

    A spreadsheet program may join the ranges of adjacent columns (E3:F11): split them."""
    found = {}
    for rule in sheet.data_validations.dataValidation:
        for cell_range in rule.sqref.ranges:
            for column in range(cell_range.min_col, cell_range.max_col + 1):
                rows = f"{cell_range.min_row}:{cell_range.max_row}"
                found[get_column_letter(column)] = (rule.type, rule.formula1, rows)
    return found


def check_form(path: Path, statuses: list[str]) -> None:
    """Protection, hidden ids and validations of one form, read back with openpyxl."""
    workbook = load_workbook(path)
    for kind in DATA_SHEETS:
        sheet = sheet_of(workbook, kind)
        assert sheet.protection.sheet, f"{path.name}:{sheet.title} is not protected"
        assert sheet.column_dimensions["A"].hidden, f"{sheet.title}: id column shown"
        assert sheet.row_dimensions[KEY_ROW].hidden, f"{sheet.title}: key row shown"
        rows = range(FIRST_ITEM_ROW, sheet.max_row + 1)
        answers = {column_of(sheet, key) for key in ANSWER_COLUMNS[kind]}
        for row in rows:
            assert str(sheet.cell(row, 1).value).startswith(kind.rstrip("s")), (kind, row)
            for column in range(1, sheet.max_column + 1):
                locked = sheet.cell(row, column).protection.locked
                assert locked is (column not in answers), (sheet.title, row, column)
        if not rows:
            continue
        rules = _validations(sheet)
        letters = {
            key: sheet.cell(KEY_ROW, column_of(sheet, key)).column_letter
            for key in ANSWER_COLUMNS[kind]
        }
        if kind == "milestones":
            kind_, formula, where = rules[letters["status"]]
            assert kind_ == "list"
            assert formula == '"' + ",".join(statuses) + '"'
            assert where == f"{FIRST_ITEM_ROW}:{rows[-1]}"
            assert rules[letters["date"]][0] == "date"
            assert rules[letters["evidence"]][0] == "textLength"
        if kind == "targets":
            assert rules[letters["value"]][0] == "decimal"
            assert rules[letters["as_of"]][0] == "date"
        if kind == "measures":
            assert rules[letters["work"]][0] == "textLength"
    instructions = sheet_of(workbook, "instructions")
    assert instructions.protection.sheet


def test_forms_have_locks_drop_downs_and_hidden_ids(forms: list[Path]) -> None:
    assert len(forms) == 10
    for path in forms:
        check_form(path, list(STATUSES))


def test_forms_are_deterministic(forms: list[Path], tmp_path: Path) -> None:
    again = make_forms(default_plan_dir(), tmp_path)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in forms]


def test_forms_speak_the_plan_words(forms: list[Path]) -> None:
    texts = form_texts("traditional")
    workbook = load_workbook(forms[0])
    titles = [sheet.title for sheet in workbook.worksheets]
    assert titles == [
        texts.sheets.instructions,
        texts.sheets.milestones,
        texts.sheets.targets,
        texts.sheets.measures,
    ]
    body = [c.value for c in sheet_of(workbook, "instructions")["B"] if c.value]
    assert any("、".join(STATUSES) in str(line) for line in body)
    assert any("2023-01-31" in str(line) for line in body)  # the default reply date


def test_existing_forms_are_not_overwritten(forms: list[Path]) -> None:
    result = runner.invoke(
        app, ["forms", "--year", str(YEAR), "--unit", "edu", "-o", str(forms[0].parent)]
    )
    assert result.exit_code == 73
    assert "--force" in result.output


def test_unknown_unit_and_year_outside_the_plan(tmp_path: Path) -> None:
    result = runner.invoke(app, ["forms", "--year", "2030", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "outside the plan period" in result.output
    result = runner.invoke(
        app, ["forms", "--year", "2022", "--unit", "nobody", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2 and "unknown unit 'nobody'" in result.output
    assert not list(tmp_path.iterdir())


@needs_libreoffice
def test_libreoffice_opens_every_form(forms: list[Path], tmp_path: Path) -> None:
    soffice(tmp_path, "pdf", forms)
    plan = load_plan(default_plan_dir())
    for path in forms:
        pdf = tmp_path / "out" / path.with_suffix(".pdf").name
        assert pdf.exists() and pdf.stat().st_size > 1000, pdf
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        unit = next(u for u in plan.registry.units if path.stem.endswith(u.id))
        assert unit.formal_name in "".join(text.split())


@needs_libreoffice
def test_a_form_saved_again_by_libreoffice_is_taken_in(plan_copy: Path, tmp_path: Path) -> None:
    """A unit fills the form and its spreadsheet program saves it: marks, locks and lists
    survive, and intake reads it."""
    plan = load_plan(plan_copy)
    sample = load_progress(plan, YEAR)
    assert sample is not None
    progress = plan_copy / "progress" / f"{YEAR}.yaml"
    data = yaml.safe_load(progress.read_text("utf-8"))
    progress.write_text(yaml.safe_dump({"year": YEAR}), "utf-8")
    files = make_forms(plan_copy, tmp_path / "forms", YEAR, "--unit", "zhuji-gov")
    fill_from_report(files[0], sample)
    soffice(tmp_path, "xlsx:Calc MS Excel 2007 XML", files)
    resaved = tmp_path / "out" / files[0].name
    check_form(resaved, list(STATUSES))
    result = runner.invoke(
        app, ["intake", str(resaved), "--year", str(YEAR), "--plan", str(plan_copy)]
    )
    assert result.exit_code == 0, result.output
    merged = load_progress(load_plan(plan_copy), YEAR)
    assert merged is not None
    expected = [m for m in data["milestones"] if m["district"] == "zhuji"]
    assert [m.model_dump(exclude_none=True) for m in merged.milestones] == expected


def test_simplified_plan_offers_simplified_statuses(plan_copy: Path, tmp_path: Path) -> None:
    document = plan_copy / "document.yaml"
    document.write_text(
        document.read_text("utf-8").replace("script: traditional", "script: simplified"), "utf-8"
    )
    progress = plan_copy / "progress" / f"{YEAR}.yaml"
    progress.write_text(yaml.safe_dump({"year": YEAR}), "utf-8")
    files = make_forms(plan_copy, tmp_path / "forms", YEAR, "--unit", "zhuji-gov")
    statuses = [convert_text(s, "simplified") for s in STATUSES]
    assert statuses != list(STATUSES)
    check_form(files[0], statuses)
    workbook = load_workbook(files[0])
    assert sheet_of(workbook, "milestones").title == form_texts("simplified").sheets.milestones
    # the simplified choice and the traditional spelling are both read back
    put(workbook, "milestones", "milestone:city-modern-school:zhuji:2022", {"status": statuses[2]})
    put(workbook, "milestones", "milestone:city-balanced-town:zhuji:2022", {"status": "基本達到"})
    workbook.save(files[0])
    result = runner.invoke(
        app, ["intake", str(files[0]), "--year", str(YEAR), "--plan", str(plan_copy)]
    )
    assert result.exit_code == 0, result.output
    merged = load_progress(load_plan(plan_copy), YEAR)
    assert merged is not None
    assert {m.project: m.status for m in merged.milestones} == {
        "city-modern-school": "未達到",
        "city-balanced-town": "基本達到",
    }


@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_the_wording_labels_every_column(script: str) -> None:
    from reportgen.forms.layout import COLUMNS
    from reportgen.forms.statusview import DETAIL_KEYS, SUMMARY_KEYS

    texts = form_texts(script)  # type: ignore[arg-type]
    for kind in DATA_SHEETS:
        labels = getattr(texts.columns, kind)
        assert set(COLUMNS[kind]) - {"id"} <= set(labels), kind
    assert set(SUMMARY_KEYS) <= set(texts.status.columns)
    assert set(DETAIL_KEYS) <= set(texts.status.detail_columns)
    if script == "simplified":
        assert texts.sheets.milestones == convert_text(
            form_texts("traditional").sheets.milestones, "simplified"
        )
