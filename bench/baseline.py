"""The baseline an office would use: a Word template filled by docxtpl, converted by LibreOffice.

`build_template` writes a .docx with Jinja tags, made with python-docx so that the benchmark
needs no binary fixture: the circular's header block (red mark, document number, red rule),
its title and body, the signature, the plan (title, preamble, part headings in 黑體, run-in
measure headings in 楷體), the attached schedule as a table whose rows come from a `{%tr %}`
loop on a landscape page, the colophon, and "— N —" page numbers. Filled with reportgen's own
circular context (`documents.common.circular_context`), it holds the same text as our
circular, in the same fonts and sizes on the same A4 type area.

The baseline is given its fastest mode: one `DocxTemplate` object rendered again for every
document (docxtpl reloads the template from memory), and one LibreOffice process converting
the whole set (`soffice --headless --convert-to pdf --outdir D f1.docx f2.docx …`), timed
after a warm-up run has created its user profile.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

RED = RGBColor(0xE6, 0x00, 0x12)
FONTS = {"title": "方正小标宋繁体", "body": "仿宋", "h1": "黑体", "h2": "楷体", "number": "宋体"}
"""The families our DOCX names for each role (traditional script)."""


def _font(run: Any, family: str, size_pt: float, *, bold: bool = False) -> None:
    """Name `family` for Latin and East Asian text of `run`, at `size_pt`."""
    run.font.name = family
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), family)


def _paragraph(
    document: Any,
    text: str,
    family: str = FONTS["body"],
    size_pt: float = 16,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    first_line_chars: float = 0,
    color: RGBColor | None = None,
) -> Paragraph:
    """A paragraph of one run, on the 28.95 pt line grid of GB/T 9704."""
    p = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(28.95)
    if align is not None:
        p.alignment = align
    if first_line_chars:
        fmt.first_line_indent = Pt(size_pt * first_line_chars)
    run = p.add_run(text)
    _font(run, family, size_pt)
    if color is not None:
        run.font.color.rgb = color
    paragraph: Paragraph = p
    return paragraph


def _bottom_rule(paragraph: Paragraph) -> None:
    """The red rule under the document number: a bottom border of its paragraph."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "8"), ("space", "12"), ("color", "E60012")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.append(borders)


def _page_numbers(section: Any) -> None:
    """A footer "— N —" with a PAGE field."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(p.add_run("— "), FONTS["number"], 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)
    _font(p.add_run(" —"), FONTS["number"], 14)


def _a4(section: Any, *, landscape: bool = False) -> None:
    """A4 with the GB/T 9704 margins (37/26 mm top/right, 35/28 mm bottom/left)."""
    width, height = Mm(210), Mm(297)
    margins = (Mm(37), Mm(26), Mm(35), Mm(28))
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
        margins = (Mm(28), Mm(37), Mm(26), Mm(35))
    section.page_width, section.page_height = width, height
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = margins


def build_template(columns: int) -> bytes:
    """The Word template of the circular, with a schedule table of `columns` columns."""
    document = docx.Document()
    _a4(document.sections[0])
    _page_numbers(document.sections[0])
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "{{ head.header_mark.text }}", FONTS["title"], 36, align=center, color=RED)
    _paragraph(document, "")
    _bottom_rule(_paragraph(document, "{{ head.doc_number }}", align=center))
    _paragraph(document, "")
    _paragraph(document, "{%p for line in title_lines %}")
    _paragraph(document, "{{ line }}", FONTS["title"], 22, align=center)
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "")
    _paragraph(document, "{{ addressee }}：")
    _paragraph(document, "{%p for paragraph in body %}")
    _paragraph(document, "{{ paragraph }}", first_line_chars=2)
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "")
    _paragraph(document, "{{ signature.name }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "{{ signature.date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)

    plan = document.add_paragraph()
    plan.add_run().add_break(WD_BREAK.PAGE)
    _paragraph(document, "{%p for line in plan.title_lines %}")
    _paragraph(document, "{{ line }}", FONTS["title"], 22, align=center)
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "")
    _paragraph(document, "{{ plan.preamble }}", first_line_chars=2)
    _paragraph(document, "{%p for part in plan.parts %}")
    heading = "{{ loop.index | numeral }}、{{ part.heading }}"
    _paragraph(document, heading, FONTS["h1"], 16, first_line_chars=2)
    _paragraph(document, "{%p for m in part.measures %}")
    runin = "（{{ m.number | numeral }}）{{ m.heading }}。"
    measure = _paragraph(document, runin, FONTS["h2"], 16, first_line_chars=2)
    responsible = (
        "{% if m.responsible %}（{{ common.responsible }}：{{ m.responsible }}）{% endif %}"
    )
    _font(measure.add_run("{{ m.text }}" + responsible), FONTS["body"], 16)
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "")
    _paragraph(document, "{{ common.attachment }}：{{ plan.attachment }}", first_line_chars=2)

    schedule = document.add_section(WD_SECTION.NEW_PAGE)
    _a4(schedule, landscape=True)
    _paragraph(document, "{{ common.attachment }}", FONTS["h1"], 16)
    _paragraph(document, "{{ attachment.title }}", FONTS["title"], 22, align=center)
    _schedule_table(document, columns)

    colophon = document.add_section(WD_SECTION.NEW_PAGE)
    _a4(colophon)
    _paragraph(
        document, "{{ colophon.printed_by }}\u3000\u3000{{ colophon.printed_on }}", size_pt=14
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _schedule_table(document: Any, columns: int) -> None:
    """Header row, then a `{%tr for %}` row loop over the schedule's rows."""
    table = document.add_table(rows=4, cols=columns)
    table.style = "Table Grid"
    cells = [
        [f"{{{{ attachment.table.head[{i}] }}}}" for i in range(columns)],
        ["{%tr for row in attachment.table.rows %}"] + [""] * (columns - 1),
        ["{{ row.project or '' }}", "{{ row.year }}"]
        + [f"{{{{ row.cells[{i}]|join(' ') }}}}" for i in range(columns - 2)],
        ["{%tr endfor %}"] + [""] * (columns - 1),
    ]
    for row, texts in zip(table.rows, cells, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(p.add_run(text), FONTS["body"], 12)


@dataclass(frozen=True)
class BaselineTimes:
    """What the baseline took for `count` documents, in seconds."""

    count: int
    docx_seconds: float
    pdf_seconds: float
    pdf_first_run_seconds: float
    """LibreOffice's warm-up conversion of one document (it creates its profile)."""
    pages: int | None

    @property
    def docx_each(self) -> float:
        return self.docx_seconds / self.count

    @property
    def pdf_each(self) -> float:
        return self.pdf_seconds / self.count


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_docxtpl(template: bytes, context: dict[str, Any], folder: Path, count: int) -> float:
    """Render `count` documents from one reused `DocxTemplate`; returns the seconds taken."""
    import jinja2
    from docxtpl import DocxTemplate

    from reportgen.render.filters import FILTERS

    environment = jinja2.Environment()
    environment.filters.update(FILTERS)
    context = {**context, "common": context["wording"].common}
    folder.mkdir(parents=True, exist_ok=True)
    tpl = DocxTemplate(io.BytesIO(template))
    started = time.perf_counter()
    for i in range(count):
        tpl.render(context, jinja_env=environment)
        tpl.save(folder / f"circular-{i:03d}.docx")
    return time.perf_counter() - started


def convert_with_libreoffice(files: Sequence[Path], outdir: Path, profile_dir: Path) -> float:
    """Convert `files` to PDF in one LibreOffice process; returns the seconds taken."""
    command = soffice()
    if command is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [
            command,
            f"-env:UserInstallation={profile_dir.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return time.perf_counter() - started


def pdf_pages(path: Path) -> int | None:
    """The page count of a PDF (pdfinfo from poppler-utils), or None."""
    if shutil.which("pdfinfo") is None:
        return None
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False)
    for line in result.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def run_baseline(context: dict[str, Any], columns: int, folder: Path, count: int) -> BaselineTimes:
    """Time the baseline on `count` circulars: docxtpl renders, then one LibreOffice run."""
    template = build_template(columns)
    (folder / "template.docx").parent.mkdir(parents=True, exist_ok=True)
    (folder / "template.docx").write_bytes(template)
    docx_seconds = render_docxtpl(template, context, folder / "docx", count)
    files = sorted((folder / "docx").glob("*.docx"))
    profile = folder / "lo-profile"
    first = convert_with_libreoffice(files[:1], folder / "warmup", profile)
    pdf_seconds = convert_with_libreoffice(files, folder / "pdf", profile)
    pages = pdf_pages(folder / "pdf" / (files[0].stem + ".pdf"))
    return BaselineTimes(count, docx_seconds, pdf_seconds, first, pages)
