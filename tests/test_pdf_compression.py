"""The PDF's streams are compressed at reportgen's zlib level, and only the file size changes."""

from __future__ import annotations

import io
import zlib
from typing import Any

import pdfplumber
import pytest

from reportgen.build import render_document
from reportgen.core import DocumentRequest, Options
from reportgen.resources import default_plan_dir
from reportgen.writers.pdf import compression as pdfcompression


def test_the_shim_compresses_at_its_own_level_whatever_is_asked() -> None:
    data = bytes(range(256)) * 400 + "紹興市推進教育現代化".encode() * 500
    shim = pdfcompression.ZlibAtLevel(1)
    compressor = shim.compressobj(level=9)
    ours = compressor.compress(data) + compressor.flush()
    assert ours == zlib.compress(data, 1)
    assert ours != zlib.compress(data, 9)
    assert shim.compress(data) == zlib.compress(data, 1)
    assert zlib.decompress(ours) == data
    assert shim.decompress is zlib.decompress  # everything else is zlib's own


def _circular_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("pdf")
    options = Options(plan_dir=default_plan_dir(), output_dir=out, formats=("pdf",))
    render_document(DocumentRequest("circular"), options)
    (path,) = out.glob("*.pdf")
    return path.read_bytes()


def _chars(page: Any) -> list[tuple[str, float, float, str]]:
    return [(c["text"], round(c["x0"], 2), round(c["top"], 2), c["fontname"]) for c in page.chars]


def test_level_changes_the_size_not_the_pages(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pydyf

    level1 = _circular_pdf(tmp_path_factory)
    assert pydyf.zlib.level == pdfcompression.PDF_ZLIB_LEVEL == 1
    monkeypatch.setattr(pdfcompression, "PDF_ZLIB_LEVEL", 9)
    level9 = _circular_pdf(tmp_path_factory)
    assert pydyf.zlib.level == 9
    monkeypatch.undo()
    pdfcompression.use_compression_level()

    assert len(level1) > len(level9)  # the lower level was applied
    assert len(level1) < len(level9) * 1.10
    with pdfplumber.open(io.BytesIO(level1)) as fast, pdfplumber.open(io.BytesIO(level9)) as small:
        assert len(fast.pages) == len(small.pages) == 10
        for a, b in zip(fast.pages, small.pages, strict=True):
            assert _chars(a) == _chars(b)
