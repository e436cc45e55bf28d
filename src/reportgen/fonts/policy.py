"""The font policy: which installed font renders each font role, and what to warn about.

Input: the layout profile (an ordered list of fonts per role and script, each with the style
of its design), the characters each role renders (`texts_by_role`), and the installed fonts
(`catalog`: fontconfig's and the user's `--font-dir` folders'). Output: a `FontPlan` that
names the DOCX font of every role (the first listed font, installed or not), the installed
faces the PDF embeds (the first listed font that covers the role's text, with per-character
fallbacks to later listed fonts), the CSS that selects exactly those faces, and warnings for
every fallback, every uncovered character and every face whose style is not the role's.
Nothing is left to fontconfig's implicit fallback, which maps 仿宋 or 黑体 to DejaVu Sans,
nor to its choice between two faces of a family it sees as equally near the asked weight.

`face_for_role` (or `FontPlan.embedded_face` for a document's text) answers which installed
face the PDF embeds for a role in a script.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import functools
import hashlib
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Final

from ..errors import FontError
from ..layout.profile import FontChoice, FontRole, LayoutProfile, Role, Script, Style
from ..layout.styles import ElementStyle, element_style, heading_class
from .catalog import (
    DEFAULT_METRICS,
    FaceMetrics,
    FontCatalog,
    FontFace,
    face_metrics,
    font_catalog,
)

HARFBUZZ_SUBSET_MISSING: Final = (
    "libharfbuzz-subset is not installed: WeasyPrint subsets the CJK fonts with fontTools, "
    "about 5 s per PDF instead of 0.15 s. Install it with `apt-get install libharfbuzz-subset0`."
)
"""What to tell the user when `harfbuzz_subset_available()` is false."""

# --- which characters each role renders ---------------------------------------------------


def texts_by_role(html: str, profile: LayoutProfile) -> dict[Role, str]:
    """The characters each font role renders in `html`, plus the page numbers' characters.

    Every text node takes the style of its nearest element with a vocabulary class that
    `styles.element_style` knows (a gw-runin of data-level N takes heading N's style, a th in
    a thead takes gw-table-head's); text outside any such element is body text. Returns each
    role's distinct characters in order of first use (one space if any text has inner spaces).
    """
    from ..writers.textcheck import parse_html

    root = parse_html(html)
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


INVISIBLE = re.compile(
    "[\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufe00-\ufe0f\ufeff]"
)
"""Characters that print nothing (zero-width spaces and joiners, direction marks, a BOM,
variation selectors, the soft hyphen): shaping handles them, no font needs a glyph."""


def _add_text(text: str | None, role: Role, chars: dict[Role, dict[str, None]]) -> None:
    """Add the characters of `text` to `role`'s; inner white space counts as one space;
    characters that print nothing are left out."""
    if text:
        text = INVISIBLE.sub("", text)
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
    """A listed font (family, style and weight as the profile lists it) and the installed face
    for it.

    `css_family` is the name the stylesheet asks for: the listed family, or an alias of the
    face alone when fontconfig could match another face of the family (`declared` then, as for
    a face from a `--font-dir` folder: an @font-face rule gives the file that name).
    """

    choice: FontChoice
    face: FontFace
    css_family: str = ""
    declared: bool = False

    def __post_init__(self) -> None:
        if not self.css_family:
            object.__setattr__(self, "css_family", self.choice.family)


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
    style: Style | None = None
    """The style the role stands for (None: not checked)."""


@dataclass(frozen=True)
class RoleReport:
    """One row of `reportgen fonts`: what renders a role in the DOCX and in the PDF."""

    role: Role
    label: str
    docx_font: str
    pdf_font: str
    pdf_style: str
    pdf_file: str
    fallbacks: tuple[str, ...]
    uncovered: str

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "role",
        "DOCX font",
        "PDF font",
        "style",
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
            self.pdf_style,
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

    def embedded_face(self, role: Role) -> ChosenFace | None:
        """The face the PDF embeds for `role` (None when no listed font is installed); later
        listed faces serve only the characters it lacks (`pdf_faces`)."""
        return self.roles[role].primary

    def pdf_faces(self, role: Role) -> list[ChosenFace]:
        """The installed faces the PDF uses for `role`: the primary, then the fallbacks."""
        fonts = self.roles[role]
        primary = [fonts.primary] if fonts.primary else []
        return primary + [fallback.font for fallback in fonts.fallbacks]

    def css_font_family(self, role: Role) -> str:
        """A CSS font-family value naming only the faces chosen for `role`."""
        families = [chosen.css_family for chosen in self.pdf_faces(role)]
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

    def docx_advance(self, role: Role) -> float:
        """The ideograph advance, in em, of the font the DOCX names for `role`: its own when it
        is installed here (the PDF then embeds it), else 1 em, the width of the office faces
        (仿宋_GB2312, 仿宋, 黑体, 楷体_GB2312, 方正小标宋) and of nearly every CJK face a
        machine without them puts in their place."""
        primary = self.roles[role].primary
        if primary is not None and primary.choice.family == self.docx_family(role):
            return self.metrics(role).advance
        return DEFAULT_METRICS.advance

    def font_face_css(self) -> str:
        """@font-face rules (file URLs) for the chosen faces that need one: those found in
        `--font-dir` folders and those fontconfig could confuse with another of their family."""
        rules: dict[str, None] = {}
        for role in self.roles:
            for chosen in self.pdf_faces(role):
                if chosen.declared:
                    rules[_font_face_rule(chosen, self.extracted_dir)] = None
        return "\n".join(rules)

    @property
    def allowed_dirs(self) -> tuple[Path, ...]:
        """Folders the PDF writer may read font files from (those of declared faces)."""
        dirs: dict[Path, None] = {}
        for role in self.roles:
            for chosen in self.pdf_faces(role):
                if chosen.declared:
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
                    pdf_style=_describe_style(primary, fonts.style),
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
    character-by-character fallbacks. Every fallback, every character no listed font has and
    every face whose style the role does not accept becomes a warning; with `strict`, a
    `FontError` instead.
    """
    catalog = font_catalog(font_dirs)
    roles: dict[Role, RoleFonts] = {}
    warnings: list[str] = []
    for role, font_role in profile.fonts.roles().items():
        listed = font_role.choices(script)
        installed = _installed(catalog, listed)
        text = texts_by_role.get(role, "")
        fonts = _plan_role(role, font_role.label, listed, installed, text)
        roles[role] = dataclasses.replace(fonts, style=font_role.style)
        warnings += _role_warnings(fonts, script)
        warnings += _style_warnings(font_role, fonts, installed, text, script)
    if strict and warnings:
        raise FontError(
            "fonts do not serve the text as listed (strict fonts):\n" + "\n".join(warnings)
        )
    plan = FontPlan(script=script, roles=roles, warnings=warnings)
    if any(chosen.declared for role in roles for chosen in plan.pdf_faces(role)):
        plan = dataclasses.replace(plan, extracted_dir=_extraction_dir())
    return plan


def face_for_role(
    profile: LayoutProfile,
    role: Role,
    script: Script,
    text: str = "",
    font_dirs: Sequence[Path] = (),
) -> ChosenFace | None:
    """The face the PDF embeds for `role` in `script`: the first installed listed font that
    covers `text` (the first installed one when none covers it all; None when none is)."""
    return plan_fonts(profile, script, {role: text}, font_dirs=font_dirs).embedded_face(role)


_INSTALLED: dict[
    tuple[int, tuple[tuple[str, str, int], ...]],
    tuple[tuple[FontFace, ...], tuple[ChosenFace, ...]],
] = {}
"""`_installed`'s answers, per catalog (by its faces, kept so their id is not reused) and
listed fonts: the same for every document of a process."""
_INSTALLED_KEPT: Final = 64


def _installed(catalog: FontCatalog, listed: Sequence[FontChoice]) -> list[ChosenFace]:
    """The listed fonts that are installed, in list order, each with its face and the name
    the stylesheet asks it by (worked out once per process for a catalog and list)."""
    key = (id(catalog.faces), tuple((c.family, c.style, c.weight) for c in listed))
    kept = _INSTALLED.get(key)
    if kept is not None and kept[0] is catalog.faces:
        return list(kept[1])
    chosen = _find_installed(catalog, listed)
    if len(_INSTALLED) >= _INSTALLED_KEPT:
        _INSTALLED.clear()
    _INSTALLED[key] = (catalog.faces, tuple(chosen))
    return chosen


def _find_installed(catalog: FontCatalog, listed: Sequence[FontChoice]) -> list[ChosenFace]:
    """`_installed`, worked out."""
    chosen = []
    for choice in listed:
        face = catalog.find(choice)
        if face is None:
            continue
        if catalog.is_ambiguous(face, choice.family, choice.weight):
            alias = _face_alias(catalog, face, choice)
            chosen.append(ChosenFace(choice, face, css_family=alias, declared=True))
        else:
            chosen.append(ChosenFace(choice, face, declared=face.from_font_dir))
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


def _face_alias(catalog: FontCatalog, face: FontFace, choice: FontChoice) -> str:
    """A family name for `face` alone: its family and style ("FandolSong Bold", which the
    PDF's font name then shows), or with a suffix when some installed face has that name."""
    alias = f"{face.family} {face.style or choice.weight}"
    if any(other.has_family(alias) for other in catalog.faces):
        alias = f"{alias} (reportgen)"
    return alias


_SHOWN_MISSING: Final = 12
"""How many missing characters a style warning quotes."""


def _style_warnings(
    font_role: FontRole,
    fonts: RoleFonts,
    installed: Sequence[ChosenFace],
    text: str,
    script: Script,
) -> list[str]:
    """Warnings about faces that serve the role in a style other than its own (or a stand-in):
    which face, its style, and why none of the role's own style serves instead."""
    used = [fonts.primary] if fonts.primary else []
    used += [fallback.font for fallback in fonts.fallbacks]
    strangers = [chosen for chosen in used if not font_role.serves(chosen.choice)]
    if not strangers:
        return []
    own = [chosen for chosen in installed if font_role.serves(chosen.choice)]
    if not own:
        listed = [c.family for c in font_role.choices(script) if font_role.serves(c)]
        why = (
            f"no listed {font_role.style} font is installed ({', '.join(listed)})"
            if listed
            else f"the profile lists no {font_role.style} font for {script} text"
        )
    else:
        lacks = []
        for chosen in own:
            missing = chosen.face.missing(text.replace(" ", ""))
            if not missing:
                lacks.append(f"{chosen.choice.family} is listed after it")
                continue
            shown = missing[:_SHOWN_MISSING] + ("…" if len(missing) > _SHOWN_MISSING else "")
            lacks.append(f"{chosen.choice.family} lacks {len(missing)} of its characters ({shown})")
        why = "; ".join(lacks)
    head = f"font role {fonts.label} ({fonts.role}, {script})"
    return [
        f"{head}: {chosen.choice.family} is a {chosen.choice.style} face, not {font_role.style}: "
        f"{why}"
        for chosen in strangers
    ]


def _describe_style(chosen: ChosenFace | None, style: Style | None) -> str:
    """The style of the embedded face, and the role's when they differ."""
    if chosen is None:
        return "-"
    if style is None or chosen.choice.style == style:
        return chosen.choice.style
    return f"{chosen.choice.style} (role: {style})"


def _describe_choice(chosen: ChosenFace) -> str:
    """`family` or `family 700`, as the profile lists it."""
    choice = chosen.choice
    return choice.family if choice.weight == 400 else f"{choice.family} {choice.weight}"


def _face_location(face: FontFace) -> str:
    return f"{face.file}#{face.index}" if face.index else str(face.file)


# --- CSS for declared faces ------------------------------------------------------------------


def _css_string(value: str) -> str:
    """`value` as a quoted CSS string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


@functools.cache
def _extraction_dir() -> Path:
    """A per-process folder for single faces copied out of font collections (.ttc)."""
    holder = tempfile.TemporaryDirectory(prefix="reportgen-fonts-")
    _KEEP_ALIVE.append((os.getpid(), holder))
    return Path(holder.name)


_KEEP_ALIVE: list[tuple[int, tempfile.TemporaryDirectory[str]]] = []
"""The extraction folders, with the process that made each: removed when it exits normally,
or by `release_extracted_faces` in a process that ends without running exit handlers."""


def release_extracted_faces() -> None:
    """Remove the extraction folders this process made (not those a process it was forked
    from made: that one still uses them). For processes that end with `os._exit`, as
    multiprocessing's workers do, so that no folder of font copies is left behind."""
    pid = os.getpid()
    for owner, holder in [entry for entry in _KEEP_ALIVE if entry[0] == pid]:
        holder.cleanup()
        _KEEP_ALIVE.remove((owner, holder))


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
    """One @font-face rule that gives a declared face (from a font-dir, or one fontconfig
    could confuse with another of its family) the name the stylesheet asks it by.

    The face is declared at the weight the profile lists it with, the weight the stylesheet
    asks for, so fontconfig matches it exactly.
    """
    file = _single_face_file(chosen.face, folder) if folder else chosen.face.file
    return (
        f"@font-face {{ font-family: {_css_string(chosen.css_family)}; "
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
