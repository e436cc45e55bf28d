"""Generate a plan far larger than Shaoxing's, for the scale benchmark.

The default plan (6 districts, 10 units, 3 progress years: 34 documents) is copied and grown:
`districts` districts in the schedule (Shaoxing's six first, so every reference in the copied
files stays valid), `units` departmental units plus one government per district, a plan
period of `years` years with a progress file for each, schedule cells for every district in
every row and year, and narratives for every responsible unit. The batch of the result holds
1 circular + `years` notices + (`units` + `districts`) × `years` summaries: 1,611 documents
with the defaults (100 districts, 60 units, 10 years).

Everything is derived from the arguments (no randomness), so the same arguments always give
the same plan.

    .venv/bin/python bench/bigplan.py /tmp/bigplan --districts 100 --units 60 --years 10
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import yaml

from reportgen.resources import default_plan_dir
from reportgen.zh.numerals import chinese_number

STATUSES = ("達到", "基本達到", "未達到")
REQUIREMENTS = ("達到創建標準", "通過評估驗收", "達到100%", "創建率達到\n全省平均")
"""Requirements written into generated schedule cells, by position."""


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    path.write_text(text, encoding="utf-8")


def document_count(districts: int, units: int, years: int) -> int:
    """How many documents the generated plan's default batch holds."""
    return 1 + years + (units + districts) * years


def generate(
    target: Path,
    *,
    districts: int = 100,
    units: int = 60,
    years: int = 10,
    source: Path | None = None,
) -> Path:
    """Write the grown plan into the folder `target` (replaced if it exists); returns it."""
    source = source or default_plan_dir()
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    for old in (target / "progress").glob("*.yaml"):
        old.unlink()

    registry = _read(target / "units.yaml")
    plan = _read(target / "plan.yaml")
    schedule = _read(target / "schedule.yaml")

    start = int(plan["period"]["start"])
    end = start + years - 1
    plan["period"]["end"] = end

    district_ids = _grow_districts(registry, districts)
    unit_ids = _grow_units(registry, units, district_ids)
    measure_units = _assign_measures(plan, unit_ids)
    _grow_schedule(schedule, district_ids, start, end)

    _write(target / "units.yaml", registry)
    _write(target / "plan.yaml", plan)
    _write(target / "schedule.yaml", schedule)
    for year in range(start, end + 1):
        progress = _progress(schedule, district_ids, measure_units, year, start)
        _write(target / "progress" / f"{year}.yaml", progress)
    return target


def _grow_districts(registry: dict[str, Any], count: int) -> list[str]:
    """Add generated districts after Shaoxing's (示範一區, 示範二區 …) up to `count`."""
    listed = registry["districts"]
    n = 1
    while len(listed) < count:
        listed.append({"id": f"d{n:03d}", "name": f"示範{chinese_number(n)}區"})
        n += 1
    del listed[count:]
    return [d["id"] for d in listed]


def _grow_units(registry: dict[str, Any], count: int, district_ids: list[str]) -> list[str]:
    """`count` departmental units (Shaoxing's four first) and a government per district."""
    names = {d["id"]: d["name"] for d in registry["districts"]}
    departments = [u for u in registry["units"] if "district" not in u][:count]
    n = 1
    while len(departments) < count:
        number = chinese_number(n)
        departments.append(
            {
                "id": f"dept{n:02d}",
                "name": f"市專項{number}辦",
                "full_name": f"紹興市專項{number}辦公室",
                "doc_code": f"紹專{number}",
                "signer": f"王{number}",
            }
        )
        n += 1
    for i, unit in enumerate(departments):
        unit.setdefault("doc_code", f"紹市{chinese_number(i + 1)}")
        unit.setdefault("signer", f"李{chinese_number(i + 1)}")
    governments = [
        {
            "id": f"{district}-gov",
            "name": f"{names[district]}政府",
            "full_name": f"{names[district]}人民政府",
            "district": district,
            "doc_code": f"{names[district][:2]}政發",
            "signer": f"陳{chinese_number(i + 1)}",
        }
        for i, district in enumerate(district_ids)
    ]
    registry["units"] = departments + governments
    for group in registry.get("groups", []):
        if group["id"] == "district-govs":
            group["members"] = [g["id"] for g in governments]
    return [u["id"] for u in departments]


def _assign_measures(plan: dict[str, Any], unit_ids: list[str]) -> dict[int, list[str]]:
    """Make every generated unit responsible for one measure (round robin over measures
    that already name responsible units); returns each measure's departmental units."""
    measures = [m for part in plan["parts"] for m in part["measures"] if m.get("responsible")]
    for i, unit in enumerate(u for u in unit_ids if u.startswith("dept")):
        measure = measures[i % len(measures)]
        measure["responsible"].append([unit])
    owners: dict[int, list[str]] = {}
    for measure in measures:
        refs = [ref for group in measure["responsible"] for ref in group]
        owners[int(measure["number"])] = [r for r in refs if r != "district-govs"]
    return owners


def _grow_schedule(schedule: dict[str, Any], district_ids: list[str], start: int, end: int) -> None:
    """A row for every year of the period in every project, a cell for every district due
    that year (districts spread over the years), and the city column in the last year."""
    for p, project in enumerate(schedule["projects"]):
        rows = {int(row["year"]): row for row in project["rows"]}
        for year in range(start, end + 1):
            row = rows.setdefault(year, {"year": year, "cells": {}})
            cells = row.setdefault("cells", {}) or {}
            row["cells"] = cells
            for d, district in enumerate(district_ids):
                if district not in cells and (d + p) % (end - start + 1) == year - start:
                    cells[district] = REQUIREMENTS[(d + p) % len(REQUIREMENTS)]
        project["rows"] = [rows[y] for y in sorted(rows)]


def _progress(
    schedule: dict[str, Any],
    district_ids: list[str],
    measure_units: dict[int, list[str]],
    year: int,
    start: int,
) -> dict[str, Any]:
    """progress/YEAR.yaml: every milestone due this year reported, targets of a few
    districts, and a narrative from every departmental unit and district government."""
    milestones = []
    for project in schedule["projects"]:
        for row in project["rows"]:
            if int(row["year"]) != year:
                continue
            for i, district in enumerate(row.get("cells") or {}):
                milestones.append(
                    {
                        "project": project["id"],
                        "district": district,
                        "year": year,
                        "status": STATUSES[(i + year) % len(STATUSES)],
                        "date": dt.date(year, 11, 1 + i % 28),
                        "evidence": f"第{chinese_number(i % 100 + 1)}批學校通過評估",
                    }
                )
    targets: list[dict[str, Any]] = [
        {
            "target": "twinned-schools",
            "value": 150 + 10 * (year - start),
            "as_of": dt.date(year, 12, 31),
        }
    ]
    for i, district in enumerate(district_ids[:20]):
        value = round(0.40 - 0.01 * ((i + year) % 10), 2)
        targets.append(
            {
                "target": "balance-primary",
                "district": district,
                "value": value,
                "as_of": dt.date(year, 12, 31),
            }
        )
    narratives = []
    for measure, units in sorted(measure_units.items()):
        for unit in units:
            narratives.append(
                {
                    "unit": unit,
                    "measure": measure,
                    "work": f"{year}年完成第{chinese_number(measure)}項舉措年度任務。",
                    "problems": "經費保障不足，需加大投入。" if (measure + year) % 2 else "",
                }
            )
    for i, district in enumerate(district_ids):
        narratives.append(
            {
                "unit": f"{district}-gov",
                "measure": 8 if i % 2 else 7,
                "work": f"{year}年推進義務教育優質均衡，新建學校{i % 5 + 1}所。",
                "problems": "",
            }
        )
    return {
        "year": year,
        "sample": True,
        "notice": {"number": year - start + 1, "date": dt.date(year + 1, 2, 20)},
        "milestones": milestones,
        "targets": targets,
        "narratives": narratives,
    }


def main() -> None:
    """Command line: write the grown plan into a folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path, help="folder to write the plan into (replaced)")
    parser.add_argument("--districts", type=int, default=100)
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    generate(args.target, districts=args.districts, units=args.units, years=args.years)
    count = document_count(args.districts, args.units, args.years)
    print(f"{args.target}: {count} documents")


if __name__ == "__main__":
    main()
