"""Forms out, filled forms in: the shipped sample progress survives the round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from formfill import fill_from_report
from reportgen.cli.app import app
from reportgen.plan.loader import load_plan
from reportgen.progress.report import ProgressReport, load_progress, progress_dir

runner = CliRunner()

SAMPLE_YEARS = [2021, 2022, 2023]


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


def _sorted(report: ProgressReport) -> dict[str, object]:
    data = report.model_dump()
    for key in ("milestones", "targets", "narratives"):
        data[key] = sorted(data[key], key=repr)
    return data


def _strip(path: Path) -> None:
    """Keep only the year's header (year, sample, notice): the values are to come from forms."""
    data = yaml.safe_load(path.read_text("utf-8"))
    header = {key: data[key] for key in ("year", "sample", "notice") if key in data}
    path.write_text(yaml.safe_dump(header, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.mark.parametrize("year", SAMPLE_YEARS)
def test_sample_round_trip(plan_copy: Path, tmp_path: Path, year: int) -> None:
    plan = load_plan(plan_copy)
    sample = load_progress(plan, year)
    assert sample is not None
    progress_file = progress_dir(plan) / f"{year}.yaml"
    _strip(progress_file)
    forms = tmp_path / "forms"
    code, output = invoke("forms", "--year", str(year), "--plan", str(plan_copy), "-o", str(forms))
    assert code == 0, output
    files = sorted(forms.glob("*.xlsx"))
    assert len(files) == len(plan.registry.units)
    filled = sum(fill_from_report(path, sample) for path in files)
    # every sample value has a row in some form (city targets appear in several forms)
    assert filled >= len(sample.milestones) + len(sample.targets) + len(sample.narratives)
    code, output = invoke("intake", *map(str, files), "--year", str(year), "--plan", str(plan_copy))
    assert code == 0, output
    assert f"{progress_file}: written" in output
    merged = load_progress(load_plan(plan_copy), year)
    assert merged is not None
    assert _sorted(merged) == _sorted(sample)
    # a second intake of the same forms changes nothing
    code, output = invoke("intake", *map(str, files), "--year", str(year), "--plan", str(plan_copy))
    assert code == 0, output
    assert f"{progress_file}: unchanged" in output


def test_text_that_looks_like_yaml_is_stored_as_text(plan_copy: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from formfill import put, sheet_of
    from reportgen.forms.layout import FIRST_ITEM_ROW

    year, unit = 2024, "zhuji-gov"
    out = tmp_path / "forms"
    args = ["forms", "--year", str(year), "--unit", unit, "--plan", str(plan_copy), "-o", str(out)]
    assert invoke(*args)[0] == 0
    path = out / f"{year}-{unit}.xlsx"
    workbook = load_workbook(path)
    evidence = "!!python/object/apply:os.system ['echo hi'] &a *a {x: 1}"
    work = "key: value # not a comment\n- not a list\n'quoted' \"double\""
    first = sheet_of(workbook, "milestones").cell(FIRST_ITEM_ROW, 1).value
    assert isinstance(first, str)
    put(workbook, "milestones", first, {"status": "達到", "evidence": evidence})
    put(workbook, "measures", "measure:8", {"work": work, "problems": "=not a formula"})
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == "=not a formula":
                    cell.data_type = "s"
    workbook.save(path)
    code, output = invoke("intake", str(path), "--year", str(year), "--plan", str(plan_copy))
    assert code == 0, output
    report = load_progress(load_plan(plan_copy), year)
    assert report is not None
    assert report.milestones[0].evidence == evidence
    assert report.narratives[0].work == work
    assert report.narratives[0].problems == "=not a formula"


def test_renamed_relabelled_and_reordered_sheets_still_map_back(
    plan_copy: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from formfill import sheet_of
    from reportgen.forms.layout import FIRST_ITEM_ROW, LABEL_ROW

    year, unit = 2022, "zhuji-gov"
    plan = load_plan(plan_copy)
    sample = load_progress(plan, year)
    assert sample is not None
    _strip(progress_dir(plan) / f"{year}.yaml")
    out = tmp_path / "forms"
    args = ["forms", "--year", str(year), "--unit", unit, "--plan", str(plan_copy), "-o", str(out)]
    assert invoke(*args)[0] == 0
    path = out / f"{year}-{unit}.xlsx"
    fill_from_report(path, sample)
    workbook = load_workbook(path)
    for index, sheet in enumerate(workbook.worksheets):
        sheet.title = f"S{index}"
        for cell in sheet[LABEL_ROW]:
            cell.value = f"label {cell.column}"
    milestones = sheet_of(workbook, "milestones")
    last = milestones.max_row
    assert last > FIRST_ITEM_ROW
    top = [c.value for c in milestones[FIRST_ITEM_ROW]]
    bottom = [c.value for c in milestones[last]]
    for column, (a, b) in enumerate(zip(top, bottom, strict=True), start=1):
        milestones.cell(FIRST_ITEM_ROW, column).value = b
        milestones.cell(last, column).value = a
    workbook._sheets.reverse()
    workbook.save(path)
    code, output = invoke("intake", str(path), "--year", str(year), "--plan", str(plan_copy))
    assert code == 0, output
    merged = load_progress(load_plan(plan_copy), year)
    assert merged is not None
    assert sorted(m.model_dump_json() for m in merged.milestones) == sorted(
        m.model_dump_json() for m in sample.milestones if m.district == "zhuji"
    )
    assert sorted(t.model_dump_json() for t in merged.targets) == sorted(
        t.model_dump_json() for t in sample.targets if t.district == "zhuji"
    )
    assert [n.model_dump() for n in merged.narratives] == [
        n.model_dump() for n in sample.narratives if n.unit == unit
    ]
