"""A seal picture in a Word document: a floating picture anchored to the 署名 line.

Input: the document's part, a checked `Seal` and where it stands. Output: a `w:r` holding a
`wp:anchor` that floats the picture in front of the text (the seal presses on the signature
and the date), placed from the type area's left edge and from the top of the line it is
anchored to, so the secretary can move it in Word. PNG seals are embedded as they are; an SVG
seal is embedded as SVG (Office's `asvg:svgBlip`) behind a transparent PNG of its proportions,
which applications that cannot draw SVG show instead.
"""

from __future__ import annotations

import io
from typing import Any

from lxml import etree

from ...documents.seals import Seal
from .ooxml.elements import Element, w_element

EMU_PER_MM = 36_000
_NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "asvg": "http://schemas.microsoft.com/office/drawing/2016/SVG/main",
}
SVG_BLIP_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def _wp(tag: str) -> str:
    return f"{{{_NS['wp']}}}{tag}"


def seal_run(
    part: Any, seal: Seal, left_mm: float, top_mm: float, width_mm: float, height_mm: float
) -> Element:
    """A run holding `seal` as a floating picture `width_mm` × `height_mm`, its left edge
    `left_mm` right of the type area's left edge and its top `top_mm` below the top of the
    line of its paragraph (negative: above it)."""
    cx, cy = round(width_mm * EMU_PER_MM), round(height_mm * EMU_PER_MM)
    if seal.media_type == "image/png":
        inline = part.new_pic_inline(io.BytesIO(seal.data), cx, cy)
    else:
        inline = part.new_pic_inline(io.BytesIO(_transparent_png(seal)), cx, cy)
        _add_svg(part, inline, seal)
    anchor = _anchor_from_inline(inline, left_mm, top_mm)
    run = w_element("r")
    drawing = w_element("drawing")
    drawing.append(anchor)
    run.append(drawing)
    return run


def _anchor_from_inline(inline: Any, left_mm: float, top_mm: float) -> Element:
    """A `wp:anchor` in front of the text, no wrapping, with the inline's picture."""
    anchor = etree.Element(
        _wp("anchor"),
        nsmap={"wp": _NS["wp"]},
        distT="0",
        distB="0",
        distL="0",
        distR="0",
        simplePos="0",
        relativeHeight="251659264",
        behindDoc="0",
        locked="0",
        layoutInCell="1",
        allowOverlap="1",
    )
    etree.SubElement(anchor, _wp("simplePos"), x="0", y="0")
    horizontal = etree.SubElement(anchor, _wp("positionH"), relativeFrom="margin")
    etree.SubElement(horizontal, _wp("posOffset")).text = str(round(left_mm * EMU_PER_MM))
    vertical = etree.SubElement(anchor, _wp("positionV"), relativeFrom="paragraph")
    etree.SubElement(vertical, _wp("posOffset")).text = str(round(top_mm * EMU_PER_MM))
    extent = inline.find(_wp("extent"))
    anchor.append(extent)
    etree.SubElement(anchor, _wp("effectExtent"), l="0", t="0", r="0", b="0")
    etree.SubElement(anchor, _wp("wrapNone"))
    doc_pr = inline.find(_wp("docPr"))
    doc_pr.set("name", "Seal " + doc_pr.get("id", ""))
    anchor.append(doc_pr)
    frame = inline.find(_wp("cNvGraphicFramePr"))
    if frame is not None:
        anchor.append(frame)
    anchor.append(inline.find(f"{{{_NS['a']}}}graphic"))
    return anchor


def _transparent_png(seal: Seal) -> bytes:
    """A fully transparent PNG with the SVG's proportions (at most 1000 pixels a side)."""
    from PIL import Image

    scale = 1000 / max(seal.width_px, seal.height_px)
    size = (max(1, round(seal.width_px * scale)), max(1, round(seal.height_px * scale)))
    buffer = io.BytesIO()
    Image.new("RGBA", size, (0, 0, 0, 0)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _add_svg(part: Any, inline: Any, seal: Seal) -> None:
    """Add the SVG as an image part and name it in the picture's `asvg:svgBlip`."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = part.package
    name = package.next_partname("/word/media/image%d.svg")
    svg_part = Part(PackURI(str(name)), "image/svg+xml", seal.data, package)
    rid = part.relate_to(svg_part, RT_IMAGE)
    blip = inline.find(f".//{{{_NS['a']}}}blip")
    ext_list = etree.SubElement(blip, f"{{{_NS['a']}}}extLst")
    ext = etree.SubElement(ext_list, f"{{{_NS['a']}}}ext", uri=SVG_BLIP_EXTENSION)
    svg_blip = etree.SubElement(ext, f"{{{_NS['asvg']}}}svgBlip", nsmap={"asvg": _NS["asvg"]})
    svg_blip.set(f"{{{_NS['r']}}}embed", rid)
