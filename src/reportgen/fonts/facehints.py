"""What a word processor needs to know to stand one face in for another: a face's PANOSE
classification, its font family kind and pitch, and its Unicode and code-page coverage bits.

Input: an installed face (file and index). Output: `FaceHints`, read from the face's OS/2
table, in the form the DOCX font table (`w:panose1`, `w:family`, `w:pitch`, `w:sig`) writes
them. Word and LibreOffice match a missing font to an installed one by these hints.
"""

from __future__ import annotations

import functools
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

FontKind = Literal["roman", "swiss", "modern", "script", "decorative", "auto"]
Pitch = Literal["fixed", "variable", "default"]

_PANOSE_LATIN_TEXT: Final = 2
_PANOSE_LATIN_HAND: Final = 3
_PANOSE_LATIN_DECORATIVE: Final = 4
_PANOSE_SANS_SERIF: Final = frozenset({11, 12, 13})
_PANOSE_MONOSPACED: Final = 9
_SANS_FAMILY_CLASS: Final = 8
"""OS/2 sFamilyClass of sans serif faces (its high byte)."""


@dataclass(frozen=True)
class FaceHints:
    """The substitution hints of one face, as the DOCX font table spells them."""

    panose: str
    """The ten PANOSE bytes as 20 hex digits."""
    kind: FontKind
    pitch: Pitch
    unicode_ranges: tuple[int, int, int, int]
    code_pages: tuple[int, int]

    def signature(self) -> dict[str, str]:
        """The `w:sig` attributes: usb0–usb3 and csb0–csb1 as 8 hex digits each."""
        values = {f"usb{i}": v for i, v in enumerate(self.unicode_ranges)}
        values.update({f"csb{i}": v for i, v in enumerate(self.code_pages)})
        return {name: f"{value:08X}" for name, value in values.items()}


@functools.cache
def face_hints(file: Path, index: int = 0) -> FaceHints | None:
    """The hints of face `index` of font `file`, or None when its OS/2 table cannot be read."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(str(file), fontNumber=index, lazy=True) as font:
            os2 = font["OS/2"]
            panose = os2.panose
            digits = (
                panose.bFamilyType,
                panose.bSerifStyle,
                panose.bWeight,
                panose.bProportion,
                panose.bContrast,
                panose.bStrokeVariation,
                panose.bArmStyle,
                panose.bLetterForm,
                panose.bMidline,
                panose.bXHeight,
            )
            family_class = int(os2.sFamilyClass) >> 8
            unicode_ranges = (
                int(os2.ulUnicodeRange1),
                int(os2.ulUnicodeRange2),
                int(os2.ulUnicodeRange3),
                int(os2.ulUnicodeRange4),
            )
            code_pages = (
                int(getattr(os2, "ulCodePageRange1", 0)),
                int(getattr(os2, "ulCodePageRange2", 0)),
            )
    except (OSError, KeyError, AttributeError, TTLibError, struct.error):
        return None
    return FaceHints(
        panose="".join(f"{d:02X}" for d in digits),
        kind=_kind(digits[0], digits[1], family_class),
        pitch="fixed" if digits[3] == _PANOSE_MONOSPACED else "variable",
        unicode_ranges=unicode_ranges,
        code_pages=code_pages,
    )


def _kind(family_type: int, serif_style: int, family_class: int) -> FontKind:
    """Word's family kind from PANOSE (and the OS/2 family class when PANOSE is blank)."""
    if family_type == _PANOSE_LATIN_TEXT:
        return "swiss" if serif_style in _PANOSE_SANS_SERIF else "roman"
    if family_type == _PANOSE_LATIN_HAND:
        return "script"
    if family_type == _PANOSE_LATIN_DECORATIVE:
        return "decorative"
    if family_class == _SANS_FAMILY_CLASS:
        return "swiss"
    if 1 <= family_class <= 7:
        return "roman"
    return "auto"
