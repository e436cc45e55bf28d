"""LibreOffice's rendering of our DOCX, for comparison with our PDF.

`office_batch` builds a representative set of a plan's documents (`representative`: every
kind, year and unit) in one script (DOCX, PDF and HTML, through `run_batch`) and converts
all the DOCX files with one headless LibreOffice, run under a fontconfig file
(`reportgen.fonts.alias`) that gives each office font the DOCX names the face the PDF embeds,
so the two renderings are set in the same faces. `page_texts` reads a PDF's
pages with pdftotext; `table_cells` reads the ruled tables of a PDF with pdfplumber.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.batch.plan import select_documents
from reportgen.batch.runner import run_batch
from reportgen.core import DocumentRequest, Options
from reportgen.fonts.alias import fontconfig_for
from reportgen.fonts.policy import FontPlan, plan_fonts, texts_by_role
from reportgen.layout.profile import LayoutProfile
from reportgen.plan.loader import load_plan
from reportgen.plan.model import Script

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
CONVERT_TIMEOUT_S = 900


@dataclass(frozen=True)
class RenderedPair:
    """One document: our PDF, LibreOffice's PDF of our DOCX, and the HTML both came from."""

    name: str
    ours: Path
    office: Path
    html: Path


def office_batch(
    plan_dir: Path, script: Script, folder: Path, profile: LayoutProfile
) -> list[RenderedPair]:
    """Every document of `plan_dir` in `script`, ours and LibreOffice's, under `folder`."""
    built = folder / "built"
    options = Options(
        plan_dir=plan_dir,
        output_dir=built,
        formats=("docx", "pdf", "html"),
        script=script,
        force=True,
    )
    planned = select_documents(load_plan(plan_dir), options)
    options = dataclasses.replace(options, documents=tuple(representative(planned)))
    report = run_batch(options)
    failed = [o.name for o in report.outcomes if o.status == "failed"]
    assert not failed, f"the batch failed to build {failed}"
    stems = sorted(p.stem for p in built.glob("*.docx"))
    assert stems, f"the batch built no DOCX in {built}"
    # Documents whose fonts resolve alike share one fontconfig file and one LibreOffice run.
    groups: dict[str, list[str]] = {}
    for stem in stems:
        fonts = _font_plan(built / f"{stem}.html", script, profile)
        groups.setdefault(fontconfig_for([fonts]), []).append(stem)
    office = folder / "office"
    for index, (conf_text, members) in enumerate(sorted(groups.items())):
        conf = folder / f"fonts-{index}.conf"
        conf.write_text(conf_text, encoding="utf-8")
        convert_with_libreoffice([built / f"{s}.docx" for s in members], office, conf, folder)
    return [
        RenderedPair(s, built / f"{s}.pdf", office / f"{s}.pdf", built / f"{s}.html") for s in stems
    ]


def representative(requests: Sequence[DocumentRequest]) -> list[DocumentRequest]:
    """Every kind of document, every year and every unit, in fewer documents than the batch:
    every document of the kinds other than the summary, every unit's summary of the last
    year, and the first unit's summary of every year."""
    summaries = [r for r in requests if r.kind == "summary"]
    last_year = max((r.year for r in summaries if r.year is not None), default=None)
    first_unit = summaries[0].unit if summaries else None
    return [
        r for r in requests if r.kind != "summary" or r.year == last_year or r.unit == first_unit
    ]


def _font_plan(html: Path, script: Script, profile: LayoutProfile) -> FontPlan:
    """The font plan the pipeline made for the document whose HTML is `html`."""
    return plan_fonts(profile, script, texts_by_role(html.read_text("utf-8"), profile))


def convert_with_libreoffice(
    docx: Sequence[Path], outdir: Path, fontconfig: Path, scratch: Path
) -> None:
    """Convert `docx` to PDF into `outdir` with one headless LibreOffice, its own profile,
    under `fontconfig`."""
    assert SOFFICE is not None
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig), HOME=str(scratch))
    profile = (scratch / "lo-profile").resolve().as_uri()
    command = [
        SOFFICE,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *map(str, docx),
    ]
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=CONVERT_TIMEOUT_S, check=False
    )
    missing = [d.name for d in docx if not (outdir / f"{d.stem}.pdf").is_file()]
    assert not missing, f"LibreOffice converted none of {missing}: {result.stderr[-2000:]}"


def page_texts(pdf: Path) -> list[str]:
    """The text of each page of `pdf`, white space removed (pdftotext)."""
    assert PDFTOTEXT is not None
    out = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return ["".join(page.split()) for page in pages]


def page_lines(pdf: Path, page: int) -> list[str]:
    """The text lines of page `page` (1-based) of `pdf`, white space removed (pdftotext)."""
    assert PDFTOTEXT is not None
    out = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return ["".join(line.split()) for line in out.splitlines() if line.strip()]


def moved_chars(ours: str, theirs: str) -> int:
    """How many characters one page holds that the other does not (in either direction)."""
    a, b = Counter(ours), Counter(theirs)
    return sum(((a - b) + (b - a)).values())


def table_cells(pdf: Path) -> Iterator[tuple[int, str]]:
    """(page number, text) of every cell of the ruled tables of `pdf`; lines joined by \\n."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            if not page.rects and not page.lines:
                continue
            for table in page.find_tables():
                for row in table.extract():
                    for text in row:
                        if text:
                            yield number, text


LIBREOFFICE_EXACT_BASELINE = 0.8
"""Where LibreOffice sets the baseline in a line of exact height: four fifths of the height
below the line's top, whatever the face. CSS (and Word) centre the face's ascent and descent
in the line instead, so the same line box holds its text lower in LibreOffice (0.9 mm for
16 pt FandolFang in a 28.95 pt line); comparing line boxes leaves that convention out."""


@dataclass(frozen=True)
class HeadPlace:
    """Where a part of the first page's head stands, in mm from the top of the paper."""

    part: str
    ours_mm: float
    office_mm: float


def head_places(
    pair: RenderedPair, script: Script, profile: LayoutProfile
) -> list[HeadPlace] | None:
    """The mark's em box, the tops of the lines of the number, the title's first line and the
    first line after the title, and the red rule's middle, on page 1 of our PDF and of
    LibreOffice's; None for a document without a header mark."""
    import pdfplumber
    from lxml import html as lxml_html

    from reportgen.layout.styles import element_style

    root = lxml_html.document_fromstring(pair.html.read_text("utf-8"))
    marks = root.find_class("gw-mark")
    if not marks:
        return None
    fonts = _font_plan(pair.html, script, profile)
    size = float(marks[0].get("data-size-pt", profile.header_mark.size_pt))
    title = root.find_class("gw-title")[0]
    after_title = title.getnext()
    parts = [
        ("gw-mark", _squeeze(marks[0].text_content())),
        ("gw-docnum", _squeeze(root.find_class("gw-docnum")[0].text_content())[:4]),
        ("gw-title", _squeeze(title.text_content())[:4]),
        (after_title.get("class").split()[0], _squeeze(after_title.text_content())[:4]),
    ]
    pitch = profile.grid.line_pitch_pt
    found: dict[str, list[float]] = {}
    for pdf, office in ((pair.ours, False), (pair.office, True)):
        with pdfplumber.open(pdf) as document:
            page = document.pages[0]
            lines = _baseline_lines(page)
            start = 0
            for cls, text in parts:
                index = next(i for i in range(start, len(lines)) if text in _squeeze(lines[i][1]))
                start = index + 1
                baseline = lines[index][0]
                style = element_style(profile, cls)
                metrics = fonts.metrics(style.role)
                if cls == "gw-mark":
                    top = baseline - metrics.em_top * size
                elif office:
                    top = baseline - LIBREOFFICE_EXACT_BASELINE * pitch
                else:
                    half_leading = (pitch - (metrics.ascent + metrics.descent) * style.size_pt) / 2
                    top = baseline - half_leading - metrics.ascent * style.size_pt
                found.setdefault(cls, []).append(top / _MM_TO_PT)
            found.setdefault("gw-redline", []).append(_red_rule_middle(page, profile))
    return [HeadPlace(part, *found[part]) for part in found]


_MM_TO_PT = 72 / 25.4


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _baseline_lines(page: Any) -> list[tuple[float, str]]:
    """(baseline in pt from the paper's top, text) of each line of `page`, top to bottom."""
    lines: dict[float, list[Any]] = {}
    for char in page.chars:
        lines.setdefault(round(page.height - char["matrix"][5], 1), []).append(char)
    return [
        (y, "".join(c["text"] for c in sorted(lines[y], key=lambda c: c["x0"])))
        for y in sorted(lines)
    ]


def _red_rule_middle(page: Any, profile: LayoutProfile) -> float:
    """The middle (mm from the paper's top) of the first red horizontal rule of `page`,
    drawn as a filled rectangle or a stroked line."""
    value = profile.colors.red.lstrip("#")
    red = tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def is_red(colour: Any) -> bool:
        rgb = tuple(colour or ())
        return len(rgb) == 3 and all(abs(a - b) <= 0.01 for a, b in zip(rgb, red, strict=True))

    middles = [
        (item["top"] + item["bottom"]) / 2
        for item in [*page.rects, *page.lines]
        if item["width"] > 100 * _MM_TO_PT
        and (is_red(item.get("non_stroking_color")) or is_red(item.get("stroking_color")))
    ]
    assert middles, "no red rule on page 1"
    return min(middles) / _MM_TO_PT


def foretold_lone_characters(html: Path, script: Script, profile: LayoutProfile) -> Counter[str]:
    """The cells (text, white space removed) that the fitted widths foretell will end a
    wrapped line on a character alone (`tablefit.leaves_an_orphan`): the ones no width
    could spare them."""
    from lxml import html as lxml_html

    from reportgen.layout import tablefit

    advance = _font_plan(html, script, profile).metrics(profile.table.role).advance
    root = lxml_html.document_fromstring(html.read_text("utf-8"))
    foretold: Counter[str] = Counter()
    for table in root.find_class("gw-table"):
        grid = tablefit.html_table_grid(table)
        landscape = any(
            a.get("data-orientation") == "landscape" for a in table.iterancestors("section")
        )
        available = tablefit.type_area_twips(profile, landscape)
        widths = tablefit.table_widths(table, grid, available, profile, advance)
        cells = {id(c): c for row in grid.slots for c in row if c is not None}
        for cell in cells.values():
            lines = tablefit.cell_lines(cell.element)
            width = sum(widths[cell.column : cell.column + cell.colspan])
            holds = tablefit.CellMeasure(profile).holds_em(width)
            if any(tablefit.may_leave_an_orphan(line, holds, advance) for line in lines):
                foretold[_squeeze("".join(lines))] += 1
    return foretold


def lone_character_cells(pdf: Path, html: Path) -> Counter[str]:
    """The table cells of `pdf` (text, white space removed) with a line holding one
    character that is not a line of its own in the HTML (as 「—」 is)."""
    from lxml import html as lxml_html

    from reportgen.layout.tablefit import cell_lines

    root = lxml_html.document_fromstring(html.read_text("utf-8"))
    single = {
        _squeeze(line)
        for table in root.find_class("gw-table")
        for cell in table.iter("td", "th")
        for line in cell_lines(cell)
        if len(_squeeze(line)) == 1
    }
    found: Counter[str] = Counter()
    for _, text in table_cells(pdf):
        lines = [_squeeze(line) for line in text.split("\n")]
        if len(lines) > 1 and any(len(line) == 1 and line not in single for line in lines):
            found["".join(lines)] += 1
    return found


def turned_page_numbers(pdf: Path) -> dict[int, tuple[float, float, float, float]]:
    """Per landscape page of `pdf` (1-based), the box (left, top, right, bottom, in mm from
    the paper's top left corner) of its characters set turned: the page number."""
    import pdfplumber

    boxes: dict[int, tuple[float, float, float, float]] = {}
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            if page.width <= page.height:
                continue
            chars = [c for c in page.chars if not c["upright"] and c["text"].strip()]
            if chars:
                boxes[number] = (
                    min(c["x0"] for c in chars) / _MM_TO_PT,
                    min(c["top"] for c in chars) / _MM_TO_PT,
                    max(c["x1"] for c in chars) / _MM_TO_PT,
                    max(c["bottom"] for c in chars) / _MM_TO_PT,
                )
    return boxes


def date_cells(html: Path) -> dict[str, int]:
    """The text (white space removed) of each table cell holding a date or a year in a
    document's HTML, and its number of lines."""
    from lxml import html as lxml_html

    from reportgen.layout.tablefit import cell_lines, holds_date_or_year

    root = lxml_html.document_fromstring(html.read_text("utf-8"))
    cells: dict[str, int] = {}
    for table in root.find_class("gw-table"):
        for cell in table.iter("td", "th"):
            lines = [line for line in cell_lines(cell) if line]
            if any(holds_date_or_year(line) for line in lines):
                cells["".join("".join(lines).split())] = len(lines)
    return cells
