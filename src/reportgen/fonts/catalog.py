"""The fonts installed here: fontconfig's catalogue, each face's coverage, and its metrics.

Input: `fc-list` (system fonts) and `fc-query` (fonts in a user's `--font-dir` folders).
Output: `FontFace` records with family names, weight, file, index and the characters each
covers, looked up through a `FontCatalog`; and `FaceMetrics` (ascent, descent, the advance of
an ideograph) read straight from a face's tables.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import shutil
import struct
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from ..errors import FontError
from ..layout.profile import FontChoice

FONT_FILE_SUFFIXES: Final = frozenset({".ttf", ".otf", ".ttc", ".otc"})
"""Font files looked for in `--font-dir` folders."""

_FC_FORMAT: Final = "%{family}\t%{style}\t%{weight}\t%{file}\t%{index}\t%{charset}\n"

# fontconfig weight -> CSS weight, the breakpoints of fontconfig's FcWeightToOpenType.
_FC_TO_CSS_WEIGHT: Final = (
    (0, 100),
    (40, 200),
    (50, 300),
    (55, 350),
    (75, 380),
    (80, 400),
    (100, 500),
    (180, 600),
    (200, 700),
    (205, 800),
    (210, 900),
)


# --- the catalog of installed faces --------------------------------------------------------


@dataclass(frozen=True)
class FontFace:
    """One installed face: its family names, CSS weight range, file and character coverage.

    `ranges` holds the covered code points as sorted, disjoint (first, last) pairs, parsed
    from fontconfig's `charset` when first asked: a CJK face's charset runs to thousands of
    ranges, and a document asks about a handful of the system's faces.
    `from_font_dir` tells a face found in a `--font-dir` folder.
    `weight` is the face's weight as its style names it; `matched_weight` the one fontconfig
    matches it by (its OS/2 weight class), which differs for a Bold face that declares 400.
    """

    families: tuple[str, ...]
    style: str
    weight: tuple[int, int]
    matched_weight: tuple[int, int]
    file: Path
    index: int
    charset: str = field(repr=False)
    from_font_dir: bool = False

    @functools.cached_property
    def ranges(self) -> tuple[tuple[int, int], ...]:
        """The covered code points: sorted, disjoint (first, last) pairs."""
        return parse_charset(self.charset)

    @functools.cached_property
    def _starts(self) -> tuple[int, ...]:
        return tuple(first for first, _ in self.ranges)

    @property
    def family(self) -> str:
        """The face's first (canonical) family name."""
        return self.families[0]

    def has_family(self, name: str) -> bool:
        """Whether `name` is one of the face's family names (case-insensitive)."""
        wanted = name.casefold()
        return any(f.casefold() == wanted for f in self.families)

    def covers(self, char: str) -> bool:
        """Whether the face has a glyph for `char`."""
        code = ord(char)
        slot = bisect.bisect_right(self._starts, code) - 1
        return slot >= 0 and self.ranges[slot][1] >= code

    def missing(self, chars: Iterable[str]) -> str:
        """The characters of `chars` the face lacks, in their order, without repeats."""
        return "".join(ch for ch in dict.fromkeys(chars) if not self.covers(ch))

    def weight_distance(self, css_weight: int) -> int:
        """How far `css_weight` lies from the face's weight range (0 inside it)."""
        return _distance(self.weight, css_weight)

    def matched_distance(self, css_weight: int) -> int:
        """How far fontconfig sees `css_weight` from the face (by its `matched_weight`)."""
        return _distance(self.matched_weight, css_weight)


def _distance(weights: tuple[int, int], css_weight: int) -> int:
    low, high = weights
    return max(low - css_weight, css_weight - high, 0)


BOLD_STYLES: Final = frozenset({"bold"})
"""Style names that make a face bold whatever weight class it declares."""

BOLD_WEIGHT: Final = 700


def style_weight(styles: Sequence[str], matched: tuple[int, int]) -> tuple[int, int]:
    """The weight of a face named `styles` whose weight class fontconfig reads as `matched`.

    Some faces (the Fandol Bold ones) are named Bold but declare the regular weight class:
    fontconfig then matches a request for the regular weight to the Bold file as readily as
    to the Regular one. Their style name is taken at its word.
    """
    if matched[1] < BOLD_WEIGHT and any(s.casefold() in BOLD_STYLES for s in styles):
        return (BOLD_WEIGHT, BOLD_WEIGHT)
    return matched


def fc_weight_to_css(fc_weight: float) -> int:
    """A fontconfig weight (80 regular, 200 bold) as a CSS weight (400, 700)."""
    points = _FC_TO_CSS_WEIGHT
    if fc_weight <= points[0][0]:
        return points[0][1]
    for (fc_low, css_low), (fc_high, css_high) in itertools.pairwise(points):
        if fc_weight <= fc_high:
            share = (fc_weight - fc_low) / (fc_high - fc_low)
            return round(css_low + share * (css_high - css_low))
    return points[-1][1]


def css_weight_to_fc(css_weight: int) -> int:
    """A CSS weight (400, 700) as a fontconfig weight (80, 200): `fc_weight_to_css` undone."""
    points = _FC_TO_CSS_WEIGHT
    if css_weight <= points[0][1]:
        return points[0][0]
    for (fc_low, css_low), (fc_high, css_high) in itertools.pairwise(points):
        if css_weight <= css_high:
            share = (css_weight - css_low) / (css_high - css_low)
            return round(fc_low + share * (fc_high - fc_low))
    return points[-1][0]


def parse_charset(charset: str) -> tuple[tuple[int, int], ...]:
    """fontconfig's `%{charset}` ("20-7e a0 4e00-9fff") as sorted (first, last) pairs."""
    ranges: list[tuple[int, int]] = []
    for token in charset.split():
        first, _, last = token.partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    return tuple(sorted(ranges))


def _split_names(value: str) -> tuple[str, ...]:
    """fontconfig's comma-joined names ("cwTeXFangSong,cwTeX 仿宋體"), `\\,` kept as a comma."""
    names = (part.replace("\\,", ",").strip() for part in re.split(r"(?<!\\),", value))
    return tuple(name for name in names if name)


def _parse_weight(value: str) -> tuple[int, int]:
    """`%{weight}`: one number, or "[low high]" for a variable font, as a CSS weight range."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", value)] or [80.0]
    return fc_weight_to_css(min(numbers)), fc_weight_to_css(max(numbers))


def parse_fc_output(output: str, from_font_dir: bool = False) -> tuple[FontFace, ...]:
    """Faces from `fc-list`/`fc-query` output in `_FC_FORMAT`; malformed lines are skipped."""
    faces: list[FontFace] = []
    for line in output.splitlines():
        fields = line.split("\t")
        if len(fields) != 6 or not fields[0] or not fields[3]:
            continue
        family, style, weight, file, index, charset = fields
        styles = _split_names(style)
        matched = _parse_weight(weight)
        faces.append(
            FontFace(
                families=_split_names(family),
                style=styles[0] if styles else "",
                weight=style_weight(styles, matched),
                matched_weight=matched,
                file=Path(file),
                index=int(index or 0),
                charset=charset,
                from_font_dir=from_font_dir,
            )
        )
    return tuple(faces)


def _run_fontconfig(arguments: Sequence[str]) -> str:
    """Run a fontconfig tool and return its output; FontError when it cannot run."""
    tool = arguments[0]
    if shutil.which(tool) is None:
        raise FontError(f"{tool} not found: install fontconfig (apt-get install fontconfig)")
    result = subprocess.run(
        list(arguments), capture_output=True, text=True, encoding="utf-8", check=False
    )
    if result.returncode != 0 and not result.stdout:
        raise FontError(f"{tool} failed: {result.stderr.strip()}")
    return result.stdout


@functools.cache
def system_faces() -> tuple[FontFace, ...]:
    """Every face fontconfig knows, with its coverage (one `fc-list` per process)."""
    return parse_fc_output(_run_fontconfig(["fc-list", "--format", _FC_FORMAT]))


def font_files(directory: Path) -> list[Path]:
    """The font files in `directory` and its subfolders, sorted."""
    return sorted(
        p for p in directory.rglob("*") if p.suffix.lower() in FONT_FILE_SUFFIXES and p.is_file()
    )


@functools.cache
def font_dir_faces(directory: Path) -> tuple[FontFace, ...]:
    """The faces of the font files in a user's `--font-dir` folder (one `fc-query`)."""
    if not directory.is_dir():
        raise FontError(f"{directory}: font folder not found")
    files = font_files(directory)
    if not files:
        return ()
    output = _run_fontconfig(["fc-query", "--format", _FC_FORMAT, *map(str, files)])
    return parse_fc_output(output, from_font_dir=True)


@dataclass(frozen=True)
class FontCatalog:
    """The faces a document may use: those in `--font-dir` folders first, then the system's."""

    faces: tuple[FontFace, ...]

    def find(self, choice: FontChoice) -> FontFace | None:
        """The face of `choice`'s family nearest its weight (font-dir faces win ties)."""
        candidates = [f for f in self.faces if f.has_family(choice.family)]
        if not candidates:
            return None
        return min(
            candidates, key=lambda f: (f.weight_distance(choice.weight), not f.from_font_dir)
        )

    def is_ambiguous(self, face: FontFace, family: str, css_weight: int) -> bool:
        """Whether fontconfig, asked for `family` at `css_weight`, may match another face
        than `face`: one of that family it sees as near the weight (a Bold face declaring
        the regular weight class, or a second copy of the font)."""
        own = face.matched_distance(css_weight)
        return any(
            other.has_family(family) and other.matched_distance(css_weight) <= own
            for other in self.faces
            if (other.file, other.index) != (face.file, face.index)
        )


def font_catalog(font_dirs: Sequence[Path] = ()) -> FontCatalog:
    """The catalog of faces in `font_dirs` (in order) and then fontconfig's."""
    user = [face for d in font_dirs for face in font_dir_faces(d.resolve())]
    return FontCatalog(tuple(user) + system_faces())


# --- metrics of a face ------------------------------------------------------------------------


@dataclass(frozen=True)
class FaceMetrics:
    """Vertical and horizontal metrics of a face, in em (multiples of the font size).

    `ascent` and `descent` are what the layout engine stacks lines with (hhea, or OS/2 typo
    metrics when the font asks for them); `em_top` is the top of the ideographic em box above
    the baseline (OS/2 typo ascender, which CJK fonts set to it); `advance` is the width of an
    ideograph (1 for most CJK fonts, 0.92 for cwTeX 仿宋).
    """

    ascent: float
    descent: float
    em_top: float
    advance: float

    def em_top_in_line(self, line_height_em: float) -> float:
        """How far below the top of a line `line_height_em` high the em box starts, in em."""
        half_leading = (line_height_em - self.ascent - self.descent) / 2
        return half_leading + self.ascent - self.em_top


DEFAULT_METRICS: Final = FaceMetrics(ascent=0.88, descent=0.12, em_top=0.88, advance=1.0)
"""What a face is assumed to measure when its file cannot be read."""

_IDEOGRAPHS: Final = (0x570B, 0x56FD, 0x4E00)
"""Code points of full-width ideographs present in fonts of either script (國, 国, 一): the
advance of the first a face has is its ideographic width."""


@functools.cache
def face_metrics(file: Path, index: int = 0) -> FaceMetrics:
    """The metrics of face `index` of font `file` (read once per process with fontTools)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(str(file), fontNumber=index, lazy=True) as font:
            upem = float(font["head"].unitsPerEm)
            hhea, os2 = font["hhea"], font["OS/2"]
            if os2.fsSelection & (1 << 7) or not hhea.ascent:
                ascender, descender = os2.sTypoAscender, os2.sTypoDescender
            else:
                ascender, descender = hhea.ascent, hhea.descent
            # HarfBuzz takes a descender given with the wrong sign (FandolSong's hhea says
            # +200) as the distance below the baseline it must be; so does the layout here.
            ascent, descent = abs(ascender), abs(descender)
            advance = ideograph_advance(font, upem)
            em_top = os2.sTypoAscender
    except (OSError, KeyError, TTLibError, struct.error):
        return DEFAULT_METRICS
    return FaceMetrics(ascent / upem, descent / upem, em_top / upem, advance / upem)


_CMAP_PREFERENCES: Final = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))
"""The cmap subtables fontTools' `getBestCmap` tries, in its order."""


def ideograph_advance(font: Any, upem: float) -> float:
    """The advance width of the first of 國国一 the fontTools `font` maps (`upem` if none).

    The glyph is looked up in the raw cmap and hmtx tables: fontTools would decompile the
    whole cmap and glyph order (65,535 glyphs in Noto CJK, about 0.1 s a face, in every
    process) to answer the same question. Cmap formats other than 4 and 12 go to fontTools.
    """
    glyph = _raw_glyph_id(font.reader["cmap"], list(_IDEOGRAPHS))
    if glyph is _UNHANDLED:
        cmap = font["cmap"].getBestCmap() or {}
        name = next((cmap[c] for c in _IDEOGRAPHS if c in cmap), None)
        return float(font["hmtx"][name][0]) if name else upem
    if glyph is None:
        return upem
    assert isinstance(glyph, int)
    if glyph >= font["maxp"].numGlyphs:
        raise KeyError(f"glyph {glyph} is beyond the font's glyphs")
    count = font["hhea"].numberOfHMetrics
    (width,) = struct.unpack_from(">H", font.reader["hmtx"], 4 * min(glyph, count - 1))
    return float(width)


_UNHANDLED: Final = object()


def _raw_glyph_id(cmap: bytes, codes: Sequence[int]) -> int | object | None:
    """The glyph id of the first of `codes` in the best subtable of the raw `cmap` table,
    None when none is mapped (to a glyph other than .notdef), `_UNHANDLED` when that
    subtable's format is not 4 or 12."""
    (count,) = struct.unpack_from(">H", cmap, 2)
    offsets: dict[tuple[int, int], int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        offsets.setdefault((platform, encoding), offset)
    offset = next((offsets[key] for key in _CMAP_PREFERENCES if key in offsets), None)
    if offset is None:
        return None
    (fmt,) = struct.unpack_from(">H", cmap, offset)
    lookup = {4: _format4_glyph, 12: _format12_glyph}.get(fmt)
    if lookup is None:
        return _UNHANDLED
    return next((g for g in (lookup(cmap, offset, code) for code in codes) if g is not None), None)


def _format4_glyph(cmap: bytes, offset: int, code: int) -> int | None:
    """The glyph of `code` in a format 4 subtable (segments of 16-bit codes)."""
    if code > 0xFFFF:
        return None
    (seg_x2,) = struct.unpack_from(">H", cmap, offset + 6)
    segments = seg_x2 // 2
    ends_at = offset + 14
    starts_at = ends_at + seg_x2 + 2
    deltas_at = starts_at + seg_x2
    ranges_at = deltas_at + seg_x2
    ends = struct.unpack_from(f">{segments}H", cmap, ends_at)
    segment = bisect.bisect_left(ends, code)
    if segment >= segments - 1 and ends[segments - 1] == 0xFFFF:
        return None  # the closing 0xFFFF segment, which fontTools leaves out
    if segment >= segments:
        return None
    (start,) = struct.unpack_from(">H", cmap, starts_at + 2 * segment)
    if code < start:
        return None
    (delta,) = struct.unpack_from(">h", cmap, deltas_at + 2 * segment)
    (range_offset,) = struct.unpack_from(">H", cmap, ranges_at + 2 * segment)
    if range_offset == 0:
        glyph = (code + delta) & 0xFFFF
    else:
        address = ranges_at + 2 * segment + range_offset + 2 * (code - start)
        (glyph,) = struct.unpack_from(">H", cmap, address)
        glyph = (glyph + delta) & 0xFFFF if glyph else 0
    return glyph or None  # glyph 0 is .notdef: not mapped, as fontTools has it


def _format12_glyph(cmap: bytes, offset: int, code: int) -> int | None:
    """The glyph of `code` in a format 12 subtable (groups of 32-bit codes)."""
    (groups,) = struct.unpack_from(">I", cmap, offset + 12)
    first, last = 0, groups - 1
    while first <= last:
        middle = (first + last) // 2
        start, end, glyph = struct.unpack_from(">III", cmap, offset + 16 + 12 * middle)
        if code < start:
            last = middle - 1
        elif code > end:
            first = middle + 1
        else:
            return (glyph + code - start) or None
    return None
