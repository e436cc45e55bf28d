"""The reminder (督辦通知) to the units late with their tasks, in every year of both plans.

One batch per plan (`kinds=("reminder",)`, DOCX + PDF + HTML, in the data's own script)
builds the reminders once per module. Their addressees and items are compared with what the
progress files say, worked out by hand below; their layout is measured with the checks the
notices pass (tests/headchecks.py, tests/pdfmeasure.py). A year when every unit is on time
writes nothing: `render` exits with 3 and a batch skips it with a message.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from typer.testing import CliRunner

from docxreadback import (
    STYLE_NAMES,
    all_paragraphs,
    html_sections,
    paragraph_style,
    paragraphs_in_style,
    section_margins_mm,
    style_element,
    style_fonts,
    style_size_pt,
    w,
)
from headchecks import (
    assert_a4,
    assert_header_mark,
    assert_red_rule,
    assert_text_inside_the_type_area,
)
from pdfmeasure import (
    CJK_LINE,
    PAGE_NUMBER,
    TOLERANCE_MM,
    body_line_pitches,
    body_only_pages,
    centre_x_mm,
    chars_of,
    embedded_fonts,
    font_key,
    line_text,
    line_with,
    listed_font_keys,
    mm,
    page_number_side,
    page_number_text,
    squeeze,
)
from plans import plan_dirs
from rendered import RenderedDocument, open_rendered
from reportgen.batch.runner import run_batch
from reportgen.cli.app import app
from reportgen.core import ALL_FORMATS, Options
from reportgen.layout.profile import MM_TO_PT, LayoutProfile
from reportgen.layout.styles import element_style
from reportgen.plan.loader import load_plan
from reportgen.plan.model import Plan

runner = CliRunner()

DEFAULT = "shaoxing-education-2021"
COUNTY = "yunxi-county-sanitation-2024"

LATE: dict[tuple[str, int], dict[str, list[str]]] = {
    # progress/2022.yaml reports 現代化學校 in 諸暨市 未達到 (3所學校未通過市級評估) and
    # nothing on its 教育優質均衡示範鄉鎮 due in 2022; every other district met its 2022 cells.
    (DEFAULT, 2022): {
        "zhuji-gov": ["city-balanced-town 2022 not_reported", "city-modern-school 2022"],
    },
    # 2023: 越城區's 國家級優質均衡 is reported 未達到; 諸暨市's 2022 town is still unreported
    # (its school was reported 達到 in 2023, so it drops out).
    (DEFAULT, 2023): {
        "yuecheng-gov": ["national-balanced 2023"],
        "zhuji-gov": ["city-balanced-town 2022 not_reported"],
    },
    # 2024: 溪口鎮's model village 未達到, 白沙鎮's sewage 基本達到 where 達到 is asked.
    (COUNTY, 2024): {
        "xikou-gov": ["model-village 2024"],
        "baisha-gov": ["sewage 2024"],
    },
    # 2025: 溪口鎮 achieved its village in 2025. The fault-rate target (below 5%, due 2025) is
    # 5 in 城關鎮 (not met) and unreported in 南坪鄉, 石門鄉 and 白沙鎮; 溪口鎮's 4.9 meets it.
    # Measure 4 falls to 縣住建局 and 縣生態環境分局, so they answer for every town's figure.
    (COUNTY, 2025): {
        "housing": ["fault-rate chengguan", "fault-rate nanping", "fault-rate shimen",
                    "fault-rate baisha"],
        "ecology": ["fault-rate chengguan", "fault-rate nanping", "fault-rate shimen",
                    "fault-rate baisha"],
        "chengguan-gov": ["fault-rate chengguan"],
        "nanping-gov": ["fault-rate nanping"],
        "shimen-gov": ["fault-rate shimen"],
        "baisha-gov": ["sewage 2024", "fault-rate baisha"],
    },
}  # fmt: skip
"""The hand-worked late units of four years, in the plan's order, and their items:
`PROJECT DUE_YEAR [not_reported]` for a milestone, `TARGET DISTRICT` for a target."""


@dataclass(kw_only=True)
class Reminder(RenderedDocument):
    plan: Plan
    year: int


@pytest.fixture(scope="module")
def reminders(
    tmp_path_factory: pytest.TempPathFactory, profile: LayoutProfile
) -> Iterator[dict[tuple[str, int], Reminder]]:
    """Every year's reminder of every plan (both plans have late units in every year)."""
    with contextlib.ExitStack() as stack:
        found: dict[tuple[str, int], Reminder] = {}
        for plan_dir in plan_dirs():
            plan = load_plan(plan_dir)
            options = Options(
                plan_dir=plan_dir,
                output_dir=tmp_path_factory.mktemp(f"reminders-{plan_dir.name}"),
                formats=ALL_FORMATS,
                years=tuple(plan.plan.period.years()),
                kinds=("reminder",),
                jobs=2,
                script=plan.document.script,
            )
            report = run_batch(options)
            assert report.exit_code == 0, report.summary_lines()
            assert len(report.of("built")) == len(plan.plan.period.years())
            for outcome in report.of("built"):
                assert outcome.request.year is not None
                files = {path.suffix: path for path in outcome.outputs}
                rendered = open_rendered(stack, files, outcome.warnings, plan, profile)
                key = (plan_dir.name, outcome.request.year)
                found[key] = Reminder(plan=plan, year=outcome.request.year, **rendered)
        yield found


CASES = [(path.name, year) for path in plan_dirs() for year in load_plan(path).plan.period.years()]


@pytest.fixture(params=CASES, ids=lambda case: f"{case[0]}-{case[1]}")
def reminder(
    request: pytest.FixtureRequest, reminders: dict[tuple[str, int], Reminder]
) -> Reminder:
    return reminders[request.param]


# --- content -----------------------------------------------------------------------------------


def _items(plan: Plan, year: int) -> dict[str, list[str]]:
    """The late units and items the facts builder finds, in the form of `LATE`."""
    from reportgen.cache import cached_progress
    from reportgen.documents.reminder import late_units

    found = {}
    for late in late_units(plan, cached_progress(plan, year), year):
        items = [
            f"{r.milestone.project.id} {r.milestone.year}"
            + (" not_reported" if r.report is None else "")
            for r in late.milestones
        ]
        items += [f"{t.target.id} {t.district}" for t in late.targets]
        found[late.unit.id] = items
    return found


@pytest.mark.parametrize("case", sorted(LATE), ids=lambda case: f"{case[0]}-{case[1]}")
def test_late_units_and_items_are_those_worked_out_by_hand(
    case: tuple[str, int], reminders: dict[tuple[str, int], Reminder]
) -> None:
    reminder = reminders[case]
    expected = LATE[case]
    assert _items(reminder.plan, reminder.year) == expected
    units = [reminder.plan.unit(unit_id) for unit_id in expected]
    # the addressees are exactly the late units, in the plan's order
    assert reminder.html_text("gw-addressee") == "、".join(u.name for u in units) + "："
    runins = [r.text_content() for r in reminder.root.find_class("gw-runin")]
    assert [r.split("）", 1)[1].rstrip("。") for r in runins] == [u.name for u in units]
    # each unit's paragraph names each of its items once, in PDF and DOCX alike
    paragraphs = [r.getparent().text_content() for r in reminder.root.find_class("gw-runin")]
    for unit, paragraph in zip(units, paragraphs, strict=True):
        milestones = [i for i in expected[unit.id] if i.split()[1].isdigit()]
        targets = [i for i in expected[unit.id] if not i.split()[1].isdigit()]
        assert len(re.findall(r"（\d{4}年", paragraph)) == len(milestones)
        assert paragraph.count("年前完成") == len(targets)
        for item in milestones:
            project = next(p for p in reminder.plan.schedule.projects if p.id == item.split()[0])
            assert paragraph.count(f"{project.label}（{item.split()[1]}年") == 1
        for item in targets:
            target_id, district = item.split()
            target = next(t for t in reminder.plan.targets.targets if t.id == target_id)
            place = reminder.plan.place_name(district)
            assert paragraph.count(f"{target.indicator}（{place}）") == 1
        assert squeeze(paragraph) in reminder.text
        assert squeeze(paragraph) in reminder.docx_text


def test_the_title_says_督辦_and_the_year(reminder: Reminder) -> None:
    title = squeeze(reminder.html_text("gw-title"))
    assert "督辦" in title or "督办" in title
    assert f"{reminder.year}年度" in title
    assert title == squeeze(reminder.metadata["Title"])


# --- layout: as the notices' -------------------------------------------------------------------


def test_pages_are_a4_with_text_inside_the_type_area(
    reminder: Reminder, profile: LayoutProfile
) -> None:
    assert len(reminder.pages) >= 2  # the 版記 stands on a page of its own
    assert_a4(reminder.pages, profile)
    assert_text_inside_the_type_area(reminder.pages, profile)


def test_head_mark_rule_and_number_stand_as_in_the_notice(
    reminder: Reminder, profile: LayoutProfile
) -> None:
    page = reminder.pages[0]
    em_top = reminder.fonts.metrics("xiaobiaosong").em_top
    assert_header_mark(page, reminder.html_text("gw-mark"), em_top, profile)
    assert_red_rule(page, profile)
    number = line_with(page, reminder.html_text("gw-docnum"))
    centre = profile.margins.left_mm + profile.type_area_width_mm / 2
    assert centre_x_mm(number) == pytest.approx(centre, abs=TOLERANCE_MM)
    assert "簽發人" not in line_text(number) and "签发人" not in line_text(number)


def test_title_is_22pt_and_body_16pt(reminder: Reminder, profile: LayoutProfile) -> None:
    page = reminder.pages[0]
    title = reminder.root.find_class("gw-title")[0]
    for line in [text.strip() for text in title.itertext() if text.strip()]:
        for char in chars_of(page, line):
            assert char["size"] == pytest.approx(profile.title.size_pt, abs=0.1)
    intro = reminder.root.find_class("gw-para")[0].text_content()
    for char in chars_of(page, intro[:10]):
        assert char["size"] == pytest.approx(profile.body.size_pt, abs=0.1)


def test_page_numbers_alternate_sides(reminder: Reminder, profile: LayoutProfile) -> None:
    for number, page in enumerate(reminder.pages, start=1):
        match = PAGE_NUMBER.match(page_number_text(page, profile))
        assert match is not None and int(match.group(1)) == number
        assert page_number_side(page, profile) == ("right" if number % 2 else "left")


def test_full_pages_have_22_lines_of_28_characters_on_the_pitch(
    reminders: dict[tuple[str, int], Reminder], profile: LayoutProfile
) -> None:
    full_pages = 0
    full_lines = 0
    for reminder in reminders.values():
        for lines in body_only_pages(reminder.pages, profile):
            assert len(lines) <= profile.grid.lines_per_page
            if len(lines) == profile.grid.lines_per_page:
                full_pages += 1
                for pitch in body_line_pitches(lines, lines[0][0]["size"]):
                    steps = round(pitch / profile.grid.line_pitch_pt)
                    assert pitch == pytest.approx(steps * profile.grid.line_pitch_pt, abs=0.5)
            for line in lines:
                if CJK_LINE.match(line_text(line)):
                    assert len(line) <= profile.grid.chars_per_line
                    if len(line) == profile.grid.chars_per_line:
                        full_lines += 1
                        right = profile.page.width_mm - profile.margins.right_mm
                        assert mm(line[-1]["x1"]) == pytest.approx(right, abs=TOLERANCE_MM)
    assert full_pages >= 1  # the county's 2025 reminder runs over a full page
    assert full_lines >= 1


def test_only_listed_fonts_are_embedded(reminder: Reminder, profile: LayoutProfile) -> None:
    listed = listed_font_keys(profile)
    for name in embedded_fonts(reminder.pages):
        assert any(font_key(name).startswith(family) for family in listed), name


def test_docx_head_title_addressee_and_signature(reminder: Reminder) -> None:
    paragraphs = reminder.docx.document.paragraphs
    body = [p for p in paragraphs if paragraph_style(p) != STYLE_NAMES["gw-sample"]]
    assert [paragraph_style(p) for p in body[:4]] == [
        STYLE_NAMES[c] for c in ("gw-mark", "gw-docnum", "gw-title", "gw-addressee")
    ]
    assert body[3].text == reminder.html_text("gw-addressee")
    (name,) = paragraphs_in_style(reminder.docx, "gw-sign-name")
    assert name.text == reminder.plan.document.issuer
    assert squeeze(reminder.html_text("gw-print-date")) in reminder.docx_text


def test_docx_sections_are_a4_portrait_with_the_profiles_margins_and_grid(
    reminder: Reminder, profile: LayoutProfile
) -> None:
    sections = reminder.docx.document.sections
    assert [s.get("data-orientation") for s in html_sections(reminder.html)] == ["portrait"] * 2
    assert len(sections) == 2
    m = profile.margins
    for section in sections:
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert section.page_width.mm == pytest.approx(profile.page.width_mm, abs=0.5)
        assert section.page_height.mm == pytest.approx(profile.page.height_mm, abs=0.5)
        expected = (m.top_mm, m.bottom_mm, m.left_mm, m.right_mm)
        assert section_margins_mm(section) == pytest.approx(expected, abs=0.5)
    grids = list(reminder.docx.parts["word/document.xml"].iter(qn("w:docGrid")))
    assert len(grids) == len(sections)
    for grid in grids:
        assert w(grid, "type") == "linesAndChars"
        assert int(w(grid, "linePitch") or 0) / 20 == pytest.approx(
            profile.grid.line_pitch_pt, abs=0.05
        )
        char_pitch = profile.body.size_pt + int(w(grid, "charSpace") or 0) / 4096
        width = profile.type_area_width_mm * MM_TO_PT
        assert round(width / char_pitch) == profile.grid.chars_per_line


def test_docx_styles_name_each_roles_font_and_size(
    reminder: Reminder, profile: LayoutProfile
) -> None:
    for cls, name in STYLE_NAMES.items():
        style = style_element(reminder.docx, name)
        expected = element_style(profile, cls)
        family = profile.fonts.role(expected.role).choices(reminder.fonts.script)[0].family
        assert style_fonts(style) == (family,) * 3, name
        assert style_size_pt(style) == expected.size_pt, name
    styles = {paragraph_style(p) for p in all_paragraphs(reminder.docx)}
    assert styles <= set(STYLE_NAMES.values()), styles - set(STYLE_NAMES.values())


# --- nothing to send ---------------------------------------------------------------------------


@pytest.fixture
def on_time_plan(tmp_path: Path) -> Path:
    """The default plan with one progress file, for 2021, reporting every district's cells due
    by then as 達到: no unit is late for 2021."""
    plan_dir = tmp_path / "on-time"
    shutil.copytree(plan_dirs()[0], plan_dir)
    for path in (plan_dir / "progress").glob("*.yaml"):
        path.unlink()
    plan = load_plan(plan_dir)
    cells = [
        {"project": m.project.id, "district": m.column, "year": m.year, "status": "達到"}
        for m in plan.milestones()
        if m.year <= 2021 and m.column in {d.id for d in plan.registry.districts}
    ]
    assert cells and not [t for t in plan.targets.targets if t.deadline <= 2021]
    text = yaml.safe_dump({"year": 2021, "milestones": cells}, allow_unicode=True)
    (plan_dir / "progress" / "2021.yaml").write_text(text, "utf-8")
    return plan_dir


def test_render_says_there_is_nothing_to_send_and_writes_nothing(
    on_time_plan: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out"
    result = runner.invoke(
        app,
        ["render", "reminder", "--plan", str(on_time_plan), "--year", "2021", "-o", str(output)],
    )
    assert result.exit_code == 3, result.output
    assert "nothing to send: no unit is late with its tasks for 2021" in result.output
    assert not output.exists() or not any(output.iterdir())


def test_batch_skips_a_reminder_with_nothing_to_send(on_time_plan: Path, tmp_path: Path) -> None:
    options = Options(
        plan_dir=on_time_plan, output_dir=tmp_path / "out", formats=("html",), years=(2021,)
    )
    report = run_batch(options)
    assert report.exit_code == 0
    (skipped,) = [o for o in report.of("skipped") if o.request.kind == "reminder"]
    assert "nothing to send" in skipped.reason
    assert any("nothing to send" in line for line in report.warning_lines())
    assert not list((tmp_path / "out").glob("*reminder*"))
    assert {o.request.kind for o in report.of("built")} == {"circular", "notice", "summary"}


@pytest.mark.parametrize("plan_dir", plan_dirs(), ids=lambda path: path.name)
def test_the_reply_is_due_the_days_document_yaml_gives_after_the_date(
    plan_dir: Path, tmp_path: Path, profile: LayoutProfile
) -> None:
    """`issuing.reply_days` in document.yaml sets the reply's due date (15 days unless set);
    a period that is not a positive number of days is refused, located."""
    import datetime as dt

    from reportgen.core import DocumentRequest
    from reportgen.documents.reminder import build_reminder
    from reportgen.errors import DataError

    copy = tmp_path / plan_dir.name
    shutil.copytree(plan_dir, copy)
    plan = load_plan(copy)
    year = next(y for y in plan.plan.period.years() if _items(plan, y))
    date = dt.date(year + 1, 3, 1)
    request = DocumentRequest("reminder", year=year, date=date)
    facts = build_reminder(plan, profile, request, [])
    assert facts["reply_by"] == date + dt.timedelta(days=15)
    document = copy / "document.yaml"
    data = yaml.safe_load(document.read_text("utf-8"))
    data.setdefault("issuing", {})["reply_days"] = 7
    document.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    facts = build_reminder(load_plan(copy), profile, request, [])
    assert facts["reply_by"] == date + dt.timedelta(days=7)
    data["issuing"]["reply_days"] = 0
    document.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(DataError) as refused:
        load_plan(copy)
    message = "\n".join(refused.value.messages())
    assert "document.yaml" in message and "reply_days" in message
