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
    all circulars and notices, every unit's summary of the last year, and the first unit's
    summary of every year."""
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
