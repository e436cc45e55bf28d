"""Edit the text of a YAML list in place: replace some entries, append others.

Input: the text of a progress file and, per top-level list, the entries to replace (by index)
and to append. Output: the new text. Only the replaced entries' text changes and the new
entries are inserted after the last one; every other byte (comments, blank lines, how each
entry is wrapped) stays as it was. New and replaced entries are written in the style of the
list's first entry: a one-line flow mapping `{key: value, …}` (wrapped like the sample files
when long) or a block mapping.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

WRAP_AT = 100
"""Flow entries longer than this many characters are wrapped between their pairs."""


@dataclass
class ListEdits:
    """What to do to one top-level list."""

    replace: dict[int, dict[str, Any]] = field(default_factory=dict)
    append: list[dict[str, Any]] = field(default_factory=list)
    flow: bool = True
    """Style for entries when the list has none yet to copy."""


def scalar_text(value: Any) -> str:
    """One value as YAML writes it inline (quoted where it must be)."""
    style = '"' if isinstance(value, str) and ("\n" in value or "\t" in value) else None
    dumped = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, default_style=style, width=math.inf
    )
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def flow_entry(entry: Mapping[str, Any], column: int) -> str:
    """`{k: v, …}` starting at `column`, wrapped after a comma when a line grows too long."""
    pairs = [f"{key}: {scalar_text(value)}" for key, value in entry.items()]
    lines = ["{" + pairs[0]] if pairs else ["{"]
    for pair in pairs[1:]:
        start = column if len(lines) == 1 else 0
        if start + len(lines[-1]) + len(pair) + 3 > WRAP_AT:
            lines[-1] += ","
            lines.append(" " * (column + 1) + pair)
        else:
            lines[-1] += ", " + pair
    return "\n".join(lines) + "}"


def block_entry(entry: Mapping[str, Any], column: int) -> str:
    """`key: value` lines, the first starting at `column`, the rest indented to it."""
    lines = [f"{key}: {scalar_text(value)}" for key, value in entry.items()]
    return ("\n" + " " * column).join(lines)


def _end(node: Node) -> int:
    """Where a node's own text ends (a block mapping ends with its last value)."""
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        return _end(node.value[-1][1])
    if isinstance(node, SequenceNode) and not node.flow_style and node.value:
        return _end(node.value[-1])
    return int(node.end_mark.index)


def _after_line(text: str, end: int) -> int:
    """Where to insert after a node ending at `end`: past a comment on the same line."""
    if end > 0 and text[end - 1] == "\n":  # a block scalar ends after its line break
        return end - 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[end:line_end].strip()
    return line_end if not rest or rest.startswith("#") else end


def _render(entry: Mapping[str, Any], flow: bool, column: int) -> str:
    return flow_entry(entry, column) if flow else block_entry(entry, column)


def splice(text: str, edits: Mapping[str, ListEdits]) -> str:
    """`text` with `edits` applied to its top-level lists."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, MappingNode) or root.flow_style:
        raise ValueError("the file's top level is not a block mapping")
    nodes = {key.value: (key, value) for key, value in root.value if isinstance(key, ScalarNode)}
    changes: list[tuple[int, int, str]] = []
    tail: list[str] = []
    for name, edit in edits.items():
        if not edit.replace and not edit.append:
            continue
        found = nodes.get(name)
        if found is None:
            tail.append(_new_list(name, edit.append, edit.flow))
            continue
        _, value = found
        if isinstance(value, SequenceNode) and value.value and not value.flow_style:
            changes.extend(_edit_list(text, value, edit))
        elif (isinstance(value, SequenceNode) and not value.value) or (
            isinstance(value, ScalarNode) and value.tag == "tag:yaml.org,2002:null"
        ):
            start = int(value.start_mark.index)
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            items = _items(edit.append, edit.flow, 2)
            changes.append((start, int(value.end_mark.index), items))
        else:
            raise ValueError(f"`{name}` is not a block list")
    for start, end, replacement in sorted(changes, reverse=True):
        text = text[:start] + replacement + text[end:]
    if tail:
        text = text.rstrip("\n") + "\n\n" + "\n".join(tail)
    return text


def _items(entries: list[dict[str, Any]], flow: bool, dash: int) -> str:
    """New list items, each on a new line: `\\n  - entry`."""
    return "".join("\n" + " " * dash + "- " + _render(entry, flow, dash + 2) for entry in entries)


def _new_list(name: str, entries: list[dict[str, Any]], flow: bool) -> str:
    return f"{name}:{_items(entries, flow, 2)}\n"


def _edit_list(text: str, node: SequenceNode, edit: ListEdits) -> list[tuple[int, int, str]]:
    changes = []
    first = node.value[0]
    flow = (
        bool(getattr(first, "flow_style", edit.flow))
        if isinstance(first, MappingNode)
        else (edit.flow)
    )
    for index, entry in edit.replace.items():
        item = node.value[index]
        item_flow = bool(item.flow_style) if isinstance(item, MappingNode) else flow
        column = int(item.start_mark.column)
        changes.append((int(item.start_mark.index), _end(item), _render(entry, item_flow, column)))
    if edit.append:
        line_start = text.rfind("\n", 0, int(first.start_mark.index)) + 1
        prefix = text[line_start : int(first.start_mark.index)]
        dash = len(prefix.rstrip()) - 1 if prefix.rstrip().endswith("-") else 2
        end = _after_line(text, _end(node.value[-1]))
        changes.append((end, end, _items(edit.append, flow, dash)))
    return changes
