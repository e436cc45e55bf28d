"""Publishing and archiving: each output stamped with its provenance, the PDF/A, the web page.

Input: a document's request, its plan and options, and the bytes or text each writer made.
Output: the same outputs carrying the provenance record (`provenance.py`) in their
properties — PDF XMP, DOCX custom properties, HTML <meta> — and, for the `pdfa` format, the
PDF/A options (with the plan's data files attached when asked); `web_page` builds the
`web` format's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..writers.pdf.archive import PDFA_VARIANT, PDFA_WITH_DATA_VARIANT, DataFile, pdf_write_options
from .provenance import document_provenance

if TYPE_CHECKING:
    import jinja2

    from ..core import DocumentRequest, Options
    from ..plan.model import Plan, Script


@dataclass(frozen=True)
class Stamp:
    """The provenance of one document and how each format carries it."""

    properties: dict[str, str]
    data_files: tuple[DataFile, ...]
    attach_data: bool

    @classmethod
    def of(cls, plan: Plan, options: Options, request: DocumentRequest, script: Script) -> Stamp:
        record = document_provenance(plan, options, request, script)
        files = data_files(plan, record.inputs) if options.attach_data else ()
        return cls(record.properties(), files, options.attach_data)

    def docx(self, document: Any) -> None:
        """Stamp a python-docx document before it is saved."""
        from ..writers.docx.provenance import add_provenance

        add_provenance(document, self.properties)

    def html(self, page: str) -> str:
        from ..writers.web import with_provenance_meta

        return with_provenance_meta(page, self.properties)

    def pdf_options(self, document: Any, fmt: str) -> dict[str, Any]:
        """WeasyPrint `write_pdf` options for the `pdf` or the `pdfa` format."""
        if fmt != "pdfa":
            return pdf_write_options(document, self.properties)
        variant = PDFA_WITH_DATA_VARIANT if self.attach_data else PDFA_VARIANT
        return pdf_write_options(
            document, self.properties, variant=variant, attachments=self.data_files
        )


def data_files(plan: Plan, inputs: dict[str, str]) -> tuple[DataFile, ...]:
    """The plan's YAML files the document was built from, to attach to its PDF/A.

    `inputs` names them (`plan/NAME.yaml`, `plan/progress/YEAR.yaml`); each is attached
    under that name, so an archive keeps its data with the document.
    """
    files = []
    for name in sorted(inputs):
        if not name.startswith("plan/"):
            continue
        path = plan.directory / Path(name).relative_to("plan")
        try:
            data = path.read_bytes()
        except OSError:
            continue
        files.append(DataFile(name=name.replace("/", "-"), description=name, data=data))
    return tuple(files)


def web_page(
    html: str,
    plan: Plan,
    request: DocumentRequest,
    script: Script,
    environment: jinja2.Environment,
) -> str:
    """The `web` format: the document's page for the office's disclosure site."""
    from ..documents.registry import document_kinds
    from ..writers.web import web_page as build_page

    disclosed = document_kinds()[request.kind].disclosed
    return build_page(html, plan, disclosed, script, environment)
