"""Broken and hostile filled forms: each is refused with a located message, exit 65, and the
progress file is left exactly as it was."""

from __future__ import annotations

import io
import re
import shutil
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from formfill import cell_ref, put, sheet_of
from reportgen.cli.app import app
from reportgen.forms.layout import form_file_name
from reportgen.resources import default_plan_dir

runner = CliRunner()
YEAR = 2021
UNIT = "zhuji-gov"
REPORTED = "milestone:national-balanced:zhuji:2021"  # in the sample: 未達到
OPEN_TARGET = "target:balance-junior:zhuji"  # no value in the sample
MEASURE = "measure:9"  # no narrative in the sample


@dataclass(frozen=True)
class Setup:
    plan: Path
    forms: Path
    progress: Path

    def form(self, unit: str = UNIT) -> Path:
        return self.forms / form_file_name(YEAR, unit)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    root = tmp_path_factory.mktemp("hostile")
    plan = root / "plan"
    shutil.copytree(default_plan_dir(), plan)
    forms = root / "forms"
    result = runner.invoke(
        app, ["forms", "--year", str(YEAR), "--plan", str(plan), "-o", str(forms)]
    )
    assert result.exit_code == 0, result.output
    return Setup(plan, forms, plan / "progress" / f"{YEAR}.yaml")


def intake(setup: Setup, *files: Path, year: int = YEAR, force: bool = False) -> tuple[int, str]:
    """Run intake and check the progress file is untouched and no temporary file is left."""
    before = setup.progress.read_bytes()
    listing = sorted(p.name for p in setup.progress.parent.iterdir())
    args = ["intake", *map(str, files), "--year", str(year), "--plan", str(setup.plan)]
    result = runner.invoke(app, [*args, "--force"] if force else args)
    assert "Traceback" not in result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert setup.progress.read_bytes() == before
    assert sorted(p.name for p in setup.progress.parent.iterdir()) == listing
    return result.exit_code, result.output


def edited(setup: Setup, tmp_path: Path, edit: Callable[[Workbook], str]) -> tuple[Path, str]:
    """A copy of the unit's pre-filled form changed by `edit`; returns it and the location
    (SHEET!CELL) `edit` says the message must name."""
    path = tmp_path / form_file_name(YEAR, UNIT)
    workbook = load_workbook(setup.form())
    where = edit(workbook)
    workbook.save(path)
    return path, where


def answer(kind: str, item: str, key: str, value: object) -> Callable[[Workbook], str]:
    def edit(workbook: Workbook) -> str:
        put(workbook, kind, item, {key: value})
        sheet, ref = cell_ref(workbook, kind, item, key)
        return f"{sheet.title}!{ref}"

    return edit


def expect(code: int, output: str, file: Path, where: str, words: str) -> None:
    assert code == 65, output
    located = f"{file}:{where}: " if where else f"{file}: "
    lines = [line for line in output.splitlines() if line.startswith(located)]
    assert lines, f"no message located at {located!r}:\n{output}"
    assert any(words in line for line in lines), f"{words!r} not in {lines}"


# --- cells ---------------------------------------------------------------------------------

CELL_CASES = {
    "text in a number cell": (answer("targets", OPEN_TARGET, "value", "abc"), "text in a number"),
    "digits typed as text": (answer("targets", OPEN_TARGET, "value", "0.31"), "text in a number"),
    "true/false in a number cell": (answer("targets", OPEN_TARGET, "value", True), "number"),
    "status not in the list": (answer("milestones", REPORTED, "status", "完成"), "not in the list"),
    "status as a number": (answer("milestones", REPORTED, "status", 1), "not in the list"),
    "date outside the year": (
        answer("milestones", REPORTED, "date", "2020-05-01"),
        "outside 2021",
    ),
    "date that is no date": (answer("milestones", REPORTED, "date", "明年"), "is not a date"),
    "impossible date": (answer("milestones", REPORTED, "date", "2021-02-30"), "is not a date"),
    "as-of date outside the year": (
        answer("targets", "target:balance-primary:zhuji", "as_of", "2022-01-01"),
        "outside 2021",
    ),
    "evidence too long": (answer("milestones", REPORTED, "evidence", "長" * 2001), "shorten"),
    "line separator in the text": (
        answer("measures", "measure:8", "work", "甲\u2028乙"),
        "U+2028",
    ),
    "formula without a cached value": (
        answer("targets", OPEN_TARGET, "value", "=1+1"),
        "formula with no computed value",
    ),
    "formula in the status cell": (
        answer("milestones", REPORTED, "status", '="達到"'),
        "formula with no computed value",
    ),
}


@pytest.mark.parametrize("case", list(CELL_CASES))
def test_bad_cell(setup: Setup, tmp_path: Path, case: str) -> None:
    edit, words = CELL_CASES[case]
    path, where = edited(setup, tmp_path, edit)
    code, output = intake(setup, path)
    expect(code, output, path, where, words)


def _status_missing(workbook: Workbook) -> str:
    put(workbook, "milestones", REPORTED, {"status": None})
    sheet, ref = cell_ref(workbook, "milestones", REPORTED, "status")
    return f"{sheet.title}!{ref}"


def _as_of_missing(workbook: Workbook) -> str:
    put(workbook, "targets", OPEN_TARGET, {"value": 0.3, "as_of": None})
    sheet, ref = cell_ref(workbook, "targets", OPEN_TARGET, "as_of")
    return f"{sheet.title}!{ref}"


def _problems_without_work(workbook: Workbook) -> str:
    put(workbook, "measures", MEASURE, {"problems": "經費不足"})
    sheet, ref = cell_ref(workbook, "measures", MEASURE, "work")
    return f"{sheet.title}!{ref}"


def _row_id(kind: str, item: str, new_id: str) -> Callable[[Workbook], str]:
    def edit(workbook: Workbook) -> str:
        sheet, ref = cell_ref(workbook, kind, item, "status" if kind == "milestones" else "value")
        row = sheet[ref].row
        sheet.cell(row, 1).value = new_id
        return f"{sheet.title}!A{row}"

    return edit


def _row_without_id(workbook: Workbook) -> str:
    sheet = sheet_of(workbook, "milestones")
    row = sheet.max_row + 1
    sheet.cell(row, 8).value = "自行加的行"
    return f"{sheet.title}!A{row}"


def _duplicated_row(workbook: Workbook) -> str:
    sheet = sheet_of(workbook, "milestones")
    row = sheet.max_row + 1
    sheet.cell(row, 1).value = REPORTED
    sheet.cell(row, 7).value = "達到"
    return f"{sheet.title}!A{row}"


ROW_CASES = {
    "status missing but evidence given": (_status_missing, "status is empty"),
    "value without an as-of date": (_as_of_missing, "no as-of date"),
    "problems without the work done": (_problems_without_work, "work done"),
    "unknown row id": (
        _row_id("milestones", REPORTED, "milestone:nowhere:zhuji:2021"),
        "unknown row id",
    ),
    "a target's id on the milestones sheet": (
        _row_id("milestones", REPORTED, "target:balance-primary:zhuji"),
        "unknown row id",
    ),
    "another unit's row": (
        _row_id("milestones", REPORTED, "milestone:national-balanced:keqiao:2021"),
        "belongs to the form of keqiao-gov",
    ),
    "a row added by hand": (_row_without_id, "has no id"),
    "a row copied": (_duplicated_row, "appears twice"),
}


@pytest.mark.parametrize("case", list(ROW_CASES))
def test_bad_row(setup: Setup, tmp_path: Path, case: str) -> None:
    edit, words = ROW_CASES[case]
    path, where = edited(setup, tmp_path, edit)
    code, output = intake(setup, path)
    expect(code, output, path, where, words)


# --- sheets and workbooks ------------------------------------------------------------------


def _marker(sheet_kind: str, old: str, new: str) -> Callable[[Workbook], str]:
    def edit(workbook: Workbook) -> str:
        sheet = sheet_of(workbook, sheet_kind)
        text = sheet["A1"].value
        assert isinstance(text, str) and old in text
        sheet["A1"].value = text.replace(old, new)
        return f"{sheet.title}!A1"

    return edit


def _all_markers(old: str, new: str) -> Callable[[Workbook], str]:
    def edit(workbook: Workbook) -> str:
        for sheet in workbook.worksheets:
            text = sheet["A1"].value
            if isinstance(text, str):
                sheet["A1"].value = text.replace(old, new)
        return ""

    return edit


def _remove_sheet(workbook: Workbook) -> str:
    workbook.remove(sheet_of(workbook, "targets"))
    return ""


def _no_markers(workbook: Workbook) -> str:
    for sheet in workbook.worksheets:
        sheet["A1"].value = None
    return ""


def _answer_column_key(workbook: Workbook) -> str:
    sheet = sheet_of(workbook, "milestones")
    for cell in sheet[1]:
        if cell.value == "status":
            cell.value = None
    return sheet.title


def _huge_sheet(workbook: Workbook) -> str:
    sheet = sheet_of(workbook, "measures")
    sheet.cell(5000, 2).value = "x"
    return sheet.title


def _wide_sheet(workbook: Workbook) -> str:
    sheet = sheet_of(workbook, "milestones")
    sheet.cell(3, 100).value = "x"
    return sheet.title


SHEET_CASES = {
    "a sheet from another unit's form": (
        _marker("targets", f"unit={UNIT}", "unit=keqiao-gov"),
        "comes from the 2021 form of unit 'keqiao-gov'",
    ),
    "a form of an unknown unit": (_all_markers(f"unit={UNIT}", "unit=nobody"), "unit 'nobody'"),
    "a form of another plan": (_all_markers("plan=", "plan=0"), "another plan"),
    "a form of an unknown version": (_all_markers("reportgen-form/1", "reportgen-form/9"), "9"),
    "a sheet deleted": (_remove_sheet, "sheet is missing"),
    "no form marks at all": (_no_markers, "not a progress form"),
    "an answer column's key removed": (_answer_column_key, "are missing"),
    "a sheet far too long": (_huge_sheet, "5000 rows"),
    "a sheet far too wide": (_wide_sheet, "100 columns"),
}


@pytest.mark.parametrize("case", list(SHEET_CASES))
def test_bad_sheet(setup: Setup, tmp_path: Path, case: str) -> None:
    edit, words = SHEET_CASES[case]
    if case == "a form of another plan":
        # the fingerprint is 12 hex digits: prefixing one makes it another plan's
        def edit(workbook: Workbook) -> str:
            for sheet in workbook.worksheets:
                text = sheet["A1"].value
                if isinstance(text, str):
                    head, rest = text.split("plan=", 1)
                    sheet["A1"].value = f"{head}plan=000000000000{rest[12:]}"
            return ""

    path, where = edited(setup, tmp_path, edit)
    code, output = intake(setup, path)
    expect(code, output, path, where, words)


def test_form_of_another_year(setup: Setup, tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    args = ["forms", "--year", "2022", "--unit", UNIT, "--plan", str(setup.plan), "-o", str(forms)]
    assert runner.invoke(app, args).exit_code == 0
    path = forms / form_file_name(2022, UNIT)
    code, output = intake(setup, path)
    expect(code, output, path, "", "form for 2022, not 2021")


def test_a_form_sent_in_for_another_unit(setup: Setup, tmp_path: Path) -> None:
    path = tmp_path / form_file_name(YEAR, "keqiao-gov")
    shutil.copy(setup.form(), path)
    code, output = intake(setup, path)
    expect(code, output, path, "", "named for unit 'keqiao-gov' but holds the form of unit")


def test_two_forms_of_one_unit(setup: Setup, tmp_path: Path) -> None:
    copy = tmp_path / "copy.xlsx"
    shutil.copy(setup.form(), copy)
    code, output = intake(setup, setup.form(), copy)
    expect(code, output, copy, "", "a second form of unit 'zhuji-gov'")


def test_shared_target_given_two_values(setup: Setup, tmp_path: Path) -> None:
    target = "target:twinned-schools:city"
    files = []
    for unit, value in (("edu", 150), ("finance", 151)):
        path = tmp_path / form_file_name(YEAR, unit)
        workbook = load_workbook(setup.form(unit))
        put(workbook, "targets", target, {"value": value})
        workbook.save(path)
        files.append(path)
    sheet, ref = cell_ref(load_workbook(files[1]), "targets", target, "value")
    code, output = intake(setup, *files)
    expect(code, output, files[1], f"{sheet.title}!{ref}", "differs from 150")


def test_conflict_with_the_progress_file(setup: Setup, tmp_path: Path) -> None:
    path, where = edited(setup, tmp_path, answer("milestones", REPORTED, "status", "達到"))
    code, output = intake(setup, path)
    expect(code, output, path, where, "conflict")
    assert "未達到" in output and "--force" in output


# --- packages ------------------------------------------------------------------------------


def _rezip(source: Path, target: Path, extra: dict[str, bytes], drop: tuple[str, ...] = ()) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in extra or info.filename in drop:
                continue
            new.writestr(info, old.read(info))
        for name, data in extra.items():
            new.writestr(name, data)


_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def _declare_size(path: Path, part: str, size: int) -> None:
    """Make the zip's headers lie about the unpacked size of `part`."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    # (signature, offset of the name length, offset of the name, offset of the size field)
    for signature, length_at, name_at, size_at in (
        (b"PK\x03\x04", 26, 30, 22),
        (b"PK\x01\x02", 28, 46, 24),
    ):
        start = data.find(signature)
        while start >= 0:
            length = struct.unpack("<H", data[start + length_at : start + length_at + 2])[0]
            if data[start + name_at : start + name_at + length] == name:
                data[start + size_at : start + size_at + 4] = struct.pack("<I", size)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))


def _package_cases(form: Path, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Name -> (file, words of its message)."""
    cases: dict[str, tuple[Path, str]] = {}

    def at(name: str) -> Path:
        return tmp_path / name

    at("text.xlsx").write_text("name,value\nzhuji,0.3\n", "utf-8")
    cases["a CSV renamed .xlsx"] = (at("text.xlsx"), "not a zip package")
    at("empty.xlsx").write_bytes(b"")
    cases["an empty file"] = (at("empty.xlsx"), "not a zip package")
    data = form.read_bytes()
    at("cut.xlsx").write_bytes(data[: len(data) // 2])
    cases["a truncated file"] = (at("cut.xlsx"), "not a zip package")
    shutil.copy(form, at("form.xlsm"))
    cases["a macro-enabled workbook (.xlsm)"] = (at("form.xlsm"), "macro-enabled")
    shutil.copy(form, at("form.csv"))
    cases["another extension"] = (at("form.csv"), "not an .xlsx file")
    _rezip(form, at("vba.xlsx"), {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512})
    cases["macros inside an .xlsx"] = (at("vba.xlsx"), "vbaProject.bin")
    _rezip(
        form,
        at("links.xlsx"),
        {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"},
    )
    cases["a link to another workbook"] = (at("links.xlsx"), "links to other workbooks")
    _rezip(form, at("bomb.xlsx"), {"xl/media/pad.bin": b"\0" * (30 * 1024 * 1024)})
    cases["a zip bomb (one huge part)"] = (at("bomb.xlsx"), "unpacks to")
    _rezip(form, at("ratio.xlsx"), {"xl/media/pad.bin": b"\0" * (3 * 1024 * 1024)})
    cases["a zip bomb (ratio)"] = (at("ratio.xlsx"), "zip bomb")
    sheet = b"<worksheet><sheetData>" + b" " * (40 * 1024 * 1024) + b"</sheetData></worksheet>"
    _rezip(form, at("liar.xlsx"), {"xl/worksheets/sheet2.xml": sheet})
    _declare_size(at("liar.xlsx"), "xl/worksheets/sheet2.xml", 5000)
    cases["a zip bomb that lies about its size"] = (at("liar.xlsx"), "Bad CRC-32")
    _rezip(form, at("many.xlsx"), {f"xl/media/p{i}.bin": b"x" for i in range(300)})
    cases["thousands of parts"] = (at("many.xlsx"), "parts")
    rows = b"".join(
        b'<row r="%d">' % r
        + b"".join(b'<c r="%s%d"><v>1</v></c>' % (bytes([66 + c]), r) for c in range(20))
        + b"</row>"
        for r in range(3, 603)
    )
    dense = b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>"
    _rezip(form, at("dense.xlsx"), {"xl/worksheets/sheet2.xml": dense})
    cases["a sheet of 12000 cells"] = (at("dense.xlsx"), "holds 12000 cells")
    _rezip(form, at("laughs.xlsx"), {"xl/worksheets/sheet3.xml": _LAUGHS})
    cases["entity expansion (billion laughs)"] = (at("laughs.xlsx"), "cannot read the workbook")
    _rezip(form, at("xml.xlsx"), {"xl/worksheets/sheet2.xml": b"<worksheet><sheetData>"})
    cases["broken sheet XML"] = (at("xml.xlsx"), "cannot read the workbook")
    _rezip(form, at("notypes.xlsx"), {}, drop=("[Content_Types].xml",))
    cases["no content types"] = (at("notypes.xlsx"), "[Content_Types].xml missing")
    cases["a missing file"] = (at("absent.xlsx"), "file not found")
    at("folder.xlsx").mkdir()
    cases["a folder"] = (at("folder.xlsx"), "not a regular file")
    big = io.BytesIO(b"\0" * (6 * 1024 * 1024))
    at("big.xlsx").write_bytes(big.getvalue())
    cases["a file far too big"] = (at("big.xlsx"), "a form is at most")
    return cases


PACKAGE_CASES = [
    "a CSV renamed .xlsx",
    "an empty file",
    "a truncated file",
    "a macro-enabled workbook (.xlsm)",
    "another extension",
    "macros inside an .xlsx",
    "a link to another workbook",
    "a zip bomb (one huge part)",
    "a zip bomb (ratio)",
    "a zip bomb that lies about its size",
    "thousands of parts",
    "a sheet of 12000 cells",
    "entity expansion (billion laughs)",
    "broken sheet XML",
    "no content types",
    "a missing file",
    "a folder",
    "a file far too big",
]


@pytest.mark.parametrize("case", PACKAGE_CASES)
def test_bad_package(setup: Setup, tmp_path: Path, case: str) -> None:
    path, words = _package_cases(setup.form(), tmp_path)[case]
    code, output = intake(setup, path)
    expect(code, output, path, "", words)


def test_every_problem_of_every_file_at_once(setup: Setup, tmp_path: Path) -> None:
    first, where_a = edited(setup, tmp_path, answer("targets", OPEN_TARGET, "value", "abc"))
    workbook = load_workbook(first)
    where_b = answer("milestones", REPORTED, "date", "2020-01-01")(workbook)
    workbook.save(first)
    second = tmp_path / "text.xlsx"
    second.write_text("plain text", "utf-8")
    code, output = intake(setup, first, second)
    expect(code, output, first, where_a, "text in a number")
    expect(code, output, first, where_b, "outside 2021")
    expect(code, output, second, "", "not a zip package")


def test_the_pre_filled_form_itself_is_taken_in_unchanged(setup: Setup) -> None:
    code, output = intake(setup, setup.form())
    assert code == 0, output
    assert "unchanged" in output


def test_force_replaces_a_conflicting_value(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(default_plan_dir(), plan)
    forms = tmp_path / "forms"
    args = ["forms", "--year", str(YEAR), "--unit", UNIT, "--plan", str(plan), "-o", str(forms)]
    assert runner.invoke(app, args).exit_code == 0
    path = forms / form_file_name(YEAR, UNIT)
    workbook = load_workbook(path)
    put(workbook, "milestones", REPORTED, {"status": "達到", "evidence": "整改後通過"})
    workbook.save(path)
    progress = plan / "progress" / f"{YEAR}.yaml"
    before = progress.read_text("utf-8")
    result = runner.invoke(app, ["intake", str(path), "--year", str(YEAR), "--plan", str(plan)])
    assert result.exit_code == 65 and progress.read_text("utf-8") == before
    result = runner.invoke(
        app, ["intake", str(path), "--year", str(YEAR), "--plan", str(plan), "--force"]
    )
    assert result.exit_code == 0, result.output
    assert "milestones 1 replaced" in result.output
    after = progress.read_text("utf-8")
    assert "status: 達到, date: 2021-12-10" in after and "整改後通過" in after
    # only the replaced entry's lines changed; every other byte is as it was
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    assert removed == [
        "  - {project: national-balanced, district: zhuji, year: 2021, status: 未達到, "
        "date: 2021-12-10,",
        "     evidence: 生均教學儀器設備值等兩項指標未達標}",
    ]
    start = before.index(removed[0])
    end = before.index(removed[1]) + len(removed[1])
    assert after[:start] == before[:start]
    assert after.endswith(before[end:])


def test_a_formula_with_its_computed_value_is_read(setup: Setup, tmp_path: Path) -> None:
    """Only the value a spreadsheet program stored is read; the formula is not evaluated."""
    workbook = load_workbook(setup.form())
    sheet, ref = cell_ref(workbook, "targets", OPEN_TARGET, "value")
    sheet_index = workbook.worksheets.index(sheet) + 1
    plain = tmp_path / "plain.xlsx"
    workbook.save(plain)
    part = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(plain) as package:
        xml = package.read(part).decode("utf-8")
    cell = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml)
    assert cell is not None
    formula = f'<c r="{ref}"><f>0.2+0.08</f><v>0.28</v></c>'
    path = tmp_path / form_file_name(YEAR, UNIT)
    _rezip(plain, path, {part: xml.replace(cell.group(0), formula).encode("utf-8")})
    before = setup.progress.read_bytes()
    plan_copy = tmp_path / "plan"
    shutil.copytree(setup.plan, plan_copy)
    result = runner.invoke(
        app, ["intake", str(path), "--year", str(YEAR), "--plan", str(plan_copy)]
    )
    assert result.exit_code == 0, result.output
    assert setup.progress.read_bytes() == before
    text = (plan_copy / "progress" / f"{YEAR}.yaml").read_text("utf-8")
    assert "{target: balance-junior, district: zhuji, value: 0.28, as_of: 2021-12-31}" in text
