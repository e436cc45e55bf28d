"""Validate a YAML document against a pydantic model, every error located at its node.

Input: a `YamlDocument` (data with the position of every node) and a model. Output: the
validated model, or a `DataError` whose problems name the file, line and column of each bad
value and say what to fix.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import DataError, Problem
from .yamlsource import KeyPath, YamlDocument

ModelT = TypeVar("ModelT", bound=BaseModel)


def validate_document(document: YamlDocument, model: type[ModelT]) -> ModelT:
    """Validate one YAML document against `model`, locating every error at its node."""
    if not isinstance(document.data, dict):
        raise DataError([document.problem((), "expected a mapping of keys at the top of the file")])
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        raise DataError(
            [_problem_from_error(document, err) for err in exc.errors(include_url=False)]
        ) from None


def _problem_from_error(document: YamlDocument, err: Any) -> Problem:
    path = _data_path(document.data, tuple(err["loc"]))
    kind = err["type"]
    if kind == "missing":
        missing = err["loc"][-1]
        return document.problem(path, f"missing required key {missing!r}")
    if kind == "extra_forbidden":
        return document.problem(
            path, f"unknown key {path[-1]!r}; check its spelling or remove it", at_key=True
        )
    message = str(err["msg"])
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    if kind not in {"value_error", "assertion_error"} and "input" in err:
        shown = repr(err["input"])
        message += f" (got {shown if len(shown) <= 60 else shown[:57] + '...'})"
    if kind == "value_error":
        path = _named_key(document, path, message)
    return document.problem(path, message)


def _named_key(document: YamlDocument, path: KeyPath, message: str) -> KeyPath:
    """Narrow a record-level check's location to the key its message is about.

    A check over several keys of one record (`end` before `start`; comparator 區間 needs
    `value` to be a pair) is located by pydantic at the record. Point instead at the key the
    message names that is written last in the file: the one that contradicts what came before.
    """
    node: Any = document.data
    for part in path:
        node = node[part]
    if not isinstance(node, dict):
        return path
    named = [
        (*path, key)
        for key in node
        if isinstance(key, str)
        and re.search(rf"(?<![A-Za-z0-9_-]){re.escape(key)}(?![A-Za-z0-9_-])", message)
    ]
    return max(named, key=document.locate_key) if named else path


def _data_path(data: Any, loc: tuple[Any, ...]) -> KeyPath:
    """The part of a pydantic error location that exists in the data (drops union branches)."""
    path: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and index == len(loc) - 1:
            path.append(part)  # a missing or unknown key: name it
            break
        else:
            continue
        path.append(part)
    return tuple(path)
