"""Where the built-in data lives: the default plan, templates and profiles.

An installed wheel carries them inside the package (`reportgen/_data/...`); a source checkout
or editable install finds them at the repository root.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_PLAN_NAME = "shaoxing-education-2021"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_root(name: str) -> Path:
    bundled = _PACKAGE_DIR / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE_DIR.parent.parent / name


def plan_data_dir() -> Path:
    return _data_root("plan_data")


def default_plan_dir() -> Path:
    return plan_data_dir() / DEFAULT_PLAN_NAME


def templates_dir() -> Path:
    return _data_root("templates")


def profiles_dir() -> Path:
    return _data_root("profiles")
