"""WeasyPrint's fixed-length C arrays are allocated without parsing a C type per length."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cffi
import cffi.cparser
import pytest

from reportgen.build import render_document
from reportgen.core import DocumentRequest, Options
from reportgen.resources import default_plan_dir
from reportgen.writers.pdf import arrays


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The C declarations cffi parses while the test runs."""
    seen: list[str] = []
    original = cffi.cparser.Parser.parse_type_and_quals

    def counted(self: Any, cdecl: str) -> Any:
        seen.append(cdecl)
        return original(self, cdecl)

    monkeypatch.setattr(cffi.cparser.Parser, "parse_type_and_quals", counted)
    return seen


def test_a_fixed_array_is_an_open_array_of_the_same_elements(parses: list[str]) -> None:
    ffi = cffi.FFI()
    ffi.cdef("typedef unsigned int hb_codepoint_t;")
    new = arrays.open_array_allocator(ffi.new)
    for length in (3, 40, 41, 977):
        glyphs = list(range(5, 5 + length))
        array = new(f"hb_codepoint_t[{length}]", glyphs)
        assert len(array) == length
        assert list(array) == glyphs
        assert ffi.typeof(array) == ffi.typeof("hb_codepoint_t[]")
    assert parses.count("hb_codepoint_t[]") == 1  # one type, whatever the lengths
    assert not [p for p in parses if p.startswith("hb_codepoint_t[") and p != "hb_codepoint_t[]"]

    shorter = new("hb_codepoint_t[6]", (7, 8))
    assert list(shorter) == [7, 8, 0, 0, 0, 0]  # zero after the initialiser, as cffi does
    assert list(new("hb_codepoint_t[4]")) == [0, 0, 0, 0]
    with pytest.raises(IndexError):
        new("hb_codepoint_t[2]", [1, 2, 3])  # too long: cffi's own error
    name = new("char[4]", b"ab")  # bytes go to cffi unchanged
    assert ffi.string(name) == b"ab" and len(name) == 4
    assert ffi.typeof(new("unsigned int *")) == ffi.typeof("unsigned int *")


def test_a_new_document_parses_no_c_type(tmp_path: Path, parses: list[str]) -> None:
    options = Options(default_plan_dir(), tmp_path, formats=("pdf",), force=True)
    for request in (DocumentRequest("circular"), DocumentRequest("notice", year=2022)):
        render_document(request, options)
    parses.clear()
    render_document(DocumentRequest("summary", year=2023, unit="keqiao-gov"), options)
    assert parses == []  # other glyphs, other array lengths, no new C type
