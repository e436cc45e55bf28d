"""Process-level caches of what documents are made from: plan, profile, templates, progress.

A batch worker parses each once and reuses it for every document it builds. Entries are keyed
by the files' paths and content hashes (not their mtimes, which a quick edit of the same size
can leave unchanged), so an edited file is always read again.

The pipeline (`build`), the kinds of document and the provenance record (`publish`) all read
through here, so none of them needs another.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError
from .layout.profile import LayoutProfile, load_profile
from .plan.loader import load_plan
from .plan.model import Plan
from .render.html import build_environment
from .resources import templates_dir

if TYPE_CHECKING:
    import jinja2

    from .progress.report import ProgressReport


_ContentKey = tuple[tuple[str, str], ...]


def _content_key(paths: Iterable[Path]) -> _ContentKey:
    """Each file's path and sha256 ("-" when unreadable): changes whenever a file does.

    Only regular files are read, and no further than the loader would read them: a device or
    a pipe in a plan folder is left for the loader to refuse with a located message.
    """
    from .source.yamlsource import MAX_FILE_BYTES

    key = []
    for path in paths:
        try:
            if not path.is_file():
                raise OSError("not a regular file")
            with path.open("rb") as stream:
                digest = hashlib.sha256(stream.read(MAX_FILE_BYTES + 1)).hexdigest()
        except OSError:
            digest = "-"
        key.append((str(path), digest))
    return tuple(key)


@functools.lru_cache(maxsize=4)
def _plan_for(directory: Path, cwd: str, key: _ContentKey) -> Plan:
    return load_plan(directory)


def cached_plan(directory: Path) -> Plan:
    """`load_plan(directory)`, parsed once per process while its files stay the same (the
    wording's too: the plan's title breaks are checked against its titles)."""
    from .documents.wording import WORDING_FILE_NAME
    from .plan.loader import PLAN_FILES

    files = [directory / f"{name}.yaml" for name in [*PLAN_FILES, WORDING_FILE_NAME]]
    return _plan_for(directory, os.getcwd(), _content_key(files))


@functools.lru_cache(maxsize=4)
def _profile_for(override: Path | None, cwd: str, key: _ContentKey) -> LayoutProfile:
    return load_profile(override)


def cached_profile(override: Path | None) -> LayoutProfile:
    """`load_profile(override)`, parsed once per process while its files stay the same."""
    from .layout.profile import default_profile_path

    files = [default_profile_path(), *([override] if override is not None else [])]
    return _profile_for(override, os.getcwd(), _content_key(files))


@functools.lru_cache(maxsize=4)
def _environment_for(user_dir: Path | None, cwd: str, key: _ContentKey) -> jinja2.Environment:
    return build_environment(user_dir)


def cached_environment(user_dir: Path | None) -> jinja2.Environment:
    """`build_environment(user_dir)` with its compiled templates, kept while no template
    file in the search path is added, removed or changed."""
    dirs = [templates_dir(), *([user_dir] if user_dir is not None else [])]
    files = sorted(p for d in dirs if d.is_dir() for p in d.rglob("*") if p.is_file())
    return _environment_for(user_dir, os.getcwd(), _content_key(files))


_PROGRESS: dict[tuple[str, str, int, _ContentKey], dict[int, ProgressReport] | DataError] = {}


def cached_progress(plan: Plan, up_to: int) -> dict[int, ProgressReport]:
    """`load_all_progress(plan, up_to)`, parsed once per process while the plan's and its
    progress files stay the same (a copy: callers may change the dict, not the reports)."""
    from .plan.loader import PLAN_FILES
    from .progress.report import load_all_progress, progress_dir

    files = [plan.directory / f"{name}.yaml" for name in PLAN_FILES]
    files += sorted(progress_dir(plan).glob("*.yaml"))
    key = (str(plan.directory), os.getcwd(), up_to, _content_key(files))
    if key not in _PROGRESS:
        if len(_PROGRESS) >= 64:
            _PROGRESS.clear()
        try:
            _PROGRESS[key] = load_all_progress(plan, up_to=up_to)
        except DataError as exc:  # every document of the year fails alike: read them once
            _PROGRESS[key] = exc
    found = _PROGRESS[key]
    if isinstance(found, DataError):
        raise DataError(found.problems)
    return dict(found)
