"""JSON Schema of each plan file, of a progress file and of a plan's wording file, for editors
that validate YAML while it is typed."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..documents.wording import Wording, wording_schema
from ..progress.report import ProgressReport
from .loader import PLAN_FILES

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    **PLAN_FILES,
    "progress": ProgressReport,
    "wording": Wording,
}
"""Each file's model: the plan's `NAME.yaml`, `progress` for `progress/YEAR.yaml` and
`wording` for the plan's optional `wording.yaml` (where every key is optional)."""

_TITLES = {name: f"{name}.yaml" for name in PLAN_FILES} | {
    "progress": "progress/YEAR.yaml",
    "wording": "wording.yaml",
}


def plan_file_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of `NAME.yaml` in a plan folder (`progress`: of a progress file)."""
    model = SCHEMA_MODELS[name]
    schema = wording_schema() if model is Wording else model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"reportgen {_TITLES[name]}"
    return schema


def plan_schemas() -> dict[str, dict[str, Any]]:
    """Every file's schema, keyed by file name (progress files: `progress.yaml`)."""
    return {f"{name}.yaml": plan_file_schema(name) for name in SCHEMA_MODELS}
