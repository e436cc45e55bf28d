"""Write output files safely: whole files only, never a half-written document.

Each file is written to a temporary name in its target folder, flushed to disk, then renamed
over the target in one step, so a reader (or an interrupted run) sees the old file or the new
one, never a truncated mix.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path

from ..errors import OutputError


def write_atomically(target: Path, data: bytes) -> None:
    """Replace `target` with `data` in one step."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=temporary_prefix(target.name), suffix=".part", dir=folder
        )
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


NAME_MAX = 255
"""Longest file name most file systems take, in bytes."""
_TEMPORARY_EXTRA = len("..") + 8 + len(".part")
"""What `mkstemp` adds around a target's name: a dot before, a dot and 8 random
characters and `.part` after."""


def temporary_prefix(name: str) -> str:
    """The prefix of `name`'s temporary files: `.NAME.`, or, when that would make a name too
    long for the file system, `.H.` with H a hash of `name` (24 hex digits)."""
    if len(name.encode("utf-8")) + _TEMPORARY_EXTRA <= NAME_MAX:
        return f".{name}."
    return f".{hashlib.sha256(name.encode('utf-8')).hexdigest()[:24]}."


def _mode_for(target: Path) -> int:
    """The permissions `target` is written with: those of the regular file it replaces, or
    what the umask leaves of rw-rw-rw- for a new one (the temporary file starts at 0600)."""
    try:
        status = os.lstat(target)
    except OSError:
        status = None
    if status is not None and stat.S_ISREG(status.st_mode):
        return stat.S_IMODE(status.st_mode) & 0o777
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_all(files: dict[Path, bytes], *, force: bool = False) -> list[Path]:
    """Write every file of one document atomically; return the paths in order.

    An existing file that reportgen did not make is never replaced unless `force` is given:
    every target is checked before the first one is written.
    """
    if not force:
        foreign = [path for path in files if path.exists() and not made_by_reportgen(path)]
        if foreign:
            names = ", ".join(str(path) for path in foreign)
            raise OutputError(
                f"{names}: exists and was not made by reportgen; move it away or use --force"
            )
    for target, data in files.items():
        write_atomically(target, data)
    return list(files)


GENERATOR = "reportgen"
"""The name every output carries as its generator: HTML <meta name="generator">, the PDF's
/Creator, the DOCX's docProps/app.xml <Application>."""

_OBJECT_STREAM = re.compile(rb"<<[^>]*?/Type\s*/ObjStm[^>]*?>>\s*stream\r?\n")


def made_by_reportgen(path: Path) -> bool:
    """Whether the file at `path` is an HTML, PDF or DOCX file that reportgen wrote."""
    try:
        if not path.is_file():
            return False
        if path.suffix == ".html":
            head = path.read_bytes()[:4096]
            return f'<meta name="generator" content="{GENERATOR}">'.encode() in head
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as package:
                app = package.read("docProps/app.xml")
            return f"<Application>{GENERATOR}</Application>".encode() in app
        if path.suffix == ".pdf":
            return _pdf_creator_is_ours(path.read_bytes())
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return False


def _pdf_creator_is_ours(data: bytes) -> bool:
    """Look for /Creator (reportgen) in the PDF, plain or inside a compressed object stream."""
    marker = f"/Creator ({GENERATOR})".encode()
    if marker in data:
        return True
    for match in _OBJECT_STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        try:
            content = zlib.decompressobj().decompress(data[match.end() : end], 1 << 20)
        except zlib.error:
            continue
        if marker in content:
            return True
    return False
