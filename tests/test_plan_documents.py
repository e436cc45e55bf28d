"""Every document of every plan: titles, hanging lines, the 版記 in LibreOffice, OOXML validity.

For each plan (the built-in one and those under tests/fixtures/plans/) one batch run builds
every document — the circular, a notice for every year of the period, a summary for every
unit and year with progress — as HTML and DOCX in the plan's own script, and the circular
and notices in the other script too. The circular is also rendered as PDF, and its DOCX is
printed by LibreOffice.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from lxml import html as lxml_html

from docxreadback import libreoffice_pdf, needs_libreoffice
from pdfmeasure import (
    Line,
    group_lines,
    line_text,
    lines_of,
    mm,
    page_number_text,
    page_text,
    squeeze,
)
from plans import plan_dirs
from reportgen.batch.runner import run_batch
from reportgen.build import render_document
from reportgen.core import DocumentRequest, Options
from reportgen.documents.titles import title_chars_per_line
from reportgen.layout.profile import LayoutProfile
from reportgen.plan.loader import load_plan
from reportgen.plan.model import Plan, Script
from reportgen.render.script import convert_text
from reportgen.zh.text import text_width_chars

SCRIPTS: tuple[Script, ...] = ("simplified", "traditional")
OTHER_SCRIPT_KINDS = ("circular", "notice")


@dataclass
class PlanDocuments:
    plan: Plan
    folder: Path  # one subfolder per script

    def files(self, suffix: str) -> list[Path]:
        return sorted(self.folder.rglob(f"*{suffix}"))


@pytest.fixture(scope="module", params=plan_dirs(), ids=lambda path: path.name)
def documents(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> PlanDocuments:
    plan_dir: Path = request.param
    plan = load_plan(plan_dir)
    folder = tmp_path_factory.mktemp(plan_dir.name)
    for script in SCRIPTS:
        own = script == plan.document.script
        options = Options(
            plan_dir=plan_dir,
            output_dir=folder / script,
            formats=("html", "docx"),
            years=tuple(plan.plan.period.years()),
            kinds=None if own else OTHER_SCRIPT_KINDS,
            jobs=2,
            script=script,
        )
        report = run_batch(options)
        assert report.exit_code == 0, report.summary_lines()
    return PlanDocuments(plan, folder)


# --- titles ----------------------------------------------------------------------------------


def title_lines(html: str) -> list[list[str]]:
    """The lines of each title (h1) of a document's HTML, as its <br>s break them."""
    root = lxml_html.document_fromstring(html)
    found = []
    for h1 in root.iter("h1"):
        lines = [h1.text or ""] + [br.tail or "" for br in h1.iter("br")]
        found.append([line.strip() for line in lines])
    return found


def test_every_title_line_holds_at_least_a_third_of_the_longest(
    documents: PlanDocuments, profile: LayoutProfile
) -> None:
    limit = title_chars_per_line(profile)
    checked = 0
    broken = 0
    for path in documents.files(".html"):
        for lines in title_lines(path.read_text(encoding="utf-8")):
            widths = [text_width_chars(line) for line in lines]
            assert all(widths), (path.name, lines)
            assert min(widths) * 3 >= max(widths), (path.name, lines)
            if len(lines) > 1:
                assert max(widths) <= limit, (path.name, lines)
                broken += 1
            checked += 1
    assert checked > len(documents.files(".html"))  # a title, the plan's, the attachment's
    assert broken >= len(documents.files(".html"))  # every document's own title breaks


def test_no_title_line_splits_a_number_or_ends_before_a_closing_mark(
    documents: PlanDocuments,
) -> None:
    for path in documents.files(".html"):
        for lines in title_lines(path.read_text(encoding="utf-8")):
            for upper, lower in itertools.pairwise(lines):
                assert not (upper[-1].isdigit() and lower[0].isdigit()), lines
                assert lower[0] not in "）》”、，。：；年%", lines
                assert upper[-1] not in "（《“", lines


# --- OOXML validity --------------------------------------------------------------------------


def test_every_docx_passes_openxml_audit(documents: PlanDocuments) -> None:
    """openxml-audit validates each part against the schemas Word uses, and predicts whether
    Word opens the file cleanly."""
    audit = shutil.which("openxml-audit") or str(Path(sys.executable).with_name("openxml-audit"))
    files = documents.files(".docx")
    assert len(files) > 10
    result = subprocess.run(
        [audit, str(documents.folder), "--recursive", "--output", "json", "--max-errors", "0"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    reports = json.loads(result.stdout)
    assert sorted(Path(r["file"]) for r in reports) == files
    bad = {Path(r["file"]).name: r["errors"][:3] for r in reports if not r["valid"]}
    assert not bad, bad
    for report in reports:
        assert report["verdict"]["prediction"] == "opens-clean", report["verdict"]
    assert result.returncode == 0, result.stderr


# --- the circular as PDF, and its DOCX as LibreOffice prints it -------------------------------


@dataclass
class Circular:
    plan: Plan
    pdf: list[Any]  # pdfplumber pages of our PDF
    libreoffice: list[Any]  # pdfplumber pages of LibreOffice's print of our DOCX


@pytest.fixture(scope="module", params=plan_dirs(), ids=lambda path: path.name)
def circular(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Circular]:
    plan_dir: Path = request.param
    folder = tmp_path_factory.mktemp(f"circular-{plan_dir.name}")
    options = Options(plan_dir=plan_dir, output_dir=folder, formats=("docx", "pdf"))
    result = render_document(DocumentRequest("circular"), options)
    files = {path.suffix: path for path in result.outputs}
    printed = libreoffice_pdf(files[".docx"].read_bytes(), folder)
    with pdfplumber.open(files[".pdf"]) as ours, pdfplumber.open(printed) as theirs:
        yield Circular(load_plan(plan_dir), list(ours.pages), list(theirs.pages))


def continued(pages: list[Any], label: str) -> tuple[Line, Line] | None:
    """The line starting with `label` and the line after it on the same page, if the text
    runs on (the line below starts within the next line pitch)."""
    for page in pages:
        lines = group_lines(page.chars)
        for first, second in itertools.pairwise(lines):
            if squeeze(line_text(first)).startswith(label):
                if second[0]["top"] - first[0]["top"] < 40:
                    return first, second
                return None
    raise AssertionError(f"no line starts with {label}")


def assert_hangs_after(first: Line, second: Line, label: str) -> None:
    """The continuation starts under the first character after `label` (GB/T 9704 §7.3.4,
    §7.4.2)."""
    after_label = first[len(label)]
    assert mm(second[0]["x0"]) == pytest.approx(mm(after_label["x0"]), abs=0.5)
    assert mm(second[0]["x0"]) > mm(first[0]["x0"]) + 5


@pytest.mark.parametrize("label", ["附件：", "抄送："])
@needs_libreoffice
def test_attachment_and_cc_lines_hang_after_their_label(circular: Circular, label: str) -> None:
    plan = circular.plan
    has_line = (label == "附件：" and plan.plan.attachment) or (
        label == "抄送：" and plan.document.colophon and plan.document.colophon.cc
    )
    if not has_line:
        pytest.skip(f"{plan.directory.name} has no {label} line")
    wrapped = 0
    for pages in (circular.pdf, circular.libreoffice):
        pair = continued(pages, label)
        if pair is not None:
            assert_hangs_after(*pair, label)
            wrapped += 1
    if plan.document.script == "simplified":  # the fixture plan's lines are long enough
        assert wrapped == 2


def colophon_rules_mm(page: Any) -> list[float]:
    """The tops of the horizontal rules across the type area, in mm, as LibreOffice draws
    them (lines or thin rectangles)."""
    rules = [r for r in [*page.lines, *page.rects] if mm(r["width"]) > 150 and r["height"] < 2]
    return sorted({round(mm(r["top"]), 1) for r in rules})


@needs_libreoffice
def test_libreoffice_prints_the_colophon_at_the_foot_between_its_rules(
    circular: Circular, profile: LayoutProfile
) -> None:
    page = circular.libreoffice[-1]
    text = squeeze(page_text(page, profile))
    colophon = circular.plan.document.colophon
    assert colophon is not None
    printed_by = convert_text(colophon.printed_by, circular.plan.document.issue_script)
    assert squeeze(printed_by) in text
    lines = lines_of(page, profile)
    assert squeeze(line_text(lines[-1])).endswith("印发" if "印发" in text else "印發")
    bottom = profile.page.height_mm - profile.margins.bottom_mm
    pitch = mm(profile.grid.line_pitch_pt)
    assert bottom - mm(lines[-1][-1]["bottom"]) < pitch  # the last line sits on the foot
    rules = colophon_rules_mm(page)
    assert rules[-1] == pytest.approx(bottom, abs=1)  # the last rule on the type area's foot
    assert rules[0] < mm(lines[0][0]["top"]) < rules[1]  # the first rule above the first line
    if colophon.cc:
        assert len(rules) == 3  # above 抄送, between it and the printing line, below
        cc_line = next(i for i, line in enumerate(lines) if line_text(line).startswith("抄送"))
        assert rules[1] > mm(lines[cc_line][0]["top"])
    else:
        assert len(rules) == 2


def test_the_pdf_numbers_the_colophon_page(circular: Circular, profile: LayoutProfile) -> None:
    assert page_number_text(circular.pdf[-1], profile) == f"—{len(circular.pdf)}—"
