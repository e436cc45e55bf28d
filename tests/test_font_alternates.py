"""The DOCX font table names the PDF's faces as the office fonts' alternates, and the tests'
fontconfig file shows the office fonts as those faces."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from lxml import etree

from reportgen.build import build_html
from reportgen.cache import cached_plan
from reportgen.core import DocumentRequest
from reportgen.fonts.alias import FaceRequest, fontconfig_for, fontconfig_text
from reportgen.fonts.facehints import face_hints
from reportgen.fonts.policy import FontPlan, plan_fonts, texts_by_role
from reportgen.layout.profile import LayoutProfile, Script
from reportgen.resources import default_plan_dir
from reportgen.writers.docx.writer import render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _summary(profile: LayoutProfile, script: Script) -> tuple[str, FontPlan]:
    plan = cached_plan(default_plan_dir())
    request = DocumentRequest("summary", year=2022, unit="edu")
    html = build_html(plan, profile, request, templates=None, script=script, warnings=[])
    return html, plan_fonts(profile, script, texts_by_role(html, profile))


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_the_font_table_names_the_embedded_faces(profile: LayoutProfile, script: Script) -> None:
    html, fonts = _summary(profile, script)
    data = render_docx(html, profile, script=script, fonts=fonts).data
    with zipfile.ZipFile(BytesIO(data)) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
    entries = {f.get(f"{W}name"): f for f in table.iter(f"{W}font")}
    checked = 0
    for role in fonts.roles:
        faces = fonts.pdf_faces(role)
        entry = entries[fonts.docx_family(role)]
        alt = entry.find(f"{W}altName")
        if not faces or faces[0].choice.family == fonts.docx_family(role):
            continue
        primary = faces[0]
        assert alt is not None and alt.get(f"{W}val") == primary.choice.family
        hints = face_hints(primary.face.file, primary.face.index)
        assert hints is not None
        assert entry.find(f"{W}panose1").get(f"{W}val") == hints.panose
        assert entry.find(f"{W}family").get(f"{W}val") == hints.kind
        assert entry.find(f"{W}sig").get(f"{W}csb0") == hints.signature()["csb0"]
        checked += 1
    assert checked, "no office font of the profile stands for another face here"


def test_the_alternates_follow_the_font_policy(profile: LayoutProfile) -> None:
    """Listing another face first for a role makes it that role's alternate: the font table
    follows the policy, it names no face of its own."""
    html, fonts = _summary(profile, "simplified")
    other = fonts.pdf_faces("heiti")[0].choice
    assert other.family != fonts.pdf_faces("fangsong")[0].choice.family
    edited = profile.model_copy(deep=True)
    choices = edited.fonts.role("fangsong").simplified
    choices.insert(1, other)
    office = choices[0].family
    data = render_docx(html, edited, script="simplified").data
    with zipfile.ZipFile(BytesIO(data)) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
    entry = next(f for f in table.iter(f"{W}font") if f.get(f"{W}name") == office)
    assert entry.find(f"{W}altName").get(f"{W}val") == other.family


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="needs fontconfig's fc-match")
@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_under_the_alias_file_office_fonts_are_the_pdf_faces(
    profile: LayoutProfile, script: Script, tmp_path: Path
) -> None:
    _, fonts = _summary(profile, script)
    conf = tmp_path / "fonts.conf"
    conf.write_text(fontconfig_for([fonts]), encoding="utf-8")
    checked = 0
    for role in fonts.roles:
        faces = fonts.pdf_faces(role)
        if not faces:
            continue
        matched = subprocess.run(
            ["fc-match", "--format", "%{file}:%{index}", fonts.docx_family(role)],
            env={"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        face = faces[0].face
        assert matched == f"{face.file}:{face.index}", (role, fonts.docx_family(role))
        checked += 1
    assert checked


def test_the_alias_file_asks_for_the_listed_weight() -> None:
    text = fontconfig_text(
        {
            "方正小标宋简体": FaceRequest("Noto Serif CJK SC", 700),
            "黑体": FaceRequest("FandolHei", 400, "Regular"),
        }
    )
    assert text.count("<match") == 2
    assert "<int>200</int>" in text  # fontconfig's bold
    assert text.count('<edit name="style"') == 1 and "<string>Regular</string>" in text
    assert text.index("/etc/fonts/fonts.conf") < text.index("<match")
