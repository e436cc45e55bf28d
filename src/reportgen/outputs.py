"""Write output files safely: whole files only, never a half-written document.

Each file is written to a temporary name in its target folder, flushed to disk, then renamed
over the target in one step, so a reader (or an interrupted run) sees the old file or the new
one, never a truncated mix.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import OutputError


def write_atomically(target: Path, data: bytes) -> None:
    """Replace `target` with `data` in one step."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_all(files: dict[Path, bytes]) -> list[Path]:
    """Write every file of one document atomically; return the paths in order."""
    for target, data in files.items():
        write_atomically(target, data)
    return list(files)
