"""WeasyPrint's font configuration: built once per process, shared by the PDF writer and the
user-agent stylesheet, released before the interpreter exits."""

from __future__ import annotations

import atexit
import functools
import shutil
from pathlib import Path
from typing import Any

from .libraries import import_weasyprint


@functools.cache
def font_configuration() -> Any:
    """WeasyPrint's fontconfig configuration, built once per process and reused.

    It is released when the program exits, before the interpreter tears down the modules its
    finaliser needs (which would otherwise print an ignored exception at exit).
    """
    import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    atexit.register(font_configuration.cache_clear)
    return FontConfiguration()


def font_copies_folder() -> Path | None:
    """The folder into which this process's font configuration has copied the fonts of
    @font-face rules (None before the first)."""
    if font_configuration.cache_info().currsize == 0:
        return None
    folder = getattr(font_configuration(), "_folder", None)
    return Path(folder) if folder is not None else None


def release_font_copies(inherited: Path | None) -> None:
    """Remove the folder of `font_copies_folder` unless it is `inherited` (made by the process
    this one was forked from, which still uses it).

    WeasyPrint removes it when the configuration is collected, which never happens in a
    process that ends with `os._exit`, as multiprocessing's workers do: each would leave its
    copies (16 MB of CJK faces) behind."""
    folder = font_copies_folder()
    if folder is None or folder == inherited:
        return
    shutil.rmtree(folder, ignore_errors=True)
    font_configuration()._folder = None
