"""Measure the office agreement over every document of a batch, not a representative set.

For each plan (the default plan and tests/fixtures/plans/yunxi-county-sanitation-2024) and
each script (simplified, traditional) the script builds the whole batch with the command line
(`reportgen batch -o OUT/<plan>-<script> --script <script> -f docx -f pdf -f html -j 2`; the
HTML only tells which fonts and which date cells each document has), converts every DOCX to
PDF with one headless LibreOffice under the fontconfig file the tests use
(`reportgen.fonts.alias.fontconfig_for`, through `officerender.convert_with_libreoffice`,
the documents grouped by font plan as `officerender.office_batch` groups them) and reports:

- every document whose page count differs between our PDF and LibreOffice's, with the first
  page whose text differs and the table cells that take more lines in LibreOffice's;
- every table cell holding a date or a year (`tablefit.holds_date_or_year`) that takes more
  lines than the HTML gives it, in our PDF or in LibreOffice's (cells read with pdfplumber,
  as tests/test_office_agreement.py reads them), and the cells not found whole in a table.

Run by hand (it takes minutes; needs LibreOffice and poppler-utils):

    .venv/bin/python bench/officeagreement.py [--out /tmp/officeagreement] [--no-build]

`--no-build` reuses the documents of an earlier run. Prints the counts and the lists, and
writes them as JSON to OUT/agreement.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


from officerender import (  # noqa: E402
    _font_plan,
    convert_with_libreoffice,
    date_cells,
    moved_chars,
    page_texts,
    table_cells,
)
from reportgen.fonts.alias import fontconfig_for  # noqa: E402
from reportgen.layout.profile import LayoutProfile, load_profile  # noqa: E402
from reportgen.plan.model import Script  # noqa: E402

PLANS: dict[str, Path | None] = {
    "default": None,
    "yunxi": ROOT / "tests" / "fixtures" / "plans" / "yunxi-county-sanitation-2024",
}
SCRIPTS: tuple[Script, ...] = ("simplified", "traditional")
MOVED_AT_A_PAGE_BREAK = 2
"""As in tests/test_office_agreement.py: characters a line may move at each page break."""


@dataclass
class Mismatch:
    """A document LibreOffice lays out on another number of pages than our PDF has."""

    document: str
    script: str
    ours: int
    office: int
    first_differing_page: int | None
    cells_taller_in_office: list[str] = field(default_factory=list)


@dataclass
class Wrap:
    """A cell holding a date or a year that takes more lines than the HTML gives it."""

    document: str
    script: str
    rendering: str
    page: int
    text: str


@dataclass
class Measure:
    documents: int = 0
    date_cells: int = 0
    date_cells_checked: dict[str, int] = field(default_factory=lambda: {"pdf": 0, "docx": 0})
    mismatches: list[Mismatch] = field(default_factory=list)
    wraps: list[Wrap] = field(default_factory=list)
    unseen: list[str] = field(default_factory=list)


def build(plan: Path | None, script: Script, folder: Path) -> None:
    """The whole batch of `plan` in `script` into `folder`, through the command line."""
    command = [str(ROOT / ".venv" / "bin" / "reportgen"), "batch", "-o", str(folder)]
    command += ["--script", script, "-f", "docx", "-f", "pdf", "-f", "html", "-j", "2"]
    if plan is not None:
        command += ["--plan", str(plan)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def convert(folder: Path, script: Script, profile: LayoutProfile) -> Path:
    """Every DOCX of `folder` as LibreOffice prints it, into `folder`/office."""
    office = folder / "office"
    stems = sorted(p.stem for p in folder.glob("*.docx"))
    groups: dict[str, list[str]] = {}
    for stem in stems:
        fonts = _font_plan(folder / f"{stem}.html", script, profile)
        groups.setdefault(fontconfig_for([fonts]), []).append(stem)
    for index, (conf_text, members) in enumerate(sorted(groups.items())):
        conf = folder / f"fonts-{index}.conf"
        conf.write_text(conf_text, encoding="utf-8")
        convert_with_libreoffice([folder / f"{s}.docx" for s in members], office, conf, folder)
    return office


def cell_heights(pdf: Path) -> Counter[tuple[str, int]]:
    """(text, lines) of every table cell of `pdf`, counted."""
    return Counter(("".join(t.split()), t.count("\n") + 1) for _, t in table_cells(pdf))


def first_differing_page(ours: Path, office: Path) -> int | None:
    """The first page whose text differs by more than a page break moves."""
    pairs = zip(page_texts(ours), page_texts(office), strict=False)
    for number, (a, b) in enumerate(pairs, start=1):
        if moved_chars(a, b) > 2 * MOVED_AT_A_PAGE_BREAK:
            return number
    return None


def measure_folder(folder: Path, script: Script, office: Path, result: Measure) -> None:
    for html in sorted(folder.glob("*.html")):
        name = html.stem
        ours, theirs = folder / f"{name}.pdf", office / f"{name}.pdf"
        result.documents += 1
        counts = len(page_texts(ours)), len(page_texts(theirs))
        if counts[0] != counts[1]:
            taller = cell_heights(theirs) - cell_heights(ours)
            result.mismatches.append(
                Mismatch(
                    name,
                    script,
                    *counts,
                    first_differing_page(ours, theirs),
                    [f"{text} ({lines} lines)" for text, lines in sorted(taller)],
                )
            )
        expected = date_cells(html)
        result.date_cells += len(expected)
        for rendering, pdf in (("pdf", ours), ("docx", theirs)):
            seen: set[str] = set()
            for page, text in table_cells(pdf):
                key = "".join(text.split())
                if key in expected:
                    seen.add(key)
                    result.date_cells_checked[rendering] += 1
                    if text.count("\n") + 1 > expected[key]:
                        result.wraps.append(Wrap(name, script, rendering, page, text))
            result.unseen += [f"{name} {script} {rendering}: {k}" for k in set(expected) - seen]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path("/tmp/officeagreement"))
    parser.add_argument("--no-build", action="store_true", help="reuse an earlier run's files")
    args = parser.parse_args(argv)
    profile = load_profile()
    result = Measure()
    for label, plan in PLANS.items():
        for script in SCRIPTS:
            folder = (args.out / f"{label}-{script}").resolve()
            if not args.no_build:
                build(plan, script, folder)
            office = convert(folder, script, profile)
            before = result.documents
            measure_folder(folder, script, office, result)
            print(f"{label}-{script}: {result.documents - before} documents", flush=True)
    print(f"documents checked: {result.documents}")
    print(f"page count mismatches: {len(result.mismatches)}")
    for m in result.mismatches:
        print(
            f"  {m.document} {m.script}: ours {m.ours}, LibreOffice {m.office}, "
            f"first differing page {m.first_differing_page}"
        )
        for cell in m.cells_taller_in_office:
            print(f"    taller in LibreOffice: {cell}")
    print(f"date or year cells: {result.date_cells} distinct per document")
    for rendering, count in result.date_cells_checked.items():
        print(f"date or year cells found in the {rendering}'s tables: {count}")
    for rendering in ("pdf", "docx"):
        wraps = [w for w in result.wraps if w.rendering == rendering]
        print(f"wrapping date cells in the {rendering}: {len(wraps)}")
        for w in wraps:
            print(f"  {w.document} {w.script} p.{w.page}: {w.text!r}")
    print(f"date cells not found whole in a table: {len(result.unseen)}")
    for line in result.unseen:
        print(f"  {line}")
    report = asdict(result)
    (args.out / "agreement.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return 1 if result.mismatches or result.wraps else 0


if __name__ == "__main__":
    sys.exit(main())
