"""The font policy: which installed font renders each font role, and what to warn about.

Input: the layout profile (an ordered list of fonts per role and script), the characters each
role renders (`texts_by_role`), the fonts fontconfig knows (`fc-list`) and fonts in the user's
`--font-dir` folders (`fc-query`). Output: a `FontPlan` that names the DOCX font of every role
(the first listed font, installed or not), the installed faces the PDF embeds (the first listed
font that covers the role's text, with per-character fallbacks to later listed fonts), the CSS
that selects exactly those faces, and warnings for every fallback or uncovered character.
Nothing is left to fontconfig's implicit fallback, which maps 仿宋 or 黑体 to DejaVu Sans.
"""

from __future__ import annotations

import bisect
import ctypes
import ctypes.util
import dataclasses
import functools
import hashlib
import itertools
import re
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Final

from .errors import FontError
from .profile import FontChoice, LayoutProfile, Role, Script
from .styles import ElementStyle, element_style, heading_class

HARFBUZZ_SUBSET_MISSING: Final = (
    "libharfbuzz-subset is not installed: WeasyPrint subsets the CJK fonts with fontTools, "
    "about 5 s per PDF instead of 0.15 s. Install it with `apt-get install libharfbuzz-subset0`."
)
"""What to tell the user when `harfbuzz_subset_available()` is false."""

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
    from fontconfig's charset; `from_font_dir` tells a face found in a `--font-dir` folder.
    """

    families: tuple[str, ...]
    style: str
    weight: tuple[int, int]
    file: Path
    index: int
    ranges: tuple[tuple[int, int], ...]
    from_font_dir: bool = False
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(first for first, _ in self.ranges))

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
        low, high = self.weight
        return max(low - css_weight, css_weight - high, 0)


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
        faces.append(
            FontFace(
                families=_split_names(family),
                style=_split_names(style)[0] if style else "",
                weight=_parse_weight(weight),
                file=Path(file),
                index=int(index or 0),
                ranges=parse_charset(charset),
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

_IDEOGRAPHS: Final = "國国一"


@functools.cache
def face_metrics(file: Path, index: int = 0) -> FaceMetrics:
    """The metrics of face `index` of font `file` (read once per process with fontTools)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(str(file), fontNumber=index, lazy=True) as font:
            upem = float(font["head"].unitsPerEm)
            hhea, os2 = font["hhea"], font["OS/2"]
            if os2.fsSelection & (1 << 7) or not hhea.ascent:
                ascent, descent = os2.sTypoAscender, -os2.sTypoDescender
            else:
                ascent, descent = hhea.ascent, -hhea.descent
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
    glyph = _raw_glyph_id(font.reader["cmap"], [ord(c) for c in _IDEOGRAPHS])
    if glyph is _UNHANDLED:
        cmap = font["cmap"].getBestCmap() or {}
        name = next((cmap[ord(c)] for c in _IDEOGRAPHS if ord(c) in cmap), None)
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


# --- which characters each role renders ---------------------------------------------------


def texts_by_role(html: str, profile: LayoutProfile) -> dict[Role, str]:
    """The characters each font role renders in `html`, plus the page numbers' characters.

    Every text node takes the style of its nearest element with a vocabulary class that
    `styles.element_style` knows (a gw-runin of data-level N takes heading N's style, a th in
    a thead takes gw-table-head's); text outside any such element is body text. Returns each
    role's distinct characters in order of first use (one space if any text has inner spaces).
    """
    from lxml import html as lxml_html

    root = lxml_html.document_fromstring(html)
    chars: dict[Role, dict[str, None]] = {}
    styles = _ClassStyles(profile)
    for body in root.iter("body"):
        _collect_text(body, "gw-para", styles, chars)
    page_number = profile.page_number
    _add_text(page_number.format.replace("{n}", "0123456789"), page_number.role, chars)
    return {role: "".join(found) for role, found in chars.items()}


class _ClassStyles:
    """`styles.element_style(profile, cls)` remembered per class, for one document's walk."""

    def __init__(self, profile: LayoutProfile) -> None:
        self.profile = profile
        self.known: dict[str, ElementStyle | None] = {}

    def get(self, cls: str) -> ElementStyle | None:
        """The style of `cls`, or None when `cls` has none."""
        if cls not in self.known:
            try:
                self.known[cls] = element_style(self.profile, cls)
            except KeyError:
                self.known[cls] = None
        return self.known[cls]

    def role(self, cls: str) -> Role:
        """The font role of `cls` (KeyError when it has no style)."""
        style = self.get(cls)
        if style is None:
            raise KeyError(cls)
        return style.role


def _style_class(element: Any, inherited: str, styles: _ClassStyles) -> str:
    """The vocabulary class whose style the text of lxml `element` takes."""
    classes = str(element.get("class", "")).split()
    if "gw-runin" in classes:
        level = str(element.get("data-level", ""))
        return heading_class(int(level)) if level.isdigit() else inherited
    if element.tag == "th" and any(a.tag == "thead" for a in element.iterancestors()):
        return "gw-table-head"
    for cls in classes:
        if styles.get(cls) is not None:
            return cls
    return inherited


def _collect_text(
    element: Any, inherited: str, styles: _ClassStyles, chars: dict[Role, dict[str, None]]
) -> None:
    """Add the text of lxml `element` and its descendants to `chars`, by role."""
    cls = _style_class(element, inherited, styles)
    role = styles.role(cls)
    _add_text(element.text, role, chars)
    for child in element:
        if isinstance(child.tag, str):
            _collect_text(child, cls, styles, chars)
        _add_text(child.tail, role, chars)


def _add_text(text: str | None, role: Role, chars: dict[Role, dict[str, None]]) -> None:
    """Add the characters of `text` to `role`'s; inner white space counts as one space."""
    if not text or not text.strip():
        return
    found = chars.setdefault(role, {})
    words = text.split()
    for word in words:
        found.update(dict.fromkeys(word))
    if len(words) > 1:
        found[" "] = None


# --- the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChosenFace:
    """A listed font (family and weight as the profile asks) and the installed face for it."""

    choice: FontChoice
    face: FontFace


@dataclass(frozen=True)
class Fallback:
    """A later listed font that renders `chars`, which the primary font lacks."""

    font: ChosenFace
    chars: str


@dataclass(frozen=True)
class RoleFonts:
    """The fonts of one role: the DOCX name, the PDF primary face and its fallbacks."""

    role: Role
    label: str
    docx_family: str
    primary: ChosenFace | None
    fallbacks: tuple[Fallback, ...]
    uncovered: str


@dataclass(frozen=True)
class RoleReport:
    """One row of `reportgen fonts`: what renders a role in the DOCX and in the PDF."""

    role: Role
    label: str
    docx_font: str
    pdf_font: str
    pdf_file: str
    fallbacks: tuple[str, ...]
    uncovered: str

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "role",
        "DOCX font",
        "PDF font",
        "PDF file",
        "fallbacks",
        "uncovered",
    )

    def cells(self) -> tuple[str, ...]:
        """The row as text cells, in the order of `COLUMNS`."""
        return (
            f"{self.label} ({self.role})",
            self.docx_font,
            self.pdf_font,
            self.pdf_file,
            "; ".join(self.fallbacks) or "-",
            self.uncovered or "-",
        )


@dataclass(frozen=True)
class FontPlan:
    """The fonts of one document: per role, what the DOCX names and what the PDF embeds."""

    script: Script
    roles: Mapping[Role, RoleFonts]
    warnings: list[str]
    extracted_dir: Path | None = None

    def docx_family(self, role: Role) -> str:
        """The family the DOCX names for `role`: the first listed font, installed or not."""
        return self.roles[role].docx_family

    def pdf_faces(self, role: Role) -> list[ChosenFace]:
        """The installed faces the PDF uses for `role`: the primary, then the fallbacks."""
        fonts = self.roles[role]
        primary = [fonts.primary] if fonts.primary else []
        return primary + [fallback.font for fallback in fonts.fallbacks]

    def css_font_family(self, role: Role) -> str:
        """A CSS font-family value naming only the faces chosen for `role`."""
        families = [chosen.choice.family for chosen in self.pdf_faces(role)]
        names = families or [self.docx_family(role)]
        return ", ".join(_css_string(name) for name in dict.fromkeys(names))

    def css_font_weight(self, role: Role) -> int:
        """The CSS weight the profile asks of `role`'s primary font (700 for 小標宋)."""
        faces = self.pdf_faces(role)
        return faces[0].choice.weight if faces else 400

    def metrics(self, role: Role) -> FaceMetrics:
        """The metrics of `role`'s primary face (defaults when none is installed)."""
        faces = self.pdf_faces(role)
        if not faces:
            return DEFAULT_METRICS
        return face_metrics(faces[0].face.file, faces[0].face.index)

    def font_face_css(self) -> str:
        """@font-face rules (file URLs) for the chosen faces found in `--font-dir` folders."""
        rules: dict[str, None] = {}
        for role in self.roles:
            for chosen in self.pdf_faces(role):
                if chosen.face.from_font_dir:
                    rules[_font_face_rule(chosen, self.extracted_dir)] = None
        return "\n".join(rules)

    @property
    def allowed_dirs(self) -> tuple[Path, ...]:
        """Folders the PDF writer may read font files from (those of `--font-dir` faces)."""
        dirs: dict[Path, None] = {}
        for role in self.roles:
            for chosen in self.pdf_faces(role):
                if chosen.face.from_font_dir:
                    dirs[chosen.face.file.parent] = None
        if dirs and self.extracted_dir is not None:
            dirs[self.extracted_dir] = None
        return tuple(dirs)

    def report(self) -> list[RoleReport]:
        """Per role: label, DOCX font, PDF primary font and file, fallbacks, uncovered text."""
        rows = []
        for role, fonts in self.roles.items():
            primary = fonts.primary
            rows.append(
                RoleReport(
                    role=role,
                    label=fonts.label,
                    docx_font=fonts.docx_family,
                    pdf_font=_describe_choice(primary) if primary else "(none installed)",
                    pdf_file=_face_location(primary.face) if primary else "-",
                    fallbacks=tuple(
                        f"{_describe_choice(fb.font)}: {fb.chars}" for fb in fonts.fallbacks
                    ),
                    uncovered=fonts.uncovered,
                )
            )
        return rows


def plan_fonts(
    profile: LayoutProfile,
    script: Script,
    texts_by_role: Mapping[Role, str],
    font_dirs: Sequence[Path] = (),
    strict: bool = False,
) -> FontPlan:
    """Choose the fonts of every role for text in `script`.

    The primary PDF font of a role is the first installed listed font that covers all the
    role's characters; failing that, the first installed one, with later listed fonts as
    character-by-character fallbacks. Every fallback and every character no listed font has
    becomes a warning; with `strict`, a `FontError` instead.
    """
    catalog = font_catalog(font_dirs)
    roles: dict[Role, RoleFonts] = {}
    for role, font_role in profile.fonts.roles().items():
        listed = font_role.choices(script)
        installed = _installed(catalog, listed)
        text = texts_by_role.get(role, "")
        roles[role] = _plan_role(role, font_role.label, listed, installed, text)
    warnings = [w for fonts in roles.values() for w in _role_warnings(fonts, script)]
    if strict and warnings:
        raise FontError("fonts do not cover the text (strict fonts):\n" + "\n".join(warnings))
    plan = FontPlan(script=script, roles=roles, warnings=warnings)
    if any(chosen.face.from_font_dir for role in roles for chosen in plan.pdf_faces(role)):
        plan = dataclasses.replace(plan, extracted_dir=_extraction_dir())
    return plan


def _installed(catalog: FontCatalog, listed: Sequence[FontChoice]) -> list[ChosenFace]:
    """The listed fonts that are installed, in list order, each with its face."""
    chosen = []
    for choice in listed:
        face = catalog.find(choice)
        if face is not None:
            chosen.append(ChosenFace(choice, face))
    return chosen


def _plan_role(
    role: Role,
    label: str,
    listed: Sequence[FontChoice],
    installed: Sequence[ChosenFace],
    text: str,
) -> RoleFonts:
    """The primary face, fallbacks and uncovered characters of one role's text."""
    docx = listed[0].family
    complete = [c for c in installed if not c.face.missing(text)]
    if complete or not installed:
        primary = complete[0] if complete else None
        uncovered = "" if primary else "".join(dict.fromkeys(text.replace(" ", "")))
        return RoleFonts(role, label, docx, primary, (), uncovered)
    primary = installed[0]
    missing = primary.face.missing(text)
    fallbacks = []
    for later in installed[1:]:
        found = "".join(ch for ch in missing if later.face.covers(ch))
        if found:
            fallbacks.append(Fallback(later, found))
            missing = "".join(ch for ch in missing if ch not in found)
    return RoleFonts(role, label, docx, primary, tuple(fallbacks), missing)


def _role_warnings(fonts: RoleFonts, script: Script) -> list[str]:
    """Warnings about one role's fallbacks and uncovered characters."""
    head = f"font role {fonts.label} ({fonts.role}, {script})"
    warnings = []
    if fonts.primary is None and fonts.uncovered:
        warnings.append(f"{head}: none of its listed fonts is installed")
    for fallback in fonts.fallbacks:
        assert fonts.primary is not None
        warnings.append(
            f"{head}: {fonts.primary.choice.family} lacks {fallback.chars!r}; "
            f"they come from {fallback.font.choice.family}"
        )
    if fonts.uncovered:
        warnings.append(f"{head}: no listed font covers {fonts.uncovered!r}")
    return warnings


def _describe_choice(chosen: ChosenFace) -> str:
    """`family` or `family 700`, as the profile lists it."""
    choice = chosen.choice
    return choice.family if choice.weight == 400 else f"{choice.family} {choice.weight}"


def _face_location(face: FontFace) -> str:
    return f"{face.file}#{face.index}" if face.index else str(face.file)


# --- CSS for faces from font folders -------------------------------------------------------


def _css_string(value: str) -> str:
    """`value` as a quoted CSS string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


@functools.cache
def _extraction_dir() -> Path:
    """A per-process folder for single faces copied out of font collections (.ttc)."""
    holder = tempfile.TemporaryDirectory(prefix="reportgen-fonts-")
    _KEEP_ALIVE.append(holder)
    return Path(holder.name)


_KEEP_ALIVE: list[tempfile.TemporaryDirectory[str]] = []


def _single_face_file(face: FontFace, folder: Path) -> Path:
    """The face as a file of its own: collections (.ttc) hold several, and CSS can't pick one."""
    if face.file.suffix.lower() not in {".ttc", ".otc"}:
        return face.file
    from fontTools.ttLib import TTFont

    digest = hashlib.sha256(f"{face.file}#{face.index}".encode()).hexdigest()[:16]
    target = folder / f"{face.file.stem}-{face.index}-{digest}.ttf"
    if not target.exists():
        with TTFont(str(face.file), fontNumber=face.index) as font:
            font.save(str(target))
    return target


def _font_face_rule(chosen: ChosenFace, folder: Path | None) -> str:
    """One @font-face rule that gives the profile's family name to a font-dir face.

    The face is declared at the weight the profile lists it with, the weight the stylesheet
    asks for, so fontconfig matches it exactly.
    """
    file = _single_face_file(chosen.face, folder) if folder else chosen.face.file
    return (
        f"@font-face {{ font-family: {_css_string(chosen.choice.family)}; "
        f"src: url({_css_string(file.resolve().as_uri())}); "
        f"font-weight: {chosen.choice.weight}; }}"
    )


# --- HarfBuzz --------------------------------------------------------------------------------


def harfbuzz_subset_available() -> bool:
    """Whether libharfbuzz-subset can be loaded (WeasyPrint then subsets fonts fast)."""
    name = ctypes.util.find_library("harfbuzz-subset") or "libharfbuzz-subset.so.0"
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True
