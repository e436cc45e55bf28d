"""The archive's PDF/A: the checks an archive makes, read with pikepdf, and the same pages.

No PDF/A validator runs here (veraPDF is a Java program outside the package registries this
project installs from); these tests check the requirements one by one instead: PDF/A
identification in XMP, an sRGB ICC output intent, every font embedded, the XMP agreeing
with the document information dictionary, the extension schema declaring the provenance
properties, no encryption, no transparency; then that the text and every character's place
equal the plain PDF's.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest

from pdfmeasure import document_text, lines_of
from reportgen.build import render_document
from reportgen.core import DocumentRequest, Options
from reportgen.layout.profile import LayoutProfile
from reportgen.publish.provenance import FIELDS
from reportgen.resources import default_plan_dir
from reportgen.writers.pdf.archive import XMP_NAMESPACE, XMP_PREFIX

DOCUMENTS = {
    "circular": DocumentRequest("circular"),
    "notice": DocumentRequest("notice", year=2022),
}


@dataclass(frozen=True)
class Pair:
    plain: bytes
    archive: bytes


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def pair(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Pair:
    output = tmp_path_factory.mktemp(request.param)
    options = Options(plan_dir=default_plan_dir(), output_dir=output, formats=("pdf", "pdfa"))
    paths = render_document(DOCUMENTS[request.param], options).outputs
    plain = next(p for p in paths if not p.name.endswith(".pdfa.pdf"))
    archive = next(p for p in paths if p.name.endswith(".pdfa.pdf"))
    return Pair(plain.read_bytes(), archive.read_bytes())


@pytest.fixture
def archive(pair: Pair) -> Iterator[pikepdf.Pdf]:
    with pikepdf.open(io.BytesIO(pair.archive)) as pdf:
        yield pdf


def test_identified_as_pdfa_2b(archive: pikepdf.Pdf) -> None:
    meta = archive.open_metadata(set_pikepdf_as_editor=False)
    assert meta.get("pdfaid:part") == "2"
    assert meta.get("pdfaid:conformance") == "B"
    assert archive.pdf_version == "1.7"
    assert "/ID" in archive.trailer


def test_srgb_output_intent(archive: pikepdf.Pdf) -> None:
    intents = archive.Root.OutputIntents
    assert len(intents) == 1
    intent = intents[0]
    assert intent.S == "/GTS_PDFA1"
    profile = intent.DestOutputProfile
    assert int(profile.N) == 3
    icc = profile.read_bytes()
    assert icc[36:40] == b"acsp", "the output profile is an ICC profile"
    assert icc[16:20] == b"RGB "


def test_every_font_is_embedded(archive: pikepdf.Pdf) -> None:
    checked = 0
    for page in archive.pages:
        for font in page.Resources.get("/Font", {}).values():
            parts = list(font.DescendantFonts) if "/DescendantFonts" in font else [font]
            for part in parts:
                descriptor = part.get("/FontDescriptor")
                assert descriptor is not None, part.get("/BaseFont")
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                checked += 1
    assert checked > 10


def test_not_encrypted_and_nothing_transparent(archive: pikepdf.Pdf) -> None:
    assert not archive.is_encrypted
    assert "/Encrypt" not in archive.trailer
    for page in archive.pages:
        group = page.obj.get("/Group")
        assert group is None or group.get("/S") != "/Transparency"
        for state in page.Resources.get("/ExtGState", {}).values():
            assert state.get("/SMask", pikepdf.Name.None_) == pikepdf.Name.None_
            assert float(state.get("/CA", 1)) == 1 and float(state.get("/ca", 1)) == 1
            assert state.get("/BM", pikepdf.Name.Normal) in (
                pikepdf.Name.Normal,
                pikepdf.Name.Compatible,
            )


def test_xmp_matches_the_document_information(archive: pikepdf.Pdf) -> None:
    info = archive.docinfo
    meta = archive.open_metadata(set_pikepdf_as_editor=False)
    assert meta.get("dc:title") == str(info.Title)
    assert meta.get("dc:creator") == [str(info.Author)]
    assert meta.get("dc:description") == str(info.Subject)
    assert meta.get("pdf:Keywords") == str(info.Keywords)
    assert meta.get("xmp:CreatorTool") == str(info.Creator) == "reportgen"
    assert meta.get("pdf:Producer") == str(info.Producer)
    created = str(meta.get("xmp:CreateDate"))
    assert str(info.CreationDate) == "D:" + created.replace("-", "")
    # The date is the document's own, from its data.
    assert created in ("2021-01-18", "2023-02-20")


def test_provenance_properties_are_declared(archive: pikepdf.Pdf) -> None:
    """PDF/A admits properties outside the standard schemas only when an extension schema
    in the same XMP declares them: ours names the namespace, prefix and every field."""
    from lxml import etree

    xmp = archive.Root.Metadata.read_bytes()
    root = etree.fromstring(xmp)
    ns = {
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
        "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
        "rg": XMP_NAMESPACE,
    }
    schemas = root.xpath(
        "//pdfaSchema:namespaceURI[text()=$uri]/..", namespaces=ns, uri=XMP_NAMESPACE
    )
    assert len(schemas) == 1
    assert schemas[0].xpath("pdfaSchema:prefix/text()", namespaces=ns) == [XMP_PREFIX]
    declared = schemas[0].xpath(".//pdfaProperty:name/text()", namespaces=ns)
    assert declared == list(FIELDS)
    used = [etree.QName(e).localname for e in root.iter(f"{{{XMP_NAMESPACE}}}*")]
    assert used == list(FIELDS)


def chars(page: Any) -> list[tuple[Any, ...]]:
    return [
        (c["text"], c["fontname"], round(c["size"], 3), round(c["x0"], 3), round(c["top"], 3))
        for c in page.chars
    ]


def test_same_text_and_layout_as_the_plain_pdf(pair: Pair, profile: LayoutProfile) -> None:
    with (
        pdfplumber.open(io.BytesIO(pair.plain)) as plain,
        pdfplumber.open(io.BytesIO(pair.archive)) as archive,
    ):
        assert len(plain.pages) == len(archive.pages)
        assert document_text(plain.pages, profile) == document_text(archive.pages, profile)
        for mine, theirs in zip(plain.pages, archive.pages, strict=True):
            assert (mine.width, mine.height) == (theirs.width, theirs.height)
            assert chars(mine) == chars(theirs)
            assert [len(line) for line in lines_of(mine, profile)] == [
                len(line) for line in lines_of(theirs, profile)
            ]
            assert [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in mine.rects] == [
                (r["x0"], r["top"], r["x1"], r["bottom"]) for r in theirs.rects
            ]
            assert [(ln["x0"], ln["top"], ln["x1"]) for ln in mine.lines] == [
                (ln["x0"], ln["top"], ln["x1"]) for ln in theirs.lines
            ]


def test_plain_pdf_keeps_no_output_intent(pair: Pair) -> None:
    """The archive's ICC profile stays out of the plain PDF written from the same layout."""
    with pikepdf.open(io.BytesIO(pair.plain)) as plain:
        assert "/OutputIntents" not in plain.Root
        assert "/Metadata" in plain.Root


def test_data_attached_as_pdfa_3b(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(default_plan_dir(), plan)
    options = Options(
        plan_dir=plan, output_dir=tmp_path / "out", formats=("pdfa",), attach_data=True
    )
    paths = render_document(DOCUMENTS["notice"], options).outputs
    again = render_document(
        DOCUMENTS["notice"], Options(**{**options.__dict__, "output_dir": tmp_path / "b"})
    ).outputs
    assert paths[0].read_bytes() == again[0].read_bytes(), "attachments keep bytes stable"
    with pikepdf.open(paths[0]) as pdf:
        meta = pdf.open_metadata(set_pikepdf_as_editor=False)
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "B")
        attached = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
        expected = {
            "plan-document.yaml": plan / "document.yaml",
            "plan-progress-2021.yaml": plan / "progress" / "2021.yaml",
            "plan-progress-2022.yaml": plan / "progress" / "2022.yaml",
            "plan-schedule.yaml": plan / "schedule.yaml",
        }
        for name, source in expected.items():
            assert attached[name] == source.read_bytes(), name
        assert "plan-progress-2023.yaml" not in attached
        for spec in pdf.Root.AF:
            assert spec.AFRelationship == "/Source"
