"""JSON Schema of each plan file, for editors that validate YAML while it is typed."""

from __future__ import annotations

from typing import Any

from .loader import PLAN_FILES


def plan_file_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of `NAME.yaml` in a plan folder."""
    model = PLAN_FILES[name]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"reportgen {name}.yaml"
    return schema


def plan_schemas() -> dict[str, dict[str, Any]]:
    """Every plan file's schema, keyed by file name."""
    return {f"{name}.yaml": plan_file_schema(name) for name in PLAN_FILES}
