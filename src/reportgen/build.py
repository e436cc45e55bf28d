"""Build a document end to end: load, derive, render HTML, then write DOCX, PDF and HTML.

    plan folder ──load──▶ Plan ──derive──▶ context ──Jinja──▶ semantic HTML
        ──▶ render_docx (python-docx)   ──▶ render_pdf (WeasyPrint)
        ──▶ PDF/A for the archive, the web page for publishing (`publish`)

Every file carries its provenance (`publish.provenance`) in its properties.

Every output is rendered in memory first; files are written only when all formats of the
document succeeded, each atomically.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .documents.common import circular_context
from .documents.issuance import DocumentFormat, IssueOptions, Paper, extend_context
from .errors import DataError, UsageError
from .layout.profile import LayoutProfile, load_profile
from .plan.loader import load_plan
from .plan.model import Plan, Script, Unit
from .render.html import build_environment, render_html
from .render.script import convert_html, in_script
from .resources import templates_dir
from .writers.files import write_all
from .writers.textcheck import check_pdf, check_same_text, docx_text, html_text

if TYPE_CHECKING:
    import jinja2

    from .fonts.policy import FontPlan
    from .progress.report import ProgressReport
    from .publish import stamp as publish

Format = Literal["html", "docx", "pdf", "pdfa", "web"]
ALL_FORMATS: tuple[Format, ...] = ("docx", "pdf", "html")
"""The formats `--format all` builds."""
PUBLISHING_FORMATS: tuple[Format, ...] = ("pdfa", "web")
"""The archive's PDF/A and the web page, built only when asked for by name."""
FORMAT_ORDER: tuple[Format, ...] = (*ALL_FORMATS, *PUBLISHING_FORMATS)
FORMAT_EXTENSIONS: dict[Format, str] = {
    "docx": "docx",
    "pdf": "pdf",
    "html": "html",
    "pdfa": "pdfa.pdf",
    "web": "web.html",
}


@dataclass(frozen=True)
class RenderOptions:
    """What to build and how; mirrors the `render` command's options."""

    plan_dir: Path
    output_dir: Path
    formats: tuple[Format, ...] = ("docx", "pdf")
    script: Script | None = None
    strict_fonts: bool = False
    font_dirs: tuple[Path, ...] = ()
    templates: Path | None = None
    profile: Path | None = None
    force: bool = False
    """Replace existing files even when reportgen did not make them."""
    attach_data: bool = False
    """Embed the plan and progress files in the PDF/A (then PDF/A-3b instead of PDF/A-2b)."""
    paper: Paper | None = None
    """plain or letterhead (the red mark and rule pre-printed); None: document.yaml's."""
    document_format: DocumentFormat | None = None
    """standard or letter (信函格式); None: document.yaml's `issuing.letter`."""
    copy_number: int | None = None
    """份號 of this copy; None: no 份號."""
    seals: tuple[Path, ...] = ()
    """Seal pictures (PNG or SVG), one per issuer, the 主辦機關's first."""

    def issue_options(self, profile: LayoutProfile, copy: int | None = None) -> IssueOptions:
        """The run's issuing choices (copy `copy` when given), the seal pictures read and
        checked."""
        from .documents.seals import load_seal

        return IssueOptions(
            paper=self.paper,
            document_format=self.document_format,
            copy_number=copy if copy is not None else self.copy_number,
            seals=tuple(load_seal(path, profile.seal) for path in self.seals),
        )


@dataclass
class RenderResult:
    """What a render wrote and what it had to say about it."""

    outputs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None
    fonts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentRequest:
    """Which document: its kind and, where the kind needs them, year, unit, number and date."""

    kind: str
    year: int | None = None
    unit: str | None = None
    number: int | None = None
    date: dt.date | None = None
    copy: int | None = None
    """份號 of this copy (a batch numbering copies); None: the run's `copy_number`."""


ContextBuilder = Callable[[Plan, LayoutProfile, DocumentRequest, list[str]], dict[str, Any]]
"""Builds a template context; appends anything the user should know to the warnings list."""


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document: its template, its context builder and how its files are named."""

    name: str
    template: str
    build_context: ContextBuilder

    def stem(self, plan: Plan, request: DocumentRequest) -> str:
        parts = [plan.directory.resolve().name or "plan", self.name]
        if request.year is not None:
            parts.append(str(request.year))
        if request.unit is not None:
            parts.append(request.unit)
        if request.copy is not None:
            parts.append(f"copy{request.copy:06d}")
        return "-".join(parts)


def _circular(
    plan: Plan, profile: LayoutProfile, request: DocumentRequest, warnings: list[str]
) -> dict[str, Any]:
    return circular_context(plan, profile)


def _plan_year(plan: Plan, year: int | None) -> int:
    period = plan.plan.period
    if year is None or year not in period.years():
        raise UsageError(
            f"year {year} is outside the plan period {period.start}–{period.end}; "
            f"choose --year between {period.start} and {period.end}"
        )
    return year


def _notice(
    plan: Plan, profile: LayoutProfile, request: DocumentRequest, warnings: list[str]
) -> dict[str, Any]:
    from .documents.notice import notice_context

    year = _plan_year(plan, request.year)
    reports = _cached_progress(plan, year)
    own = reports.get(year)
    if own is None:
        unreported = in_script("未報送", plan.document.script)
        warnings.append(
            f"no progress file for {year} (progress/{year}.yaml): milestones due are {unreported}"
        )
    number = request.number or (own.notice.number if own else None)
    date = request.date or (own.notice.date if own else None)
    if number is None:
        warnings.append("no document number (--number or notice.number): left blank")
    if date is None:
        warnings.append("no date (--date or notice.date): left blank")
    return notice_context(plan, profile, reports, year, number=number, date=date)


def _summary(
    plan: Plan, profile: LayoutProfile, request: DocumentRequest, warnings: list[str]
) -> dict[str, Any]:
    from .documents.summary import summary_context

    year = _plan_year(plan, request.year)
    unit = find_unit(plan, request.unit)
    reports = _cached_progress(plan, year)
    if year not in reports:
        warnings.append(f"no progress file for {year} (progress/{year}.yaml): nothing reported")
    if unit.doc_code is None or unit.signer is None:
        warnings.append(f"unit {unit.id!r} has no doc_code/signer in units.yaml: left blank")
    return summary_context(
        plan, profile, reports, unit, year, number=request.number, date=request.date
    )


def find_unit(plan: Plan, key: str | None) -> Unit:
    """A unit by id, name (市教育局) or formal name (紹興市教育局)."""
    for unit in plan.registry.units:
        if key in {unit.id, unit.name, unit.full_name}:
            return unit
    known = ", ".join(f"{u.id} ({u.name})" for u in plan.registry.units)
    raise UsageError(f"unknown unit {key!r}; `reportgen show units` lists them: {known}")


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    "circular": DocumentKind("circular", "circular.html.j2", _circular),
    "notice": DocumentKind("notice", "notice.html.j2", _notice),
    "summary": DocumentKind("summary", "summary.html.j2", _summary),
}


# --- process-level caches: a batch worker parses the plan, profile and templates once ---------
# Keyed by the files' paths and content hashes (not their mtimes, which a quick edit of the
# same size can leave unchanged), so an edited file is always read again.

_ContentKey = tuple[tuple[str, str], ...]


def _content_key(paths: Iterable[Path]) -> _ContentKey:
    """Each file's path and sha256 ("-" when unreadable): changes whenever a file does.

    Only regular files are read, and no further than the loader would read them: a device or
    a pipe in a plan folder is left for the loader to refuse with a located message.
    """
    from .source.yamlsource import MAX_FILE_BYTES

    key = []
    for path in paths:
        try:
            if not path.is_file():
                raise OSError("not a regular file")
            with path.open("rb") as stream:
                digest = hashlib.sha256(stream.read(MAX_FILE_BYTES + 1)).hexdigest()
        except OSError:
            digest = "-"
        key.append((str(path), digest))
    return tuple(key)


@functools.lru_cache(maxsize=4)
def _plan_for(directory: Path, cwd: str, key: _ContentKey) -> Plan:
    return load_plan(directory)


def _cached_plan(directory: Path) -> Plan:
    """`load_plan(directory)`, parsed once per process while its files stay the same."""
    from .plan.loader import PLAN_FILES

    files = [directory / f"{name}.yaml" for name in PLAN_FILES]
    return _plan_for(directory, os.getcwd(), _content_key(files))


@functools.lru_cache(maxsize=4)
def _profile_for(override: Path | None, cwd: str, key: _ContentKey) -> LayoutProfile:
    return load_profile(override)


def _cached_profile(override: Path | None) -> LayoutProfile:
    """`load_profile(override)`, parsed once per process while its files stay the same."""
    from .layout.profile import default_profile_path

    files = [default_profile_path(), *([override] if override is not None else [])]
    return _profile_for(override, os.getcwd(), _content_key(files))


@functools.lru_cache(maxsize=4)
def _environment_for(user_dir: Path | None, cwd: str, key: _ContentKey) -> jinja2.Environment:
    return build_environment(user_dir)


def _cached_environment(user_dir: Path | None) -> jinja2.Environment:
    """`build_environment(user_dir)` with its compiled templates, kept while no template
    file in the search path is added, removed or changed."""
    dirs = [templates_dir(), *([user_dir] if user_dir is not None else [])]
    files = sorted(p for d in dirs if d.is_dir() for p in d.rglob("*") if p.is_file())
    return _environment_for(user_dir, os.getcwd(), _content_key(files))


_PROGRESS: dict[tuple[str, str, int, _ContentKey], dict[int, ProgressReport] | DataError] = {}


def _cached_progress(plan: Plan, up_to: int) -> dict[int, ProgressReport]:
    """`load_all_progress(plan, up_to)`, parsed once per process while the plan's and its
    progress files stay the same (a copy: callers may change the dict, not the reports)."""
    from .plan.loader import PLAN_FILES
    from .progress.report import load_all_progress, progress_dir

    files = [plan.directory / f"{name}.yaml" for name in PLAN_FILES]
    files += sorted(progress_dir(plan).glob("*.yaml"))
    key = (str(plan.directory), os.getcwd(), up_to, _content_key(files))
    if key not in _PROGRESS:
        if len(_PROGRESS) >= 64:
            _PROGRESS.clear()
        try:
            _PROGRESS[key] = load_all_progress(plan, up_to=up_to)
        except DataError as exc:  # every document of the year fails alike: read them once
            _PROGRESS[key] = exc
    found = _PROGRESS[key]
    if isinstance(found, DataError):
        raise DataError(found.problems)
    return dict(found)


def build_html(
    plan: Plan,
    profile: LayoutProfile,
    request: DocumentRequest,
    *,
    templates: Path | None,
    script: Script,
    warnings: list[str],
    issue: IssueOptions | None = None,
) -> str:
    """The document's semantic HTML, in the requested script, issued as `issue` says."""
    kind = DOCUMENT_KINDS[request.kind]
    environment = _cached_environment(templates)
    context = kind.build_context(plan, profile, request, warnings)
    try:
        context = extend_context(context, plan, profile, request.kind, issue or IssueOptions())
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    html = render_html(environment, kind.template, context)
    return convert_html(html, plan.document.script, script)


def render_document(request: DocumentRequest, options: RenderOptions) -> RenderResult:
    """Build one document in every requested format and write the files."""
    from .publish import stamp as publish

    plan = _cached_plan(options.plan_dir)
    profile = _cached_profile(options.profile)
    kind = DOCUMENT_KINDS[request.kind]
    if request.unit is not None:
        request = dataclasses.replace(request, unit=find_unit(plan, request.unit).id)
    script = options.script or plan.document.issue_script
    result = RenderResult()
    html = build_html(
        plan,
        profile,
        request,
        templates=options.templates,
        script=script,
        warnings=result.warnings,
        issue=options.issue_options(profile, request.copy),
    )
    stamp = publish.Stamp.of(plan, options, request, script)
    rendered: dict[Format, bytes] = {}
    with_pdf = "pdf" in options.formats or "pdfa" in options.formats
    if "docx" in options.formats or with_pdf:
        fonts = _font_plan(html, profile, script, options, result)
        if "docx" in options.formats:
            rendered["docx"] = _render_docx(html, profile, fonts, result, stamp)
        if with_pdf:
            rendered.update(_render_pdf(html, profile, fonts, options, result, stamp))
    if "html" in options.formats:
        rendered["html"] = stamp.html(html).encode("utf-8")
    if "web" in options.formats:
        page = publish.web_page(html, plan, request, script, _cached_environment(options.templates))
        rendered["web"] = stamp.html(page).encode("utf-8")
    stem = options.output_dir / kind.stem(plan, request)
    files = {output_path(stem, fmt): rendered[fmt] for fmt in FORMAT_ORDER if fmt in rendered}
    result.outputs = write_all(files, force=options.force)
    return result


def output_path(stem: Path, fmt: Format) -> Path:
    """The file a format writes for the document named `stem`."""
    return with_extension(stem, FORMAT_EXTENSIONS[fmt])


def with_extension(stem: Path, extension: str) -> Path:
    """`stem` plus an extension; a dot inside the stem (plan.v2) is kept, not replaced."""
    return stem.with_name(f"{stem.name}.{extension}")


def _font_plan(
    html: str,
    profile: LayoutProfile,
    script: Script,
    options: RenderOptions,
    result: RenderResult,
) -> FontPlan:
    """The faces of every role: the PDF embeds them, the DOCX names them as alternates.

    Its warnings (and, with strict fonts, its errors) concern the PDF only."""
    from .fonts.policy import plan_fonts, texts_by_role

    with_pdf = "pdf" in options.formats or "pdfa" in options.formats
    fonts = plan_fonts(
        profile,
        script,
        texts_by_role(html, profile),
        font_dirs=options.font_dirs,
        strict=options.strict_fonts and with_pdf,
    )
    if with_pdf:
        result.warnings.extend(fonts.warnings)
    return fonts


def _render_docx(
    html: str,
    profile: LayoutProfile,
    fonts: FontPlan,
    result: RenderResult,
    stamp: publish.Stamp,
) -> bytes:
    from .writers.docx.writer import build_docx, save_docx

    built = build_docx(html, profile, script=fonts.script, fonts=fonts)
    stamp.docx(built.document)
    rendered = save_docx(built)
    result.warnings.extend(rendered.warnings)
    data = bytes(rendered.data)
    check_same_text(html_text(html), docx_text(data), "DOCX")
    return data


def _render_pdf(
    html: str,
    profile: LayoutProfile,
    fonts: FontPlan,
    options: RenderOptions,
    result: RenderResult,
    stamp: publish.Stamp,
) -> dict[Format, bytes]:
    """The plain PDF and the PDF/A that `options.formats` ask for, from one layout."""
    from .writers.pdf.writer import lay_out, write_pdf

    laid_out = lay_out(html, profile, fonts, base_dirs=_base_dirs(options))
    check_pdf(html_text(html), laid_out.document)
    written: dict[Format, bytes] = {}
    for fmt in ("pdf", "pdfa"):
        if fmt in options.formats:
            rendered = write_pdf(laid_out, **stamp.pdf_options(laid_out.document, fmt))
            written[fmt] = rendered.data
            result.pages = rendered.pages
            result.fonts = list(rendered.fonts)
    result.warnings.extend(rendered.warnings)
    return written


def _base_dirs(options: RenderOptions) -> Sequence[Path]:
    dirs = [templates_dir()]
    if options.templates is not None:
        dirs.insert(0, options.templates)
    return dirs
