"""Data files shipped inside the package (word lists, default terms), read and validated.

Such a file is part of reportgen, not of a user's input: a fault in it is a defect, reported
as a `DataError` naming the file and the line, like any other data error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import DataError
from .yamlsource import KeyPath, load_yaml_file

ModelT = TypeVar("ModelT", bound=BaseModel)


def read_package_data(path: Path, model: type[ModelT]) -> ModelT:
    """The YAML file `path` validated against `model`."""
    document = load_yaml_file(path)
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        raise DataError(
            [
                document.problem(_existing(document.data, err["loc"]), err["msg"])
                for err in exc.errors(include_url=False)
            ]
        ) from None


def _existing(data: Any, loc: tuple[Any, ...]) -> KeyPath:
    """The longest start of `loc` that names a node of `data`."""
    path: list[str | int] = []
    node = data
    for part in loc:
        found = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        )
        if not found:
            break
        node = node[part]
        path.append(part)
    return tuple(path)
