"""`reportgen inspect`: read an output's provenance back and compare it with today's inputs.

Input: a PDF, DOCX or HTML file reportgen wrote, and the plan folder (plus the templates
and profile override it was built with, if any). Output: the recorded provenance and the
list of inputs that changed since, are new, or are gone — empty when the file still matches.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError
from ..plan.model import Script
from .provenance import Provenance

_STREAM = re.compile(rb"<<((?:[^<>]|<<(?:[^<>])*>>)*)>>\s*stream\r?\n", re.DOTALL)
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_MAX_BYTES = 200 * 1024 * 1024


@dataclass
class Inspection:
    """What a file records and how today's inputs differ from it."""

    path: Path
    recorded: Provenance
    changed: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return not (self.changed or self.new or self.gone)

    def lines(self) -> list[str]:
        """The verdict, then what differs, then the notes."""
        r = self.recorded
        made = f"{r.generator} {r.version}, plan {r.plan}, {_describe(r.document)}, {r.script}"
        sample = ", sample data" if r.sample else ""
        lines = [f"{self.path}: made by {made}{sample}; inputs {r.fingerprint[:16]}"]
        if self.matches:
            lines.append(f"{self.path}: matches the current inputs ({len(r.inputs)} inputs)")
        else:
            lines.append(f"{self.path}: does not match the current inputs")
            for label, names in (
                ("input changed", self.changed),
                ("new input", self.new),
                ("input gone", self.gone),
            ):
                lines.extend(f"  {label}: {name}" for name in names)
        lines.extend(f"  note: {note}" for note in self.notes)
        return lines


def _describe(document: dict[str, object]) -> str:
    return " ".join(f"{key}={value}" for key, value in document.items())


def read_provenance(path: Path) -> Provenance:
    """The provenance recorded in `path`; DataError when there is none or it is unreadable."""
    from ..writers.docx.provenance import read_docx_provenance
    from ..writers.web import read_html_provenance

    try:
        with path.open("rb") as stream:
            data = stream.read(_MAX_BYTES)
    except OSError as exc:
        raise DataError.at_file(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        if data.startswith(b"%PDF"):
            properties = pdf_provenance(data)
        elif data.startswith(b"PK"):
            properties = read_docx_provenance(data)
        else:
            properties = read_html_provenance(data.decode("utf-8"))
        return Provenance.from_properties(properties)
    except Exception as exc:  # any malformed file: say so, never a traceback
        raise DataError.at_file(
            path, f"no readable reportgen provenance ({exc}); is it a file reportgen 0.1+ wrote?"
        ) from None


def pdf_provenance(data: bytes) -> dict[str, str]:
    """The provenance in a PDF's XMP metadata stream(s)."""
    from ..writers.pdf.archive import read_provenance_xmp

    found: dict[str, str] = {}
    for match in _STREAM.finditer(data):
        dictionary = match.group(1)
        if b"/Metadata" not in dictionary:
            continue
        length = _LENGTH.search(dictionary)
        start = match.end()
        end = start + int(length.group(1)) if length else data.find(b"endstream", start)
        content = data[start:end]
        if b"/FlateDecode" in dictionary:
            content = zlib.decompressobj().decompress(content, _MAX_BYTES)
        begin = content.find(b"<x:xmpmeta")
        finish = content.rfind(b"</x:xmpmeta>")
        if begin >= 0 and finish > begin:
            found.update(read_provenance_xmp(content[begin : finish + len(b"</x:xmpmeta>")]))
    return found


def inspect_file(
    path: Path,
    plan_dir: Path,
    *,
    templates: Path | None = None,
    profile: Path | None = None,
) -> Inspection:
    """Compare the provenance recorded in `path` with the inputs as they are now."""
    from .. import __version__
    from ..cache import cached_plan
    from ..core import Options, request_from_json
    from .provenance import document_provenance

    recorded = read_provenance(path)
    plan = cached_plan(plan_dir)
    script: Script
    if recorded.script == "simplified":
        script = "simplified"
    elif recorded.script == "traditional":
        script = "traditional"
    else:
        raise DataError.at_file(path, f"recorded script {recorded.script!r} is unknown")
    try:
        request = request_from_json(recorded.document)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError.at_file(path, f"recorded document is malformed ({exc})") from None
    options = Options(
        plan_dir=plan_dir,
        output_dir=Path("."),
        script=script,
        templates=templates,
        profile=profile,
    )
    current = document_provenance(plan, options, request, script)
    old, new = recorded.inputs, current.inputs
    inspection = Inspection(
        path=path,
        recorded=recorded,
        changed=sorted(n for n in new if n in old and old[n] != new[n]),
        new=sorted(n for n in new if n not in old),
        gone=sorted(n for n in old if n not in new),
    )
    if current.plan != recorded.plan:
        inspection.notes.append(
            f"made from plan folder {recorded.plan!r}, compared with {current.plan!r}"
        )
    if recorded.version != __version__:
        inspection.notes.append(f"made by version {recorded.version}, this is {__version__}")
    return inspection
