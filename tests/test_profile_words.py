"""The names a secretary sees in Word and the typeface styles come from the layout profile's
data; a user profile may rename a style, and a broken name is a located error."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from reportgen.errors import DataError
from reportgen.layout.profile import (
    CHARACTER_STYLE_CLASSES,
    PARAGRAPH_STYLE_CLASSES,
    load_profile,
    typeface_styles,
)
from reportgen.writers.docx.writer import render_docx

SIGNED = (
    "<html><body><section class='gw-section'>"
    "<p class='gw-docnum'><span class='gw-docnum-text'>紹教〔2022〕3號</span>"
    "<span class='gw-signer'><span class='gw-signer-label'>簽發人：</span>"
    "<span class='gw-signer-name'>王某</span></span></p>"
    "<p class='gw-para'>正文一段。</p>"
    "</section></body></html>"
)


def _override(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_built_in_profile_names_every_styled_class() -> None:
    styles = load_profile().word_styles
    assert list(styles.paragraph) == list(PARAGRAPH_STYLE_CLASSES)
    assert list(styles.character) == list(CHARACTER_STYLE_CLASSES)
    names = [*styles.paragraph.values(), *styles.character.values(), styles.table]
    assert len(set(names)) == len(names)


def test_a_user_profile_renames_word_styles(tmp_path: Path) -> None:
    profile = load_profile(
        _override(
            tmp_path,
            "word_styles:\n"
            "  paragraph: {gw-para: 正文}\n"
            "  character: {gw-signer-label: 簽發人標籤}\n"
            "  table: 表格樣式\n",
        )
    )
    assert (
        profile.word_styles.paragraph["gw-title"]
        == load_profile().word_styles.paragraph["gw-title"]
    )
    document = docx.Document(io.BytesIO(render_docx(SIGNED, profile, script="traditional").data))
    names = {style.name for style in document.styles}
    assert {"正文", "簽發人標籤", "表格樣式"} <= names
    number, body = document.paragraphs[:2]
    assert body.style is not None and body.style.name == "正文"
    runs = [run.style.name for run in number.runs if run.style is not None]
    assert "簽發人標籤" in runs


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("word_styles:\n  paragraph: {gw-para: ''}\n", 2, "at least 1 character"),
        ("word_styles:\n  paragraph: {gw-quote: 引文}\n", 2, "no style is made for gw-quote"),
        ("word_styles:\n  table: 公文正文\n", 2, "公文正文 is used twice"),
        ("fonts:\n  heiti:\n    style: 隶书\n", 3, "unknown typeface style '隶书'"),
    ],
)
def test_a_broken_profile_word_is_a_located_error(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = _override(tmp_path, text)
    with pytest.raises(DataError) as caught:
        load_profile(path)
    problems = caught.value.problems
    assert any(p.file == str(path) and p.line == line and message in p.message for p in problems), [
        str(p) for p in problems
    ]


def test_every_role_stands_for_a_known_typeface_style() -> None:
    fonts = load_profile().fonts
    for role in fonts.roles().values():
        assert role.style in typeface_styles()
        assert all(c.style in typeface_styles() for c in role.simplified + role.traditional)
