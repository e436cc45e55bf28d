"""Shared fixtures: the default plan, the other plans, and the layout profile.

`any_plan` runs a test on every plan: the built-in one and each folder under
tests/fixtures/plans/. A module overriding `plan` with it runs all its tests on each.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.loader import load_plan
from reportgen.model import Plan
from reportgen.profile import LayoutProfile, load_profile
from reportgen.resources import default_plan_dir

FIXTURE_PLANS_DIR = Path(__file__).parent / "fixtures" / "plans"


def plan_dirs() -> list[Path]:
    """The built-in plan's folder, then every plan folder under tests/fixtures/plans/."""
    extra = sorted(p for p in FIXTURE_PLANS_DIR.iterdir() if p.is_dir())
    return [default_plan_dir(), *extra]


def other_plan_dirs() -> list[Path]:
    """The plan folders under tests/fixtures/plans/."""
    return plan_dirs()[1:]


@pytest.fixture(scope="session")
def plan() -> Plan:
    return load_plan(default_plan_dir())


@pytest.fixture(scope="session", params=plan_dirs(), ids=lambda path: path.name)
def any_plan(request: pytest.FixtureRequest) -> Plan:
    """Each plan in turn: the built-in one and those under tests/fixtures/plans/."""
    folder: Path = request.param
    return load_plan(folder)


@pytest.fixture(scope="session")
def profile() -> LayoutProfile:
    return load_profile()


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    """A writable copy of the default plan folder."""
    target = tmp_path / "plan"
    shutil.copytree(default_plan_dir(), target)
    return target
