"""The font files of the PDF's faces, read into memory once per process.

When WeasyPrint starts writing a PDF, it copies the whole file of every face the document
uses into a Python `bytes` (`weasyprint.pdf.fonts.Font`), then has HarfBuzz subset the face
itself and keeps the subset; the copy is used only when subsetting fails, and is thrown away
with the document. A CJK face is 4–27 MB (the Noto CJK collections hold several faces in one
file), so every document paid for the copies again: measured per circular, about 13 ms in
the Fandol faces (simplified) and 43 ms in cwTeX, Noto and AR PL UKai (traditional).

`use_face_data_cache` keeps each face's bytes after its first copy, for the faces WeasyPrint
reads while creating its `Font` objects. The bytes are the same (a face's file does not
change while the face exists), so the PDF is too. A face is known by its HarfBuzz face, to
which the cache holds a reference: the face stays alive while its bytes are kept, so its
address cannot be taken by another face. At most `FACES_KEPT` faces are kept; the oldest is
let go first. The price is memory held between documents (31 MB for the Fandol faces, 73 MB
for the traditional ones), which every PDF's writing took at its peak anyway.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

FACES_KEPT = 12
"""How many faces' bytes a process keeps (a document in one script uses 4–6)."""

_FACES: dict[int, tuple[Any, bytes | None]] = {}
"""Face address → (the face, referenced; its file's bytes)."""
_LOCK = threading.Lock()
_READING = threading.local()
"""`active` is true while this thread creates a WeasyPrint `Font`."""


def use_face_data_cache() -> None:
    """Make WeasyPrint read each face's file once per process (see the module's text)."""
    import weasyprint.pdf.fonts as pdf_fonts

    if getattr(pdf_fonts.get_hb_object_data, "reads_faces_once", False):
        return
    read = pdf_fonts.get_hb_object_data
    create = pdf_fonts.Font.__init__

    @functools.wraps(read)
    def get_hb_object_data(hb_object: Any, ot_color: Any = None, glyph: Any = None) -> Any:
        if ot_color is None and getattr(_READING, "active", False):
            return face_data(hb_object, read)
        return read(hb_object, ot_color, glyph)

    @functools.wraps(create)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        _READING.active = True
        try:
            create(self, *args, **kwargs)
        finally:
            _READING.active = False

    get_hb_object_data.reads_faces_once = True  # type: ignore[attr-defined]
    pdf_fonts.Font.__init__ = __init__
    pdf_fonts.get_hb_object_data = get_hb_object_data


def face_data(hb_face: Any, read: Any) -> bytes | None:
    """The bytes of `hb_face`'s file: `read(hb_face)` the first time, kept afterwards."""
    from weasyprint.text.ffi import ffi, harfbuzz

    address = int(ffi.cast("uintptr_t", hb_face))
    with _LOCK:
        kept = _FACES.get(address)
    if kept is not None:
        return kept[1]
    data: bytes | None = read(hb_face)
    with _LOCK:
        if address not in _FACES:
            while len(_FACES) >= FACES_KEPT:
                old_face, _ = _FACES.pop(next(iter(_FACES)))
                harfbuzz.hb_face_destroy(old_face)
            _FACES[address] = (harfbuzz.hb_face_reference(hb_face), data)
    return data


def forget_faces() -> None:
    """Let go of every kept face and its bytes."""
    from weasyprint.text.ffi import harfbuzz

    with _LOCK:
        faces = list(_FACES.values())
        _FACES.clear()
    for face, _ in faces:
        harfbuzz.hb_face_destroy(face)


def kept_faces() -> int:
    """How many faces' bytes are kept now."""
    with _LOCK:
        return len(_FACES)
