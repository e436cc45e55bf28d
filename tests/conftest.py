"""Shared fixtures: the default plan, the other plans, and the layout profile.

`any_plan` runs a test on every plan: the built-in one and each folder under
tests/fixtures/plans/. A module overriding `plan` with it runs all its tests on each.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plans import plan_dirs
from reportgen.layout.profile import LayoutProfile, load_profile
from reportgen.plan.loader import load_plan
from reportgen.plan.model import Plan
from reportgen.resources import default_plan_dir


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
