"""A fontconfig file under which the office fonts a DOCX names are the faces its PDF embeds.

Input: font plans (`fonts.policy.FontPlan`, one per script) and the system's fontconfig file.
Output: the text of a fontconfig file that includes the system's, adds the folders of
`--font-dir` faces, and rewrites every request for an office font the DOCX names (仿宋_GB2312,
方正小标宋简体 …) into the face and weight the font policy chose for the PDF. A program run
with `FONTCONFIG_FILE` pointing at it (LibreOffice converting the DOCX, for instance) lays
the document out in the PDF's faces, as a machine without the office fonts should.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final, NamedTuple
from xml.sax.saxutils import escape

from .catalog import css_weight_to_fc
from .policy import FontPlan

SYSTEM_FONTCONFIG: Final = Path("/etc/fonts/fonts.conf")
"""fontconfig's own file, included unless `FONTCONFIG_FILE` names another."""


def system_fontconfig() -> Path:
    """The fontconfig file in force here: `FONTCONFIG_FILE`, else fontconfig's own."""
    return Path(os.environ.get("FONTCONFIG_FILE") or SYSTEM_FONTCONFIG)


class FaceRequest(NamedTuple):
    """What fontconfig is asked for in an office font's place: the face's family, its CSS
    weight and its style name. The style name tells apart faces that declare one weight
    class, as the Fandol Bold faces do (400, like their Regular faces)."""

    family: str
    weight: int
    style: str | None = None


def office_aliases(plans: Iterable[FontPlan]) -> dict[str, FaceRequest]:
    """Each font a DOCX names → the face its PDF embeds, as fontconfig is to ask for it.

    The first plan to name a font decides (the same office font stands for one face)."""
    aliases: dict[str, FaceRequest] = {}
    for plan in plans:
        for role in plan.roles:
            office = plan.docx_family(role)
            faces = plan.pdf_faces(role)
            if not faces or office in aliases:
                continue
            choice, face = faces[0].choice, faces[0].face
            if choice.family.casefold() != office.casefold() or choice.weight != 400:
                aliases[office] = FaceRequest(choice.family, choice.weight, face.style)
    return aliases


def font_dir_folders(plans: Iterable[FontPlan]) -> list[Path]:
    """The folders of the `--font-dir` faces the plans chose, in order of first use."""
    folders = {
        chosen.face.file.parent: None
        for plan in plans
        for role in plan.roles
        for chosen in plan.pdf_faces(role)
        if chosen.face.from_font_dir
    }
    return list(folders)


def fontconfig_for(plans: Iterable[FontPlan], system: Path | None = None) -> str:
    """The fontconfig file that shows the office fonts of `plans` as their PDF faces, on top
    of `system` (default: `system_fontconfig()`)."""
    plans = list(plans)
    folders = font_dir_folders(plans)
    return fontconfig_text(office_aliases(plans), folders, system or system_fontconfig())


def fontconfig_text(
    aliases: Mapping[str, FaceRequest],
    folders: Iterable[Path] = (),
    system: Path = SYSTEM_FONTCONFIG,
) -> str:
    """A fontconfig file: the system's, `folders`, and one rule per alias (office font →
    family, CSS weight and style name)."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<fontconfig>",
        f'  <include ignore_missing="yes">{escape(str(system))}</include>',
    ]
    lines += [f"  <dir>{escape(str(folder))}</dir>" for folder in folders]
    for office, (family, weight, style) in aliases.items():
        lines += [
            '  <match target="pattern">',
            f'    <test name="family" compare="eq" ignore-blanks="true">'
            f"<string>{escape(office)}</string></test>",
            f'    <edit name="family" mode="assign" binding="strong">'
            f"<string>{escape(family)}</string></edit>",
        ]
        if weight != 400:
            lines.append(
                f'    <edit name="weight" mode="assign" binding="strong">'
                f"<int>{css_weight_to_fc(weight)}</int></edit>"
            )
        if style:
            lines.append(
                f'    <edit name="style" mode="assign" binding="strong">'
                f"<string>{escape(style)}</string></edit>"
            )
        lines.append("  </match>")
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"
