"""The annual progress notices (通報) for 2021–2025, measured in PDF and read back from DOCX.

One batch run (`--jobs 2`, DOCX + PDF + HTML) builds the five notices into a temporary folder
once per module; every test then runs per year. The layout is measured as the circular's is
(tests/test_pdf_layout.py, tests/test_docx_writer.py) and the content is compared with what
the plan's YAML says, read independently (tests/planexpect.py): the 發文字號 and date of each
year's progress file, the next year's milestones of the schedule per district, and the state
of each schedule cell in the attachment.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

import planexpect as expect
from docxreadback import (
    STYLE_NAMES,
    all_paragraphs,
    field_instructions,
    field_kinds,
    html_sections,
    paragraph_style,
    paragraphs_in_style,
    section_margins_mm,
    style_colour,
    style_element,
    style_fonts,
    style_size_pt,
    table_rows,
    tables,
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
    base_font,
    body_line_pitches,
    body_only_pages,
    centre_x_mm,
    chars_of,
    em_bottom_mm,
    em_top_mm,
    embedded_fonts,
    font_key,
    is_landscape,
    is_red,
    line_text,
    line_with,
    listed_font_keys,
    mm,
    page_number_chars,
    page_number_gap_mm,
    page_number_side,
    page_number_text,
    page_text,
    squeeze,
    type_area_mm,
)
from plans import other_plan_dirs
from rendered import RenderedDocument, open_rendered
from reportgen.batch.runner import run_batch
from reportgen.core import ALL_FORMATS, Options
from reportgen.layout.profile import MM_TO_PT, LayoutProfile
from reportgen.layout.styles import element_style
from reportgen.plan.loader import load_plan
from reportgen.plan.model import Plan

YEARS = (2021, 2022, 2023, 2024, 2025)
WITH_PROGRESS = tuple(y for y in YEARS if expect.progress(y) is not None)
WITHOUT_PROGRESS = tuple(y for y in YEARS if expect.progress(y) is None)
IDEOGRAPHIC_SPACE = "\u3000"
DEFAULT_PLAN = expect.plan_dir().name


@dataclass(kw_only=True)
class Notice(RenderedDocument):
    """One year's notice, rendered in all three formats."""

    year: int
    issuer: str

    @property
    def spaced_text(self) -> str:
        """The text of the portrait pages with its spaces (U+3000 blanks) kept."""
        portrait = [p for p in self.pages if not is_landscape(p)]
        return "".join(page_text(p, self.profile) for p in portrait)


@pytest.fixture(scope="module")
def notices(
    tmp_path_factory: pytest.TempPathFactory, plan: Plan, profile: LayoutProfile
) -> Iterator[dict[int, Notice]]:
    output = tmp_path_factory.mktemp("notices")
    options = Options(
        plan_dir=expect.plan_dir(),
        output_dir=output,
        formats=ALL_FORMATS,
        years=YEARS,
        kinds=("notice",),
        jobs=2,
        script="traditional",  # the data's own script, which the expectations read
    )
    report = run_batch(options)
    assert report.exit_code == 0, report.summary_lines()
    built = {o.request.year: o for o in report.of("built")}
    assert sorted(y for y in built if y is not None) == list(YEARS)
    with contextlib.ExitStack() as stack:
        found: dict[int, Notice] = {}
        for year in YEARS:
            outcome = built[year]
            files = {path.suffix: path for path in outcome.outputs}
            found[year] = Notice(
                year=year,
                issuer=plan.document.issuer,
                **open_rendered(stack, files, outcome.warnings, plan, profile),
            )
        yield found


@pytest.fixture(params=YEARS, ids=str)
def own_notice(request: pytest.FixtureRequest, notices: dict[int, Notice]) -> Notice:
    """A notice of the default plan, whose content the tests compare with its YAML."""
    return notices[request.param]


@pytest.fixture(scope="module")
def other_notices(
    tmp_path_factory: pytest.TempPathFactory, profile: LayoutProfile
) -> Iterator[dict[tuple[str, int], Notice]]:
    """The notices of every year of each plan under tests/fixtures/plans/."""
    with contextlib.ExitStack() as stack:
        found: dict[tuple[str, int], Notice] = {}
        for plan_dir in other_plan_dirs():
            other = load_plan(plan_dir)
            years = tuple(other.plan.period.years())
            options = Options(
                plan_dir=plan_dir,
                output_dir=tmp_path_factory.mktemp(f"notices-{plan_dir.name}"),
                formats=ALL_FORMATS,
                years=years,
                kinds=("notice",),
                jobs=2,
            )
            report = run_batch(options)
            assert report.exit_code == 0, report.summary_lines()
            for outcome in report.of("built"):
                assert outcome.request.year is not None
                files = {path.suffix: path for path in outcome.outputs}
                rendered = open_rendered(stack, files, outcome.warnings, other, profile)
                key = (plan_dir.name, outcome.request.year)
                found[key] = Notice(
                    year=outcome.request.year, issuer=other.document.issuer, **rendered
                )
        yield found


LAYOUT_CASES = [(DEFAULT_PLAN, year) for year in YEARS] + [
    (path.name, year) for path in other_plan_dirs() for year in load_plan(path).plan.period.years()
]


@pytest.fixture(params=LAYOUT_CASES, ids=lambda case: f"{case[0]}-{case[1]}")
def notice(
    request: pytest.FixtureRequest,
    notices: dict[int, Notice],
    other_notices: dict[tuple[str, int], Notice],
) -> Notice:
    """A notice of any plan: the layout tests run on every plan's notices."""
    plan_name, year = request.param
    return notices[year] if plan_name == DEFAULT_PLAN else other_notices[(plan_name, year)]


def expected_doc_number(year: int) -> str:
    """紹政辦發〔Y+1〕N號 from the progress file; the number blank (2 字) without one."""
    code = expect.plan_file("document")["doc_number"]["code"]
    notice = (expect.progress(year) or {}).get("notice") or {}
    issued = notice["date"].year if notice.get("date") else year + 1
    number = notice.get("number") or IDEOGRAPHIC_SPACE * 2
    return f"{code}〔{issued}〕{number}號"


# --- PDF: pages, type area, header -----------------------------------------------------------


def test_pages_are_a4(notice: Notice, profile: LayoutProfile) -> None:
    assert len(notice.pages) >= 4
    assert_a4(notice.pages, profile)


def test_text_stays_inside_the_type_area(notice: Notice, profile: LayoutProfile) -> None:
    assert_text_inside_the_type_area(notice.pages, profile)


def test_header_mark_is_red_and_35mm_below_the_type_area(
    notice: Notice, profile: LayoutProfile
) -> None:
    em_top = notice.fonts.metrics("xiaobiaosong").em_top
    mark = assert_header_mark(notice.pages[0], notice.html_text("gw-mark"), em_top, profile)
    assert mark[0]["size"] == pytest.approx(profile.header_mark.size_pt, abs=0.1)


def test_red_rule_spans_the_type_area_4mm_under_the_centred_number(
    notice: Notice, profile: LayoutProfile
) -> None:
    page = notice.pages[0]
    rule = assert_red_rule(page, profile)
    number = line_with(page, notice.html_text("gw-docnum"))
    bottom = em_bottom_mm(
        page, number[0], notice.fonts.metrics("fangsong").em_top, profile.doc_number.size_pt
    )
    assert mm(rule["top"]) - bottom == pytest.approx(
        profile.red_rule.below_doc_number_mm, abs=TOLERANCE_MM
    )
    # A downward document: the number alone, centred, between the mark and the rule.
    centre = profile.margins.left_mm + profile.type_area_width_mm / 2
    assert centre_x_mm(number) == pytest.approx(centre, abs=TOLERANCE_MM)
    assert "簽發人" not in line_text(number)


def test_title_is_22pt_and_body_16pt(notice: Notice, profile: LayoutProfile) -> None:
    page = notice.pages[0]
    title = notice.root.find_class("gw-title")[0]
    lines = [text.strip() for text in title.itertext() if text.strip()]
    assert "".join(lines) == notice.metadata["Title"]
    for line in lines:
        for char in chars_of(page, line):
            assert char["size"] == pytest.approx(profile.title.size_pt, abs=0.1)
    intro = notice.root.find_class("gw-para")[0].text_content()
    for char in chars_of(page, intro[:10]):
        assert char["size"] == pytest.approx(profile.body.size_pt, abs=0.1)


def test_sample_mark_stands_red_at_the_top_right_of_the_type_area(
    notice: Notice, profile: LayoutProfile
) -> None:
    page = notice.pages[0]
    mark = chars_of(page, "示例")
    assert all(is_red(char, profile) for char in mark)
    _, top, right, _ = type_area_mm(profile, page)
    assert mm(mark[-1]["x1"]) == pytest.approx(right, abs=TOLERANCE_MM)
    pitch_mm = profile.grid.line_pitch_pt / MM_TO_PT
    assert top - TOLERANCE_MM <= mm(mark[0]["top"]) <= top + pitch_mm


# --- PDF: page numbers, grid, fonts ----------------------------------------------------------


def test_page_numbers_alternate_sides_and_run_on(notice: Notice, profile: LayoutProfile) -> None:
    numbered = notice.pages  # §7.5: the 版記 page has text before it, so it is numbered
    em_top = notice.fonts.metrics("songti").em_top
    for number, page in enumerate(numbered, start=1):
        text = page_number_text(page, profile)
        match = PAGE_NUMBER.match(text)
        assert match is not None and int(match.group(1)) == number, (number, text)
        assert page_number_side(page, profile) == ("right" if number % 2 else "left"), number
        if is_landscape(page):
            chars = page_number_chars(page, profile)
            assert all(mm(c["x1"]) < profile.margins.bottom_mm for c in chars)
        else:
            gap = page_number_gap_mm(page, profile, em_top)
            assert gap == pytest.approx(profile.page_number.below_type_area_mm, abs=0.5)
    last_page = squeeze(page_text(notice.pages[-1], profile))
    assert squeeze(notice.html_text("gw-print-date")) in last_page


def test_the_attachment_stands_on_landscape_pages(notice: Notice, profile: LayoutProfile) -> None:
    orientations = ["L" if is_landscape(p) else "P" for p in notice.pages]
    assert re.fullmatch(r"P+L+P", "".join(orientations)), orientations
    first = next(p for p in notice.pages if is_landscape(p))
    assert squeeze(notice.html_text("gw-attach-title")) in squeeze(page_text(first, profile))


def test_a_full_page_of_body_text_has_22_lines_on_the_pitch(
    notice: Notice, profile: LayoutProfile
) -> None:
    pages = body_only_pages(notice.pages, profile)
    assert pages, "every notice has a page of running text after its first"
    counts = [len(lines) for lines in pages]
    assert max(counts) == profile.grid.lines_per_page, counts
    full = pages[counts.index(profile.grid.lines_per_page)]
    first = full[0][0]
    em_top = notice.fonts.metrics("fangsong").em_top
    top = em_top_mm(notice.pages[0], first, em_top, first["size"]) - profile.margins.top_mm
    leading = mm(profile.grid.line_pitch_pt - profile.body.size_pt)
    assert -TOLERANCE_MM <= top <= leading + TOLERANCE_MM  # on the type area's first line
    for pitch in body_line_pitches(full, full[0][0]["size"]):
        steps = round(pitch / profile.grid.line_pitch_pt)
        assert pitch == pytest.approx(steps * profile.grid.line_pitch_pt, abs=0.5)


def test_a_full_line_has_28_characters(notice: Notice, profile: LayoutProfile) -> None:
    lines = [
        line
        for page in body_only_pages(notice.pages, profile)
        for line in page
        if CJK_LINE.match(line_text(line)) and len(line) >= 20
    ]
    counts = {len(line) for line in lines}
    if not counts:
        pytest.skip("no line of ideographs alone on a page of running text")
    assert max(counts) <= profile.grid.chars_per_line, counts
    for line in lines:
        if len(line) == profile.grid.chars_per_line:
            right = profile.page.width_mm - profile.margins.right_mm
            assert mm(line[-1]["x1"]) == pytest.approx(right, abs=TOLERANCE_MM)


def test_only_listed_fonts_are_embedded(notice: Notice, profile: LayoutProfile) -> None:
    listed = listed_font_keys(profile)
    embedded = embedded_fonts(notice.pages)
    assert embedded
    for name in embedded:
        assert "dejavu" not in name.casefold()
        assert any(font_key(name).startswith(family) for family in listed), name
    songti = font_key(notice.fonts.pdf_faces("songti")[0].choice.family)
    for page in notice.pages:
        for char in page_number_chars(page, profile):
            assert font_key(base_font(char["fontname"])).startswith(songti)


# --- DOCX: geometry, styles, footers ---------------------------------------------------------


def test_docx_sections_are_a4_with_the_profiles_margins_and_grid(
    notice: Notice, profile: LayoutProfile
) -> None:
    orientations = [s.get("data-orientation") for s in html_sections(notice.html)]
    sections = notice.docx.document.sections
    assert orientations == ["portrait", "landscape", "portrait"]
    assert len(sections) == len(orientations)
    m = profile.margins
    for section, orientation in zip(sections, orientations, strict=True):
        landscape = orientation == "landscape"
        short, long = sorted((section.page_width.mm, section.page_height.mm))
        assert short == pytest.approx(profile.page.width_mm, abs=0.5)
        assert long == pytest.approx(profile.page.height_mm, abs=0.5)
        assert section.orientation == (WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT)
        expected = (
            (m.left_mm, m.right_mm, m.bottom_mm, m.top_mm)
            if landscape
            else (m.top_mm, m.bottom_mm, m.left_mm, m.right_mm)
        )
        assert section_margins_mm(section) == pytest.approx(expected, abs=0.5)
    grids = list(notice.docx.parts["word/document.xml"].iter(qn("w:docGrid")))
    assert len(grids) == len(sections)
    for grid in grids:
        assert w(grid, "type") == "linesAndChars"
        pitch = int(w(grid, "linePitch") or 0) / 20
        assert pitch == pytest.approx(profile.grid.line_pitch_pt, abs=0.05)
        char_pitch = profile.body.size_pt + int(w(grid, "charSpace") or 0) / 4096
        width = profile.type_area_width_mm * MM_TO_PT
        assert round(width / char_pitch) == profile.grid.chars_per_line


def test_docx_styles_name_each_roles_font_and_size(notice: Notice, profile: LayoutProfile) -> None:
    for cls, name in STYLE_NAMES.items():
        style = style_element(notice.docx, name)
        expected = element_style(profile, cls)
        family = profile.fonts.role(expected.role).choices(notice.fonts.script)[0].family
        assert style_fonts(style) == (family,) * 3, name
        assert style_size_pt(style) == expected.size_pt, name
        assert style_colour(style) == profile.color(expected.color).lstrip("#").upper(), name
    styles = {paragraph_style(p) for p in all_paragraphs(notice.docx)}
    assert styles <= set(STYLE_NAMES.values()), styles - set(STYLE_NAMES.values())


def test_docx_head_title_and_signature(notice: Notice) -> None:
    paragraphs = notice.docx.document.paragraphs
    body = [p for p in paragraphs if paragraph_style(p) != STYLE_NAMES["gw-sample"]]
    assert [paragraph_style(p) for p in body[:4]] == [
        STYLE_NAMES[c] for c in ("gw-mark", "gw-docnum", "gw-title", "gw-addressee")
    ]
    assert body[0].text == notice.html_text("gw-mark")
    title = notice.root.find_class("gw-title")[0]
    assert body[2].text.split("\n") == [t.strip() for t in title.itertext() if t.strip()]
    (name,) = paragraphs_in_style(notice.docx, "gw-sign-name")
    assert name.text == notice.issuer


def test_docx_footers_carry_the_page_field_on_both_sides(
    notice: Notice, profile: LayoutProfile
) -> None:
    document = notice.docx.document
    assert document.settings.odd_and_even_pages_header_footer
    first = document.sections[0]
    before, _, after = profile.page_number.format.partition("{n}")
    for footer in (first.footer, first.even_page_footer):
        paragraph = footer.paragraphs[0]
        assert paragraph_style(paragraph) == STYLE_NAMES["gw-page-number"]
        assert paragraph.text == f"{before}1{after}"
        assert field_kinds(paragraph._p) == ["begin", "separate", "end"]
        assert "PAGE" in field_instructions(paragraph._p)
    for section in document.sections[1:]:  # the 版記 page's too (§7.5)
        for footer in (section.footer, section.even_page_footer):
            assert "PAGE" in field_instructions(footer._get_or_add_definition().element)


# --- content: sample mark, number and date ---------------------------------------------------


def test_sample_mark_in_both_formats_and_in_the_document_properties(own_notice: Notice) -> None:
    # The engine marks a document 示例 when any progress file it rests on, up to its year,
    # is sample data. The 2024 and 2025 notices have no file of their own but their
    # cumulative figures come from the 2021–2023 samples, so they carry the mark too.
    if expect.progress(own_notice.year) is None:
        assert own_notice.year in (2024, 2025)
        assert expect.sample_years(own_notice.year) == [2021, 2022, 2023]
    else:
        assert expect.progress(own_notice.year)["sample"] is True  # type: ignore[index]
    assert own_notice.root.find_class("gw-sample")[0].text_content() == "示例"
    assert "示例" in squeeze(page_text(own_notice.pages[0], own_notice.profile))
    assert own_notice.metadata["Subject"].startswith("示例：")
    assert "示例" in own_notice.metadata["Keywords"].split(", ")
    first = own_notice.docx.document.paragraphs[0]
    assert (paragraph_style(first), first.text) == (STYLE_NAMES["gw-sample"], "示例")
    frame = first._p.find(f"{qn('w:pPr')}/{qn('w:framePr')}")
    assert (w(frame, "xAlign"), w(frame, "yAlign")) == ("right", "top")
    core = own_notice.docx.document.core_properties
    assert core.subject.startswith("示例：")
    assert "示例" in core.keywords.split(", ")


@pytest.mark.parametrize("year", WITH_PROGRESS, ids=str)
def test_number_and_date_come_from_the_progress_file(
    notices: dict[int, Notice], year: int, profile: LayoutProfile
) -> None:
    notice = notices[year]
    progress = expect.progress(year)
    assert progress is not None
    issued: dt.date = progress["notice"]["date"]
    number = expected_doc_number(year)
    date = expect.chinese_date(issued)
    assert re.fullmatch(r"紹政辦發〔\d{4}〕\d+號", number)
    assert squeeze(line_text(line_with(notice.pages[0], number))) == number
    (docnum,) = paragraphs_in_style(notice.docx, "gw-docnum")
    assert docnum.text == number
    issuer = expect.plan_file("document")["issuer"]
    assert issuer + date in notice.text  # 署名 and 成文日期
    assert squeeze(page_text(notice.pages[-1], profile)).endswith(date + "印發")
    (sign_date,) = paragraphs_in_style(notice.docx, "gw-sign-date")
    assert sign_date.text == date
    assert number in notice.metadata["Keywords"].split(", ")
    assert notice.docx.document.core_properties.created.date() == issued
    assert notice.warnings == ()


def test_the_2022_notice_is_number_4_of_20_february_2023(notices: dict[int, Notice]) -> None:
    notice = notices[2022]
    assert "紹政辦發〔2023〕4號" in squeeze(page_text(notice.pages[0], notice.profile))
    assert paragraphs_in_style(notice.docx, "gw-docnum")[0].text == "紹政辦發〔2023〕4號"
    assert "紹興市人民政府辦公室2023年2月20日" in notice.text
    assert paragraphs_in_style(notice.docx, "gw-sign-date")[0].text == "2023年2月20日"


@pytest.mark.parametrize("year", WITHOUT_PROGRESS, ids=str)
def test_a_year_without_progress_file_is_未報送_with_the_number_left_blank(
    notices: dict[int, Notice], year: int, profile: LayoutProfile
) -> None:
    assert 2024 in WITHOUT_PROGRESS
    notice = notices[year]
    due = expect.cells_due(year)
    tally = f"全市計劃完成五大創建任務{len(due)}項，已達到0項，未達到0項，未報送{len(due)}項"
    assert tally in notice.text
    assert tally in squeeze("".join(p.text for p in notice.docx.document.paragraphs))
    # PDF: the 發文字號 keeps a 2 字 blank where the number will be written.
    number = expected_doc_number(year)
    assert number == f"紹政辦發〔{year + 1}〕{IDEOGRAPHIC_SPACE * 2}號"
    line = line_with(notice.pages[0], number)
    assert line_text(line) == number
    bracket = next(c for c in line if c["text"] == "〕")
    mark = next(c for c in line if c["text"] == "號")
    blank_mm = mm(mark["x0"] - bracket["x1"])
    assert blank_mm == pytest.approx(2 * mm(profile.doc_number.size_pt), abs=TOLERANCE_MM)
    assert f"{year + 1}年{IDEOGRAPHIC_SPACE}月{IDEOGRAPHIC_SPACE}日" in notice.spaced_text
    # DOCX: no number either.
    (docnum,) = paragraphs_in_style(notice.docx, "gw-docnum")
    assert re.fullmatch(rf"紹政辦發〔{year + 1}〕\s*號", docnum.text), docnum.text
    assert notice.warnings == (
        f"no progress file for {year} (progress/{year}.yaml): milestones due are 未報送",
        "no document number (--number or notice.number): left blank",
        "no date (--date or notice.date): left blank",
    )


def test_docx_keeps_the_blank_number_and_date_as_ideographic_spaces(
    notices: dict[int, Notice],
) -> None:
    notice = notices[WITHOUT_PROGRESS[0]]
    year = notice.year
    (docnum,) = paragraphs_in_style(notice.docx, "gw-docnum")
    assert docnum.text == expected_doc_number(year)
    (sign_date,) = paragraphs_in_style(notice.docx, "gw-sign-date")
    assert sign_date.text == f"{year + 1}年{IDEOGRAPHIC_SPACE}月{IDEOGRAPHIC_SPACE}日"


# --- content: next year's tasks --------------------------------------------------------------


def expected_next_year_items(year: int) -> list[str]:
    """（N）District。task；task。 per column: what is overdue at the end of `year`, marked,
    then the milestones due in year + 1 that were not achieved ahead of time."""
    items: list[str] = []
    for column in expect.columns():
        overdue = [
            f"{c.label}{c.text}（{c.year}年到期，逾期未完成）"
            for c in expect.schedule_cells()
            if c.column == column
            and c.year <= year
            and expect.milestone_state(c, year)[0] == "未達到"
        ]
        upcoming = [
            f"{c.label}{c.text}"
            for c in expect.cells_due(year + 1, column)
            if expect.milestone_state(c, year)[0] != "已達到"
        ]
        if not overdue + upcoming:
            continue
        name = expect.area_name() if column == expect.CITY else expect.column_name(column)
        tasks = "；".join(overdue + upcoming)
        items.append(f"（{expect.chinese_number(len(items) + 1)}）{name}。{tasks}。")
    return items


def next_year_heading(year: int) -> str:
    end = int(expect.plan_file("plan")["period"]["end"])
    return f"六、{year + 1}年度工作任務" if year < end else "六、下一步工作"


def test_next_year_tasks_list_exactly_the_schedules_milestones(own_notice: Notice) -> None:
    expected = expected_next_year_items(own_notice.year)
    if own_notice.year == 2025:  # the plan ends: only what is overdue is carried on
        assert all(item.count("逾期未完成") == item.count("；") + 1 for item in expected)
    else:
        assert expected, f"the schedule has milestones in {own_notice.year + 1}"
    if own_notice.year == 2022:  # yuecheng's 2023 town milestone was achieved in 2022
        assert not any("越城區。" in item and "示范鄉鎮達到100%" in item for item in expected)
        assert any("（2022年到期，逾期未完成）" in item for item in expected)
    heading = next_year_heading(own_notice.year)
    # DOCX: the paragraphs between the heading and the closing paragraph.
    paragraphs = own_notice.docx.document.paragraphs
    (start,) = [i for i, p in enumerate(paragraphs) if p.text == heading]
    assert paragraph_style(paragraphs[start]) == STYLE_NAMES["gw-h1"]
    items = list(itertools.takewhile(lambda p: p.text.startswith("（"), paragraphs[start + 1 :]))
    assert [p.text for p in items] == expected
    closing = paragraphs[start + 1 + len(items)].text
    assert not closing.startswith("（") and "年度無到期" not in closing
    # PDF: the text between the same heading and closing.
    text = own_notice.text
    begin = text.index(squeeze(heading)) + len(squeeze(heading))
    end = text.index(squeeze(closing), begin)
    assert text[begin:end] == squeeze("".join(expected))


# --- content: the attachment's cell states ---------------------------------------------------


def expected_matrix(year: int) -> dict[tuple[str, int], list[str]]:
    """(project label, row year) → each column's cell: requirement lines plus （state）."""
    rows: dict[tuple[str, int], list[str]] = {}
    for project in expect.projects():
        for row in project["rows"]:
            cells = []
            for column in expect.columns():
                requirement = (row.get("cells") or {}).get(column)
                if not requirement:
                    cells.append("")
                    continue
                cell = expect.Cell(
                    project["id"], project["label"], row["year"], column, requirement
                )
                mark = expect.notice_mark(cell, year)
                cells.append("\n".join(cell.lines + ([f"（{mark}）"] if mark else [])))
            rows[(project["label"], row["year"])] = cells
    return rows


def docx_matrix(notice: Notice) -> dict[tuple[str, int], list[str]]:
    rows = table_rows(tables(notice.docx)[-1])
    head = [expect.plan_file("schedule")["headers"][k] for k in ("project", "year")]
    assert rows[0] == head + [expect.column_name(c) for c in expect.columns()]
    found: dict[tuple[str, int], list[str]] = {}
    project = ""
    for row in rows[1:]:
        project = row[0] or project
        found[(project, int(row[1]))] = row[2:]
    return found


def pdf_matrix(notice: Notice) -> dict[tuple[str, int], list[str]]:
    labels = {squeeze(p["label"]): p["label"] for p in expect.projects()}
    found: dict[tuple[str, int], list[str]] = {}
    project = ""
    for page in notice.pages:
        if not is_landscape(page):
            continue
        for table in page.extract_tables():
            for row in table:
                if row[0] == expect.plan_file("schedule")["headers"]["project"]:
                    continue  # the head, repeated on every page
                project = labels[squeeze(row[0])] if row[0] else project
                found[(project, int(row[1]))] = [squeeze(cell or "") for cell in row[2:]]
    return found


def test_the_attachment_marks_each_cells_state(own_notice: Notice) -> None:
    expected = expected_matrix(own_notice.year)
    assert docx_matrix(own_notice) == expected
    squeezed = {key: [squeeze(cell) for cell in cells] for key, cells in expected.items()}
    assert pdf_matrix(own_notice) == squeezed


def test_the_2022_attachment_shows_zhuji_city_modern_school_未達到(
    notices: dict[int, Notice],
) -> None:
    zhuji = expect.columns().index("zhuji")
    assert docx_matrix(notices[2022])[("市現代化學校", 2022)][zhuji] == "達到100%\n（未達到）"
    assert pdf_matrix(notices[2022])[("市現代化學校", 2022)][zhuji] == "達到100%（未達到）"
