"""The run manifest: what each document was built from and what it wrote, and what is stale.

Input: a document's inputs (program, plan files, progress files up to its year, templates,
profile, fonts, options) and the output folder's `manifest.json`. Output: per-input sha256
hashes and a fingerprint over them; `RunManifest` records read and written as deterministic
JSON (sorted keys, paths relative to the output folder; `seconds` is the only value that
varies between identical runs); and for each document the reason it must be rebuilt, or None
when it is up to date.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__
from ..core import DocumentRequest, DocumentResult, Options, OutputRecord, request_to_json
from ..errors import OutputError, ReportgenError
from ..plan.loader import PLAN_FILES
from ..plan.model import Plan, Script
from ..progress.report import progress_dir, progress_years
from ..resources import templates_dir
from ..source.yamlsource import MAX_FILE_BYTES
from ..writers.files import made_by_reportgen, write_atomically

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
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


def _is_output(path: Path, output_dir: Path) -> bool:
    """Whether `path` is a file a batch writes into `output_dir` (its manifest, one set
    aside, or a document reportgen made): not an input, when the templates folder is also
    the output folder."""
    try:
        if path.parent.resolve() != output_dir.resolve():
            return False
    except OSError:
        return False
    name = path.name
    return (
        name == MANIFEST_NAME
        or name.startswith(f"{MANIFEST_NAME}.broken")
        or made_by_reportgen(path)
    )


def font_digest(options: Options, script: Script) -> str:
    """The font configuration a PDF is made with, as a hash.

    For every font the profile lists for `script`: the face fontconfig and the `--font-dir`
    folders resolve it to, with the file's size and modification time (or that none is
    installed); and every font file in the `--font-dir` folders with its size and time. A font
    installed, removed or replaced changes it; one unrelated to the profile's families does not.
    """
    from ..fonts.catalog import font_catalog, font_files
    from ..layout.profile import load_profile

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

    Names are stable whatever the folders are called: `program`, `plan/NAME.yaml` (with
    `plan/wording.yaml` when the plan has one), `wording/wording.yaml` (the default wording),
    `plan/progress/YEAR.yaml` (a document of year Y depends on every year up to Y, since its
    figures are cumulative), `templates/…` (built-in), `user-templates/…` (`--templates`),
    `profile/…`, `profile-override/NAME`, `fonts` (PDF only) and `options`.
    """

    def __init__(self, plan: Plan, options: Options) -> None:
        self._options = options
        self._script: Script = options.script or plan.document.issue_script
        shared = {"program": program_digest()}
        for name in PLAN_FILES:
            shared[f"plan/{name}.yaml"] = self._hash(
                plan.directory / f"{name}.yaml", MAX_FILE_BYTES
            )
        from ..documents.wording import DEFAULT_WORDING_FILE, WORDING_FILE_NAME

        shared["wording/wording.yaml"] = self._hash(DEFAULT_WORDING_FILE)
        own_wording = plan.directory / WORDING_FILE_NAME
        if own_wording.exists() or own_wording.is_symlink():
            shared[f"plan/{WORDING_FILE_NAME}"] = self._hash(own_wording, MAX_FILE_BYTES)
        for folder, prefix in [
            (templates_dir(), "templates"),
            (options.templates, "user-templates"),
        ]:
            if folder is not None and folder.is_dir():
                for path in _folder_files(folder):
                    if not _is_output(path, options.output_dir):
                        shared[f"{prefix}/{path.relative_to(folder).as_posix()}"] = self._hash(path)
        from ..layout.profile import default_profile_path

        shared[f"profile/{default_profile_path().name}"] = self._hash(default_profile_path())
        if options.profile is not None:
            shared[f"profile-override/{options.profile.name}"] = self._hash(options.profile)
        if "pdf" in options.formats or "pdfa" in options.formats:
            shared["fonts"] = font_digest(options, self._script)
        self._shared = shared
        folder = progress_dir(plan)
        self._progress = {
            year: self._hash(folder / f"{year}.yaml", MAX_FILE_BYTES)
            for year in progress_years(plan)
        }

    @staticmethod
    def _hash(path: Path, limit: int | None = None) -> str:
        """The file's sha256, read only if it is a regular file (no pipe or device, which
        may never end) within `limit` bytes; otherwise what it is, for the document to fail
        on when it is loaded."""
        try:
            status = os.stat(path)
        except OSError:
            return "missing"
        if not stat.S_ISREG(status.st_mode):
            return "not a regular file"
        if limit is not None and status.st_size > limit:
            return f"over the size limit ({status.st_size} bytes)"
        try:
            handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return "unreadable"
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return "not a regular file"  # replaced since the check
            digest = hashlib.sha256()
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def inputs(self, request: DocumentRequest) -> dict[str, str]:
        """The named input hashes `request`'s document depends on."""
        inputs = dict(self._shared)
        if request.year is not None:
            for year, digest in self._progress.items():
                if year <= request.year:
                    inputs[f"plan/progress/{year}.yaml"] = digest
        settings: dict[str, Any] = {
            "request": request_to_json(request),
            "script": self._script,
            "formats": list(self._options.formats),
            "strict_fonts": self._options.strict_fonts,
        }
        if self._options.attach_data:
            settings["attach_data"] = True
        issuing: dict[str, Any] = {
            "paper": self._options.paper,
            "document_format": self._options.document_format,
            "copy_number": self._options.copy_number,
            "seals": [self._hash(path) for path in self._options.seals] or None,
        }
        settings.update({key: value for key, value in issuing.items() if value is not None})
        inputs["options"] = _sha256_text(json.dumps(settings, sort_keys=True))
        return inputs


def fingerprint(inputs: Mapping[str, str]) -> str:
    """One hash over all named inputs."""
    return _sha256_text("\n".join(f"{name} {inputs[name]}" for name in sorted(inputs)))


# --- records ---------------------------------------------------------------------------------


@dataclass
class RunManifest:
    """`manifest.json` of an output folder: a record per document, keyed by its file stem.

    Its format is that of earlier runs: a manifest.json written by any of them is read."""

    documents: dict[str, DocumentResult] = field(default_factory=dict)

    @classmethod
    def read(
        cls, output_dir: Path, *, set_aside: bool = True, force: bool = False
    ) -> tuple[RunManifest, list[str]]:
        """The folder's manifest (empty if there is none) and notes about unusable parts.

        The file is read only if it is a regular file (not a link, pipe or device) under
        `MAX_MANIFEST_BYTES`, and parsed with limits on nesting and numbers. One that cannot
        be read is renamed aside (with `set_aside`; a dry run only says it would be) and the
        documents are rebuilt. A JSON file that is not a reportgen run manifest is left alone
        and refused with `OutputError` (exit 73), unless `force` sets it aside too.
        """
        path = output_dir / MANIFEST_NAME
        try:
            data = _read_json(path)
        except FileNotFoundError:
            return cls(), []
        except _Unusable as exc:
            return cls(), [_set_aside(path, str(exc), set_aside)]
        if not _made_by_reportgen(data):
            if not force:
                raise OutputError(
                    f"{path}: exists and was not made by reportgen; move it away or use --force"
                )
            return cls(), [_set_aside(path, "not a reportgen run manifest", set_aside)]
        manifest, notes = cls(), []
        for name, entry in data["documents"].items():
            try:
                manifest.documents[str(name)] = DocumentResult.from_json(str(name), entry)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                notes.append(f"{path}: record {name!r} unusable ({exc!r}); it is rebuilt")
        return manifest, notes

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
        text = json.dumps(
            self.to_json(), ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False
        )
        write_atomically(output_dir / MANIFEST_NAME, (text + "\n").encode("utf-8"))


MAX_MANIFEST_BYTES = 256 * 1024 * 1024
"""Largest manifest.json read: about 100 000 documents' records."""

MAX_JSON_INT_DIGITS = 30
"""Longest whole number accepted in manifest.json (sizes and counts have at most 20 digits)."""


class _Unusable(Exception):
    """manifest.json exists but cannot be used; the message says why."""


def _read_json(path: Path) -> Any:
    """The JSON in `path`, read only from a regular file under the size limit.

    Raises FileNotFoundError when there is no file, `_Unusable` for anything else wrong.
    """
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _Unusable(f"cannot be examined ({exc.strerror or exc})") from None
    if stat.S_ISLNK(status.st_mode):
        raise _Unusable("is a symbolic link, not a file reportgen wrote")
    if not stat.S_ISREG(status.st_mode):
        raise _Unusable("is not a regular file")
    if status.st_size > MAX_MANIFEST_BYTES:
        raise _Unusable(f"is {status.st_size} bytes; the limit is {MAX_MANIFEST_BYTES}")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise _Unusable("is not a regular file")
            raw = stream.read(MAX_MANIFEST_BYTES + 1)
    except OSError as exc:
        raise _Unusable(f"unreadable ({exc.strerror or exc})") from None
    if len(raw) > MAX_MANIFEST_BYTES:
        raise _Unusable(f"is over the limit of {MAX_MANIFEST_BYTES} bytes")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant, parse_int=_bounded_int)
    except RecursionError:
        raise _Unusable("unreadable (nested too deeply)") from None
    except (ValueError, UnicodeDecodeError) as exc:
        shown = str(exc)[:120]
        raise _Unusable(f"unreadable ({shown})") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_INT_DIGITS:
        raise ValueError(f"a number of {len(text)} digits")
    return int(text)


def _made_by_reportgen(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("program"), str)
        and data["program"].startswith("reportgen")
        and isinstance(data.get("documents"), dict)
    )


def _set_aside(path: Path, reason: str, rename: bool) -> str:
    """Rename an unusable manifest to the first free `manifest.json.broken[-N]`; the note."""
    for number in range(1, 1000):
        suffix = ".broken" if number == 1 else f".broken-{number}"
        aside = path.with_name(path.name + suffix)
        if not os.path.lexists(aside):
            break
    else:
        raise OutputError(f"{path}: {reason}; too many manifests set aside, remove some")
    if not rename:
        return f"{path}: {reason}; it would be set aside as {aside.name} and every document rebuilt"
    try:
        os.rename(path, aside)
    except OSError as exc:
        raise OutputError(
            f"{path}: {reason}, and it cannot be set aside ({exc.strerror or exc}); move it away"
        ) from None
    return f"{path}: {reason}; set aside as {aside.name}, every document is rebuilt"


# --- what is stale -----------------------------------------------------------------------------


def outputs_of(paths: Iterable[Path]) -> dict[str, OutputRecord]:
    """Each written file's name (relative to its folder), sha256 and size."""
    return {path.name: OutputRecord(sha256_file(path), path.stat().st_size) for path in paths}


def why_rebuild(
    record: DocumentResult | None,
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
    if names != sorted(record.files):
        return "its output files changed"
    for name in names:
        path = output_dir / name
        if not path.is_file():
            return f"output missing: {name}"
        try:
            digest = sha256_file(path)
        except OSError as exc:
            return f"output unreadable: {name} ({exc.strerror or exc})"
        if digest != record.files[name].sha256:
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
