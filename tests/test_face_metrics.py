"""`fonts.catalog.ideograph_advance` reads the raw cmap and hmtx tables; it must agree with
fontTools.

The fast path exists for speed (fontTools decompiles the whole cmap and glyph order of a
65,535-glyph CJK face to answer); these tests hold it to fontTools' answers on the installed
faces the default profile uses, and on code points that exercise both cmap formats.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from reportgen.fonts.catalog import _IDEOGRAPHS, _raw_glyph_id, font_catalog, ideograph_advance
from reportgen.layout.profile import load_profile

CODES = [0x0, 0x20, 0x41, 0xE9, 0x20AC, 0x3000, 0x4E00, 0x570B, 0x56FD, 0xFF01, 0xFFFF, 0x20000]


def _profile_faces() -> list[tuple[Path, int]]:
    catalog = font_catalog()
    faces = {}
    for font_role in load_profile(None).fonts.roles().values():
        for script in ("simplified", "traditional"):
            for choice in font_role.choices(script):
                face = catalog.find(choice)
                if face is not None:
                    faces[(face.file, face.index)] = None
    return list(faces)


FACES = _profile_faces()


@pytest.mark.skipif(not FACES, reason="none of the profile's fonts is installed")
@pytest.mark.parametrize(("file", "index"), FACES, ids=[f"{f.name}#{i}" for f, i in FACES])
def test_raw_lookups_agree_with_fonttools(file: Path, index: int) -> None:
    with TTFont(str(file), fontNumber=index, lazy=True) as font:
        upem = float(font["head"].unitsPerEm)
        best = font["cmap"].getBestCmap() or {}
        order = font.getGlyphOrder()
        for code in CODES:
            expected = order.index(best[code]) if code in best else None
            assert _raw_glyph_id(font.reader["cmap"], [code]) == expected, hex(code)
        name = next((best[c] for c in _IDEOGRAPHS if c in best), None)
        expected_advance = float(font["hmtx"][name][0]) if name else upem
        assert ideograph_advance(font, upem) == expected_advance


def test_a_descender_with_the_wrong_sign_still_lies_below_the_baseline() -> None:
    # FandolSong Regular's hhea gives its descender as +200: HarfBuzz lays it out as -200.
    from reportgen.fonts.catalog import face_metrics
    from reportgen.layout.profile import FontChoice

    face = font_catalog().find(FontChoice(family="FandolSong", style="宋体"))
    assert face is not None and face.file.name == "FandolSong-Regular.otf"
    with TTFont(str(face.file), lazy=True) as font:
        assert font["hhea"].descent > 0
    metrics = face_metrics(face.file, face.index)
    assert (metrics.ascent, metrics.descent, metrics.em_top) == pytest.approx((0.8, 0.2, 0.8))
