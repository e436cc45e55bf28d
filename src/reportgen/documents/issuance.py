"""How a document goes out: its paper, its format, the 版頭 elements and the joint issuers.

Input: the context a document kind built, the plan, the layout profile and the run's
`IssueOptions` (each unset option falls back to document.yaml's `issuing`). Output: the same
context with the head and signature extended: 份號, 密級和保密期限 and 緊急程度 (§7.2.1–7.2.3),
pre-printed letterhead paper, the letter format (§10.1) and its 版記 cut down to the 抄送
line, the marks and 署名 of joint issuers (§7.2.4, §7.3.5) and the seals (§7.3.5.1). A
document issued plainly, on plain paper, without seal or joint issuer, gets the context it had.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from ..layout.profile import MM_TO_PT, LayoutProfile
from ..plan.model import Plan
from ..zh.text import text_width_chars
from .common import header_mark
from .seals import Seal

Paper = Literal["plain", "letterhead"]
DocumentFormat = Literal["standard", "letter"]


@dataclass(frozen=True)
class IssueOptions:
    """The run's choices; None (or empty) takes document.yaml's `issuing` setting."""

    paper: Paper | None = None
    document_format: DocumentFormat | None = None
    copy_number: int | None = None
    seals: tuple[Seal, ...] = ()


def extend_context(
    context: dict[str, Any],
    plan: Plan,
    profile: LayoutProfile,
    kind: str,
    options: IssueOptions,
) -> dict[str, Any]:
    """`context` with its head and signature extended as `options` and the plan ask."""
    head = context.get("head")
    if not isinstance(head, dict):
        return context
    issuing = plan.document.issuing
    joint = _joint_issuers(plan) if _issued_by_plan_issuer(head, plan) else []
    letter = (options.document_format or _plan_format(plan, kind)) == "letter"
    if letter and head.get("signer") is not None:
        raise ValueError(
            f"a {kind} carries a signer line, which the letter format (GB/T 9704 §10.1) has "
            "no place for: issue it in the standard format (--document-format standard, or "
            "leave it out of document.yaml's issuing.letter)"
        )
    extended = dict(context)
    extended["head"] = {
        **head,
        "elements": head_elements(plan, profile, options.copy_number),
        "paper": options.paper or issuing.paper,
        "letter": letter,
        "joint": joint_marks(head, joint, profile),
        "letter_mark": letter_mark(head, profile),
    }
    if letter and isinstance(context.get("colophon"), dict):
        extended["colophon"] = letter_colophon(context["colophon"])
    signature = context.get("signature")
    if isinstance(signature, dict):
        extended["signature"] = signature_with_seals(
            signature, [name for _, name in joint], options.seals, profile
        )
    return extended


def _plan_format(plan: Plan, kind: str) -> DocumentFormat:
    return "letter" if kind in plan.document.issuing.letter else "standard"


def _issued_by_plan_issuer(head: dict[str, Any], plan: Plan) -> bool:
    """Whether the document carries the plan issuer's mark (its co-issuers join it then)."""
    mark = head.get("header_mark")
    return isinstance(mark, dict) and mark.get("text") == plan.document.header_mark


def _joint_issuers(plan: Plan) -> list[tuple[str, str]]:
    """(mark, 署名) of each co-issuer after the 主辦機關."""
    return [(co.header_mark, co.signature) for co in plan.document.co_issuers]


def letter_mark(head: dict[str, Any], profile: LayoutProfile) -> dict[str, Any] | None:
    """The mark of a letter: the 主辦機關's alone, at the letter's size or smaller to fit."""
    mark = head.get("header_mark")
    if not isinstance(mark, dict):
        return None
    text = str(mark["text"])
    fitting = header_mark(text, profile)["size_pt"]
    return {"text": text, "size_pt": min(profile.letter.mark_size_pt, fitting)}


def letter_colophon(colophon: dict[str, Any]) -> dict[str, Any] | None:
    """The 版記 of a letter: its 抄送 line alone, without rules, or none without one.

    §10.1: a letter's 版記 has neither the 印發機關 and 印發日期 nor the separator rules, and
    stands at the bottom of the last page's type area.
    """
    if not colophon.get("cc"):
        return None
    return {"cc": colophon["cc"], "letter": True}


def copy_number_text(number: int, profile: LayoutProfile) -> str:
    """份號: the copy's number in `copy_number_digits` Arabic digits (§7.2.1)."""
    digits = profile.head_elements.copy_number_digits
    if not 1 <= number < 10**digits:
        raise ValueError(f"copy number {number} does not fit {digits} digits")
    return f"{number:0{digits}d}"


def head_elements(
    plan: Plan, profile: LayoutProfile, copy_number: int | None
) -> list[dict[str, str]]:
    """份號, 密級和保密期限, 緊急程度, in that order, those present (§7.2.1–7.2.3)."""
    issuing = plan.document.issuing
    elements = []
    if copy_number is not None:
        elements.append({"cls": "gw-copy-number", "text": copy_number_text(copy_number, profile)})
    if issuing.secrecy:
        elements.append({"cls": "gw-secrecy", "text": issuing.secrecy})
    if issuing.urgency:
        elements.append({"cls": "gw-urgency", "text": issuing.urgency})
    return elements


def joint_marks(
    head: dict[str, Any], joint: list[tuple[str, str]], profile: LayoutProfile
) -> dict[str, Any] | None:
    """The stacked mark of joint issuers: the names, 主辦機關 first, and the profile's
    `header_mark.joint_suffix` (文件) to their right when the main mark ends with it, all at
    one size that fits the type area (§7.2.4)."""
    if not joint:
        return None
    main = str(head["header_mark"]["text"])
    word = profile.header_mark.joint_suffix
    suffix = word if main.endswith(word) and len(main) > len(word) else ""
    names = [main.removesuffix(suffix) if suffix else main, *(mark for mark, _ in joint)]
    widest = max(names, key=text_width_chars)
    size = header_mark(widest + ("\u3000" + suffix if suffix else ""), profile)["size_pt"]
    width = max(text_width_chars(name) for name in names)
    return {
        "names": [{"text": name, "spread": _spread(name, width)} for name in names],
        "suffix": suffix,
        "size_pt": size,
        "names_chars": width,
    }


def _spread(name: str, width: float) -> float:
    """The letter spacing, in em, that spreads `name` over `width` characters (分散對齊)."""
    gaps = len(name) - 1
    return round((width - text_width_chars(name)) / gaps, 3) if gaps > 0 else 0.0


def signature_with_seals(
    signature: dict[str, Any],
    co_signatures: list[str],
    seals: tuple[Seal, ...],
    profile: LayoutProfile,
) -> dict[str, Any]:
    """The signature block with the co-issuers' 署名 and the seals (§7.3.5).

    Without seals the names stack, 主辦機關 first, right-indented as the single name is
    (§7.3.5.2). With seals the date stands `date_right_indent_chars` from the right, each
    name centred over its seal, the last over the date, the seals side by side from the
    right (§7.3.5.1); the block drops enough lines that the first seal's top stays within
    one line under the body's last line.
    """
    names = [str(signature["name"]), *co_signatures]
    if not seals:
        if not co_signatures:
            return signature
        return {**signature, "co_names": co_signatures}
    if len(seals) != len(names):
        raise ValueError(
            f"{len(names)} issuer(s) sign this document but {len(seals)} seal(s) were given: "
            "give one --seal per issuer, the lead issuer's first"
        )
    return {**signature, **sealed_layout(names, str(signature["date"]), seals, profile)}


def sealed_layout(
    names: list[str], date_text: str, seals: tuple[Seal, ...], profile: LayoutProfile
) -> dict[str, Any]:
    """Where the names, the date and the seals of a sealed signature stand, in 字 and lines.

    Seals of width `diameter_mm` stand `joint_gap_chars` apart, the last one's centre on the
    date's centre; each name is centred on its seal, on the line above the date; each seal's
    centre lies on the middle of the names' line, so name and date sit at and below it.
    """
    char_mm = profile.char_pitch_pt / MM_TO_PT
    pitch_mm = profile.grid.line_pitch_pt / MM_TO_PT
    line_chars = profile.grid.chars_per_line
    style = profile.seal
    date_width = text_width_chars(date_text)
    date_centre = line_chars - style.date_right_indent_chars - date_width / 2
    seal_chars = style.diameter_mm / char_mm
    step = seal_chars + style.joint_gap_chars
    centres = [date_centre - step * (len(seals) - 1 - i) for i in range(len(seals))]
    shift = max(0.0, seal_chars / 2 - centres[0])  # the row may not leave the type area
    if centres[-1] + shift + seal_chars / 2 > line_chars:
        raise ValueError(
            f"{len(seals)} seals of {style.diameter_mm:g} mm do not fit side by side on the "
            "type area's width; make seal.diameter_mm in the profile smaller"
        )
    centres = [centre + shift for centre in centres]
    date_centre += shift
    heights = [style.diameter_mm * seal.height_px / seal.width_px for seal in seals]
    half = max(heights) / 2
    lines_above = max(1, math.ceil((half - pitch_mm / 2) / pitch_mm))
    placed = []
    for name, centre, seal, height in zip(names, centres, seals, heights, strict=True):
        placed.append(
            {
                "name": name,
                "name_left": round(centre - text_width_chars(name) / 2, 3),
                "seal": seal,
                "seal_left": round(centre - seal_chars / 2, 3),
                "seal_width_mm": style.diameter_mm,
                "seal_height_mm": round(height, 3),
                # from the top of the names' line to the seal's top (negative: above it)
                "seal_top_mm": round(pitch_mm / 2 - height / 2, 3),
            }
        )
    return {
        "sealed": placed,
        "sealed_lines_above": lines_above,
        "date_left": round(date_centre - date_width / 2, 3),
    }
