"""What the default plan's YAML files say, read with PyYAML rather than through reportgen.

The notice and summary tests derive the text they expect from here (the schedule's milestones
per district and year, the responsible units of each measure, what each progress file
reported) so that a mistake in reportgen's model or status engine cannot also hide in the
expectation. `milestone_state` is a deliberately small re-statement of the status rules the
documents promise: 達到 meets every requirement, 基本達到 only one that asks for 基本達到;
once met a milestone stays met; reported but not met is 未達到; not reported is 未報送 when
due and 未到期 when not.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reportgen.resources import default_plan_dir

CITY = "city"
_DIGITS = "一二三四五六七八九"


def plan_dir() -> Path:
    return default_plan_dir()


@functools.cache
def plan_file(name: str) -> Any:
    """A plan file (`schedule`, `units`, `plan`, `document`, `targets`) as plain YAML data."""
    return yaml.safe_load((plan_dir() / f"{name}.yaml").read_text(encoding="utf-8"))


@functools.cache
def progress(year: int) -> dict[str, Any] | None:
    """`progress/YEAR.yaml` as plain YAML data, or None when there is none."""
    path = plan_dir() / "progress" / f"{year}.yaml"
    if not path.exists():
        return None
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def chinese_number(n: int) -> str:
    """一 … 九十九, as section and item numbers are written."""
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units - 1]
    head = "" if tens == 1 else _DIGITS[tens - 1]
    return head + "十" + (_DIGITS[units - 1] if units else "")


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def squeeze(text: str) -> str:
    return "".join(text.split())


# --- units and districts ---------------------------------------------------------------------


def districts() -> list[dict[str, str]]:
    return list(plan_file("units")["districts"])


def columns() -> list[str]:
    """The schedule's columns: the districts in order, then the city."""
    return [d["id"] for d in districts()] + [CITY]


def column_name(column: str) -> str:
    """A column's heading in the schedule table (全市創建 for the city)."""
    if column == CITY:
        return str(plan_file("schedule")["headers"]["city"])
    return next(d["name"] for d in districts() if d["id"] == column)


def area_name() -> str:
    """How the documents name the whole area (全市)."""
    return str(plan_file("units")["area"]["whole"])


def units() -> list[dict[str, Any]]:
    return list(plan_file("units")["units"])


def unit(unit_id: str) -> dict[str, Any]:
    return next(u for u in units() if u["id"] == unit_id)


def formal_name(unit_id: str) -> str:
    found = unit(unit_id)
    return str(found.get("full_name") or found["name"])


def groups() -> list[dict[str, Any]]:
    return list(plan_file("units").get("groups") or [])


def ref_name(ref: str) -> str:
    group = next((g for g in groups() if g["id"] == ref), None)
    return str(group["name"]) if group else str(unit(ref)["name"])


def ref_members(ref: str) -> list[str]:
    group = next((g for g in groups() if g["id"] == ref), None)
    return list(group["members"]) if group else [ref]


# --- the schedule ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One non-empty cell of the schedule: what `column` must reach by `year`."""

    project: str
    label: str
    year: int
    column: str
    requirement: str

    @property
    def text(self) -> str:
        """The requirement on one line, as the documents' running text writes it."""
        return "".join(line.strip() for line in self.requirement.splitlines())

    @property
    def lines(self) -> list[str]:
        """The requirement's lines, as the schedule table breaks them."""
        return self.requirement.splitlines()


def projects() -> list[dict[str, Any]]:
    return list(plan_file("schedule")["projects"])


def schedule_cells() -> list[Cell]:
    """Every non-empty cell, in table order: project, row (year), column."""
    cells = []
    for project in projects():
        for row in project["rows"]:
            for column in columns():
                requirement = (row.get("cells") or {}).get(column)
                if requirement:
                    cells.append(
                        Cell(project["id"], project["label"], row["year"], column, requirement)
                    )
    return cells


def cells_due(year: int, column: str | None = None) -> list[Cell]:
    return [
        c for c in schedule_cells() if c.year == year and (column is None or c.column == column)
    ]


# --- what was reported -----------------------------------------------------------------------


def _met(requirement: str, status: str) -> bool:
    if status == "達到":
        return True
    return status == "基本達到" and squeeze(requirement).startswith("基本達到")


def milestone_state(cell: Cell, year: int) -> tuple[str, dict[str, Any] | None, int | None]:
    """(state, the report it rests on, the year of that report) as of the end of `year`."""
    achieved: tuple[dict[str, Any], int] | None = None
    last: tuple[dict[str, Any], int] | None = None
    for report_year in range(int(plan_file("plan")["period"]["start"]), year + 1):
        report = progress(report_year)
        for entry in (report or {}).get("milestones") or []:
            if (entry["project"], entry["district"], entry["year"]) == (
                cell.project,
                cell.column,
                cell.year,
            ):
                last = (entry, report_year)
                if achieved is None and _met(cell.requirement, entry["status"]):
                    achieved = (entry, report_year)
    if achieved is not None:
        return "已達到", *achieved
    if last is not None:
        return "未達到", *last
    return ("未到期" if cell.year > year else "未報送"), None, None


def notice_mark(cell: Cell, year: int) -> str | None:
    """The mark a notice's attachment puts in a cell: due cells their state, later cells
    提前達到 when already met, nothing otherwise."""
    state, _, _ = milestone_state(cell, year)
    if cell.year <= year:
        return state
    return "提前達到" if state == "已達到" else None


def sample_years(year: int) -> list[int]:
    """The years up to `year` whose progress file is marked as sample data."""
    start = int(plan_file("plan")["period"]["start"])
    return [y for y in range(start, year + 1) if (progress(y) or {}).get("sample")]


# --- measures --------------------------------------------------------------------------------


def measures() -> list[dict[str, Any]]:
    return [m for part in plan_file("plan")["parts"] for m in part["measures"]]


def responsible_unit_ids(measure: dict[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for refs in measure.get("responsible") or []:
        for ref in refs:
            for member in ref_members(ref):
                seen.setdefault(member, None)
    return list(seen)


def responsible_text(measure: dict[str, Any]) -> str:
    """The responsible units as the plan writes them: 、 inside a list, ， between lists."""
    return "，".join("、".join(ref_name(r) for r in refs) for refs in measure["responsible"])


def measures_of(unit_id: str) -> list[dict[str, Any]]:
    return [m for m in measures() if unit_id in responsible_unit_ids(m)]
