"""The layout profile: every GB/T 9704 number, read by both the PDF and the DOCX writer.

Input: the built-in `profiles/gbt9704.yaml`, optionally overlaid with a user's YAML file that
holds only the keys to change. Output: a validated, immutable `LayoutProfile` with derived
measures (type area, character width, tracking) that the writers share.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ..errors import DataError
from ..resources import profiles_dir
from ..source.packagedata import read_package_data
from ..source.yamlsource import YamlDocument, load_yaml_file

MM_TO_PT = 72 / 25.4


def pt_to_twips(pt: float) -> int:
    """Points → twentieths of a point (twips), the unit of most WordprocessingML lengths."""
    return round(pt * 20)


def mm_to_twips(mm: float) -> int:
    """Millimetres → twips."""
    return pt_to_twips(mm * MM_TO_PT)


MAX_MEASURE = 1000.0
"""Largest number a profile may give a length (mm, pt), a count of lines or characters, or a
multiple: an A4 page is 297 mm. Past it WeasyPrint and python-docx overflow their integers."""

Positive = Annotated[float, Field(gt=0, le=MAX_MEASURE)]
NonNegative = Annotated[float, Field(ge=0, le=MAX_MEASURE)]
Script = Literal["simplified", "traditional"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Page(_Part):
    width_mm: Positive
    height_mm: Positive


class Margins(_Part):
    top_mm: NonNegative
    bottom_mm: NonNegative
    left_mm: NonNegative
    right_mm: NonNegative


class Grid(_Part):
    lines_per_page: Annotated[int, Field(ge=1, le=100)]
    chars_per_line: Annotated[int, Field(ge=1, le=100)]
    line_pitch_pt: Positive


class Colors(_Part):
    red: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
    text: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]


TYPEFACES_FILE = Path(__file__).with_name("typefaces.yaml")


class _Typefaces(_Part):
    styles: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]


@cache
def typeface_styles() -> tuple[str, ...]:
    """The typeface styles GB/T 9704 names, from `typefaces.yaml`."""
    return tuple(read_package_data(TYPEFACES_FILE, _Typefaces).styles)


def _known_style(name: str) -> str:
    styles = typeface_styles()
    if name not in styles:
        raise ValueError(f"unknown typeface style {name!r}; use one of {', '.join(styles)}")
    return name


Style = Annotated[str, AfterValidator(_known_style)]
"""A typeface style GB/T 9704 names (in the names of the fonts that have them)."""


class FontChoice(_Part):
    """A listed font: its family, the weight asked of it, and the style of its design."""

    family: Annotated[str, Field(min_length=1)]
    style: Style
    weight: Literal[400, 700] = 400


class FontRole(_Part):
    """A font role: the style it stands for, the styles that may stand in for it, and its
    fonts in order of preference per script."""

    label: str
    style: Style
    stand_ins: list[Style] = []
    simplified: Annotated[list[FontChoice], Field(min_length=1)]
    traditional: Annotated[list[FontChoice], Field(min_length=1)]

    def choices(self, script: Script) -> list[FontChoice]:
        return self.simplified if script == "simplified" else self.traditional

    def serves(self, choice: FontChoice) -> bool:
        """Whether `choice`'s style is the role's own or one of its stand-ins."""
        return choice.style == self.style or choice.style in self.stand_ins


Role = Literal["xiaobiaosong", "fangsong", "heiti", "kaiti", "songti"]


class Fonts(_Part):
    xiaobiaosong: FontRole
    fangsong: FontRole
    heiti: FontRole
    kaiti: FontRole
    songti: FontRole

    def role(self, name: Role) -> FontRole:
        role: FontRole = getattr(self, name)
        return role

    def roles(self) -> dict[Role, FontRole]:
        names: list[Role] = ["xiaobiaosong", "fangsong", "heiti", "kaiti", "songti"]
        return {name: self.role(name) for name in names}


class TextStyle(_Part):
    role: Role
    size_pt: Positive
    bold: bool = False


class HeaderMark(TextStyle):
    color: Literal["red", "text"] = "red"
    top_from_type_area_mm: NonNegative
    joint_suffix: Annotated[str, Field(min_length=1)]
    """The word a mark may end with (文件): joint issuers' names stack to its left (§7.2.4)."""


class DocNumberStyle(TextStyle):
    lines_below_mark: NonNegative


class Signer(_Part):
    label_role: Role
    name_role: Role
    size_pt: Positive
    indent_chars: NonNegative = 1


class RedRule(_Part):
    thickness_mm: Positive
    below_doc_number_mm: NonNegative


class SpacedText(TextStyle):
    lines_above: NonNegative = 0
    indent_chars: NonNegative = 0


class Signature(TextStyle):
    lines_above: NonNegative
    name_right_indent_chars: NonNegative
    date_right_indent_chars: NonNegative


class Attachment(_Part):
    label_role: Role
    label_size_pt: Positive
    title_role: Role
    title_size_pt: Positive
    title_line: Annotated[int, Field(ge=1, le=100)]


class TableStyle(TextStyle):
    header_role: Role
    line_height: Positive
    border_pt: Positive
    cell_padding_mm: NonNegative = 1.0
    landscape_min_columns: Annotated[int, Field(ge=1, le=100)]


class ColophonStyle(TextStyle):
    first_last_rule_mm: Positive
    middle_rule_mm: Positive
    indent_chars: NonNegative
    cc_hang_chars: NonNegative = 3
    """The width of 「抄送：」 in characters: the 抄送 line's continuation starts after it."""


class AttachmentNoteStyle(SpacedText):
    hang_chars: NonNegative = 3
    """The width of 「附件：」 in 字: a long name's second line aligns under its first
    character (§7.3.4)."""


class PageNumber(TextStyle):
    format: Annotated[str, Field(pattern=r"\{n\}")]
    below_type_area_mm: NonNegative
    side_indent_chars: NonNegative


PARAGRAPH_STYLE_CLASSES: tuple[str, ...] = (
    "gw-mark",
    "gw-docnum",
    "gw-title",
    "gw-addressee",
    "gw-para",
    "gw-h1",
    "gw-h2",
    "gw-h3",
    "gw-h4",
    "gw-attach-note",
    "gw-sign-name",
    "gw-sign-date",
    "gw-note",
    "gw-attach-label",
    "gw-attach-title",
    "gw-table",
    "gw-table-head",
    "gw-colophon",
    "gw-page-number",
    "gw-sample",
)
"""The classes that get a named Word paragraph style, in the order the DOCX defines them."""

CHARACTER_STYLE_CLASSES: tuple[str, ...] = (
    "gw-h1",
    "gw-h2",
    "gw-h3",
    "gw-h4",
    "gw-signer-label",
    "gw-signer-name",
)
"""The classes that get a Word character style: run-in headings (linked to the heading's
paragraph style) and the parts of the signer line."""

OPTIONAL_STYLE_CLASSES: tuple[str, ...] = (
    "gw-copy-number",
    "gw-secrecy",
    "gw-urgency",
    "gw-letter-mark",
    "gw-letter-docnum",
    "gw-mark-name",
    "gw-sealed-names",
)
"""The classes whose paragraph style a document holds only when it uses them: a document
issued plainly keeps exactly the styles of `PARAGRAPH_STYLE_CLASSES`."""

StyleName = Annotated[str, Field(min_length=1, max_length=253)]
"""A Word style name (Word takes at most 253 characters)."""


def _names_every_class(names: dict[str, str], classes: tuple[str, ...]) -> dict[str, str]:
    missing = [cls for cls in classes if cls not in names]
    unknown = [cls for cls in names if cls not in classes]
    if missing:
        raise ValueError(f"name a style for {', '.join(missing)}")
    if unknown:
        raise ValueError(f"no style is made for {', '.join(unknown)}; use {', '.join(classes)}")
    return names


class WordStyles(_Part):
    """The names of the DOCX's styles, by vocabulary class."""

    paragraph: Annotated[
        dict[str, StyleName],
        AfterValidator(lambda names: _names_every_class(names, PARAGRAPH_STYLE_CLASSES)),
    ]
    optional: Annotated[
        dict[str, StyleName],
        AfterValidator(lambda names: _names_every_class(names, OPTIONAL_STYLE_CLASSES)),
    ]
    """The paragraph styles of `OPTIONAL_STYLE_CLASSES`."""
    character: Annotated[
        dict[str, StyleName],
        AfterValidator(lambda names: _names_every_class(names, CHARACTER_STYLE_CLASSES)),
    ]
    table: StyleName

    @model_validator(mode="after")
    def _unique(self) -> WordStyles:
        names = [
            *self.paragraph.values(),
            *self.optional.values(),
            *self.character.values(),
            self.table,
        ]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"a Word style name must be unique: {', '.join(twice)} is used twice")
        return self


class HeadElements(_Part):
    """份號, 密級和保密期限 and 緊急程度 (§7.2.1–7.2.3): flush left on the first lines."""

    copy_number_role: Role = "fangsong"
    label_role: Role = "heiti"
    size_pt: Positive = 16
    copy_number_digits: Annotated[int, Field(ge=1, le=12)] = 6


class LetterheadPaper(_Part):
    """Paper with the red mark and rule printed on it (預印紅頭紙)."""

    head_space_mm: Positive = 84.7
    """From the paper's top edge to the bottom of the printed mark: the 發文字號 stands
    `doc_number.lines_below_mark` lines under it, where it stands under a mark reportgen
    draws at the profile's size (37 + 35 mm + 36 pt)."""


class LetterFormat(_Part):
    """信函格式 (§10.1): the mark near the paper's top, red double rules at top and bottom."""

    mark_top_mm: NonNegative = 30
    """The mark's top edge from the paper's top edge."""
    mark_size_pt: Positive = 30
    rule_below_mark_mm: NonNegative = 4
    bottom_rule_above_edge_mm: NonNegative = 20
    """The bottom double rule's distance from the paper's bottom edge."""
    rule_length_mm: Positive = 170
    thick_mm: Positive = 0.8
    thin_mm: Positive = 0.3
    gap_mm: NonNegative = 0.6
    below_rule_em: NonNegative = 0.875
    """The first element under the top rule stands 7/8 of a 3號 character's height below it."""
    title_lines_above: NonNegative = 2


class SealStyle(_Part):
    """The seal (印章, §7.3.5.1) an office supplies as a picture."""

    diameter_mm: Positive = 42
    """The width the seal is set at; its height follows the picture's proportions."""
    max_file_bytes: Annotated[int, Field(ge=1, le=50_000_000)] = 5_000_000
    max_pixels: Annotated[int, Field(ge=1, le=100_000_000)] = 25_000_000
    date_right_indent_chars: NonNegative = 4
    """With a seal the date stands 4 字 from the right, the name centred over it."""
    joint_gap_chars: NonNegative = 2
    """Between the seals (and signatures) of joint issuers standing side by side."""


class LayoutProfile(_Part):
    """A complete layout profile, with the measures the writers derive from it."""

    page: Page
    margins: Margins
    grid: Grid
    colors: Colors
    fonts: Fonts
    header_mark: HeaderMark
    doc_number: DocNumberStyle
    signer: Signer
    red_rule: RedRule
    title: SpacedText
    addressee: SpacedText
    body: SpacedText
    headings: Annotated[list[TextStyle], Field(min_length=4, max_length=4)]
    attachment_note: AttachmentNoteStyle
    signature: Signature
    note: SpacedText
    attachment: Attachment
    table: TableStyle
    colophon: ColophonStyle
    page_number: PageNumber
    word_styles: WordStyles
    head_elements: HeadElements = HeadElements()
    letterhead_paper: LetterheadPaper = LetterheadPaper()
    letter: LetterFormat = LetterFormat()
    seal: SealStyle = SealStyle()

    @model_validator(mode="after")
    def _type_area_left(self) -> LayoutProfile:
        # The message names `margins` and no other top-level key: the loader points at it.
        m = self.margins
        if self.type_area_width_mm <= 0:
            raise ValueError(
                f"left_mm + right_mm ({m.left_mm + m.right_mm:g} mm) leave no type area on a "
                f"sheet {self.page.width_mm:g} mm wide; make the margins smaller"
            )
        if self.type_area_height_mm <= 0:
            raise ValueError(
                f"top_mm + bottom_mm ({m.top_mm + m.bottom_mm:g} mm) leave no type area on a "
                f"sheet {self.page.height_mm:g} mm high; make the margins smaller"
            )
        return self

    @property
    def type_area_width_mm(self) -> float:
        return self.page.width_mm - self.margins.left_mm - self.margins.right_mm

    @property
    def type_area_height_mm(self) -> float:
        return self.page.height_mm - self.margins.top_mm - self.margins.bottom_mm

    @property
    def char_pitch_pt(self) -> float:
        """Width of one grid character: the type area's width over the characters per line."""
        return self.type_area_width_mm * MM_TO_PT / self.grid.chars_per_line

    def grid_tracking_pt(self, size_pt: float, advance_em: float) -> float:
        """The letter spacing both writers give text of `size_pt` in a face whose ideographs
        advance `advance_em`: in the body size, what puts each ideograph on one
        `char_pitch_pt` (−0.21 pt for a face of 1 em, +1.07 pt for cwTeX 仿宋's 0.92 em);
        other sizes are set solid (0)."""
        if size_pt != self.body.size_pt:
            return 0.0
        return self.char_pitch_pt - advance_em * size_pt

    def color(self, name: Literal["red", "text"]) -> str:
        return self.colors.red if name == "red" else self.colors.text


def default_profile_path() -> Path:
    return profiles_dir() / "gbt9704.yaml"


def load_profile(override: Path | None = None) -> LayoutProfile:
    """The built-in profile, overlaid with the keys of `override` when given."""
    from ..source.validation import validate_document

    base = load_yaml_file(default_profile_path())
    if override is None:
        return validate_document(base, LayoutProfile)
    extra = load_yaml_file(override)
    if not isinstance(extra.data, dict):
        raise DataError([extra.problem((), "expected a mapping of profile keys to change")])
    merged = YamlDocument(
        file=override,
        data=_merge(base.data, extra.data),
        positions=extra.positions,
        key_positions=extra.key_positions,
    )
    return validate_document(merged, LayoutProfile)


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return extra
