"""The plans the tests run on: the built-in one and every folder under tests/fixtures/plans/."""

from __future__ import annotations

from pathlib import Path

from reportgen.resources import default_plan_dir

FIXTURE_PLANS_DIR = Path(__file__).parent / "fixtures" / "plans"


def plan_dirs() -> list[Path]:
    """The built-in plan's folder, then every plan folder under tests/fixtures/plans/."""
    extra = sorted(p for p in FIXTURE_PLANS_DIR.iterdir() if p.is_dir())
    return [default_plan_dir(), *extra]


def other_plan_dirs() -> list[Path]:
    """The plan folders under tests/fixtures/plans/."""
    return plan_dirs()[1:]
