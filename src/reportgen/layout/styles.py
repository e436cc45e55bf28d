"""Which profile style each vocabulary class takes: font role, size, weight and colour.

Both writers and the font planner ask this module, so the PDF's CSS, the DOCX's named styles
and the font coverage check agree on which font renders which text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .profile import LayoutProfile, Role

JOINT_LINE_FACTOR = 1.25
"""The pitch of the stacked names of joint issuers, in their size: the PDF's line height and
the DOCX's mark line."""
JOINT_SUFFIX_GAP_EM = 0.5
"""The gap between the stacked names of joint issuers and 文件, in the mark's em, in both
writers."""


@dataclass(frozen=True)
class ElementStyle:
    """The typographic style of one vocabulary class."""

    role: Role
    size_pt: float
    bold: bool = False
    color: Literal["red", "text"] = "text"


def element_style(profile: LayoutProfile, cls: str) -> ElementStyle:
    """The style of vocabulary class `cls` under `profile` (KeyError for unknown classes)."""
    p = profile
    fixed: dict[str, ElementStyle] = {
        "gw-mark": ElementStyle(
            p.header_mark.role, p.header_mark.size_pt, p.header_mark.bold, p.header_mark.color
        ),
        "gw-docnum": ElementStyle(p.doc_number.role, p.doc_number.size_pt),
        "gw-signer-label": ElementStyle(p.signer.label_role, p.signer.size_pt),
        "gw-signer-name": ElementStyle(p.signer.name_role, p.signer.size_pt),
        "gw-title": ElementStyle(p.title.role, p.title.size_pt, p.title.bold),
        "gw-addressee": ElementStyle(p.addressee.role, p.addressee.size_pt),
        "gw-para": ElementStyle(p.body.role, p.body.size_pt),
        "gw-attach-note": ElementStyle(p.attachment_note.role, p.attachment_note.size_pt),
        "gw-sign-name": ElementStyle(p.signature.role, p.signature.size_pt),
        "gw-sign-date": ElementStyle(p.signature.role, p.signature.size_pt),
        "gw-note": ElementStyle(p.note.role, p.note.size_pt),
        "gw-attach-label": ElementStyle(p.attachment.label_role, p.attachment.label_size_pt),
        "gw-attach-title": ElementStyle(p.attachment.title_role, p.attachment.title_size_pt),
        "gw-table": ElementStyle(p.table.role, p.table.size_pt),
        "gw-table-head": ElementStyle(p.table.header_role, p.table.size_pt),
        "gw-colophon": ElementStyle(p.colophon.role, p.colophon.size_pt),
        "gw-cc": ElementStyle(p.colophon.role, p.colophon.size_pt),
        "gw-printed": ElementStyle(p.colophon.role, p.colophon.size_pt),
        "gw-page-number": ElementStyle(p.page_number.role, p.page_number.size_pt),
        "gw-sample": ElementStyle(p.headings[0].role, p.body.size_pt, color="red"),
        "gw-copy-number": ElementStyle(p.head_elements.copy_number_role, p.head_elements.size_pt),
        "gw-secrecy": ElementStyle(p.head_elements.label_role, p.head_elements.size_pt),
        "gw-urgency": ElementStyle(p.head_elements.label_role, p.head_elements.size_pt),
        "gw-letter-mark": ElementStyle(
            p.header_mark.role, p.letter.mark_size_pt, p.header_mark.bold, p.header_mark.color
        ),
        "gw-letter-docnum": ElementStyle(p.doc_number.role, p.doc_number.size_pt),
        "gw-mark-name": ElementStyle(
            p.header_mark.role, p.header_mark.size_pt, p.header_mark.bold, p.header_mark.color
        ),
        "gw-mark-suffix": ElementStyle(
            p.header_mark.role, p.header_mark.size_pt, p.header_mark.bold, p.header_mark.color
        ),
        "gw-sealed-names": ElementStyle(p.signature.role, p.signature.size_pt),
    }
    if cls in fixed:
        return fixed[cls]
    if cls in {"gw-h1", "gw-h2", "gw-h3", "gw-h4"}:
        level = int(cls[-1]) - 1
        heading = p.headings[level]
        return ElementStyle(heading.role, heading.size_pt, heading.bold)
    raise KeyError(cls)


def heading_class(level: int) -> str:
    """The class of a heading (or run-in heading) of level 1–4."""
    return f"gw-h{level}"
