"""WeasyPrint's font configuration: built once per process, shared by the PDF writer and the
user-agent stylesheet, released before the interpreter exits."""

from __future__ import annotations

import atexit
import functools
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
