"""The DOCX package: replacement parts and a deterministic zip.

Input: the bytes python-docx saved, and parts to replace (the font table, the application
properties). Output: the same package rewritten with fixed timestamps and a fixed order, so
the same document always gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docx.oxml import OxmlElement

from ....fonts.facehints import FaceHints
from .elements import Element, w_element

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The timestamp of every zip entry: the earliest a zip can hold, never the clock."""


# --- package -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FontDeclaration:
    """A `w:font` of the font table: a family, the face to use when it is missing, that face's
    substitution hints, and the Windows character set (86 GB2312, 136 Big5)."""

    name: str
    alternate: str | None = None
    charset: str = "86"
    hints: FaceHints | None = None


def font_table_xml(fonts: Sequence[FontDeclaration]) -> bytes:
    """The `word/fontTable.xml` part declaring `fonts` (duplicates dropped, order kept)."""
    root = OxmlElement(
        "w:fonts", nsdecls={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    )
    seen: set[str] = set()
    for font in fonts:
        if font.name in seen:
            continue
        seen.add(font.name)
        hints = font.hints
        entry = w_element("font", name=font.name)
        if font.alternate:
            entry.append(w_element("altName", val=font.alternate))
        if hints is not None:
            entry.append(w_element("panose1", val=hints.panose))
        entry.append(w_element("charset", val=font.charset))
        entry.append(w_element("family", val=hints.kind if hints else "auto"))
        entry.append(w_element("pitch", val=hints.pitch if hints else "variable"))
        if hints is not None:
            entry.append(w_element("sig", **hints.signature()))
        root.append(entry)
    return _xml_bytes(root)


def app_properties_xml(application: str) -> bytes:
    """A minimal `docProps/app.xml` naming the producing application."""
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{ns}"><Template>Normal.dotm</Template><TotalTime>0</TotalTime>'
        f"<Application>{application}</Application><DocSecurity>0</DocSecurity>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "<AppVersion>16.0000</AppVersion></Properties>"
    ).encode()


def _xml_bytes(root: Element) -> bytes:
    """A part's bytes: `root` serialised with an XML declaration, standalone, UTF-8."""
    from lxml import etree

    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def normalize_package(data: bytes, replacements: Mapping[str, bytes] | None = None) -> bytes:
    """Rewrite a saved package deterministically: fixed timestamps, fixed attributes,
    `[Content_Types].xml` and `_rels/.rels` first and the other parts in name order.

    `replacements` maps part names to new contents (e.g. the font table).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts.update(replacements or {})
    first = ["[Content_Types].xml", "_rels/.rels"]
    names = [n for n in first if n in parts]
    names += sorted(n for n in parts if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, parts[name])
    return out.getvalue()
