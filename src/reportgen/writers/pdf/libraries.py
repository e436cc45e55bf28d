"""Importing WeasyPrint without searching the disk for other platforms' library names.

WeasyPrint loads Pango, HarfBuzz, fontconfig and GObject by trying each library's names for
every platform in turn (`libgobject-2.0-0`, `gobject-2.0-0`, `gobject-2.0`, then the Linux
soname …). cffi hands every name it cannot load straight away to `ctypes.util.find_library`,
which on Linux runs `ldconfig -p` and, when that does not know the name, the C compiler and
the linker: 22 searches, 18 of them for names that do not exist here, about 0.23 s of every
process that lays out a PDF (a cold `reportgen render`, each batch's forkserver, `watch`).

`import_weasyprint` imports WeasyPrint with a `find_library` that reads the dynamic loader's
cache (`ldconfig -p`) once and answers from it, as `find_library` does first. A name the cache
does not hold is looked for in `LD_LIBRARY_PATH` (with `find_library` itself when found
there), and is otherwise not found: the compiler's own search path, the one place left out,
holds no library the dynamic loader would load by that name anyway. Outside Linux, or without
`ldconfig`, WeasyPrint is imported as it is.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import os
import platform
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .deferredimports import deferred_modules

LDCONFIG = "/sbin/ldconfig"

_ABI_OF_MACHINE = {
    "x86_64": "libc6,x86-64",
    "ppc64": "libc6,64bit",
    "ppc64le": "libc6,64bit",
    "sparc64": "libc6,64bit",
    "s390x": "libc6,64bit",
    "ia64": "libc6,IA-64",
}
"""The ABI label `ldconfig -p` gives this machine's 64-bit libraries (others: `libc6`)."""


def import_weasyprint() -> Any:
    """The `weasyprint` module, imported the first time with the quick library search and
    without fontTools' subsetter and instancer (`deferredimports`)."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    with quick_library_search(), deferred_modules():
        import weasyprint
    return weasyprint


@contextlib.contextmanager
def quick_library_search() -> Iterator[None]:
    """Within the block, `ctypes.util.find_library` answers from the loader's cache."""
    entries = loader_cache()
    if entries is None:
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = functools.partial(find_library, entries, original)
    try:
        yield
    finally:
        ctypes.util.find_library = original


def find_library(
    entries: tuple[tuple[str, str], ...], fallback: Callable[[str], str | None], name: str
) -> str | None:
    """The soname of library `name` in the loader's cache `entries`; else, when
    `LD_LIBRARY_PATH` holds `lib<name>.so`, what `fallback` (ctypes' own) finds; else None."""
    abi = _ABI_OF_MACHINE.get(platform.machine(), "libc6")
    prefix = f"lib{name}."
    for soname, flags in entries:
        if soname.startswith(prefix) and flags.startswith(abi):
            return soname
    for folder in os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep):
        if folder and (Path(folder) / f"lib{name}.so").exists():
            return fallback(name)
    return None


@functools.cache
def loader_cache() -> tuple[tuple[str, str], ...] | None:
    """(soname, ABI flags) of every library in the dynamic loader's cache, in `ldconfig -p`'s
    order; None outside Linux or when `ldconfig` cannot be run."""
    if not sys.platform.startswith("linux") or sys.maxsize <= 2**32:
        return None
    try:
        listing = subprocess.run(
            [LDCONFIG, "-p"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env={"LC_ALL": "C", "LANG": "C"},
            check=True,
            timeout=10,
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return None
    entries = []
    for line in listing.splitlines()[1:]:
        soname, _, rest = line.strip().partition(" (")
        flags, _, _ = rest.partition(")")
        if soname and flags:
            entries.append((soname, flags))
    return tuple(entries)
