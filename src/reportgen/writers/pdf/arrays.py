"""C arrays for WeasyPrint without a C type parsed per array length.

cffi knows a C type by its declaration's text and parses each new text with pycparser, about
7 ms each on the reference machine. WeasyPrint asks for arrays with the length in the
declaration (`ffi.new(f"hb_codepoint_t[{n}]", glyphs)` when it subsets a font: two arrays per
face whose lengths change with the document's glyphs), so nearly every document parsed up to
ten new types: about 60 ms per PDF in a batch, where no two documents have the same glyphs
(the benchmark's repeated circular hid it, its lengths repeating).

`use_open_arrays` makes WeasyPrint's `ffi.new` allocate such an array as the open array type
(`hb_codepoint_t[]`, parsed once) of the same length: the same elements in the same memory,
zero after the initialiser's, so the PDF is the same. Any other declaration, or an
initialiser that is not a list or tuple, goes to cffi as it was.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_FIXED_ARRAY = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*\[\s*([0-9]+)\s*\]\s*")
"""`type[N]`: a one-dimensional array of a named type, its length given."""


def use_open_arrays() -> None:
    """Make WeasyPrint's cffi allocate `type[N]` arrays as `type[]` of N elements."""
    from weasyprint.text.ffi import ffi

    if getattr(ffi.new, "opens_arrays", False):
        return
    ffi.new = open_array_allocator(ffi.new)


def open_array_allocator(new: Any) -> Any:
    """`new` (a cffi `FFI.new`) with `type[N]` arrays allocated as `type[]` of N elements."""

    @functools.wraps(new)
    def allocate(cdecl: Any, init: Any = None) -> Any:
        if isinstance(cdecl, str) and (init is None or isinstance(init, (list, tuple))):
            fixed = _FIXED_ARRAY.fullmatch(cdecl)
            if fixed is not None:
                open_type, length = f"{fixed.group(1)}[]", int(fixed.group(2))
                if init is None:
                    return new(open_type, length)
                if len(init) == length:
                    return new(open_type, init)
                if len(init) < length:
                    array = new(open_type, length)
                    array[0 : len(init)] = init
                    return array
        return new(cdecl, init)

    allocate.opens_arrays = True  # type: ignore[attr-defined]
    return allocate
