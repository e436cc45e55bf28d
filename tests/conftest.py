"""Shared fixtures: the default plan, its progress reports, and the layout profile."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.loader import load_plan
from reportgen.model import Plan
from reportgen.profile import LayoutProfile, load_profile
from reportgen.resources import default_plan_dir


@pytest.fixture(scope="session")
def plan() -> Plan:
    return load_plan(default_plan_dir())


@pytest.fixture(scope="session")
def profile() -> LayoutProfile:
    return load_profile()


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    """A writable copy of the default plan folder."""
    target = tmp_path / "plan"
    shutil.copytree(default_plan_dir(), target)
    return target
