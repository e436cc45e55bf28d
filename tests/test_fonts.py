"""The font policy: catalog, coverage, per-role choice, fallbacks, strict mode, font folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.documents.common import circular_context
from reportgen.errors import DataError, FontError
from reportgen.fonts.catalog import font_catalog, parse_charset, parse_fc_output, system_faces
from reportgen.fonts.policy import (
    HARFBUZZ_SUBSET_MISSING,
    face_for_role,
    harfbuzz_subset_available,
    plan_fonts,
    texts_by_role,
)
from reportgen.layout.profile import (
    MM_TO_PT,
    FontChoice,
    FontRole,
    LayoutProfile,
    Role,
    Script,
    Style,
    load_profile,
)
from reportgen.plan.model import Plan
from reportgen.render.html import build_environment, render_html
from reportgen.render.script import convert_html

UKAI = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")
SIMPLIFIED_ONLY = "这个发规们说"  # simplified characters cwTeX 仿宋 lacks
CWTEX_ONLY = "≒"  # a character cwTeX 仿宋 has and Noto Serif CJK SC lacks
NOBODY_HAS = "😀"  # no listed font has emoji


def circular_html(plan: Plan, profile: LayoutProfile) -> str:
    environment = build_environment()
    return render_html(environment, "circular.html.j2", circular_context(plan, profile))


STYLES: dict[str, Style] = {
    "Noto Serif CJK SC": "宋体",
    "Noto Serif CJK TC": "宋体",
    "FandolSong": "宋体",
    "Noto Sans CJK SC": "黑体",
}
"""The style of the free faces the tests list for roles of another style."""


def with_role(profile: LayoutProfile, role: Role, families: list[str]) -> LayoutProfile:
    """`profile` with `role` listing only `families`, for both scripts; each is of the role's
    style unless `STYLES` says otherwise."""
    old = profile.fonts.role(role)
    choices = [FontChoice(family=f, style=STYLES.get(f, old.style)) for f in families]
    new_role = FontRole(label=old.label, style=old.style, simplified=choices, traditional=choices)
    fonts = profile.fonts.model_copy(update={role: new_role})
    return profile.model_copy(update={"fonts": fonts})


# --- the catalog -----------------------------------------------------------------------------


def test_charset_ranges_are_parsed() -> None:
    assert parse_charset("20-7e a0 4e00-9fa5") == ((0x20, 0x7E), (0xA0, 0xA0), (0x4E00, 0x9FA5))


def test_fc_output_with_several_family_names_and_weights() -> None:
    line = "cwTeXFangSong,cwTeX 仿宋體\tMedium\t100\t/x/cwfs.ttf\t0\t20-7e 4e00-9fa5\n"
    (face,) = parse_fc_output(line)
    assert face.families == ("cwTeXFangSong", "cwTeX 仿宋體")
    assert face.has_family("cwtex 仿宋體")
    assert face.weight == (500, 500)
    assert face.covers("國") and face.covers("A") and not face.covers("€")
    assert face.missing("國€A€") == "€"


def test_variable_font_weight_range() -> None:
    (face,) = parse_fc_output("Var Sans\tRegular\t[40 210]\t/x/var.ttf\t0\t20-7e\n")
    assert face.weight == (200, 900)
    assert face.weight_distance(700) == 0


def test_installed_cjk_fonts_are_catalogued() -> None:
    families = {family for face in system_faces() for family in face.families}
    for family in ("cwTeXFangSong", "cwTeX 仿宋體", "Noto Serif CJK TC", "AR PL UKai TW"):
        assert family in families


def test_catalog_picks_the_listed_weight() -> None:
    catalog = font_catalog()
    bold = catalog.find(FontChoice(family="Noto Serif CJK TC", style="宋体", weight=700))
    regular = catalog.find(FontChoice(family="Noto Serif CJK TC", style="宋体"))
    assert bold is not None and regular is not None
    assert bold.weight == (700, 700) and regular.weight == (400, 400)
    assert catalog.find(FontChoice(family="方正小标宋简体", style="小标宋")) is None


# --- which text each role renders ------------------------------------------------------------


def test_texts_by_role_follow_the_vocabulary(profile: LayoutProfile) -> None:
    html = (
        "<html><head><title>標題不算</title></head><body>"
        '<p class="gw-mark">標志</p>'
        '<p class="gw-para"><span class="gw-runin" data-level="2">（一）楷書。</span>仿宋</p>'
        '<h2 class="gw-h1">一、黑體</h2>'
        '<table class="gw-table"><thead><tr><th>表頭</th></tr></thead>'
        "<tbody><tr><th>行頭</th><td>格子</td></tr></tbody></table>"
        "</body></html>"
    )
    texts = texts_by_role(html, profile)
    assert texts["xiaobiaosong"] == "標志"
    assert set(texts["kaiti"]) == set("（一）楷書。")
    assert set(texts["heiti"]) == set("一、黑體表頭")
    assert set(texts["fangsong"]) == set("仿宋行頭格子")
    assert set(texts["songti"]) == set("— 0123456789")
    assert not any("不算" in text for text in texts.values())


# --- planning fonts --------------------------------------------------------------------------


def test_traditional_circular_needs_no_fallback(plan: Plan, profile: LayoutProfile) -> None:
    texts = texts_by_role(circular_html(plan, profile), profile)
    fonts = plan_fonts(profile, "traditional", texts, strict=True)
    assert fonts.warnings == []
    fangsong = fonts.pdf_faces("fangsong")
    assert [chosen.choice.family for chosen in fangsong] == ["cwTeXFangSong"]
    assert fonts.css_font_family("fangsong") == '"cwTeXFangSong"'
    title = fonts.pdf_faces("xiaobiaosong")[0]
    assert title.choice.family == "Noto Serif CJK TC" and title.face.weight == (700, 700)
    assert fonts.css_font_weight("xiaobiaosong") == 700


def test_simplified_circular_is_set_in_the_fandol_faces(plan: Plan, profile: LayoutProfile) -> None:
    html = convert_html(circular_html(plan, profile), "traditional", "simplified")
    fonts = plan_fonts(profile, "simplified", texts_by_role(html, profile), strict=True)
    assert fonts.warnings == []
    files = {role: fonts.pdf_faces(role) for role in profile.fonts.roles()}
    assert {role: [c.face.file.name for c in faces] for role, faces in files.items()} == {
        "xiaobiaosong": ["FandolSong-Bold.otf"],
        "fangsong": ["FandolFang-Regular.otf"],
        "heiti": ["FandolHei-Regular.otf"],
        "kaiti": ["FandolKai-Regular.otf"],
        "songti": ["FandolSong-Regular.otf"],
    }
    assert fonts.metrics("fangsong").advance == pytest.approx(1.0)


def test_simplified_text_with_only_cwtex_fangsong_takes_the_first_font_that_covers_it(
    plan: Plan, profile: LayoutProfile
) -> None:
    html = convert_html(circular_html(plan, profile), "traditional", "simplified")
    custom = with_role(profile, "fangsong", ["cwTeXFangSong", "Noto Serif CJK SC"])
    fonts = plan_fonts(custom, "simplified", texts_by_role(html, custom))
    # cwTeX 仿宋 lacks simplified characters: Noto Serif CJK SC, listed after it, has them all.
    assert fonts.pdf_faces("fangsong")[0].choice.family == "Noto Serif CJK SC"
    (warning,) = fonts.warnings
    assert warning.startswith("font role 仿宋 (fangsong, simplified): Noto Serif CJK SC is a 宋体")
    assert "not 仿宋: cwTeXFangSong lacks" in warning


def test_docx_family_is_the_first_listed_font(profile: LayoutProfile) -> None:
    fonts = plan_fonts(profile, "simplified", {})
    for role, font_role in profile.fonts.roles().items():
        assert fonts.docx_family(role) == font_role.simplified[0].family
    assert fonts.docx_family("fangsong") == "仿宋_GB2312"


def test_missing_characters_fall_back_with_a_warning(profile: LayoutProfile) -> None:
    custom = with_role(profile, "fangsong", ["cwTeXFangSong", "Noto Serif CJK SC"])
    texts: dict[Role, str] = {"fangsong": SIMPLIFIED_ONLY + CWTEX_ONLY}
    fonts = plan_fonts(custom, "simplified", texts)
    faces = [chosen.choice.family for chosen in fonts.pdf_faces("fangsong")]
    assert faces == ["cwTeXFangSong", "Noto Serif CJK SC"]
    assert fonts.css_font_family("fangsong") == '"cwTeXFangSong", "Noto Serif CJK SC"'
    fallback, style = fonts.warnings
    assert "cwTeXFangSong" in fallback and "Noto Serif CJK SC" in fallback
    assert all(ch in fallback for ch in SIMPLIFIED_ONLY)
    # The characters come from a 宋体 face: that is said too.
    assert "Noto Serif CJK SC is a 宋体 face, not 仿宋: cwTeXFangSong lacks 6" in style
    (row,) = [r for r in fonts.report() if r.role == "fangsong"]
    assert row.fallbacks == (f"Noto Serif CJK SC: {SIMPLIFIED_ONLY}",)
    assert row.pdf_style == "仿宋"


def test_fallback_is_an_error_with_strict_fonts(profile: LayoutProfile) -> None:
    custom = with_role(profile, "fangsong", ["cwTeXFangSong", "Noto Serif CJK SC"])
    texts: dict[Role, str] = {"fangsong": SIMPLIFIED_ONLY + CWTEX_ONLY}
    with pytest.raises(FontError, match="Noto Serif CJK SC"):
        plan_fonts(custom, "simplified", texts, strict=True)


# --- the style of the faces ------------------------------------------------------------------


def test_a_songti_face_for_fangsong_is_a_warning_naming_role_face_and_why(
    profile: LayoutProfile,
) -> None:
    songti_only = with_role(profile, "fangsong", ["Noto Serif CJK SC"])
    fonts = plan_fonts(songti_only, "simplified", {"fangsong": "仿宋正文"})
    assert fonts.embedded_face("fangsong") is not None
    assert fonts.warnings == [
        "font role 仿宋 (fangsong, simplified): Noto Serif CJK SC is a 宋体 face, not 仿宋: "
        "the profile lists no 仿宋 font for simplified text"
    ]
    (row,) = [r for r in fonts.report() if r.role == "fangsong"]
    assert row.pdf_style == "宋体 (role: 仿宋)"
    with pytest.raises(FontError, match="Noto Serif CJK SC is a 宋体 face, not 仿宋"):
        plan_fonts(songti_only, "simplified", {"fangsong": "仿宋正文"}, strict=True)


def test_a_face_of_another_style_listed_first_is_a_warning_too(profile: LayoutProfile) -> None:
    songti_first = with_role(profile, "fangsong", ["Noto Serif CJK SC", "FandolFang"])
    (warning,) = plan_fonts(songti_first, "simplified", {"fangsong": "仿宋"}).warnings
    assert warning.endswith(
        "Noto Serif CJK SC is a 宋体 face, not 仿宋: FandolFang is listed after it"
    )


def test_a_stand_in_style_is_no_warning(profile: LayoutProfile) -> None:
    # A bold 宋体 stands in for 小标宋, as the profile says; a 黑体 does not.
    assert profile.fonts.xiaobiaosong.stand_ins == ["宋体"]
    fonts = plan_fonts(profile, "traditional", {"xiaobiaosong": "標題"}, strict=True)
    assert fonts.embedded_face("xiaobiaosong") is not None
    heiti = with_role(profile, "xiaobiaosong", ["Noto Sans CJK SC"])
    (warning,) = plan_fonts(heiti, "traditional", {"xiaobiaosong": "標題"}).warnings
    assert "Noto Sans CJK SC is a 黑体 face, not 小标宋" in warning


def test_every_listed_font_declares_a_style(tmp_path: Path) -> None:
    override = tmp_path / "profile.yaml"
    override.write_text(
        "fonts:\n  fangsong:\n    simplified:\n      - {family: 仿宋_GB2312}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as raised:
        load_profile(override)
    assert "style" in str(raised.value)


# --- weights ---------------------------------------------------------------------------------


def test_a_bold_face_declaring_the_regular_weight_counts_as_bold() -> None:
    line = "FandolSong\tBold\t80\t/x/FandolSong-Bold.otf\t0\t4e00-9fa5\n"
    (face,) = parse_fc_output(line)
    assert face.weight == (700, 700) and face.matched_weight == (400, 400)


@pytest.mark.parametrize("family", ["FandolSong", "FandolHei"])
def test_a_role_without_weight_gets_the_regular_face(family: str) -> None:
    catalog = font_catalog()
    regular = catalog.find(FontChoice(family=family, style="宋体"))
    bold = catalog.find(FontChoice(family=family, style="宋体", weight=700))
    assert regular is not None and bold is not None
    assert regular.file.name == f"{family}-Regular.otf"
    assert bold.file.name == f"{family}-Bold.otf"
    # fontconfig sees both at the regular weight: the stylesheet names each file on its own.
    assert catalog.is_ambiguous(regular, family, 400)
    fangsong = catalog.find(FontChoice(family="FandolFang", style="仿宋"))
    assert fangsong is not None and not catalog.is_ambiguous(fangsong, "FandolFang", 400)


def test_faces_fontconfig_could_confuse_get_a_name_of_their_own(profile: LayoutProfile) -> None:
    fonts = plan_fonts(profile, "simplified", {"songti": "— 1 —", "xiaobiaosong": "标题"})
    songti = fonts.embedded_face("songti")
    assert songti is not None and songti.face.file.name == "FandolSong-Regular.otf"
    assert fonts.css_font_family("songti") == '"FandolSong Regular"'
    assert fonts.css_font_family("xiaobiaosong") == '"FandolSong Bold"'
    css = fonts.font_face_css()
    assert f'font-family: "FandolSong Regular"; src: url("{songti.face.file.as_uri()}")' in css
    assert songti.face.file.parent in fonts.allowed_dirs
    assert fonts.css_font_family("fangsong") == '"FandolFang"'  # one face: no alias


def test_face_for_role_answers_per_role_and_script(profile: LayoutProfile) -> None:
    simplified = face_for_role(profile, "fangsong", "simplified", "这个发")
    traditional = face_for_role(profile, "fangsong", "traditional", "國")
    assert simplified is not None and simplified.choice.family == "FandolFang"
    assert traditional is not None and traditional.choice.family == "cwTeXFangSong"
    bold = face_for_role(profile, "xiaobiaosong", "simplified")
    assert bold is not None and bold.face.file.name == "FandolSong-Bold.otf"


def test_characters_no_listed_font_has_are_reported(profile: LayoutProfile) -> None:
    texts: dict[Role, str] = {"fangsong": "國" + NOBODY_HAS}
    fonts = plan_fonts(profile, "traditional", texts)
    assert any("no listed font covers" in w and NOBODY_HAS in w for w in fonts.warnings)
    assert fonts.roles["fangsong"].uncovered == NOBODY_HAS
    with pytest.raises(FontError, match="no listed font covers"):
        plan_fonts(profile, "traditional", texts, strict=True)


def test_a_role_without_installed_fonts_is_reported(profile: LayoutProfile) -> None:
    bare = with_role(profile, "kaiti", ["楷体_GB2312", "楷体"])
    fonts = plan_fonts(bare, "simplified", {"kaiti": "楷書"})
    assert fonts.pdf_faces("kaiti") == []
    assert any("none of its listed fonts is installed" in w for w in fonts.warnings)


def test_report_names_docx_and_pdf_fonts(plan: Plan, profile: LayoutProfile) -> None:
    texts = texts_by_role(circular_html(plan, profile), profile)
    rows = {row.role: row for row in plan_fonts(profile, "traditional", texts).report()}
    assert set(rows) == set(profile.fonts.roles())
    fangsong = rows["fangsong"]
    assert fangsong.label == "仿宋" and fangsong.docx_font == "仿宋"
    assert fangsong.pdf_font == "cwTeXFangSong" and fangsong.pdf_file.endswith("cwfs.ttf")
    assert rows["xiaobiaosong"].pdf_font == "Noto Serif CJK TC 700"
    assert len(fangsong.cells()) == len(fangsong.COLUMNS)


def test_metrics_of_the_chosen_faces(profile: LayoutProfile) -> None:
    fonts = plan_fonts(profile, "traditional", {})
    assert fonts.metrics("fangsong").advance == pytest.approx(0.92)  # cwTeX's narrow ideographs
    assert fonts.metrics("heiti").advance == pytest.approx(1.0)
    assert fonts.metrics("heiti").em_top == pytest.approx(0.88)


# --- fonts from --font-dir folders -----------------------------------------------------------


def renamed_font(source: Path, index: int, family: str, target: Path) -> Path:
    """Face `index` of `source` saved as `target` under a new family name."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(source), fontNumber=index)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "")
    font.save(str(target))
    return target


def test_a_family_only_in_a_font_dir_is_used(tmp_path: Path, profile: LayoutProfile) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    file = renamed_font(UKAI, 2, "Reportgen Test Kai", folder / "test-kai.ttf")
    custom = with_role(profile, "kaiti", ["楷体", "Reportgen Test Kai"])

    without = plan_fonts(custom, "traditional", {"kaiti": "楷書"})
    assert without.pdf_faces("kaiti") == []

    fonts = plan_fonts(custom, "traditional", {"kaiti": "楷書"}, font_dirs=[folder], strict=True)
    (chosen,) = fonts.pdf_faces("kaiti")
    assert chosen.face.from_font_dir and chosen.face.file == file.resolve()
    assert fonts.css_font_family("kaiti") == '"Reportgen Test Kai"'
    assert file.resolve().as_uri() in fonts.font_face_css()
    assert folder.resolve() in fonts.allowed_dirs
    assert fonts.docx_family("kaiti") == "楷体"


def test_a_font_dir_face_is_embedded_in_the_pdf(tmp_path: Path, profile: LayoutProfile) -> None:
    from reportgen.writers.pdf.writer import render_pdf

    folder = tmp_path / "fonts"
    folder.mkdir()
    renamed_font(UKAI, 2, "Reportgen Test Kai", folder / "test-kai.ttf")
    custom = with_role(profile, "kaiti", ["Reportgen Test Kai"])
    html = (
        '<html lang="zh-Hant"><body><section class="gw-section">'
        '<p class="gw-para"><span class="gw-runin" data-level="2">（一）楷書。</span>正文。</p>'
        "</section></body></html>"
    )
    fonts = plan_fonts(custom, "traditional", texts_by_role(html, custom), font_dirs=[folder])
    result = render_pdf(html, custom, fonts, base_dirs=[tmp_path / "templates"])
    assert result.warnings == []  # the font folder is readable: no refusal
    assert "Reportgen-Test-Kai" in result.fonts


def test_a_collection_in_a_font_dir_serves_the_listed_face(
    tmp_path: Path, profile: LayoutProfile
) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    shutil.copy(UKAI, folder / "ukai.ttc")
    fonts = plan_fonts(profile, "traditional", {"kaiti": "楷書"}, font_dirs=[folder])
    (chosen,) = fonts.pdf_faces("kaiti")
    assert chosen.face.file.parent == folder.resolve() and chosen.face.index == 2
    css = fonts.font_face_css()
    # The system has the same face: the stylesheet names the folder's copy on its own.
    assert fonts.css_font_family("kaiti") == '"AR PL UKai TW Book"'
    assert 'font-family: "AR PL UKai TW Book"' in css
    # A collection holds four faces; CSS gets a file with the listed face alone.
    assert fonts.extracted_dir is not None
    assert fonts.extracted_dir.as_uri() in css
    assert fonts.extracted_dir in fonts.allowed_dirs


def test_a_missing_font_dir_is_an_error(tmp_path: Path, profile: LayoutProfile) -> None:
    with pytest.raises(FontError, match="font folder not found"):
        plan_fonts(profile, "traditional", {}, font_dirs=[tmp_path / "nowhere"])


# --- HarfBuzz --------------------------------------------------------------------------------


def test_harfbuzz_subset_is_detected() -> None:
    assert harfbuzz_subset_available() is True  # libharfbuzz-subset0 is installed here
    assert "apt-get install libharfbuzz-subset0" in HARFBUZZ_SUBSET_MISSING


def test_the_style_warning_shows_in_reportgen_fonts_and_in_every_render(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from reportgen.cli.app import app

    override = tmp_path / "songti-only.yaml"
    override.write_text(
        "fonts:\n  fangsong:\n    simplified:\n"
        "      - {family: 仿宋_GB2312, style: 仿宋}\n"
        "      - {family: Noto Serif CJK SC, style: 宋体}\n",
        encoding="utf-8",
    )
    expected = (
        "warning: font role 仿宋 (fangsong, simplified): Noto Serif CJK SC is a 宋体 face, "
        "not 仿宋: no listed 仿宋 font is installed (仿宋_GB2312)"
    )
    runner = CliRunner()
    fonts = runner.invoke(app, ["fonts", "--profile", str(override)])
    assert fonts.exit_code == 0, fonts.output
    assert expected in fonts.output
    strict = runner.invoke(app, ["fonts", "--profile", str(override), "--strict-fonts"])
    assert strict.exit_code == 69, strict.output
    assert "Noto Serif CJK SC is a 宋体 face, not 仿宋" in strict.output
    out = tmp_path / "out"
    render = ["render", "notice", "--year", "2022", "-f", "pdf", "-o", str(out)]
    rendered = runner.invoke(app, [*render, "--profile", str(override)])
    assert rendered.exit_code == 0, rendered.output
    assert expected in rendered.output
    refused = runner.invoke(app, [*render, "--profile", str(override), "--strict-fonts", "--force"])
    assert refused.exit_code == 69, refused.output
    # The traditional documents keep cwTeX 仿宋: no warning there.
    traditional = runner.invoke(
        app, [*render, "--profile", str(override), "--script", "traditional", "--force"]
    )
    assert traditional.exit_code == 0 and "warning: font role" not in traditional.output


@pytest.mark.parametrize(
    ("script", "text", "advance"),
    [("simplified", "这个发", 1.0), ("traditional", "這個發", 0.92)],
)
def test_letter_spacing_comes_from_the_embedded_body_face(
    profile: LayoutProfile, script: Script, text: str, advance: float
) -> None:
    from reportgen.layout.styles import element_style
    from reportgen.writers.pdf.css import TRACKING_SLACK_PT, tracking_pt

    fonts = plan_fonts(profile, script, {"fangsong": text})
    assert fonts.metrics("fangsong").advance == pytest.approx(advance)
    body = element_style(profile, "gw-para")
    spacing = tracking_pt(profile, fonts, body)
    # An ideograph of the face plus the spacing is one grid character, less the slack.
    pitch = advance * body.size_pt + spacing + TRACKING_SLACK_PT
    assert pitch == pytest.approx(profile.char_pitch_pt)
    assert profile.grid.chars_per_line * (pitch - TRACKING_SLACK_PT) <= (
        profile.type_area_width_mm * MM_TO_PT
    )
