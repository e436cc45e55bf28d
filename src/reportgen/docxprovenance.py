"""Provenance in a DOCX package: the custom properties part (`docProps/custom.xml`).

Input: the bytes of a saved, normalised DOCX and the provenance properties. Output: the same
package with `docProps/custom.xml` holding one text property per provenance field (named
`reportgen-FIELD`), declared in `[Content_Types].xml` and `_rels/.rels`; and the reverse,
the properties read back from a package. Word shows them under File › Properties › Custom.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

from lxml import etree

from .ooxmlpackage import normalize_package
from .provenance import FIELDS, PROPERTY_PREFIX

CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
"""The format id Office gives every user-defined property."""


def with_provenance(data: bytes, provenance: Mapping[str, str]) -> bytes:
    """The DOCX `data` with `provenance` as its custom properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        content_types = package.read("[Content_Types].xml")
        relationships = package.read("_rels/.rels")
    return normalize_package(
        data,
        {
            CUSTOM_PART: custom_properties_xml(provenance),
            "[Content_Types].xml": _declare_content_type(content_types),
            "_rels/.rels": _declare_relationship(relationships),
        },
    )


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


def _declare_content_type(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    part = "/" + CUSTOM_PART
    if not any(o.get("PartName") == part for o in root.iter(f"{{{_CONTENT_TYPES_NS}}}Override")):
        override = etree.SubElement(root, f"{{{_CONTENT_TYPES_NS}}}Override")
        override.set("PartName", part)
        override.set("ContentType", _CUSTOM_TYPE)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def _declare_relationship(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    relationships = list(root.iter(f"{{{_RELS_NS}}}Relationship"))
    if not any(r.get("Type") == _CUSTOM_REL for r in relationships):
        taken = {r.get("Id") for r in relationships}
        number = 1
        while f"rId{number}" in taken:
            number += 1
        relationship = etree.SubElement(root, f"{{{_RELS_NS}}}Relationship")
        relationship.set("Id", f"rId{number}")
        relationship.set("Type", _CUSTOM_REL)
        relationship.set("Target", CUSTOM_PART)
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
