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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import cached_environment, cached_plan, cached_profile
from .core import (
    FORMAT_ORDER,
    DocumentRequest,
    DocumentResult,
    Format,
    Options,
    output_path,
)
from .documents.issuance import IssueOptions, extend_context
from .documents.kind import DocumentKind, find_unit
from .documents.registry import document_kinds
from .errors import UsageError
from .layout.profile import LayoutProfile
from .plan.model import Plan, Script
from .render.html import render_html
from .render.script import convert_html
from .resources import templates_dir
from .writers.files import write_all
from .writers.textcheck import check_pdf, check_same_text, docx_text, html_text

if TYPE_CHECKING:
    from .fonts.policy import FontPlan
    from .publish import stamp as publish


def document_kind(name: str) -> DocumentKind:
    """The registered kind `name`; UsageError naming the known ones if there is none."""
    kinds = document_kinds()
    if name not in kinds:
        raise UsageError(f"unknown document kind {name!r}; known: {', '.join(kinds)}")
    return kinds[name]


def issue_options(options: Options, profile: LayoutProfile, copy: int | None) -> IssueOptions:
    """The run's issuing choices (copy `copy` when given), the seal pictures read and
    checked."""
    from .documents.seals import load_seal

    return IssueOptions(
        paper=options.paper,
        document_format=options.document_format,
        copy_number=copy if copy is not None else options.copy_number,
        seals=tuple(load_seal(path, profile.seal) for path in options.seals),
    )


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
    """The document's semantic HTML, in the requested script."""
    kind = document_kind(request.kind)
    environment = cached_environment(templates)
    context = kind.build_context(plan, profile, request, warnings)
    try:
        context = extend_context(context, plan, profile, request.kind, issue or IssueOptions())
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    html = render_html(environment, kind.template, context)
    return convert_html(html, plan.document.script, script)


def render_document(request: DocumentRequest, options: Options) -> DocumentResult:
    """Build one document in every requested format and write the files."""
    from .publish import stamp as publish

    plan = cached_plan(options.plan_dir)
    profile = cached_profile(options.profile)
    kind = document_kind(request.kind)
    if request.unit is not None:
        request = dataclasses.replace(request, unit=find_unit(plan, request.unit).id)
    script = options.script or plan.document.issue_script
    result = DocumentResult(request)
    html = build_html(
        plan,
        profile,
        request,
        templates=options.templates,
        script=script,
        warnings=result.warnings,
        issue=issue_options(options, profile, request.copy),
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
        page = publish.web_page(html, plan, request, script, cached_environment(options.templates))
        rendered["web"] = stamp.html(page).encode("utf-8")
    stem = options.output_dir / kind.stem(plan, request)
    files = {output_path(stem, fmt): rendered[fmt] for fmt in FORMAT_ORDER if fmt in rendered}
    result.outputs = write_all(files, force=options.force)
    return result


def _font_plan(
    html: str,
    profile: LayoutProfile,
    script: Script,
    options: Options,
    result: DocumentResult,
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
    result: DocumentResult,
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
    options: Options,
    result: DocumentResult,
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


def _base_dirs(options: Options) -> Sequence[Path]:
    dirs = [templates_dir()]
    if options.templates is not None:
        dirs.insert(0, options.templates)
    return dirs
