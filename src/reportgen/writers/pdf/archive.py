"""PDF options for provenance and archiving: XMP metadata, PDF/A variants, data attachments.

Input: a laid-out WeasyPrint document, the provenance properties, and for an archive copy
the PDF/A variant and the files to attach. Output: the keyword arguments of WeasyPrint's
`write_pdf` that put them in the file.

Every PDF gets an XMP metadata stream: WeasyPrint's own description of the document
(title, author, subject, keywords, creation date — the same values as the document
information dictionary) plus one description in the `reportgen` namespace holding the
provenance. PDF/A requires properties outside the standard schemas to be declared in an
extension schema, so that declaration is written too. Attachments carry the document's date
as their file dates, never the clock, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...publish.provenance import FIELDS

XMP_NAMESPACE = "urn:reportgen:provenance:1/"
XMP_PREFIX = "reportgen"
PDFA_VARIANT = "pdf/a-2b"
PDFA_WITH_DATA_VARIANT = "pdf/a-3b"
"""PDF/A-2 allows no embedded files but PDF/A; PDF/A-3 allows any, like the plan's YAML."""

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_EXTENSION = {
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
_DESCRIPTIONS = {
    "generator": "Program that wrote the file",
    "version": "Version of the program",
    "plan": "Name of the plan folder the document was built from",
    "document": "Document kind and request (year, unit, number, date) as JSON",
    "script": "Script the document is written in",
    "sample": "Whether sample progress data fed the document",
    "inputs-sha256": "SHA-256 over the named input hashes",
    "inputs": "SHA-256 of each input file, by name, as JSON",
}


@dataclass(frozen=True)
class DataFile:
    """A file to embed in an archive copy: its name in the PDF, description and bytes."""

    name: str
    description: str
    data: bytes


def pdf_write_options(
    document: Any,
    provenance: Mapping[str, str],
    *,
    variant: str | None = None,
    attachments: Sequence[DataFile] = (),
) -> dict[str, Any]:
    """Keyword arguments for `document.write_pdf` writing `provenance` into the XMP.

    With `variant` (`PDFA_VARIANT` or `PDFA_WITH_DATA_VARIANT`) the file is a PDF/A of that
    kind; `attachments` need the PDF/A-3 variant and carry the document's date.
    """
    import weasyprint

    metadata = document.metadata
    weasyprint_rdf = type(metadata).generate_rdf_metadata

    def generate_rdf_metadata(
        variant_name: str | None, version: int | None, conformance: str | None
    ) -> bytes:
        rdf = weasyprint_rdf(metadata, variant_name, version, conformance)
        return add_provenance_rdf(rdf, provenance, declare=variant is not None)

    metadata.generate_rdf_metadata = generate_rdf_metadata
    options: dict[str, Any] = {}
    if variant is None:
        options["finisher"] = _add_metadata_stream
    else:
        options["pdf_variant"] = variant
        options["output_intent"] = _use_srgb_profile(document)
        options["finisher"] = _forget_srgb_profile
    if attachments:
        stamp = dt.datetime.combine(_document_date(metadata.created), dt.time(), dt.UTC)
        options["attachments"] = [
            weasyprint.Attachment(
                string=item.data,
                name=item.name,
                description=item.description,
                created=stamp,
                modified=stamp,
                relationship="Source",
            )
            for item in attachments
        ]
    return options


def _document_date(created: str | None) -> dt.date:
    """The document's own date (its `dcterms.created`), or 1980-01-01 when it has none."""
    try:
        return dt.date.fromisoformat((created or "")[:10])
    except ValueError:
        return dt.date(1980, 1, 1)


_SRGB = "reportgen-srgb"


def _use_srgb_profile(document: Any) -> str:
    """Give `document` WeasyPrint's sRGB profile, read and closed here, as the output intent.

    Asked for `srgb`, WeasyPrint opens the profile's file and leaves it open; a profile of
    our own under another name, read from the same file, is the same intent without that.
    """
    from importlib.resources import files
    from io import BytesIO

    from weasyprint.css import ColorProfile

    icc = (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    document.color_profiles[_SRGB] = ColorProfile(
        BytesIO(icc), "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"])
    )
    return _SRGB


def _forget_srgb_profile(document: Any, pdf: Any) -> None:
    """Remove the profile again once written: a plain PDF of the same layout has none."""
    document.color_profiles.pop(_SRGB, None)


def _add_metadata_stream(document: Any, pdf: Any) -> None:
    """WeasyPrint writes the XMP stream for PDF variants only; a plain PDF gets it here."""
    document.metadata.include_in_pdf(pdf, None, None, None, True)


def add_provenance_rdf(rdf: bytes, provenance: Mapping[str, str], *, declare: bool) -> bytes:
    """`rdf` (an rdf:RDF element's bytes) with a description of the provenance added, and
    with `declare`, the PDF/A extension schema that declares its properties."""
    from lxml import etree

    root = etree.fromstring(rdf)
    if declare:
        root.append(_extension_schema())
    description = etree.SubElement(
        root, f"{{{_RDF}}}Description", nsmap={XMP_PREFIX: XMP_NAMESPACE, "rdf": _RDF}
    )
    description.set(f"{{{_RDF}}}about", "")
    for name in FIELDS:
        element = etree.SubElement(description, f"{{{XMP_NAMESPACE}}}{name}")
        element.text = provenance[name]
    data: bytes = etree.tostring(root, encoding="utf-8")
    return data


def _extension_schema() -> Any:
    """The pdfaExtension:schemas description declaring the provenance properties."""
    from lxml import etree

    ext, schema, prop = (_EXTENSION[k] for k in ("pdfaExtension", "pdfaSchema", "pdfaProperty"))
    description = etree.Element(f"{{{_RDF}}}Description", nsmap={"rdf": _RDF, **_EXTENSION})
    description.set(f"{{{_RDF}}}about", "")
    bag = etree.SubElement(etree.SubElement(description, f"{{{ext}}}schemas"), f"{{{_RDF}}}Bag")
    entry = etree.SubElement(bag, f"{{{_RDF}}}li")
    entry.set(f"{{{_RDF}}}parseType", "Resource")
    etree.SubElement(entry, f"{{{schema}}}schema").text = "reportgen provenance"
    etree.SubElement(entry, f"{{{schema}}}namespaceURI").text = XMP_NAMESPACE
    etree.SubElement(entry, f"{{{schema}}}prefix").text = XMP_PREFIX
    properties = etree.SubElement(
        etree.SubElement(entry, f"{{{schema}}}property"), f"{{{_RDF}}}Seq"
    )
    for name in FIELDS:
        item = etree.SubElement(properties, f"{{{_RDF}}}li")
        item.set(f"{{{_RDF}}}parseType", "Resource")
        etree.SubElement(item, f"{{{prop}}}name").text = name
        etree.SubElement(item, f"{{{prop}}}valueType").text = "Text"
        etree.SubElement(item, f"{{{prop}}}category").text = "external"
        etree.SubElement(item, f"{{{prop}}}description").text = _DESCRIPTIONS[name]
    return description


def read_provenance_xmp(xmp: bytes) -> dict[str, str]:
    """The provenance properties found in an XMP packet (empty when there are none)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xmp, parser)
    found: dict[str, str] = {}
    for element in root.iter(f"{{{XMP_NAMESPACE}}}*"):
        found[etree.QName(element).localname] = element.text or ""
    return found
