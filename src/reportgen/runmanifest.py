"""The run manifest: what each document was built from and what it wrote, and what is stale.

Input: a document's inputs (program, plan files, progress files up to its year, templates,
profile, fonts, options) and the output folder's `manifest.json`. Output: per-input sha256
hashes and a fingerprint over them; `RunManifest` records read and written as deterministic
JSON (sorted keys, paths relative to the output folder; `seconds` is the only value that
varies between identical runs); and for each document the reason it must be rebuilt, or None
when it is up to date.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ReportgenError
from .loader import PLAN_FILES
from .model import Plan, Script
from .outputs import write_atomically
from .pipeline import DocumentRequest, RenderOptions
from .progress import progress_dir, progress_years
from .resources import templates_dir

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1

_PACKAGE_DIR = Path(__file__).resolve().parent
_LIBRARIES = ("jinja2", "opencc", "python-docx", "weasyprint", "fonttools", "lxml", "pyyaml")


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def program_digest() -> str:
    """reportgen's version, the bytes of its modules and its rendering libraries' versions."""
    lines = [f"reportgen {__version__}"]
    for path in sorted(_PACKAGE_DIR.rglob("*.py")):
        lines.append(f"{path.relative_to(_PACKAGE_DIR).as_posix()} {sha256_file(path)}")
    for name in _LIBRARIES:
        try:
            lines.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name} -")
    return _sha256_text("\n".join(lines))


def _folder_files(folder: Path) -> list[Path]:
    """Every regular file under `folder` except hidden ones (editor swap files…), sorted."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and "__pycache__" not in p.parts
    )


def font_digest(options: RenderOptions, script: Script) -> str:
    """The font configuration a PDF is made with, as a hash.

    For every font the profile lists for `script`: the face fontconfig and the `--font-dir`
    folders resolve it to, with the file's size and modification time (or that none is
    installed); and every font file in the `--font-dir` folders with its size and time. A font
    installed, removed or replaced changes it; one unrelated to the profile's families does not.
    """
    from .fontcatalog import font_catalog, font_files
    from .profile import load_profile

    lines = []
    try:
        profile = load_profile(options.profile)
        catalog = font_catalog(options.font_dirs)
        for role, font_role in profile.fonts.roles().items():
            for choice in font_role.choices(script):
                face = catalog.find(choice)
                where = "-" if face is None else f"{face.file}#{face.index} {_stat(face.file)}"
                lines.append(f"{role} {choice.family} {choice.weight}: {where}")
        for folder in options.font_dirs:
            lines.extend(f"{path} {_stat(path)}" for path in font_files(folder))
    except ReportgenError as exc:  # the render reports it; the hash only needs to be stable
        lines.append(f"error: {exc}")
    return _sha256_text("\n".join(lines))


def _stat(path: Path) -> str:
    try:
        status = path.stat()
    except OSError:
        return "missing"
    return f"{status.st_size} {status.st_mtime_ns}"


class InputHasher:
    """The inputs of each document of one run: names and sha256 hashes, each file read once.

    Names are stable whatever the folders are called: `program`, `plan/NAME.yaml`,
    `plan/progress/YEAR.yaml` (a document of year Y depends on every year up to Y, since its
    figures are cumulative), `templates/…` (built-in), `user-templates/…` (`--templates`),
    `profile/…`, `profile-override/NAME`, `fonts` (PDF only) and `options`.
    """

    def __init__(self, plan: Plan, options: RenderOptions) -> None:
        self._options = options
        self._script: Script = options.script or plan.document.issue_script
        shared = {"program": program_digest()}
        for name in PLAN_FILES:
            shared[f"plan/{name}.yaml"] = self._hash(plan.directory / f"{name}.yaml")
        for folder, prefix in [
            (templates_dir(), "templates"),
            (options.templates, "user-templates"),
        ]:
            if folder is not None and folder.is_dir():
                for path in _folder_files(folder):
                    shared[f"{prefix}/{path.relative_to(folder).as_posix()}"] = self._hash(path)
        from .profile import default_profile_path

        shared[f"profile/{default_profile_path().name}"] = self._hash(default_profile_path())
        if options.profile is not None:
            shared[f"profile-override/{options.profile.name}"] = self._hash(options.profile)
        if "pdf" in options.formats or "pdfa" in options.formats:
            shared["fonts"] = font_digest(options, self._script)
        self._shared = shared
        folder = progress_dir(plan)
        self._progress = {
            year: self._hash(folder / f"{year}.yaml") for year in progress_years(plan)
        }

    @staticmethod
    def _hash(path: Path) -> str:
        try:
            return sha256_file(path)
        except OSError:
            return "missing"

    def inputs(self, request: DocumentRequest) -> dict[str, str]:
        """The named input hashes `request`'s document depends on."""
        inputs = dict(self._shared)
        if request.year is not None:
            for year, digest in self._progress.items():
                if year <= request.year:
                    inputs[f"plan/progress/{year}.yaml"] = digest
        settings = {
            "request": request_to_json(request),
            "script": self._script,
            "formats": list(self._options.formats),
            "strict_fonts": self._options.strict_fonts,
        }
        if self._options.attach_data:
            settings["attach_data"] = True
        inputs["options"] = _sha256_text(json.dumps(settings, sort_keys=True))
        return inputs


def fingerprint(inputs: Mapping[str, str]) -> str:
    """One hash over all named inputs."""
    return _sha256_text("\n".join(f"{name} {inputs[name]}" for name in sorted(inputs)))


# --- records ---------------------------------------------------------------------------------


def request_to_json(request: DocumentRequest) -> dict[str, Any]:
    return {
        "kind": request.kind,
        "year": request.year,
        "unit": request.unit,
        "number": request.number,
        "date": request.date.isoformat() if request.date else None,
    }


def request_from_json(data: Mapping[str, Any]) -> DocumentRequest:
    date = data.get("date")
    return DocumentRequest(
        kind=str(data["kind"]),
        year=_optional_int(data.get("year")),
        unit=None if data.get("unit") is None else str(data["unit"]),
        number=_optional_int(data.get("number")),
        date=dt.date.fromisoformat(date) if isinstance(date, str) else None,
    )


def _optional_int(value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    return value


@dataclass(frozen=True)
class OutputRecord:
    """One file a document wrote: its sha256 and size."""

    sha256: str
    bytes: int


@dataclass(frozen=True)
class DocumentRecord:
    """What the manifest knows of one document: built (fingerprint set) or failed (error set)."""

    request: DocumentRequest
    inputs: dict[str, str]
    fingerprint: str | None
    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    pages: int | None = None
    fonts: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    error: tuple[str, ...] = ()
    seconds: float = 0.0

    def to_json(self, timings: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "request": request_to_json(self.request),
            "inputs": dict(sorted(self.inputs.items())),
            "fingerprint": self.fingerprint,
            "outputs": {
                name: {"sha256": out.sha256, "bytes": out.bytes}
                for name, out in sorted(self.outputs.items())
            },
            "pages": self.pages,
            "fonts": list(self.fonts),
            "warnings": list(self.warnings),
        }
        if self.error:
            data["error"] = list(self.error)
        if timings:
            data["seconds"] = round(self.seconds, 3)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DocumentRecord:
        """A record from its JSON; KeyError, TypeError or ValueError when malformed."""
        outputs = {
            str(name): OutputRecord(str(out["sha256"]), int(out["bytes"]))
            for name, out in dict(data["outputs"]).items()
        }
        fingerprint = data.get("fingerprint")
        return cls(
            request=request_from_json(data["request"]),
            inputs={str(k): str(v) for k, v in dict(data["inputs"]).items()},
            fingerprint=None if fingerprint is None else str(fingerprint),
            outputs=outputs,
            pages=_optional_int(data.get("pages")),
            fonts=tuple(str(f) for f in data.get("fonts", [])),
            warnings=tuple(str(w) for w in data.get("warnings", [])),
            error=tuple(str(e) for e in data.get("error", [])),
            seconds=float(data.get("seconds", 0.0)),
        )


@dataclass
class RunManifest:
    """`manifest.json` of an output folder: a record per document, keyed by its file stem."""

    documents: dict[str, DocumentRecord] = field(default_factory=dict)

    @classmethod
    def read(cls, output_dir: Path) -> tuple[RunManifest, list[str]]:
        """The folder's manifest (empty if there is none) and warnings about unusable parts."""
        path = output_dir / MANIFEST_NAME
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return cls(), []
        except (OSError, ValueError) as exc:
            return cls(), [f"{path}: unreadable ({exc}); every document is rebuilt"]
        if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
            return cls(), [f"{path}: not a reportgen run manifest; every document is rebuilt"]
        manifest, warnings = cls(), []
        for name, entry in data["documents"].items():
            try:
                manifest.documents[str(name)] = DocumentRecord.from_json(entry)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                warnings.append(f"{path}: record {name!r} unusable ({exc!r}); it is rebuilt")
        return manifest, warnings

    def to_json(self, timings: bool = True) -> dict[str, Any]:
        """The manifest as JSON data; without `timings` it is the same for identical runs."""
        return {
            "format": MANIFEST_FORMAT,
            "program": f"reportgen {__version__}",
            "documents": {
                name: record.to_json(timings) for name, record in sorted(self.documents.items())
            },
        }

    def write(self, output_dir: Path) -> None:
        """Replace the folder's `manifest.json` in one step."""
        text = json.dumps(self.to_json(), ensure_ascii=False, indent=2, sort_keys=True)
        write_atomically(output_dir / MANIFEST_NAME, (text + "\n").encode("utf-8"))


# --- what is stale -----------------------------------------------------------------------------


def outputs_of(paths: Iterable[Path]) -> dict[str, OutputRecord]:
    """Each written file's name (relative to its folder), sha256 and size."""
    return {path.name: OutputRecord(sha256_file(path), path.stat().st_size) for path in paths}


def why_rebuild(
    record: DocumentRecord | None,
    inputs: Mapping[str, str],
    output_dir: Path,
    expected: Sequence[Path],
) -> str | None:
    """Why the document must be built again, or None when it is up to date.

    Up to date means: the recorded fingerprint equals that of `inputs`, and every expected
    output file exists with its recorded sha256.
    """
    if record is None:
        return "new"
    if record.fingerprint is None:
        return "failed in the last run"
    if record.fingerprint != fingerprint(inputs):
        return _changed_inputs(record.inputs, inputs)
    names = sorted(path.name for path in expected)
    if names != sorted(record.outputs):
        return "its output files changed"
    for name in names:
        path = output_dir / name
        if not path.is_file():
            return f"output missing: {name}"
        try:
            digest = sha256_file(path)
        except OSError as exc:
            return f"output unreadable: {name} ({exc.strerror or exc})"
        if digest != record.outputs[name].sha256:
            return f"output changed since it was built: {name}"
    return None


def _changed_inputs(old: Mapping[str, str], new: Mapping[str, str]) -> str:
    groups = [
        ("input changed", [n for n in new if n in old and old[n] != new[n]]),
        ("new input", [n for n in new if n not in old]),
        ("input gone", [n for n in old if n not in new]),
    ]
    parts = []
    for label, names in groups:
        if names:
            shown = ", ".join(sorted(names)[:4])
            more = f" and {len(names) - 4} more" if len(names) > 4 else ""
            parts.append(f"{label}: {shown}{more}")
    return "; ".join(parts) or "its inputs changed"
