"""WeasyPrint's libraries are found from the loader's cache, as ctypes finds them."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys

import pytest

from reportgen.writers.pdf import libraries

WEASYPRINT_NAMES = [
    *("libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libpango-1.0-0", "pango-1.0"),
    *("libharfbuzz-0", "harfbuzz", "harfbuzz-0.0", "libharfbuzz-subset-0", "harfbuzz-subset"),
    *("libharfbuzz-vector-0", "harfbuzz-vector", "libharfbuzz-vector-0.dll", "fontconfig-1"),
    *("fontconfig", "libpangoft2-1.0-0", "pangoft2-1.0", "c", "m", "no-such-library-here"),
]
"""Names WeasyPrint tries (some exist nowhere on Linux), and a few more."""

needs_ldconfig = pytest.mark.skipif(
    libraries.loader_cache() is None, reason="no dynamic loader cache (ldconfig) here"
)


@needs_ldconfig
def test_the_quick_search_finds_what_ctypes_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    original = ctypes.util.find_library
    found = {name: original(name) for name in WEASYPRINT_NAMES}
    assert found["gobject-2.0"] and found["harfbuzz"]  # the machine has them
    with libraries.quick_library_search():
        quick = {name: ctypes.util.find_library(name) for name in WEASYPRINT_NAMES}
    assert quick == found
    assert ctypes.util.find_library is original  # restored after the block


@needs_ldconfig
def test_weasyprint_is_imported_with_one_library_listing() -> None:
    """Every search runs programs (ldconfig, the compiler, the linker); the quick one runs
    `ldconfig -p` once for all of WeasyPrint's libraries."""
    code = (
        "import subprocess\n"
        "runs = []\n"
        "original = subprocess.Popen.__init__\n"
        "def counted(self, args, *rest, **kwargs):\n"
        "    runs.append(args)\n"
        "    original(self, args, *rest, **kwargs)\n"
        "subprocess.Popen.__init__ = counted\n"
        "from reportgen.writers.pdf.fontsetup import font_configuration\n"
        "font_configuration()\n"
        "print(len(runs), runs)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    count, _, runs = result.stdout.strip().partition(" ")
    assert int(count) == 1, runs
    assert "ldconfig" in runs
