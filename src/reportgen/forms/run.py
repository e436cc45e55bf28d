"""The library calls behind `reportgen forms` and `reportgen status`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..documents.kind import find_unit
from ..errors import OutputError
from ..plan.loader import load_plan
from ..progress.report import load_all_progress
from ..writers.files import write_atomically
from .build import build_forms
from .intake import check_year
from .owed import owed_by_unit
from .statusview import StatusTable, status_table, status_workbook
from .texts import form_texts


def default_due(year: int) -> dt.date:
    """The reply date when none is given: the last day of January after the year."""
    return dt.date(year + 1, 1, 31)


def make_forms(
    plan_dir: Path,
    year: int,
    unit_keys: Sequence[str],
    output: Path,
    *,
    due: dt.date | None,
    force: bool,
) -> list[Path]:
    """Write the forms of `year` for the units named (all units when none), return the paths.

    An existing file is never replaced unless `force` is given: it may be a form a unit has
    already filled in and sent back.
    """
    plan = load_plan(plan_dir)
    check_year(plan, year)
    reports = load_all_progress(plan, up_to=year)
    units = [find_unit(plan, key) for key in unit_keys] or list(plan.registry.units)
    units = list({unit.id: unit for unit in units}.values())
    files = build_forms(plan, reports, year, units, due or default_due(year))
    targets = {output / name: data for name, data in files.items()}
    if not force:
        present = [str(path) for path in targets if path.exists()]
        if present:
            raise OutputError(
                f"{', '.join(present)}: exists (perhaps a filled form); move it away or use --force"
            )
    for path, data in targets.items():
        write_atomically(path, data)
    return list(targets)


def year_status_table(plan_dir: Path, year: int) -> StatusTable:
    """Who still owes what for `year`."""
    plan = load_plan(plan_dir)
    check_year(plan, year)
    reports = load_all_progress(plan, up_to=year)
    owes = owed_by_unit(plan, reports, year)
    return status_table(plan, owes, form_texts(plan.document.script), year)


def write_status_workbook(table: StatusTable, year: int, path: Path, *, force: bool) -> Path:
    if path.exists() and not force:
        raise OutputError(f"{path}: exists; move it away or use --force")
    write_atomically(path, status_workbook(table, year))
    return path
