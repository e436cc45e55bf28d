"""Seal pictures (印章) an office supplies: read, checked and described for both writers.

Input: a PNG or SVG file. Output: a `Seal` with its bytes, its type and its proportions, or a
`UsageError` that names the file and what is wrong with it (unreadable, not a picture, too
large, no size). Nothing about the picture is guessed: a file that cannot be read whole is
refused before any output is written.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..layout.profile import SealStyle

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_LENGTH = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(px|pt|mm|cm|in)?\s*$")


@dataclass(frozen=True)
class Seal:
    """A seal picture: its bytes, its media type and its proportions (pixels or SVG units)."""

    path: Path
    data: bytes
    media_type: str
    width_px: float
    height_px: float

    @property
    def data_url(self) -> str:
        """The picture as a `data:` URL, which the PDF writer embeds without a file fetch."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def load_seal(path: Path, style: SealStyle) -> Seal:
    """The seal picture at `path`, checked; UsageError naming the file otherwise."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UsageError(f"--seal {path}: not a regular file")
        if size > style.max_file_bytes:
            raise UsageError(
                f"--seal {path}: {size} bytes, more than the {style.max_file_bytes} a seal "
                "picture may have; export it smaller"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"--seal {path}: cannot be read ({exc.strerror})") from None
    return seal_from_bytes(path, data, style)


def seal_from_data_url(url: str, style: SealStyle) -> Seal:
    """The seal a `data:` URL holds (as the HTML carries it to the DOCX writer)."""
    header, _, payload = url.partition(",")
    if not header.startswith("data:") or not header.endswith(";base64"):
        raise UsageError("a seal picture's URL is not a base64 data: URL")
    try:
        data = base64.b64decode(payload, validate=True)
    except ValueError:
        raise UsageError("a seal picture's data: URL is not valid base64") from None
    return seal_from_bytes(Path("(data: URL)"), data, style)


def seal_from_bytes(path: Path, data: bytes, style: SealStyle) -> Seal:
    """The seal picture `data` (read from `path`), checked."""
    if len(data) > style.max_file_bytes:
        raise UsageError(f"--seal {path}: more than {style.max_file_bytes} bytes")
    if data.startswith(PNG_SIGNATURE):
        width, height = _png_size(path, data, style)
        return Seal(path, data, "image/png", width, height)
    if _looks_like_svg(data):
        width, height = _svg_size(path, data)
        return Seal(path, data, "image/svg+xml", width, height)
    raise UsageError(f"--seal {path}: not a PNG or SVG picture; give the seal as PNG or SVG")


def _png_size(path: Path, data: bytes, style: SealStyle) -> tuple[float, float]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > style.max_pixels:
                raise UsageError(
                    f"--seal {path}: {width} × {height} pixels, more than the "
                    f"{style.max_pixels} a seal picture may have; export it smaller"
                )
            image.load()
    except UsageError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise UsageError(f"--seal {path}: a damaged PNG ({exc})") from None
    if width < 1 or height < 1:
        raise UsageError(f"--seal {path}: the picture has no size")
    return float(width), float(height)


def _looks_like_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:65536]


def _svg_size(path: Path, data: bytes) -> tuple[float, float]:
    """The SVG's proportions from its width and height, else its viewBox."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise UsageError(f"--seal {path}: not a well-formed SVG ({exc})") from None
    if root.tag not in {"svg", "{http://www.w3.org/2000/svg}svg"}:
        raise UsageError(f"--seal {path}: its root element is not <svg>")
    width, height = _length(root.get("width")), _length(root.get("height"))
    if width is None or height is None:
        box = (root.get("viewBox") or "").replace(",", " ").split()
        try:
            width, height = float(box[2]), float(box[3])
        except (IndexError, ValueError):
            width = height = None
    if not width or not height or width <= 0 or height <= 0:
        raise UsageError(f"--seal {path}: the SVG gives no width and height nor a viewBox")
    return width, height


def _length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    return float(match.group(1)) if match else None
