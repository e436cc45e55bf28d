"""Every unit's compliance summary (報告) for 2021–2023, measured in PDF and read back from DOCX.

One batch run (`--jobs 2`, DOCX + PDF + HTML) builds the 30 summaries of the default plan
into a module-scoped temporary folder; every test then runs per year and unit. The layout is
measured as the circular's is, plus the head of an upward document: the 發文字號 1 字 from
the left and 簽發人 1 字 from the right on one line. The content is compared with the plan's
YAML read independently (tests/planexpect.py): a district government's schedule milestones,
a unit's measures with the units it shares them with, and whether it reported anything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

import planexpect as expect
from docxreadback import (
    STYLE_NAMES,
    all_paragraphs,
    field_instructions,
    field_kinds,
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
    PAGE_NUMBER,
    TOLERANCE_MM,
    Line,
    base_font,
    body_line_pitches,
    body_only_pages,
    chars_of,
    em_bottom_mm,
    embedded_fonts,
    font_key,
    is_red,
    line_text,
    line_with,
    lines_of,
    listed_font_keys,
    mm,
    page_number_chars,
    page_number_gap_mm,
    page_number_side,
    page_number_text,
    page_text,
    squeeze,
)
from plans import other_plan_dirs
from rendered import RenderedDocument, open_rendered
from reportgen.batch.runner import run_batch
from reportgen.build import render_document
from reportgen.core import ALL_FORMATS, DocumentRequest, Options
from reportgen.layout.profile import MM_TO_PT, LayoutProfile
from reportgen.layout.styles import element_style
from reportgen.plan.loader import load_plan
from reportgen.plan.model import Plan
from reportgen.progress.report import progress_years
from reportgen.render.script import in_script

YEARS = (2021, 2022, 2023)
UNITS = tuple(u["id"] for u in expect.units())
CASES = [(year, unit) for year in YEARS for unit in UNITS]
DISTRICT_UNITS = tuple(u["id"] for u in expect.units() if u.get("district"))
IDEOGRAPHIC_SPACE = "\u3000"
DEFAULT_PLAN = expect.plan_dir().name


@dataclass(kw_only=True)
class Summary(RenderedDocument):
    """One unit's summary on one year, rendered in all three formats."""

    year: int
    unit: str


def open_summary(
    stack: contextlib.ExitStack,
    files: dict[str, Path],
    request: DocumentRequest,
    warnings: tuple[str, ...],
    plan: Plan,
    profile: LayoutProfile,
) -> Summary:
    assert request.year is not None and request.unit is not None
    return Summary(
        year=request.year,
        unit=request.unit,
        **open_rendered(stack, files, warnings, plan, profile),
    )


@pytest.fixture(scope="module")
def summaries(
    tmp_path_factory: pytest.TempPathFactory, plan: Plan, profile: LayoutProfile
) -> Iterator[dict[tuple[int, str], Summary]]:
    output = tmp_path_factory.mktemp("summaries")
    options = Options(
        plan_dir=expect.plan_dir(),
        output_dir=output,
        formats=ALL_FORMATS,
        years=YEARS,
        kinds=("summary",),
        jobs=2,
        script="traditional",  # the data's own script, which the expectations read
    )
    report = run_batch(options)
    assert report.exit_code == 0, report.summary_lines()
    built = report.of("built")
    assert sorted((o.request.year, o.request.unit) for o in built) == sorted(CASES)
    with contextlib.ExitStack() as stack:
        found = {}
        for outcome in built:
            files = {path.suffix: path for path in outcome.outputs}
            summary = open_summary(stack, files, outcome.request, outcome.warnings, plan, profile)
            found[(summary.year, summary.unit)] = summary
        yield found


@pytest.fixture(params=CASES, ids=lambda case: f"{case[0]}-{case[1]}")
def own_summary(
    request: pytest.FixtureRequest, summaries: dict[tuple[int, str], Summary]
) -> Summary:
    """A summary of the default plan, whose content the tests compare with its YAML."""
    return summaries[request.param]


@pytest.fixture(scope="module")
def other_summaries(
    tmp_path_factory: pytest.TempPathFactory, profile: LayoutProfile
) -> Iterator[dict[tuple[str, int, str], Summary]]:
    """Each unit's summary on the last year with progress, for each plan under
    tests/fixtures/plans/."""
    with contextlib.ExitStack() as stack:
        found: dict[tuple[str, int, str], Summary] = {}
        for plan_dir in other_plan_dirs():
            other = load_plan(plan_dir)
            year = progress_years(other)[-1]
            options = Options(
                plan_dir=plan_dir,
                output_dir=tmp_path_factory.mktemp(f"summaries-{plan_dir.name}"),
                formats=ALL_FORMATS,
                years=(year,),
                kinds=("summary",),
                jobs=2,
            )
            report = run_batch(options)
            assert report.exit_code == 0, report.summary_lines()
            for outcome in report.of("built"):
                files = {path.suffix: path for path in outcome.outputs}
                summary = open_summary(
                    stack, files, outcome.request, outcome.warnings, other, profile
                )
                found[(plan_dir.name, summary.year, summary.unit)] = summary
        yield found


LAYOUT_CASES = [(DEFAULT_PLAN, *case) for case in CASES] + [
    (path.name, progress_years(load_plan(path))[-1], unit.id)
    for path in other_plan_dirs()
    for unit in load_plan(path).registry.units
]


@pytest.fixture(params=LAYOUT_CASES, ids=lambda case: "-".join(map(str, case)))
def summary(
    request: pytest.FixtureRequest,
    summaries: dict[tuple[int, str], Summary],
    other_summaries: dict[tuple[str, int, str], Summary],
) -> Summary:
    """A summary of any plan: the layout tests run on every plan's summaries."""
    plan_name, year, unit = request.param
    if plan_name == DEFAULT_PLAN:
        return summaries[(year, unit)]
    return other_summaries[(plan_name, year, unit)]


SIGNED_CODE, SIGNED_NAME, SIGNED_NUMBER = "紹市財", "張三豐", 7
SIGNED_DATE = dt.date(2023, 3, 1)


@pytest.fixture(scope="module")
def signed(
    tmp_path_factory: pytest.TempPathFactory, plan: Plan, profile: LayoutProfile
) -> Iterator[Summary]:
    """finance's 2022 summary from a plan copy that gives it a doc_code and a signer, with
    --number and --date: the head as it stands when nothing is left blank."""
    folder = tmp_path_factory.mktemp("signed")
    plan_dir = folder / "plan"
    shutil.copytree(expect.plan_dir(), plan_dir)
    units = plan_dir / "units.yaml"
    text, count = re.subn(
        r"(?m)^(  - \{id: finance,.*?)\}$",
        rf"\1, doc_code: {SIGNED_CODE}, signer: {SIGNED_NAME}}}",
        units.read_text(encoding="utf-8"),
    )
    assert count == 1
    units.write_text(text, encoding="utf-8")
    request = DocumentRequest(
        "summary", year=2022, unit="finance", number=SIGNED_NUMBER, date=SIGNED_DATE
    )
    options = Options(
        plan_dir=plan_dir, output_dir=folder / "out", formats=ALL_FORMATS, script="traditional"
    )
    result = render_document(request, options)
    files = {path.suffix: path for path in result.outputs}
    with contextlib.ExitStack() as stack:
        yield open_summary(stack, files, request, tuple(result.warnings), plan, profile)


def expected_doc_number(summary: Summary) -> str:
    """The unit's code (blank here: units.yaml gives none), 〔Y+1〕 and a 2 字 blank."""
    code = expect.unit(summary.unit).get("doc_code") or ""
    return f"{code}〔{summary.year + 1}〕{IDEOGRAPHIC_SPACE * 2}號"


def headings(summary: Summary) -> list[str]:
    return [p.text for p in paragraphs_in_style(summary.docx, "gw-h1")]


def section_paragraphs(summary: Summary, heading: str) -> list[str]:
    """The DOCX body paragraphs under a level-1 heading, up to the next one."""
    paragraphs = summary.docx.document.paragraphs
    (start,) = [i for i, p in enumerate(paragraphs) if p.text == heading]
    found = []
    for paragraph in paragraphs[start + 1 :]:
        if paragraph_style(paragraph) == STYLE_NAMES["gw-h1"]:
            break
        found.append(paragraph.text)
    return found


def section_pdf_text(summary: Summary, heading: str) -> str:
    """The PDF text under a level-1 heading, up to the next heading."""
    names = headings(summary)
    text = summary.text
    begin = text.index(squeeze(heading)) + len(squeeze(heading))
    following = names[names.index(heading) + 1 :]
    end = text.index(squeeze(following[0]), begin) if following else len(text)
    return text[begin:end]


# --- PDF: pages, type area, header -----------------------------------------------------------


def test_pages_are_a4_and_text_stays_inside_the_type_area(
    summary: Summary, profile: LayoutProfile
) -> None:
    assert len(summary.pages) >= 2  # the head, body and compliance table overrun a page
    assert_a4(summary.pages, profile)
    assert_text_inside_the_type_area(summary.pages, profile)


def test_header_mark_is_red_and_35mm_below_the_type_area(
    summary: Summary, profile: LayoutProfile
) -> None:
    # 36 pt unless the name is too long for the type area's width, then as large as fits.
    em_top = summary.fonts.metrics("xiaobiaosong").em_top
    assert_header_mark(summary.pages[0], summary.html_text("gw-mark"), em_top, profile)


def test_red_rule_spans_the_type_area_4mm_under_the_number_line(
    summary: Summary, profile: LayoutProfile
) -> None:
    page = summary.pages[0]
    rule = assert_red_rule(page, profile)
    line = line_with(page, summary.html_text("gw-signer-label"))
    bottom = em_bottom_mm(
        page, line[0], summary.fonts.metrics("fangsong").em_top, profile.doc_number.size_pt
    )
    assert mm(rule["top"]) - bottom == pytest.approx(
        profile.red_rule.below_doc_number_mm, abs=TOLERANCE_MM
    )


def test_title_is_22pt_and_body_16pt(summary: Summary, profile: LayoutProfile) -> None:
    page = summary.pages[0]
    title = summary.root.find_class("gw-title")[0]
    lines = [text.strip() for text in title.itertext() if text.strip()]
    assert summary.metadata["Title"] == "".join(lines)
    for line in lines:
        for char in chars_of(page, line):
            assert char["size"] == pytest.approx(profile.title.size_pt, abs=0.1)
    intro = summary.root.find_class("gw-para")[0].text_content()
    for char in chars_of(page, intro[:10]):
        assert char["size"] == pytest.approx(profile.body.size_pt, abs=0.1)


def test_the_title_names_the_unit_year_topic_and_plan(own_summary: Summary) -> None:
    name = expect.formal_name(own_summary.unit)
    assert own_summary.metadata["Title"] == (
        f"{name}關于{own_summary.year}年度教育現代化五大創建行動計劃落實情況的報告"
    )
    assert expect.sample_years(own_summary.year)  # 2021–2023 are sample data


def test_sample_mark_in_both_formats_and_the_document_properties(
    summary: Summary, profile: LayoutProfile
) -> None:
    mark = chars_of(summary.pages[0], "示例")
    assert all(is_red(char, profile) for char in mark)
    assert mm(mark[-1]["x1"]) == pytest.approx(
        profile.page.width_mm - profile.margins.right_mm, abs=TOLERANCE_MM
    )
    subject = f"示例：{summary.year}年度落實情況報告"
    assert summary.metadata["Subject"] == in_script(subject, summary.fonts.script)
    assert "示例" in summary.metadata["Keywords"].split(", ")
    first = summary.docx.document.paragraphs[0]
    assert (paragraph_style(first), first.text) == (STYLE_NAMES["gw-sample"], "示例")
    core = summary.docx.document.core_properties
    assert core.subject == summary.metadata["Subject"]
    assert "示例" in core.keywords.split(", ")


# --- PDF: page numbers, grid, fonts ----------------------------------------------------------


def test_page_numbers_alternate_sides_and_run_on(summary: Summary, profile: LayoutProfile) -> None:
    numbered = summary.pages  # §7.5: the 版記 page has text before it, so it is numbered
    em_top = summary.fonts.metrics("songti").em_top
    songti = font_key(summary.fonts.pdf_faces("songti")[0].choice.family)
    for number, page in enumerate(numbered, start=1):
        text = page_number_text(page, profile)
        match = PAGE_NUMBER.match(text)
        assert match is not None and int(match.group(1)) == number, (number, text)
        assert page_number_side(page, profile) == ("right" if number % 2 else "left"), number
        gap = page_number_gap_mm(page, profile, em_top)
        assert gap == pytest.approx(profile.page_number.below_type_area_mm, abs=0.5)
        for char in page_number_chars(page, profile):
            assert font_key(base_font(char["fontname"])).startswith(songti)
            assert char["size"] == pytest.approx(profile.page_number.size_pt, abs=0.1)
    last_page = squeeze(page_text(summary.pages[-1], profile))
    assert last_page.endswith(squeeze(summary.html_text("gw-print-date")))


def test_full_body_pages_have_22_lines_on_the_pitch(
    summary: Summary, profile: LayoutProfile
) -> None:
    pages = body_only_pages(summary.pages, profile)
    counts = [len(lines) for lines in pages]
    assert all(count <= profile.grid.lines_per_page for count in counts), counts
    if not pages:
        # A short report (a department with one or two measures) has no page of running
        # text between its first page and the page of its table.
        assert len(summary.root.find_class("gw-runin")) <= 2
        return
    full = pages[counts.index(max(counts))]
    if max(counts) < profile.grid.lines_per_page:
        # A page one line short: its last line went down with the heading that follows
        # (headings are kept with their text), so the next page starts with that heading.
        assert max(counts) == profile.grid.lines_per_page - 1, counts
        index = next(i for i, p in enumerate(summary.pages) if lines_of(p, profile) == full)
        next_first = line_text(lines_of(summary.pages[index + 1], profile)[0])
        headings = [h.text_content() for h in summary.root.find_class("gw-h1")]
        assert squeeze(next_first) in {squeeze(h) for h in headings}, next_first
    for pitch in body_line_pitches(full, full[0][0]["size"]):
        steps = round(pitch / profile.grid.line_pitch_pt)
        assert pitch == pytest.approx(steps * profile.grid.line_pitch_pt, abs=0.5)


def test_only_listed_fonts_are_embedded(summary: Summary, profile: LayoutProfile) -> None:
    listed = listed_font_keys(profile)
    embedded = embedded_fonts(summary.pages)
    assert embedded
    for name in embedded:
        assert "dejavu" not in name.casefold()
        assert any(font_key(name).startswith(family) for family in listed), name


# --- the head of an upward document: 發文字號 left, 簽發人 right, one line ----------------------


def split_number_line(line: Line) -> tuple[Line, Line, Line]:
    """The document-number line's (number, 簽發人： label, signer name) characters."""
    text = line_text(line)
    start = text.index("簽發人：")
    end = start + len("簽發人：")
    return line[:start], line[start:end], line[end:]


def signer_right_edge_mm(summary: Summary, label: Line, name: Line) -> float:
    """Where the signer's name ends: its last character, or, for a blank name (U+3000s that
    draw nothing), the label's end plus the blank's width in 字."""
    if name:
        return mm(name[-1]["x1"])
    blank = summary.html_text("gw-signer-name")
    assert blank and not blank.strip(IDEOGRAPHIC_SPACE), repr(blank)
    return mm(label[-1]["x1"]) + len(blank) * mm(summary.profile.signer.size_pt)


def check_head_in_pdf(summary: Summary, number_text: str) -> tuple[Line, Line, Line]:
    profile = summary.profile
    line = line_with(summary.pages[0], "簽發人：")
    number, label, name = split_number_line(line)
    assert squeeze(line_text(number)) == squeeze(number_text)
    indent_mm = profile.signer.indent_chars * profile.char_pitch_pt / MM_TO_PT
    left = profile.margins.left_mm + indent_mm
    right = profile.page.width_mm - profile.margins.right_mm - indent_mm
    assert mm(number[0]["x0"]) == pytest.approx(left, abs=TOLERANCE_MM)
    assert mm(label[0]["x0"]) > mm(number[-1]["x1"]) + 10  # apart, number left, signer right
    assert signer_right_edge_mm(summary, label, name) == pytest.approx(right, abs=TOLERANCE_MM)
    fangsong = font_key(summary.fonts.pdf_faces(profile.signer.label_role)[0].choice.family)
    for char in label:
        assert font_key(base_font(char["fontname"])).startswith(fangsong)
        assert char["size"] == pytest.approx(profile.signer.size_pt, abs=0.1)
    kaiti = font_key(summary.fonts.pdf_faces(profile.signer.name_role)[0].choice.family)
    for char in name:
        assert font_key(base_font(char["fontname"])).startswith(kaiti)
    return number, label, name


def check_head_in_docx(summary: Summary, number_pattern: str, signer_pattern: str) -> None:
    profile = summary.profile
    (paragraph,) = paragraphs_in_style(summary.docx, "gw-docnum")
    assert re.fullmatch(f"{number_pattern}\t簽發人：{signer_pattern}", paragraph.text), (
        paragraph.text
    )
    styles = [run.style.name for run in paragraph.runs if run.style is not None]
    assert styles[-2:] == ["签发人", "签发人姓名"]
    ppr = paragraph._p.find(qn("w:pPr"))
    tab = ppr.find(f"{qn('w:tabs')}/{qn('w:tab')}")
    char_twips = profile.char_pitch_pt * 20
    type_twips = profile.type_area_width_mm * MM_TO_PT * 20
    assert w(tab, "val") == "right"
    assert int(w(tab, "pos") or 0) == pytest.approx(
        type_twips - profile.signer.indent_chars * char_twips, abs=20
    )
    indent = ppr.find(qn("w:ind"))
    chars = str(round(profile.signer.indent_chars * 100))
    assert (w(indent, "leftChars"), w(indent, "rightChars")) == (chars, chars)
    assert w(ppr.find(qn("w:jc")), "val") == "left"
    bottom = ppr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
    assert w(bottom, "color") == profile.colors.red.lstrip("#").upper()


def test_head_number_left_and_signer_right_on_one_line(own_summary: Summary) -> None:
    number, _, name = check_head_in_pdf(own_summary, expected_doc_number(own_summary))
    assert name == []  # units.yaml names no signer: the name is left blank
    assert line_text(number) == expected_doc_number(own_summary)
    blank = rf"〔{own_summary.year + 1}〕\s*號"
    check_head_in_docx(own_summary, blank, r"\s*")


def test_head_with_a_doc_code_signer_number_and_date(signed: Summary) -> None:
    number_text = f"{SIGNED_CODE}〔{SIGNED_DATE.year}〕{SIGNED_NUMBER}號"
    _, _, name = check_head_in_pdf(signed, number_text)
    assert line_text(name) == SIGNED_NAME
    check_head_in_docx(signed, re.escape(number_text), re.escape(SIGNED_NAME))
    date = expect.chinese_date(SIGNED_DATE)
    assert (paragraphs_in_style(signed.docx, "gw-sign-date")[0].text) == date
    assert f"紹興市財政局{date}" in signed.text
    assert signed.warnings == ()


def test_docx_keeps_the_blank_number_and_signer(summaries: dict[tuple[int, str], Summary]) -> None:
    summary = summaries[(2021, "hrss")]
    (paragraph,) = paragraphs_in_style(summary.docx, "gw-docnum")
    signer = summary.html_text("gw-signer-name")
    assert paragraph.text == f"{expected_doc_number(summary)}\t簽發人：{signer}"


# --- DOCX: geometry, styles, footers ---------------------------------------------------------


def test_docx_sections_styles_and_footers(summary: Summary, profile: LayoutProfile) -> None:
    document = summary.docx.document
    m = profile.margins
    assert len(document.sections) == 2  # the report, then the colophon's page
    for section in document.sections:
        assert section.orientation == WD_ORIENT.PORTRAIT
        size = (section.page_width.mm, section.page_height.mm)
        assert size == pytest.approx((profile.page.width_mm, profile.page.height_mm), abs=0.5)
        expected = (m.top_mm, m.bottom_mm, m.left_mm, m.right_mm)
        assert section_margins_mm(section) == pytest.approx(expected, abs=0.5)
    for grid in summary.docx.parts["word/document.xml"].iter(qn("w:docGrid")):
        pitch = int(w(grid, "linePitch") or 0) / 20
        assert pitch == pytest.approx(profile.grid.line_pitch_pt, abs=0.05)
    for cls, name in STYLE_NAMES.items():
        style = style_element(summary.docx, name)
        wanted = element_style(profile, cls)
        family = profile.fonts.role(wanted.role).choices(summary.fonts.script)[0].family
        assert style_fonts(style) == (family,) * 3, name
        assert style_size_pt(style) == wanted.size_pt, name
        assert style_colour(style) == profile.color(wanted.color).lstrip("#").upper(), name
    styles = {paragraph_style(p) for p in all_paragraphs(summary.docx)}
    assert styles <= set(STYLE_NAMES.values()), styles - set(STYLE_NAMES.values())
    assert document.settings.odd_and_even_pages_header_footer
    first = document.sections[0]
    for footer in (first.footer, first.even_page_footer):
        paragraph = footer.paragraphs[0]
        assert paragraph_style(paragraph) == STYLE_NAMES["gw-page-number"]
        assert field_kinds(paragraph._p) == ["begin", "separate", "end"]
        assert "PAGE" in field_instructions(paragraph._p)
    for section in document.sections[1:]:  # the 版記 page's too (§7.5)
        assert section.footer.is_linked_to_previous
        assert section.even_page_footer.is_linked_to_previous


# --- content ---------------------------------------------------------------------------------


def expected_milestone_lines(summary: Summary) -> list[str]:
    """A district government's schedule milestones, each with its state as of the year."""
    district = expect.unit(summary.unit)["district"]
    lines = []
    for cell in expect.schedule_cells():
        if cell.column != district:
            continue
        state, report, _ = expect.milestone_state(cell, summary.year)
        evidence = f"（{report['evidence']}）" if report and report.get("evidence") else ""
        lines.append(f"{cell.label}：{cell.year}年{cell.text}，{state}{evidence}。")
    return lines


def expected_milestone_rows(summary: Summary) -> list[list[str]]:
    district = expect.unit(summary.unit)["district"]
    rows = []
    for cell in expect.schedule_cells():
        if cell.column != district:
            continue
        state, report, _ = expect.milestone_state(cell, summary.year)
        done = "—"
        if report is not None:
            done = report["status"]
            if report.get("date"):
                done += f"（{expect.chinese_date(report['date'])}）"
        rows.append([cell.label, cell.text, f"{cell.year}年", done, state])
    return rows


def table_milestone_rows(summary: Summary) -> tuple[list[list[str]], list[list[str]]]:
    """The compliance table's milestone rows (first cell a project's label): DOCX, PDF."""
    labels = {squeeze(p["label"]) for p in expect.projects()}
    docx_rows = [row for row in table_rows(tables(summary.docx)[-1]) if row[0] in labels]
    pdf_rows = [
        [squeeze(cell or "") for cell in row]
        for page in summary.pages
        for table in page.extract_tables()
        for row in table
        if row[0] and squeeze(row[0]) in labels
    ]
    return docx_rows, pdf_rows


@pytest.mark.parametrize("year", YEARS, ids=str)
@pytest.mark.parametrize("unit", DISTRICT_UNITS)
def test_a_district_lists_exactly_its_schedule_milestones(
    summaries: dict[tuple[int, str], Summary], year: int, unit: str
) -> None:
    summary = summaries[(year, unit)]
    expected = expected_milestone_lines(summary)
    assert expected, f"{unit} has milestones in the schedule"
    heading = next(h for h in headings(summary) if h.endswith("五大創建進度安排任務"))
    assert section_paragraphs(summary, heading) == expected
    assert section_pdf_text(summary, heading) == squeeze("".join(expected))
    docx_rows, pdf_rows = table_milestone_rows(summary)
    rows = expected_milestone_rows(summary)
    assert docx_rows == rows
    assert pdf_rows == [[squeeze(cell) for cell in row] for row in rows]
    # Nobody else's: every other district has a different set of milestones.
    others = {
        tuple(expected_milestone_lines(summaries[(year, other)]))
        for other in DISTRICT_UNITS
        if other != unit
    }
    assert tuple(expected) not in others


@pytest.mark.parametrize("year", YEARS, ids=str)
def test_a_department_has_no_milestones_section_or_rows(
    summaries: dict[tuple[int, str], Summary], year: int
) -> None:
    for unit in UNITS:
        if unit in DISTRICT_UNITS:
            continue
        summary = summaries[(year, unit)]
        assert not any(h.endswith("五大創建進度安排任務") for h in headings(summary))
        assert table_milestone_rows(summary) == ([], [])


def expected_measure_items(summary: Summary) -> list[str]:
    """（N）heading。 who shares it, then the work and problems reported for the year."""
    progress = expect.progress(summary.year) or {}
    items = []
    for measure in expect.measures_of(summary.unit):
        if expect.responsible_unit_ids(measure) == [summary.unit]:
            share = "本單位單獨負責。"
        else:
            share = f"責任單位：{expect.responsible_text(measure)}。"
            for refs in measure["responsible"]:
                for ref in refs:
                    group = next((g for g in expect.groups() if g["id"] == ref), None)
                    if group and summary.unit in group["members"]:
                        share += f"本單位為{group['name']}之一。"
        notes = [
            n
            for n in progress.get("narratives") or []
            if n["unit"] == summary.unit and n["measure"] == measure["number"]
        ]
        work = "".join(n["work"] for n in notes) or "本年度未報送工作進展。"
        problems = "".join(n.get("problems") or "" for n in notes)
        runin = f"（{expect.chinese_number(measure['number'])}）{measure['heading']}。"
        items.append(
            f"{runin}{share}工作進展：{work}" + (f"存在問題：{problems}" if problems else "")
        )
    return items


def test_the_measures_are_the_units_with_who_shares_them(own_summary: Summary) -> None:
    expected = expected_measure_items(own_summary)
    assert expected
    heading = headings(own_summary)[0]
    assert heading == "一、承擔的工作舉措"
    assert section_paragraphs(own_summary, heading) == expected
    assert section_pdf_text(own_summary, heading) == squeeze("".join(expected))


def test_the_education_bureau_lists_its_measures_with_the_co_responsible_units(
    summaries: dict[tuple[int, str], Summary],
) -> None:
    summary = summaries[(2022, "edu")]
    items = section_paragraphs(summary, "一、承擔的工作舉措")
    numbers = [m["number"] for m in expect.measures_of("edu")]
    assert numbers == list(range(8, 16))
    assert [item.split("）")[0] for item in items] == [
        f"（{expect.chinese_number(n)}" for n in numbers
    ]
    by_number = dict(zip(numbers, items, strict=True))
    assert "責任單位：市教育局、市人力社保局，各區、縣〔市〕政府。" in by_number[12]
    assert "責任單位：市教育局、市財政局、市外辦，各區、縣〔市〕政府。" in by_number[14]
    assert "新增與長三角知名學校結對12個" in by_number[14]  # its 2022 narrative
    assert all("本單位為" not in item for item in items)  # edu is in no group


def reported_anything(unit_id: str, year: int) -> bool:
    """Whether the year's progress file holds anything about the unit: a narrative of its
    own, its district's milestones or targets, or a target of one of its measures."""
    progress = expect.progress(year) or {}
    if any(n["unit"] == unit_id for n in progress.get("narratives") or []):
        return True
    district = expect.unit(unit_id).get("district")
    if district:
        entries = [*(progress.get("milestones") or []), *(progress.get("targets") or [])]
        return any(entry.get("district") == district for entry in entries)
    numbers = {m["number"] for m in expect.measures_of(unit_id)}
    targets = {t["id"] for t in expect.plan_file("targets")["targets"] if t["measure"] in numbers}
    return any(t["target"] in targets for t in progress.get("targets") or [])


def test_a_unit_that_reported_nothing_says_so(own_summary: Summary) -> None:
    sentence = f"本單位{own_summary.year}年度未報送落實情況"
    reported = reported_anything(own_summary.unit, own_summary.year)
    assert (sentence in own_summary.text) is (not reported)
    assert (sentence in own_summary.docx_text) is (not reported)


def test_hrss_reported_nothing_in_2021(summaries: dict[tuple[int, str], Summary]) -> None:
    assert not reported_anything("hrss", 2021)
    summary = summaries[(2021, "hrss")]
    assert "本單位2021年度未報送落實情況，以下按行動計劃列明承擔的任務。" in summary.text
    items = section_paragraphs(summary, "一、承擔的工作舉措")
    assert items == [
        "（十二）推進中小學名優教師隊伍建設。責任單位：市教育局、市人力社保局，"
        "各區、縣〔市〕政府。工作進展：本年度未報送工作進展。"
    ]


def test_the_only_warning_is_the_blank_code_and_signer(own_summary: Summary) -> None:
    assert own_summary.warnings == (
        f"unit {own_summary.unit!r} has no doc_code/signer in units.yaml: left blank",
    )
