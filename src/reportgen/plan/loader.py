"""Load a plan folder: read each YAML file, validate it against its model, cross-check.

Input: a plan directory. Output: a `Plan`, or a `DataError` listing every problem found in
every file at once, each located at its YAML node.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import DataError, Problem
from ..source.validation import validate_document
from ..source.yamlsource import YamlDocument, load_yaml_file
from .crosscheck import PlanFiles, check_plan_files
from .model import ActionPlan, IssuingDocument, Plan, Schedule, TargetList, UnitRegistry

PLAN_FILES: dict[str, type[BaseModel]] = {
    "document": IssuingDocument,
    "units": UnitRegistry,
    "plan": ActionPlan,
    "targets": TargetList,
    "schedule": Schedule,
}
"""The files of a plan folder (`NAME.yaml`) and the model each must satisfy."""


def load_plan(directory: Path) -> Plan:
    """Read and validate the plan in `directory`."""
    if not directory.is_dir():
        raise DataError.at_file(directory, "plan folder not found (expected a directory)")
    problems: list[Problem] = []
    sources: dict[str, YamlDocument] = {}
    models: dict[str, Any] = {}
    for name, model in PLAN_FILES.items():
        path = directory / f"{name}.yaml"
        try:
            document = load_yaml_file(path)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        sources[name] = document
        try:
            models[name] = validate_document(document, model)
        except DataError as exc:
            problems.extend(exc.problems)
    files = PlanFiles(
        document=models.get("document"),
        registry=models.get("units"),
        plan=models.get("plan"),
        targets=models.get("targets"),
        schedule=models.get("schedule"),
        sources=sources,
    )
    problems.extend(check_plan_files(files))
    if problems:
        raise DataError(problems)
    return Plan(
        directory=directory,
        document=models["document"],
        registry=models["units"],
        plan=models["plan"],
        targets=models["targets"],
        schedule=models["schedule"],
    )
