"""The zlib level of the PDF's compressed streams.

pydyf, which WeasyPrint writes its PDFs with, compresses every stream at zlib level 9 and
offers no setting for the level (WeasyPrint's only option is compression on or off). Most of
a document's stream bytes are its embedded font subsets. Measured on the circular (22
streams, 2.3–2.5 MB before compression), in CPU time per document:

    level 1: 535 kB, 14 ms      level 6: 513–520 kB, 22–33 ms
    level 3: 528–531 kB, 18 ms  level 9: 511–519 kB, 38–41 ms

Level 1 saves about 25 ms a document for files 3–5 % larger, so reportgen writes at level 1.
It does so by giving pydyf's module a `zlib` whose compressors use that level; nothing else
of zlib changes, and decompression is untouched.
"""

from __future__ import annotations

import zlib
from typing import Any

PDF_ZLIB_LEVEL = 1


class ZlibAtLevel:
    """The `zlib` module, with compression always at `level` whatever the caller asks."""

    def __init__(self, level: int) -> None:
        self.level = level

    def compressobj(self, level: int = -1, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(self.level, *args, **kwargs)

    def compress(self, data: bytes, /, level: int = -1, **kwargs: Any) -> bytes:
        return zlib.compress(data, self.level, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def use_compression_level(level: int | None = None) -> None:
    """Make pydyf compress the PDF's streams at `level` (default `PDF_ZLIB_LEVEL`) from now
    on, in this process."""
    import pydyf

    level = PDF_ZLIB_LEVEL if level is None else level

    current = getattr(pydyf, "zlib", None)
    if not (isinstance(current, ZlibAtLevel) and current.level == level):
        pydyf.zlib = ZlibAtLevel(level)
