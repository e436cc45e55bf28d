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


def output_of_fresh_python(code: str) -> str:
    """What `code` prints in a Python process of its own (nothing imported before it)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


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
    count, _, runs = output_of_fresh_python(code).strip().partition(" ")
    assert int(count) == 1, runs
    assert "ldconfig" in runs


def test_weasyprint_is_imported_without_fonttools_subsetter_and_instancer() -> None:
    """The two modules are imported when WeasyPrint first calls into them, and what it calls
    is then the real thing; nothing else in the process ever sees a stand-in."""
    code = (
        "import sys\n"
        "from reportgen.writers.pdf.libraries import import_weasyprint\n"
        "import_weasyprint()\n"
        "heavy = ('fontTools.subset', 'fontTools.varLib', 'fontTools.varLib.instancer',\n"
        "    'fontTools.ttLib.tables.otTables')\n"
        "loaded = sorted(name for name in heavy if name in sys.modules)\n"
        "print('loaded before use:', loaded)\n"
        "from weasyprint.pdf import fonts\n"
        "options = fonts.subset.Options(notdef_outline=True)\n"
        "import fontTools.subset, fontTools.varLib.instancer\n"
        "real = type(options) is fontTools.subset.Options\n"
        "print('real options:', real, options.notdef_outline)\n"
        "print('real instancer:', fonts.instantiateVariableFont.target()\n"
        "    is fontTools.varLib.instancer.instantiateVariableFont)\n"
        "print('real module:', type(sys.modules['fontTools.subset']).__name__)\n"
    )
    assert output_of_fresh_python(code).splitlines() == [
        "loaded before use: []",
        "real options: True True",
        "real instancer: True",
        "real module: module",
    ]


def test_a_deferred_module_is_left_alone_when_it_was_imported_before() -> None:
    code = (
        "import sys, fontTools.subset\n"
        "from reportgen.writers.pdf.deferredimports import deferred_modules\n"
        "real = sys.modules['fontTools.subset']\n"
        "with deferred_modules(('fontTools.subset', 'fontTools.varLib.instancer')):\n"
        "    import fontTools.subset as inside, fontTools.varLib.instancer as stand_in\n"
        "left = 'fontTools.varLib.instancer' in sys.modules\n"
        "print(inside is real, type(stand_in).__name__, left)\n"
    )
    assert output_of_fresh_python(code).split() == ["True", "StandIn", "False"]
