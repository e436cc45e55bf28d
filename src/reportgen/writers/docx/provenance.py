"""Provenance in a DOCX package: the custom properties part (`docProps/custom.xml`).

Input: a python-docx document about to be saved and the provenance properties. Output: the
document with a `docProps/custom.xml` part holding one text property per provenance field
(named `reportgen-FIELD`); and the reverse, the properties read back from a saved package.
Word shows them under File › Properties › Custom.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from typing import Any

from lxml import etree

from ...publish.provenance import FIELDS, PROPERTY_PREFIX

CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
"""The format id Office gives every user-defined property."""


def add_provenance(document: Any, provenance: Mapping[str, str]) -> None:
    """Give a python-docx `Document` (not yet saved) `provenance` as its custom properties.

    The part is related from the package, so saving declares its content type and
    relationship like any other part's; any custom properties part it had is replaced.
    """
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == _CUSTOM_REL:
            del package.rels[rel_id]
    part = Part(
        PackURI("/" + CUSTOM_PART), _CUSTOM_TYPE, custom_properties_xml(provenance), package
    )
    package.relate_to(part, _CUSTOM_REL)


def custom_properties_xml(provenance: Mapping[str, str]) -> bytes:
    """The custom properties part: `reportgen-FIELD` = text, for each field in order."""
    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for pid, name in enumerate(FIELDS, start=2):  # property ids start at 2
        prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property")
        prop.set("fmtid", _FMTID)
        prop.set("pid", str(pid))
        prop.set("name", PROPERTY_PREFIX + name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = provenance[name]
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def read_docx_provenance(data: bytes) -> dict[str, str]:
    """The provenance properties of a DOCX package (empty when it has none)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if CUSTOM_PART not in package.namelist():
            return {}
        xml = package.read(CUSTOM_PART)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    found: dict[str, str] = {}
    for prop in etree.fromstring(xml, parser).iter(f"{{{_CUSTOM_NS}}}property"):
        name = prop.get("name", "")
        if name.startswith(PROPERTY_PREFIX):
            found[name[len(PROPERTY_PREFIX) :]] = "".join(prop.itertext())
    return found
