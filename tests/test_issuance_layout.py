"""How a document is issued, measured: 份號, 密級和保密期限, 緊急程度 (GB/T 9704 §7.2.1–7.2.3),
pre-printed letterhead paper and the letter format (§10.1), in our PDF and in LibreOffice's
rendering of our DOCX, on every plan.

Each plan's circular is built with its document.yaml extended by an `issuing` block, once on
plain paper, once on letterhead paper and once as a letter.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from officerender import SOFFICE, convert_with_libreoffice
from pdfmeasure import (
    TOLERANCE_MM,
    Char,
    baseline_mm,
    chars_of,
    document_text,
    em_top_mm,
    is_landscape,
    is_red,
    line_text,
    lines_of,
    mm,
    page_number_chars,
    page_text,
    red_rules,
    squeeze,
    type_area_mm,
)
from plans import plan_dirs
from reportgen.build import render_document
from reportgen.core import DocumentRequest, Options
from reportgen.errors import DataError, UsageError
from reportgen.fonts.alias import fontconfig_for
from reportgen.fonts.policy import FontPlan, plan_fonts, texts_by_role
from reportgen.layout.profile import LayoutProfile, load_profile
from reportgen.plan.loader import load_plan
from reportgen.writers.docx.styles import style_id

ISSUING = "\nissuing:\n  secrecy: 秘密★1年\n  urgency: 特急\n"
COPY = 12
MODES: dict[str, dict[str, Any]] = {
    "full": {},
    "letterhead": {"paper": "letterhead"},
    "letter": {"document_format": "letter"},
}


@dataclass
class Built:
    """One circular in one mode: our PDF's pages, LibreOffice's, the fonts, the HTML."""

    pdf: Any
    office: Any
    html: str
    fonts: FontPlan
    docx: Path

    @property
    def page(self) -> Any:
        return self.pdf.pages[0]

    @property
    def office_page(self) -> Any:
        return self.office.pages[0]


def issuing_plan(source: Path, folder: Path, extra: str = ISSUING) -> Path:
    """A copy of the plan at `source` whose document.yaml has `extra` appended."""
    target = folder / source.name
    shutil.copytree(source, target)
    document = target / "document.yaml"
    document.write_text(document.read_text("utf-8") + extra, encoding="utf-8")
    return target


@pytest.fixture(scope="module", params=plan_dirs(), ids=lambda path: path.name)
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Built]]:
    folder = tmp_path_factory.mktemp("issuing")
    plan_dir = issuing_plan(request.param, folder)
    profile = load_profile()
    docs: dict[str, tuple[Path, str, FontPlan]] = {}
    for mode, choice in MODES.items():
        out = folder / mode
        options = Options(
            plan_dir=plan_dir,
            output_dir=out,
            formats=("docx", "pdf", "html"),
            copy_number=COPY,
            **choice,
        )
        render_document(DocumentRequest("circular"), options)
        stem = out / f"{plan_dir.name}-circular"
        html = stem.with_suffix(".html").read_text("utf-8")
        script = load_plan(plan_dir).document.issue_script
        fonts = plan_fonts(profile, script, texts_by_role(html, profile))
        docs[mode] = (stem, html, fonts)
    office = folder / "office"
    conf = folder / "fonts.conf"
    conf.write_text(fontconfig_for([f for _, _, f in docs.values()]), encoding="utf-8")
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    for mode, (stem, _, _) in docs.items():
        convert_with_libreoffice([stem.with_suffix(".docx")], office / mode, conf, folder)
    opened = []
    result = {}
    for mode, (stem, html, fonts) in docs.items():
        pdf = pdfplumber.open(stem.with_suffix(".pdf"))
        lo = pdfplumber.open(office / mode / f"{stem.name}.pdf")
        opened += [pdf, lo]
        result[mode] = Built(pdf, lo, html, fonts, stem.with_suffix(".docx"))
    yield result
    for document in opened:
        document.close()


@pytest.fixture(scope="module")
def profile() -> LayoutProfile:
    return load_profile()


def _line_top(page: Any, chars: list[Char], fonts: FontPlan, role: str) -> float:
    return em_top_mm(page, chars[0], fonts.metrics(role).em_top, chars[0]["size"])  # type: ignore[arg-type]


def _html_text(html: str, cls: str) -> str:
    import lxml.html

    (element,) = lxml.html.fromstring(html).find_class(cls)[:1]
    return "".join(element.itertext()).strip()


# --- 份號, 密級和保密期限, 緊急程度 -------------------------------------------------------------


@pytest.mark.parametrize("mode", ["full", "letterhead"])
def test_copy_number_secrecy_and_urgency_stand_flush_left_on_lines_1_to_3(
    built: dict[str, Built], profile: LayoutProfile, mode: str
) -> None:
    doc = built[mode]
    pitch_mm = mm(profile.grid.line_pitch_pt)
    for rendering, page in (("ours", doc.page), ("LibreOffice", doc.office_page)):
        for line, text in enumerate([f"{COPY:06d}", "秘密★1年", "特急"]):
            chars = chars_of(page, _script_text(doc.html, text))
            assert mm(chars[0]["x0"]) == pytest.approx(profile.margins.left_mm, abs=TOLERANCE_MM)
            # its baseline on line `line + 1` of the grid, as the body's first line has it
            expected = profile.margins.top_mm + (line + 1) * pitch_mm
            below = baseline_mm(page, chars[0])
            assert expected - pitch_mm < below < expected, (rendering, text)
            assert chars[0]["size"] == pytest.approx(profile.head_elements.size_pt, abs=0.1)
        assert baseline_mm(page, chars_of(page, "特急")[0]) == pytest.approx(
            baseline_mm(doc.page, chars_of(doc.page, "特急")[0]), abs=TOLERANCE_MM
        ), rendering


def _script_text(html: str, text: str) -> str:
    """`text` as the document spells it (秘密 and 特急 are alike in both scripts)."""
    return text


def test_the_mark_keeps_its_place_below_the_head_elements(
    built: dict[str, Built], profile: LayoutProfile
) -> None:
    doc = built["full"]
    name = _html_text(doc.html, "gw-mark")
    for page in (doc.page, doc.office_page):
        mark = chars_of(page, name)
        top = _line_top(page, mark, doc.fonts, "xiaobiaosong")
        expected = profile.margins.top_mm + profile.header_mark.top_from_type_area_mm
        assert top == pytest.approx(expected, abs=TOLERANCE_MM)
        assert all(is_red(c, profile) for c in mark)


# --- letterhead paper ------------------------------------------------------------------------


def _positions(page: Any, skip: set[str]) -> list[tuple[str, float, float]]:
    return [
        (c["text"], round(mm(c["x0"]), 1), round(baseline_mm(page, c), 1))
        for c in page.chars
        if c["text"] not in skip
    ]


def test_letterhead_paper_differs_from_the_full_head_only_in_the_head(
    built: dict[str, Built], profile: LayoutProfile
) -> None:
    """Overlaid, the two first pages have every character at the same place but the mark's,
    and the letterhead page has no red at all; the later pages are the same."""
    full, paper = built["full"], built["letterhead"]
    mark = _html_text(full.html, "gw-mark")
    mark_chars = {id(c) for c in chars_of(full.page, mark)}
    full_chars = [c for c in full.page.chars if id(c) not in mark_chars]
    assert [(c["text"], round(c["x0"], 1), round(c["top"], 1)) for c in full_chars] == [
        (c["text"], round(c["x0"], 1), round(c["top"], 1)) for c in paper.page.chars
    ]
    assert len(red_rules(full.page, profile)) == 1
    assert red_rules(paper.page, profile) == []
    assert not any(is_red(c, profile) for c in paper.page.chars)
    assert len(full.pdf.pages) == len(paper.pdf.pages)
    for ours, theirs in zip(full.pdf.pages[1:], paper.pdf.pages[1:], strict=True):
        assert _positions(ours, set()) == _positions(theirs, set())


def test_letterhead_paper_differs_only_in_the_head_in_libreoffice_too(
    built: dict[str, Built], profile: LayoutProfile
) -> None:
    """LibreOffice's renderings of the two DOCX overlaid: every character but the mark's at
    the same place (within 0.3 mm), no red on the letterhead page."""
    full, paper = built["full"], built["letterhead"]
    mark = _html_text(full.html, "gw-mark")
    mark_chars = {id(c) for c in chars_of(full.office_page, mark)}
    kept = [c for c in full.office_page.chars if id(c) not in mark_chars]
    assert len(kept) == len(paper.office_page.chars)
    for a, b in zip(kept, paper.office_page.chars, strict=True):
        assert a["text"] == b["text"]
        assert mm(a["x0"]) == pytest.approx(mm(b["x0"]), abs=0.3)
        assert mm(a["top"]) == pytest.approx(mm(b["top"]), abs=0.3)
    assert not any(is_red(c, profile) for c in paper.office_page.chars)
    assert not any(is_red(r, profile) for r in paper.office_page.rects)
    assert len(full.office.pages) == len(paper.office.pages)


# --- the letter format -----------------------------------------------------------------------


@dataclass(frozen=True)
class DoubleRule:
    """A red double rule in mm from the paper's top left: its outer edges and its lines."""

    top: float
    bottom: float
    upper: float
    """The thickness of its upper line."""
    lower: float
    x0: float
    width: float


def _double_rules(page: Any, profile: LayoutProfile) -> list[DoubleRule]:
    """The red double rules of `page`, top to bottom. A border pair is painted as an outer
    rectangle and the gap between its lines as an inner one (filled even-odd)."""
    boxes = sorted(
        {
            (round(mm(r["top"]), 2), round(mm(r["bottom"]), 2)): r for r in red_rules(page, profile)
        }.items()
    )
    outer = [b for b in boxes if not any(o[0] < b[0][0] and b[0][1] < o[1] for o, _ in boxes)]
    rules = []
    for (top, bottom), rect in outer:
        inner = [(t, b) for (t, b), _ in boxes if top < t and b < bottom]
        assert len(inner) == 1, f"a red rule at {top} mm is not a double rule"
        (gap_top, gap_bottom) = inner[0]
        rules.append(
            DoubleRule(
                top, bottom, gap_top - top, bottom - gap_bottom, mm(rect["x0"]), mm(rect["width"])
            )
        )
    return rules


def test_letter_mark_rules_and_number_stand_where_section_10_1_puts_them(
    built: dict[str, Built], profile: LayoutProfile
) -> None:
    doc, letter = built["letter"], profile.letter
    page = doc.page
    name = _html_text(doc.html, "gw-letter-mark")
    mark = chars_of(page, name)
    assert all(is_red(c, profile) for c in mark)
    mark_top = _line_top(page, mark, doc.fonts, "xiaobiaosong")
    assert mark_top == pytest.approx(letter.mark_top_mm, abs=TOLERANCE_MM)
    first, last = _double_rules(page, profile)
    for rule in (first, last):
        assert rule.width == pytest.approx(letter.rule_length_mm, abs=TOLERANCE_MM)
        assert rule.x0 == pytest.approx(
            (profile.page.width_mm - letter.rule_length_mm) / 2, abs=TOLERANCE_MM
        )
    assert first.top - (mark_top + mm(mark[0]["size"])) == pytest.approx(
        letter.rule_below_mark_mm, abs=TOLERANCE_MM
    )
    assert first.upper == pytest.approx(letter.thick_mm, abs=0.05)  # thick over thin
    assert first.lower == pytest.approx(letter.thin_mm, abs=0.05)
    assert last.upper == pytest.approx(letter.thin_mm, abs=0.05)  # thin over thick
    assert last.lower == pytest.approx(letter.thick_mm, abs=0.05)
    assert profile.page.height_mm - last.bottom == pytest.approx(
        letter.bottom_rule_above_edge_mm, abs=TOLERANCE_MM
    )
    number = chars_of(page, _html_text(doc.html, "gw-letter-docnum"))
    right = profile.page.width_mm - profile.margins.right_mm
    assert mm(number[-1]["x1"]) == pytest.approx(right, abs=TOLERANCE_MM)
    below = _line_top(page, number, doc.fonts, "fangsong") - first.bottom
    assert below == pytest.approx(letter.below_rule_em * mm(16), abs=TOLERANCE_MM)
    copy = chars_of(page, f"{COPY:06d}")
    assert mm(copy[0]["x0"]) == pytest.approx(profile.margins.left_mm, abs=TOLERANCE_MM)
    assert baseline_mm(page, copy[0]) == pytest.approx(
        baseline_mm(page, number[0]), abs=TOLERANCE_MM
    )


def test_libreoffice_puts_the_letters_mark_rules_and_number_where_the_pdf_has_them(
    built: dict[str, Built], profile: LayoutProfile
) -> None:
    doc = built["letter"]
    page, office = doc.page, doc.office_page
    name = _html_text(doc.html, "gw-letter-mark")
    ours, theirs = chars_of(page, name), chars_of(office, name)
    assert baseline_mm(office, theirs[0]) == pytest.approx(
        baseline_mm(page, ours[0]), abs=TOLERANCE_MM
    )
    assert mm(theirs[0]["x0"]) == pytest.approx(mm(ours[0]["x0"]), abs=TOLERANCE_MM)
    # LibreOffice strokes each line of a double rule: its edges from centre and width
    edges = sorted(
        (mm(line["top"]) - mm(line["linewidth"]) / 2, mm(line["top"]) + mm(line["linewidth"]) / 2)
        for line in office.lines
        if is_red({"non_stroking_color": line["stroking_color"]}, profile)
    )
    assert len(edges) == 4
    first, last = _double_rules(page, profile)
    expected = [
        (first.top, first.top + first.upper),
        (first.bottom - first.lower, first.bottom),
        (last.top, last.top + last.upper),
        (last.bottom - last.lower, last.bottom),
    ]
    for (top, bottom), (want_top, want_bottom) in zip(edges, expected, strict=True):
        assert top == pytest.approx(want_top, abs=0.3)
        assert bottom == pytest.approx(want_bottom, abs=0.3)
    for text in (_html_text(doc.html, "gw-letter-docnum"), f"{COPY:06d}", "特急"):
        a, b = chars_of(page, text), chars_of(office, text)
        assert baseline_mm(office, b[0]) == pytest.approx(
            baseline_mm(page, a[0]), abs=TOLERANCE_MM
        ), text
        assert mm(b[-1]["x1"]) == pytest.approx(mm(a[-1]["x1"]), abs=TOLERANCE_MM), text
    assert page_number_chars(office, profile) == []
    assert page_number_chars(doc.office.pages[1], profile) != []


def test_a_letter_has_no_page_number_on_its_first_page(
    built: dict[str, Built], profile: LayoutProfile
) -> None:
    doc = built["letter"]
    assert page_number_chars(doc.page, profile) == []
    assert len(doc.pdf.pages) > 1
    assert page_number_chars(doc.pdf.pages[1], profile) != []


def test_the_letter_title_stands_two_lines_under_the_last_head_element(
    built: dict[str, Built], profile: LayoutProfile
) -> None:
    doc = built["letter"]
    page = doc.page
    last = baseline_mm(page, chars_of(page, "特急")[0])
    title = [c for c in page.chars if abs(c["size"] - profile.title.size_pt) < 0.1]
    gap_lines = (baseline_mm(page, title[0]) - last) / mm(profile.grid.line_pitch_pt)
    assert 2.5 < gap_lines < 3.6  # two blank lines, then the 22 pt title's own line


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _wide_rules(page: Any) -> list[Any]:
    """The rectangles and lines of `page` wider than half the type area, in any colour."""
    return [r for r in [*page.rects, *page.lines] if mm(r["width"]) > 80]


def test_a_letters_colophon_keeps_its_cc_line_alone_without_rules(
    built: dict[str, Built], profile: LayoutProfile
) -> None:
    """§10.1: a letter's 版記 has no 印發機關 and 印發日期 line and no rules; what is left, the
    抄送 line, stands at the bottom of the last page's type area. A plan without 抄送 gives a
    letter no 版記 page at all. The same document in the standard format has both."""
    full, doc = built["full"], built["letter"]
    printed = squeeze(_html_text(full.html, "gw-print-date"))
    cc = _html_texts(full.html, "gw-cc")
    assert _html_texts(doc.html, "gw-printed") == []
    for ours, pages in (("ours", full.pdf.pages), ("LibreOffice", full.office.pages)):
        assert printed in squeeze(page_text(pages[-1], profile)), ours
        assert len(_wide_rules(pages[-1])) >= 2, ours  # the standard 版記's rules are found
    for rendering, pages, standard in (
        ("ours", doc.pdf.pages, full.pdf.pages),
        ("LibreOffice", doc.office.pages, full.office.pages),
    ):
        assert printed not in document_text(pages, profile), rendering
        if not cc:
            assert _html_texts(doc.html, "gw-colophon") == []
            assert len(pages) == len(standard) - 1, rendering
            continue
        last = pages[-1]
        assert not is_landscape(last)
        assert _wide_rules(last) == [], rendering
        lines = lines_of(last, profile)
        assert squeeze("".join(line_text(line) for line in lines)) == squeeze(cc[0]), rendering
        bottom = type_area_mm(profile, last)[3]
        pitch = mm(profile.grid.line_pitch_pt)
        assert bottom - pitch < baseline_mm(last, lines[-1][0]) <= bottom, rendering


def test_a_letters_docx_colophon_has_no_rules_and_no_printing_line(
    built: dict[str, Built],
) -> None:
    """The DOCX's 版記 paragraphs of a letter carry no borders and no 印發 line; the
    standard format's carry both."""
    full, doc = built["full"], built["letter"]
    printed = squeeze(_html_text(full.html, "gw-print-date"))
    cc = _html_texts(full.html, "gw-cc")
    standard = [p for p in _colophon_paragraphs(full.docx) if _paragraph_text(p)]
    assert standard and all(p.find(f"{W}pPr/{W}pBdr") is not None for p in standard)
    assert printed in squeeze("".join(_paragraph_text(p) for p in standard))
    letter = _colophon_paragraphs(doc.docx)
    assert [squeeze(_paragraph_text(p)) for p in letter if _paragraph_text(p)] == [
        squeeze(line) for line in cc
    ]
    for p in letter:
        assert p.find(f"{W}pPr/{W}pBdr") is None
    with zipfile.ZipFile(doc.docx) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert printed not in squeeze(re.sub(r"<[^>]+>", "", body))


def _colophon_paragraphs(docx: Path) -> list[Any]:
    """The paragraphs of the document's body in the 版記 style (its lines and the empty
    paragraph that anchors their frames)."""
    from lxml import etree

    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    wanted = style_id("gw-colophon")
    return [
        p
        for p in root.iter(f"{W}p")
        if any(s.get(f"{W}val") == wanted for s in p.iterfind(f"{W}pPr/{W}pStyle"))
    ]


def _paragraph_text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


# --- the DOCX --------------------------------------------------------------------------------


def test_issued_docx_pass_openxml_audit(built: dict[str, Built]) -> None:
    audit = shutil.which("openxml-audit") or str(Path(sys.executable).with_name("openxml-audit"))
    for mode, doc in built.items():
        result = subprocess.run(
            [audit, str(doc.docx), "--output", "json", "--max-errors", "0"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        (report,) = json.loads(result.stdout)
        assert report["valid"], (mode, report["errors"][:3])
        assert report["verdict"]["prediction"] == "opens-clean", (mode, report["verdict"])


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ("\nissuing:\n  secrecy: 保密\n", "issuing.secrecy"),
        ("\nissuing:\n  urgency: 急\n", "issuing.urgency"),
        ("\nissuing:\n  paper: red\n", "issuing.paper"),
        ("\nissuing:\n  letter: [memo]\n", "issuing.letter"),
        ("\nco_issuers:\n  - header_mark: 某局\n", "co_issuers"),
    ],
)
def test_bad_issuing_values_are_located_errors(tmp_path: Path, extra: str, fragment: str) -> None:
    plan_dir = issuing_plan(plan_dirs()[0], tmp_path, extra)
    with pytest.raises(DataError) as caught:
        load_plan(plan_dir)
    message = str(caught.value)
    assert "document.yaml:" in message and fragment in message


def test_a_seal_that_is_not_a_picture_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "seal.png"
    bad.write_bytes(b"not a picture")
    out = tmp_path / "out"
    options = Options(plan_dir=plan_dirs()[0], output_dir=out, seals=(bad,))
    with pytest.raises(UsageError, match="not a PNG or SVG"):
        render_document(DocumentRequest("circular"), options)
    assert not out.exists() or not any(out.iterdir())


# --- seals and joint issuers -------------------------------------------------------------------

CO_ISSUER = "\nco_issuers:\n  - header_mark: 市财政局\n    signature: 市财政局\n"


def seal_png(path: Path) -> Path:
    """A red ring with a star, 400 × 400 pixels, its background transparent."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 392, 392), outline=(230, 0, 18, 220), width=14)
    draw.regular_polygon((200, 200, 60), 5, fill=(230, 0, 18, 220))
    image.save(path)
    return path


SEAL_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="42mm" height="42mm" viewBox="0 0 100 100">'
    '<circle cx="50" cy="50" r="46" fill="none" stroke="#E60012" stroke-width="3.5"/></svg>'
)


@dataclass
class Signed:
    """A circular with seals (and with joint issuers), ours and LibreOffice's."""

    single: Built
    joint: Built
    joint_sealed: Built


def _build(plan_dir: Path, out: Path, profile: LayoutProfile, **choice: Any) -> tuple[Path, str]:
    options = Options(plan_dir=plan_dir, output_dir=out, formats=("docx", "pdf", "html"), **choice)
    render_document(DocumentRequest("circular"), options)
    stem = out / f"{plan_dir.name}-circular"
    return stem, stem.with_suffix(".html").read_text("utf-8")


def _joint_plan(source: Path, folder: Path) -> Path:
    """The plan with one co-issuer, its mark ending in 文件."""
    target = issuing_plan(source, folder, CO_ISSUER)
    document = target / "document.yaml"
    lines = document.read_text("utf-8").splitlines()
    for index, line in enumerate(lines):
        if line.startswith("header_mark:"):
            value = line.split(":", 1)[1].split("#", 1)[0].strip()
            lines[index] = f"header_mark: {value}文件"
    document.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@pytest.fixture(scope="module", params=plan_dirs(), ids=lambda path: path.name)
def signed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Signed]:
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("signed")
    profile = load_profile()
    seal = seal_png(folder / "seal.png")
    joint_dir = _joint_plan(request.param, folder / "joint-plan")
    made = {
        "single": _build(request.param, folder / "single", profile, seals=(seal,)),
        "joint": _build(joint_dir, folder / "joint", profile),
        "joint_sealed": _build(joint_dir, folder / "joint-sealed", profile, seals=(seal, seal)),
    }
    script = load_plan(request.param).document.issue_script
    fonts = {
        k: plan_fonts(profile, script, texts_by_role(h, profile)) for k, (_, h) in made.items()
    }
    conf = folder / "fonts.conf"
    conf.write_text(fontconfig_for(list(fonts.values())), encoding="utf-8")
    opened = []
    built = {}
    for key, (stem, html) in made.items():
        convert_with_libreoffice([stem.with_suffix(".docx")], folder / "office" / key, conf, folder)
        pdf = pdfplumber.open(stem.with_suffix(".pdf"))
        lo = pdfplumber.open(folder / "office" / key / f"{stem.name}.pdf")
        opened += [pdf, lo]
        built[key] = Built(pdf, lo, html, fonts[key], stem.with_suffix(".docx"))
    yield Signed(**built)
    for document in opened:
        document.close()


def _signature_page(doc: Built, office: bool = False) -> Any:
    """The page holding the seals (the first page with a picture)."""
    pages = doc.office.pages if office else doc.pdf.pages
    return next(page for page in pages if page.images)


def _html_texts(html: str, cls: str) -> list[str]:
    import lxml.html

    return ["".join(e.itertext()).strip() for e in lxml.html.fromstring(html).find_class(cls)]


def last_chars(page: Any, text: str, first: bool = False) -> list[Char]:
    """The characters spelling `text` on the lowest line of `page` that holds it (a 署名 can
    repeat the mark's words), spaces left out; on the highest with `first`."""
    from pdfmeasure import group_lines, line_text, squeeze

    wanted = squeeze(text)
    lines = [[c for c in line if c["text"].strip()] for line in group_lines(page.chars)]
    for line in lines if first else reversed(lines):
        start = line_text(line).find(wanted)
        if start >= 0:
            return line[start : start + len(wanted)]
    raise AssertionError(f"{text!r} not found on one line")


def _centre(chars: list[Char]) -> float:
    return (mm(chars[0]["x0"]) + mm(chars[-1]["x1"])) / 2


def test_a_seal_is_centred_on_the_signature_and_date_and_presses_on_them(
    signed: Signed, profile: LayoutProfile
) -> None:
    """§7.3.5.1: date 4 字 from the right, name centred on it, the seal centred on both, the
    name and date at and below its centre, its top within one line under the body."""
    doc = signed.single
    (name,) = _html_texts(doc.html, "gw-sealed-name")
    (date,) = _html_texts(doc.html, "gw-sign-date")
    pitch = mm(profile.grid.line_pitch_pt)
    char = mm(profile.char_pitch_pt)
    for office in (False, True):
        page = _signature_page(doc, office)
        (seal,) = page.images
        name_chars, date_chars = last_chars(page, name), last_chars(page, date)
        seal_centre_x = (mm(seal["x0"]) + mm(seal["x1"])) / 2
        right = profile.page.width_mm - profile.margins.right_mm
        if not office:  # LibreOffice sets the date's digits wider (as without a seal)
            assert mm(date_chars[-1]["x1"]) == pytest.approx(
                right - profile.seal.date_right_indent_chars * char, abs=TOLERANCE_MM
            )
            assert _centre(name_chars) == pytest.approx(_centre(date_chars), abs=TOLERANCE_MM)
        assert seal_centre_x == pytest.approx(_centre(name_chars), abs=TOLERANCE_MM)
        assert mm(seal["x1"] - seal["x0"]) == pytest.approx(
            profile.seal.diameter_mm, abs=TOLERANCE_MM
        )
        seal_centre_y = (mm(seal["top"]) + mm(seal["bottom"])) / 2
        name_base, date_base = baseline_mm(page, name_chars[0]), baseline_mm(page, date_chars[0])
        assert seal_centre_y < name_base < date_base < mm(seal["bottom"])
        body = [c for c in page.chars if mm(c["top"]) < mm(seal["top"])]
        last_line_bottom = max(baseline_mm(page, c) for c in body) + pitch * 0.3
        assert -TOLERANCE_MM <= mm(seal["top"]) - last_line_bottom <= pitch, office


def test_libreoffice_puts_the_seal_where_the_pdf_has_it_on_the_name(
    signed: Signed,
) -> None:
    doc = signed.single
    (name,) = _html_texts(doc.html, "gw-sealed-name")
    places = []
    for office in (False, True):
        page = _signature_page(doc, office)
        (seal,) = page.images
        first = last_chars(page, name)[0]
        places.append(
            (mm(seal["x0"]) - mm(first["x0"]), mm(seal["top"]) - baseline_mm(page, first))
        )
    (ours_x, ours_y), (theirs_x, theirs_y) = places
    assert theirs_x == pytest.approx(ours_x, abs=TOLERANCE_MM)
    assert theirs_y == pytest.approx(ours_y, abs=TOLERANCE_MM)


def test_the_docx_floats_the_seal_anchored_to_the_signature(signed: Signed) -> None:
    import zipfile

    with zipfile.ZipFile(signed.single.docx) as package:
        body = package.read("word/document.xml").decode("utf-8")
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    assert body.count("<wp:anchor ") == 1 and "<wp:inline" not in body
    assert 'behindDoc="0"' in body and "<wp:wrapNone/>" in body
    assert '<wp:positionH relativeFrom="margin">' in body
    assert media == ["word/media/image1.png"]


def test_joint_marks_stack_with_wenjian_centred_on_their_right(
    signed: Signed, profile: LayoutProfile
) -> None:
    """§7.2.4: the 主辦機關's name first, the names stacked and spread to one width, 文件 to
    their right, centred across them; the first name's top 35 mm under the type area."""
    doc = signed.joint
    names = _html_texts(doc.html, "gw-mark-name")
    assert len(names) == 2
    for office in (False, True):
        page = doc.office_page if office else doc.page
        found = [last_chars(page, name, first=True) for name in names]
        suffix = last_chars(page, "文件", first=True)
        assert all(is_red(c, profile) for chars in found for c in chars)
        top = _line_top(page, found[0], doc.fonts, "xiaobiaosong")
        assert top == pytest.approx(
            profile.margins.top_mm + profile.header_mark.top_from_type_area_mm,
            abs=TOLERANCE_MM,
        )
        lefts = [mm(chars[0]["x0"]) for chars in found]
        rights = [mm(chars[-1]["x1"]) for chars in found]
        assert max(lefts) - min(lefts) < TOLERANCE_MM
        assert max(rights) - min(rights) < TOLERANCE_MM, office
        assert mm(suffix[0]["x0"]) > max(rights)
        first_top = _line_top(page, found[0], doc.fonts, "xiaobiaosong")
        last_bottom = _line_top(page, found[-1], doc.fonts, "xiaobiaosong") + mm(
            found[-1][0]["size"]
        )
        suffix_middle = _line_top(page, suffix, doc.fonts, "xiaobiaosong") + mm(
            suffix[0]["size"] / 2
        )
        assert suffix_middle == pytest.approx((first_top + last_bottom) / 2, abs=TOLERANCE_MM)
        whole = (min(lefts) + mm(suffix[-1]["x1"])) / 2
        assert whole == pytest.approx(
            profile.margins.left_mm + profile.type_area_width_mm / 2, abs=TOLERANCE_MM
        )


def test_joint_signatures_without_seals_stack_under_the_main_issuers(
    signed: Signed, profile: LayoutProfile
) -> None:
    """§7.3.5.2: the 主辦機關's 署名 first, the others below it, the date under them."""
    doc = signed.joint
    main, co = _html_texts(doc.html, "gw-sign-name")
    (date,) = _html_texts(doc.html, "gw-sign-date")
    page = next(p for p in doc.pdf.pages if find_line(p, date))
    lines = [baseline_mm(page, last_chars(page, text)[0]) for text in (main, co, date)]
    pitch = mm(profile.grid.line_pitch_pt)
    assert lines[1] - lines[0] == pytest.approx(pitch, abs=0.2)
    assert lines[2] - lines[1] == pytest.approx(pitch, abs=0.2)
    right = profile.page.width_mm - profile.margins.right_mm
    for text in (main, co):
        assert mm(last_chars(page, text)[-1]["x1"]) == pytest.approx(
            right - profile.signature.name_right_indent_chars * mm(profile.char_pitch_pt),
            abs=TOLERANCE_MM,
        )


def find_line(page: Any, text: str) -> bool:
    try:
        chars_of(page, text)
    except AssertionError:
        return False
    return True


def test_joint_seals_stand_side_by_side_each_on_its_issuers_name(
    signed: Signed, profile: LayoutProfile
) -> None:
    """§7.3.5.1: one seal per issuer in order, side by side inside the type area without
    touching, each centred on its name, the last on the date too."""
    doc = signed.joint_sealed
    names = _html_texts(doc.html, "gw-sealed-name")
    (date,) = _html_texts(doc.html, "gw-sign-date")
    for office in (False, True):
        page = _signature_page(doc, office)
        seals = sorted(page.images, key=lambda image: image["x0"])
        assert len(seals) == len(names) == 2
        assert mm(seals[0]["x0"]) >= profile.margins.left_mm - TOLERANCE_MM
        assert mm(seals[-1]["x1"]) <= profile.page.width_mm - profile.margins.right_mm
        assert seals[0]["x1"] < seals[1]["x0"]
        for seal, name in zip(seals, names, strict=True):
            centre = (mm(seal["x0"]) + mm(seal["x1"])) / 2
            assert _centre(last_chars(page, name)) == pytest.approx(centre, abs=TOLERANCE_MM)
        last = (mm(seals[-1]["x0"]) + mm(seals[-1]["x1"])) / 2
        if not office:  # LibreOffice sets the date's digits wider (as without a seal)
            assert _centre(last_chars(page, date)) == pytest.approx(last, abs=TOLERANCE_MM)


def test_signed_docx_pass_openxml_audit(signed: Signed) -> None:
    audit = shutil.which("openxml-audit") or str(Path(sys.executable).with_name("openxml-audit"))
    for doc in (signed.single, signed.joint, signed.joint_sealed):
        result = subprocess.run(
            [audit, str(doc.docx), "--output", "json", "--max-errors", "0"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        (report,) = json.loads(result.stdout)
        assert report["valid"], (doc.docx.name, report["errors"][:3])
        assert report["verdict"]["prediction"] == "opens-clean", report["verdict"]


def test_an_svg_seal_is_drawn_in_the_pdf_and_carried_as_svg_in_the_docx(tmp_path: Path) -> None:
    import zipfile

    seal = tmp_path / "seal.svg"
    seal.write_text(SEAL_SVG, encoding="utf-8")
    profile = load_profile()
    stem, _ = _build(plan_dirs()[0], tmp_path / "out", profile, seals=(seal,))
    with pdfplumber.open(stem.with_suffix(".pdf")) as pdf:
        ring = [
            c
            for page in pdf.pages
            for c in page.curves
            if is_red({"non_stroking_color": c["stroking_color"]}, profile)
        ]
    assert ring, "the SVG seal's ring is not drawn in the PDF"
    assert mm(ring[0]["x1"] - ring[0]["x0"]) == pytest.approx(
        profile.seal.diameter_mm * 92 / 100 + 3.5 * 0.42, abs=1.5
    )
    with zipfile.ZipFile(stem.with_suffix(".docx")) as package:
        body = package.read("word/document.xml").decode("utf-8")
        svgs = [n for n in package.namelist() if n.endswith(".svg")]
        assert package.read(svgs[0]).decode("utf-8") == SEAL_SVG
    assert "svgBlip" in body and len(svgs) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a PNG or SVG"),
        (b"\x89PNG\r\n\x1a\nbroken", "damaged PNG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "no width and height"),
        (b"<svg><unclosed></svg>", "not a well-formed SVG"),
    ],
)
def test_a_bad_seal_picture_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "seal.bin"
    bad.write_bytes(content)
    options = Options(plan_dir=plan_dirs()[0], output_dir=tmp_path / "out", seals=(bad,))
    with pytest.raises(UsageError, match=message) as caught:
        render_document(DocumentRequest("circular"), options)
    assert str(bad) in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_one_seal_per_issuer_is_asked_for(tmp_path: Path) -> None:
    seal = seal_png(tmp_path / "seal.png")
    options = Options(plan_dir=plan_dirs()[0], output_dir=tmp_path / "out", seals=(seal, seal))
    with pytest.raises(UsageError, match=r"1 issuer.* 2 seal"):
        render_document(DocumentRequest("circular"), options)


def test_a_batch_numbers_its_copies(tmp_path: Path, profile: LayoutProfile) -> None:
    """`--copies 3`: each document three times, 份號 000001 to 000003 at the top left, each
    copy in its own files; a second run finds them up to date."""
    from reportgen.batch.runner import run_batch

    options = Options(
        plan_dir=plan_dirs()[-1],
        output_dir=tmp_path / "out",
        formats=("pdf",),
        documents=(DocumentRequest("circular"),),
        copies=3,
    )
    report = run_batch(options)
    assert [o.status for o in report.outcomes] == ["built"] * 3
    for copy in (1, 2, 3):
        path = tmp_path / "out" / f"{plan_dirs()[-1].name}-circular-copy{copy:06d}.pdf"
        with pdfplumber.open(path) as pdf:
            chars = chars_of(pdf.pages[0], f"{copy:06d}")
            assert mm(chars[0]["x0"]) == pytest.approx(profile.margins.left_mm, abs=TOLERANCE_MM)
            assert baseline_mm(pdf.pages[0], chars[0]) < profile.margins.top_mm + mm(
                profile.grid.line_pitch_pt
            )
    again = run_batch(options)
    assert [o.status for o in again.outcomes] == ["skipped"] * 3


def test_a_report_with_a_signer_is_not_issued_as_a_letter(tmp_path: Path) -> None:
    """§10.1 has no place for 簽發人: an upward report asked for as a letter is refused."""
    plan = load_plan(plan_dirs()[0])
    unit = plan.registry.units[0].id  # a summary has its 簽發人 line, blank when unknown
    options = Options(
        plan_dir=plan_dirs()[0], output_dir=tmp_path / "out", document_format="letter"
    )
    with pytest.raises(UsageError, match="signer line"):
        render_document(DocumentRequest("summary", year=2022, unit=unit), options)
    assert not (tmp_path / "out").exists()


def _mark_chars(page: Any, profile: LayoutProfile) -> list[Any]:
    """The red characters of the 發文機關標志 (larger than the body; the sample mark is not)."""
    return [c for c in page.chars if is_red(c, profile) and c["size"] > profile.body.size_pt + 1]


@pytest.mark.parametrize("plan_dir", plan_dirs(), ids=lambda path: path.name)
@pytest.mark.parametrize("kind", ["notice", "summary", "reminder"])
def test_every_yearly_kind_on_letterhead_paper_differs_only_in_the_head(
    tmp_path: Path, profile: LayoutProfile, plan_dir: Path, kind: str
) -> None:
    """The notice, a unit's summary and the reminder: overlaid, a letterhead-paper PDF and a
    full-head PDF have every character but the mark's at the same place on every page, and
    the letterhead one has neither the mark nor the red rule."""
    from reportgen.documents.kind import NothingToSend
    from reportgen.progress.report import progress_years

    plan = load_plan(plan_dir)
    unit = plan.registry.units[0].id if kind == "summary" else None
    found: Path | None = None
    for year in reversed(progress_years(plan)):
        request = DocumentRequest(kind, year=year, unit=unit)
        try:
            for mode in ("full", "letterhead"):
                options = Options(
                    plan_dir=plan_dir, output_dir=tmp_path / mode, formats=("pdf",), **MODES[mode]
                )
                (found,) = render_document(request, options).outputs
        except NothingToSend:
            continue
        break
    if found is None:
        pytest.skip(f"no {kind} to send in any year of {plan_dir.name}")
    with (
        pdfplumber.open(tmp_path / "full" / found.name) as full,
        pdfplumber.open(tmp_path / "letterhead" / found.name) as paper,
    ):
        assert len(full.pages) == len(paper.pages)
        first, other = full.pages[0], paper.pages[0]
        mark = {id(c) for c in _mark_chars(first, profile)}
        assert mark and not _mark_chars(other, profile)
        kept = [c for c in first.chars if id(c) not in mark]
        assert _positions_of(kept, first) == _positions_of(list(other.chars), other)
        assert red_rules(first, profile) and not red_rules(other, profile)
        for ours, theirs in zip(full.pages[1:], paper.pages[1:], strict=True):
            assert _positions(ours, set()) == _positions(theirs, set())


def _positions_of(chars: list[Any], page: Any) -> list[tuple[str, float, float]]:
    return [(c["text"], round(mm(c["x0"]), 1), round(baseline_mm(page, c), 1)) for c in chars]
