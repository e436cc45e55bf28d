"""Fuzzing the loaders, and generated plans through every stage.

1. Arbitrary bytes, YAML-ish text, and damaged copies of the real plan, progress and profile
   files (bytes flipped, truncated, lines deleted, duplicated or swapped, tabs, colons,
   brackets, anchors, tags, BOMs, control characters inserted) go to `load_yaml_file`,
   `load_plan`, `load_all_progress` and `load_profile`: only `DataError` may escape, every
   problem is one line, at line >= 1 and column >= 1 within the file, naming the damaged file.
2. Generated valid plans (1-3 parts, 1-5 measures, 1-4 districts, random valid references,
   CJK/ASCII text) pass `validate`, render to HTML holding their text, and when the writers
   import, to DOCX and PDF holding the same text.

Example counts are kept small so the file runs in about 20 seconds.
"""

from __future__ import annotations

import collections
import contextlib
import importlib.util
import re
import shutil
import string
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reportgen.cli.app import app
from reportgen.errors import DataError, Problem
from reportgen.layout.profile import default_profile_path, load_profile
from reportgen.plan.loader import load_plan
from reportgen.progress.report import load_all_progress
from reportgen.resources import default_plan_dir
from reportgen.source.yamlsource import load_yaml_file

runner = CliRunner()

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

PLAN_FILES = ["document.yaml", "units.yaml", "plan.yaml", "targets.yaml", "schedule.yaml"]
PROGRESS_FILES = sorted(
    str(p.relative_to(default_plan_dir())) for p in (default_plan_dir() / "progress").glob("*")
)


# --- checking what a loader raised -------------------------------------------------------


def line_count(raw: bytes) -> int:
    """Lines as YAML and editors count them: LF, CRLF and a lone CR each end one."""
    return raw.count(b"\n") + raw.count(b"\r") - raw.count(b"\r\n") + 1


def check_problems(problems: list[Problem], files: dict[str, bytes]) -> None:
    """Each problem names one of `files`, within its lines, on a single line of its own."""
    assert problems, "a DataError without problems"
    for problem in problems:
        assert problem.file in files, f"{problem.file} is not one of the loaded files"
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.line <= line_count(files[problem.file]) + 1, problem
        assert "\n" not in str(problem) and "\r" not in str(problem), repr(str(problem))


@contextlib.contextmanager
def only_data_errors() -> Iterator[list[Problem]]:
    """Let a `DataError` through into the yielded list; any other exception fails the test."""
    problems: list[Problem] = []
    try:
        yield problems
    except DataError as exc:
        problems.extend(exc.problems)


# --- damaging real files ------------------------------------------------------------------

INSERTS = [
    b"\t", b":", b": ", b"[", b"]", b"{", b"}", b",", b"&a ", b"*a", b"*a\n", b"- ", b"? ",
    b"'", b'"', b"#", b"\n", b"  ", b"---\n", b"...\n", b"|\n", b">-\n", b"%YAML 1.1\n",
    b"!!python/object/apply:os.system [true] ", b"!!binary ", b"!foo ", b"<<: *a\n",
    b"\xef\xbb\xbf", b"\x00", b"\xff", b"\xc0\xaf", b"\x07", b"\r", b".nan", b".inf", b"~",
    b'"\\x07"', b'"\\ud800"', "\u2028".encode(), "紹".encode(), "紹".encode()[:2],
    b"9" * 30, b"2021-02-30", b"[" * 80, b"{a: " * 70,
]  # fmt: skip


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        lines = bytes(data).split(b"\n")
        operation = draw(
            st.sampled_from(["flip", "truncate", "delete", "duplicate", "swap", "insert"])
        )
        if operation == "flip" and data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        elif operation == "truncate":
            del data[draw(st.integers(0, len(data))) :]
        elif operation in ("delete", "duplicate", "swap") and lines:
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if operation == "delete":
                del lines[i]
            elif operation == "duplicate":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
        else:
            at = draw(st.integers(0, len(data)))
            data[at:at] = draw(st.sampled_from(INSERTS))
    return bytes(data)


@st.composite
def damaged_plan_file(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(PLAN_FILES + PROGRESS_FILES))
    return name, draw(damaged((default_plan_dir() / name).read_bytes()))


@pytest.fixture(scope="module")
def plan_copy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("fuzz") / "plan"
    shutil.copytree(default_plan_dir(), target)
    return target


@contextlib.contextmanager
def replaced(path: Path, data: bytes) -> Iterator[None]:
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        yield
    finally:
        path.write_bytes(original)


def plan_files_of(directory: Path) -> dict[str, bytes]:
    paths = [directory / name for name in PLAN_FILES + PROGRESS_FILES]
    return {str(p): p.read_bytes() for p in paths if p.is_file()}


@FUZZ
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(plan_copy_dir: Path, raw: bytes) -> None:
    path = plan_copy_dir.parent / "arbitrary.yaml"
    path.write_bytes(raw)
    with only_data_errors() as problems:
        load_yaml_file(path)
    if problems:
        check_problems(problems, {str(path): raw})


YAMLISH = st.text(
    alphabet=st.sampled_from(
        [
            *(string.ascii_letters[:6] + string.digits[:4] + " \t\n\r:-[]{},#&*!|>'\"%@`?.~<=\\"),
            *["紹", "興", "\ufeff", "\x07", "\x85", "\u2028", "\ufffe", "\x00"],
        ]
    ),
    max_size=400,
)


@FUZZ
@given(YAMLISH)
def test_arbitrary_yaml_like_text(plan_copy_dir: Path, text: str) -> None:
    path = plan_copy_dir.parent / "yamlish.yaml"
    raw = text.encode("utf-8")
    path.write_bytes(raw)
    with only_data_errors() as problems:
        load_yaml_file(path)
    if problems:
        check_problems(problems, {str(path): raw})


@FUZZ
@given(damaged_plan_file())
def test_damaged_plan_files(plan_copy_dir: Path, damage: tuple[str, bytes]) -> None:
    name, raw = damage
    path = plan_copy_dir / name
    with replaced(path, raw):
        with only_data_errors() as own:
            load_yaml_file(path)
        if own:
            check_problems(own, {str(path): raw})
            assert all(p.file == str(path) for p in own)
        files = plan_files_of(plan_copy_dir)
        with only_data_errors() as problems:
            plan = load_plan(plan_copy_dir)
            load_all_progress(plan)
        if problems:
            check_problems(problems, files)
        if own:  # the file itself is broken: it is named among the plan's problems
            assert problems and any(p.file == str(path) for p in problems)


@FUZZ
@given(damaged(default_profile_path().read_bytes()))
def test_damaged_profile(plan_copy_dir: Path, raw: bytes) -> None:
    path = plan_copy_dir.parent / "profile.yaml"
    path.write_bytes(raw)
    with only_data_errors() as problems:
        load_profile(path)
    if problems:
        check_problems(problems, {str(path): raw})


# --- generated valid plans ---------------------------------------------------------------


def _plan_characters() -> list[str]:
    """CJK characters of the default plan (its fonts cover them), letters and digits."""
    text = "".join(p.read_text("utf-8") for p in default_plan_dir().glob("*.yaml"))
    cjk = sorted({ch for ch in text if "\u4e00" <= ch <= "\u9fff"})
    return cjk + list(string.ascii_letters + string.digits)


ALPHABET = _plan_characters()
words = st.text(alphabet=st.sampled_from(ALPHABET), min_size=1, max_size=12)
sentences = st.text(alphabet=st.sampled_from([*ALPHABET, "，"]), min_size=4, max_size=60).map(
    lambda s: s.strip("，") or "文"
)


@st.composite
def plan_folders(draw: st.DrawFn) -> dict[str, Any]:
    """The five files of a small, valid plan folder, as data."""
    districts = [{"id": f"d{i}", "name": draw(words)} for i in range(draw(st.integers(1, 4)))]
    units = [{"id": f"u{i}", "name": draw(words)} for i in range(draw(st.integers(1, 3)))]
    groups = []
    if draw(st.booleans()):
        members = draw(st.lists(st.sampled_from([u["id"] for u in units]), min_size=1, unique=True))
        groups.append({"id": "g0", "name": draw(words), "members": members})
    refs = [u["id"] for u in units] + [g["id"] for g in groups]
    start = 2021
    end = start + draw(st.integers(0, 4))
    part_count = draw(st.integers(1, 3))
    measure_count = draw(st.integers(part_count, 5))
    cuts = sorted(draw(st.permutations(list(range(1, measure_count))))[: part_count - 1])
    bounds = [0, *cuts, measure_count]
    parts = []
    for p in range(part_count):
        measures = []
        for number in range(bounds[p] + 1, bounds[p + 1] + 1):
            named = draw(st.lists(st.sampled_from(refs), unique=True, max_size=3))
            split = draw(st.integers(0, len(named)))
            responsible = [group for group in (named[:split], named[split:]) if group]
            measure = {"number": number, "heading": draw(words), "text": draw(sentences)}
            if responsible:
                measure["responsible"] = responsible
            measures.append(measure)
        parts.append({"heading": draw(words), "measures": measures})
    all_measures = [m for part in parts for m in part["measures"]]
    targets = []
    for i in range(draw(st.integers(0, 2))):
        measure = draw(st.sampled_from(all_measures))
        text = measure["text"]
        first = draw(st.integers(0, len(text) - 1))
        quote = text[first : draw(st.integers(first + 1, len(text)))]
        targets.append(
            {
                "id": f"t{i}",
                "measure": measure["number"],
                "quote": quote,
                "indicator": draw(words),
                "comparator": draw(st.sampled_from(["達到", "小于", "以上"])),
                "value": draw(st.integers(0, 1000)),
                "unit": draw(st.sampled_from(["", "%", "所"])),
                "deadline": draw(st.integers(start, end)),
                "scope": draw(st.sampled_from(["city", "district"])),
            }
        )
    columns = [d["id"] for d in districts] + ["city"]
    projects = []
    for i in range(draw(st.integers(1, 2))):
        years = draw(st.lists(st.integers(start, end), min_size=1, max_size=2, unique=True))
        rows = []
        for year in sorted(years):
            cells = draw(st.dictionaries(st.sampled_from(columns), words, max_size=3))
            rows.append({"year": year, "cells": cells})
        projects.append({"id": f"p{i}", "name": draw(words), "label": draw(words), "rows": rows})
    document = {
        "script": draw(st.sampled_from(["simplified", "traditional"])),
        "issuer": draw(words),
        "header_mark": draw(words),
        "doc_number": {"code": draw(words), "year": start, "number": draw(st.integers(1, 99))},
        "kind": "通知",
        "title": draw(words),
        "addressee": draw(words),
        "body": draw(st.lists(sentences, min_size=1, max_size=3)),
        "signature": draw(words),
        "date": f"{start}-01-18",
    }
    return {
        "document.yaml": document,
        "units.yaml": {
            "area": {
                "whole": draw(words),
                "district_kind": draw(words),
                "reporters": draw(words),
                "addressees": draw(words),
            },
            "districts": districts,
            "units": units,
            "groups": groups,
        },
        "plan.yaml": {
            "title": draw(words),
            "topic": draw(words),
            "self_name": draw(words),
            "period": {"start": start, "end": end},
            "preamble": draw(sentences),
            "parts": parts,
        },
        "targets.yaml": {"targets": targets},
        "schedule.yaml": {
            "title": draw(words),
            "collective_name": draw(words),
            "project_noun": draw(words),
            "task_noun": draw(words),
            "headers": {"city": draw(words)},
            "projects": projects,
        },
    }


def write_plan(folder: Path, files: dict[str, Any]) -> None:
    folder.mkdir(parents=True)
    for name, data in files.items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / name).write_text(text, "utf-8")


def texts_of(files: dict[str, Any]) -> list[str]:
    """Text a circular must print as written: the notice's body, the plan's measures.

    Only when the data is traditional: simplified output is converted with OpenCC, whose
    phrase-based conversion of a whole paragraph need not match the parts converted alone.
    """
    if files["document.yaml"]["script"] != "traditional":
        return []
    measures = [m for part in files["plan.yaml"]["parts"] for m in part["measures"]]
    return [
        *files["document.yaml"]["body"],
        files["plan.yaml"]["preamble"],
        *(m["text"] for m in measures),
        *(part["heading"] for part in files["plan.yaml"]["parts"]),
    ]


@settings(max_examples=30, deadline=None, database=None)
@given(plan_folders())
def test_generated_plans_validate_and_render_html(files: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plan"
        write_plan(folder, files)
        result = runner.invoke(app, ["validate", "--plan", str(folder)])
        assert result.exit_code == 0, result.output
        out = Path(tmp) / "out"
        args = ["render", "circular", "-f", "html", "-o", str(out), "--plan", str(folder)]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        html = next(out.glob("*.html")).read_text("utf-8")
        for text in texts_of(files):
            assert text in html, text


WRITERS_IMPORT = all(
    importlib.util.find_spec(name) is not None for name in ("weasyprint", "docx", "pdfplumber")
)
if WRITERS_IMPORT:
    try:
        import reportgen.writers.docx.writer
        import reportgen.writers.pdf.writer  # noqa: F401
    except ImportError:
        WRITERS_IMPORT = False


def without_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_paragraphs(path: Path) -> tuple[list[str], str]:
    """The DOCX's top-level paragraphs, and all its body text (tables too)."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    body_text = "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))
    return [p.text for p in document.paragraphs], body_text


def pdf_body_text(path: Path) -> str:
    """The PDF's text without whitespace and without its page numbers (— 1 —)."""
    import pdfplumber

    before, _, after = load_profile().page_number.format.partition("{n}")
    number = re.escape(without_whitespace(before)) + r"\d+" + re.escape(without_whitespace(after))
    with pdfplumber.open(str(path)) as pdf:
        text = "".join(without_whitespace(page.extract_text() or "") for page in pdf.pages)
    return re.sub(number, "", text)


@pytest.mark.skipif(not WRITERS_IMPORT, reason="the PDF/DOCX writers do not import")
@settings(max_examples=6, deadline=None, database=None)
@given(plan_folders())
def test_generated_plans_give_the_same_text_in_docx_and_pdf(files: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plan"
        write_plan(folder, files)
        out = Path(tmp) / "out"
        args = [
            "render",
            "circular",
            "-f",
            "docx",
            "-f",
            "pdf",
            "-o",
            str(out),
            "--plan",
            str(folder),
        ]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        paragraphs, docx_text = docx_paragraphs(next(out.glob("*.docx")))
        pdf_text = pdf_body_text(next(out.glob("*.pdf")))
        # the same characters, each as often (table cells may come out in another order)...
        docx_chars = collections.Counter(without_whitespace(docx_text))
        pdf_chars = collections.Counter(pdf_text)
        assert docx_chars == pdf_chars, (docx_chars - pdf_chars, pdf_chars - docx_chars)
        # ...and every paragraph outside the tables in one piece
        for paragraph in paragraphs:
            assert without_whitespace(paragraph) in pdf_text, paragraph
        for text in texts_of(files):
            assert text in without_whitespace(docx_text), text
