"""Read one YAML file into plain Python data plus the source position of every node.

Input: a path. Output: a `YamlDocument` whose `data` holds dicts, lists and scalars, and whose
`locate()` maps a key path such as ("parts", 0, "heading") to the line and column where that
node stands. Anything that is not plain YAML data is refused with a located `DataError`:
syntax errors, duplicate keys, tags that would build objects, non-UTF-8 bytes, control
characters, and inputs past the size, depth and node limits below. The limits keep the time
and memory one hostile file can cost to about a second and a few tens of megabytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import DataError, Problem

MAX_FILE_BYTES = 1024 * 1024
"""Largest data file accepted; the default plan's files are a few kilobytes (at most ~10 KB).

PyYAML's pure-Python scanner reads about a megabyte a second, so this bounds parsing time."""

MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences accepted."""

MAX_NODES = 50_000
"""Most nodes one file may hold, and expand to counting every use of an alias anew.

The default plan's largest file has a few hundred. Composing a node costs PyYAML ~20 µs, so
the count is checked while composing too: a long flat list stops here, not after a minute."""

FORBIDDEN_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"
    r"\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
"""Characters refused in a file and in any value (written as an escape such as "\\x07"): C0
and C1 controls other than tab and line breaks, Unicode's line and paragraph separators (PyYAML
counts them as line breaks, editors do not), lone surrogates and non-characters. Most cannot
be written to DOCX (XML), and all are invisible in an editor. Private-use characters too: they
have no agreed glyph, so no font of the profile draws them (the PDF would embed whatever face
the system has) and a reader's Word shows something else."""

MAX_TEXT_CHARS = 2 * MAX_FILE_BYTES
"""Most characters of text one file may hold once its aliases are expanded, every use of an
alias counting anew. A file without aliases cannot reach it (its text is at most
`MAX_FILE_BYTES` long); a few aliases of a long value could otherwise make a document of
gigabytes."""

MAX_STRING_CHARS = 500_000
"""Longest single value accepted, in characters: more than any document prints on a page
or a table cell holds, and well within what the writers handle."""

KeyPath = tuple[str | int, ...]

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_STR = "tag:yaml.org,2002:str"
_INT_12 = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT_12 = re.compile(
    r"^(?:[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
"""Numbers as YAML 1.2's core schema writes them, in the forms YAML 1.1 reads alike: decimal
digits, a point, an exponent with its sign. Digits after a leading zero (08) and an exponent
without a point or sign (1e5) stay text, as YAML 1.1 reads them and PyYAML writes such text;
a figure given as text is still read as a number where the data expects one."""

_OTHER_NUMBER_FORMS = [
    (re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"), "base 60: 1:20 is 80"),
    (re.compile(r"[-+]?0x[0-9a-fA-F_]+"), "hexadecimal"),
    (re.compile(r"[-+]?0b[01_]+"), "binary"),
    (re.compile(r"[-+]?0o[0-7_]+"), "octal"),
    (re.compile(r"[-+]?0[0-7_]+"), "a leading zero makes it octal: 010 is 8"),
    (re.compile(r"[-+]?0[0-9]+\.[0-9_]*(?:[eE][-+]?[0-9]+)?"), "a leading zero"),
    (
        re.compile(r"(?=.*_)[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?"),
        "digits grouped with _",
    ),
]
"""Plain values some YAML readers take for numbers and others for text, or for another
number: refused, so that a ratio typed as 1:20 never becomes 80."""

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


def format_key_path(path: KeyPath) -> str:
    """("parts", 0, "heading") -> "parts[0].heading"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


@dataclass
class YamlDocument:
    """The data of one YAML file and where each of its nodes stands."""

    file: Path
    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: KeyPath) -> tuple[int, int]:
        """Line and column (1-based) of the node at `path`, or of its nearest ancestor."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return (1, 1)

    def locate_key(self, path: KeyPath) -> tuple[int, int]:
        """Where the key of a mapping entry stands (for 'unknown key' messages)."""
        return self.key_positions.get(path) or self.locate(path)

    def problem(self, path: KeyPath, message: str, *, at_key: bool = False) -> Problem:
        line, column = self.locate_key(path) if at_key else self.locate(path)
        return Problem(str(self.file), line, column, format_key_path(path), message)


def load_yaml_file(path: Path) -> YamlDocument:
    """Read and parse `path`; raise `DataError` naming the file, line and fix on any problem."""
    try:
        if not path.exists():
            if path.is_symlink():
                raise DataError.at_file(
                    path, "is a symbolic link to nothing (its target is missing, or it loops)"
                )
            raise DataError.at_file(path, "file not found")
        if path.is_dir():
            raise DataError.at_file(path, "is a directory, expected a YAML file")
        if not path.is_file():
            # a device (/dev/zero), pipe or socket: reading it may never end
            raise DataError.at_file(path, "is not a regular file, expected a YAML file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError.at_file(
                path, f"file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes"
            )
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # the file may grow after the check
        if len(raw) > MAX_FILE_BYTES:
            raise DataError.at_file(path, f"file is over the limit of {MAX_FILE_BYTES} bytes")
    except OSError as exc:
        raise DataError.at_file(path, f"cannot read file: {exc.strerror or exc}") from None
    return parse_yaml_bytes(raw, path)


def parse_yaml_bytes(raw: bytes, path: Path) -> YamlDocument:
    """Parse YAML bytes that came from `path` (used in messages)."""
    text = _decode(raw, path)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise DataError.at_file(path, "file is empty; expected a YAML mapping")
    loader = _DepthLimitedLoader(text)
    try:
        root = loader.get_single_node()
    except _OverLimit as exc:
        line, column = exc.mark.line + 1, exc.mark.column + 1
        raise DataError(
            [Problem(str(path), line, column, format_key_path(exc.path), exc.message)]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark, message = _locate_syntax_error(exc, text)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise DataError([Problem(str(path), line, column, "", message)]) from None
    except yaml.YAMLError as exc:
        raise DataError.at_file(path, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    if root is None:
        raise DataError.at_file(path, "file is empty; expected a YAML mapping")
    document = YamlDocument(file=path, data=None)
    builder = _Builder(document, loader.anchor_names)
    document.data = builder.build(root, (), 0)
    if builder.problems:
        raise DataError(builder.problems)
    return document


def _decode(raw: bytes, path: Path) -> str:
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line, column = _position_of_byte(raw, offset)
        raise DataError(
            [Problem(str(path), line, column, "", "binary data (NUL byte): not a YAML text file")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(raw, exc.start)
        raise DataError(
            [
                Problem(
                    str(path),
                    line,
                    column,
                    "",
                    f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8",
                )
            ]
        ) from None
    text = text.removeprefix("\ufeff")
    forbidden = FORBIDDEN_CHARACTERS.search(text)
    if forbidden is not None:
        at = forbidden.start()
        line = text.count("\n", 0, at) + 1
        column = at - text.rfind("\n", 0, at)
        message = f"{describe_character(forbidden.group())} is not allowed here; delete it"
        raise DataError([Problem(str(path), line, column, "", message)])
    return text


def describe_character(character: str) -> str:
    """A forbidden character as a message names it: 'control character U+0007'."""
    code = ord(character)
    if code in (0x2028, 0x2029):
        kind = "invisible line or paragraph separator"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "lone surrogate"
    elif code in (0xFFFE, 0xFFFF):
        kind = "non-character"
    elif 0xE000 <= code <= 0xF8FF or code >= 0xF0000:
        kind = "private-use character"
    else:
        kind = "control character"
    return f"{kind} U+{code:04X}"


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column


class _OverLimit(Exception):
    def __init__(self, mark: Any, path: KeyPath, message: str) -> None:
        super().__init__(path)
        self.mark, self.path, self.message = mark, path, message


class _DepthLimitedLoader(yaml.SafeLoader):
    """A safe loader whose composer stops at the first node nested past `MAX_DEPTH`, or
    composed past `MAX_NODES`.

    PyYAML composes nested collections recursively, so a few thousand levels of `[[[...` raise
    RecursionError (and its scanner slows down with each open flow level) long before the
    builder's depth check would run; the composer refuses them as soon as the limit is passed.
    Likewise a file of a million small nodes would take a minute to compose before the
    builder counted them.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._path: list[str | int | None] = []
        self._composed = 0
        self.anchor_names: dict[int, str] = {}
        """The anchor of each anchored node (by id), to name it where its aliases are used."""

    def compose_document(self) -> Node | None:
        self.get_event()  # type: ignore[no-untyped-call]
        node = self.compose_node(None, None)
        self.get_event()  # type: ignore[no-untyped-call]
        self.anchor_names = {id(n): name for name, n in self.anchors.items()}
        self.anchors = {}
        return node

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        # `index` is the key node for a mapping's value, the position for a list item, and
        # None for a key or the root (those are left out of the path).
        part: str | int | None
        if isinstance(index, ScalarNode):
            part = str(index.value)
        else:
            part = index if index is None or isinstance(index, int) else "?"
        self._path.append(part)
        self._composed += 1
        try:
            message = None
            if len(self._path) > MAX_DEPTH + 1:  # the root is at depth 0
                message = f"nested deeper than {MAX_DEPTH} levels"
            elif self._composed > MAX_NODES:
                message = f"more than {MAX_NODES} nodes in one file; split it or shorten it"
            if message is not None:
                path = tuple(part for part in self._path[1:] if part is not None)
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise _OverLimit(event.start_mark, path, message)
            return super().compose_node(parent, index)
        finally:
            self._path.pop()


def _core_schema_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """SafeLoader's implicit types with YAML 1.1's numbers replaced by YAML 1.2 core's."""
    resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, regexp) for tag, regexp in entries if tag not in (_INT, _FLOAT)]
        if kept:
            resolvers[first] = kept
    for tag, regexp, firsts in [
        (_INT, _INT_12, "-+0123456789"),
        (_FLOAT, _FLOAT_12, "-+.0123456789"),
    ]:
        for first in firsts:
            resolvers.setdefault(first, []).append((tag, regexp))
    return resolvers


_DepthLimitedLoader.yaml_implicit_resolvers = _core_schema_resolvers()


def _number_form_problem(text: str) -> str | None:
    """Why a plain value is refused as an ambiguous number, or None."""
    for pattern, name in _OTHER_NUMBER_FORMS:
        if pattern.fullmatch(text):
            return (
                f"{text!r} is read as text or as another number depending on the YAML "
                f"version ({name}); write the number in decimal digits (1234.5), or put the "
                "value in quotes if it is text"
            )
    return None


def _construct_number(node: ScalarNode) -> int | Decimal:
    """An int, or a Decimal holding the digits exactly as written (never a float)."""
    text = node.value
    if node.tag == _INT:
        return int(text)
    lowered = text.lower()
    if lowered.endswith((".inf", ".nan")):
        return Decimal(lowered.replace(".inf", "Infinity").replace(".nan", "NaN"))
    return Decimal(text)


_FLOW_CONTEXTS = {
    "while parsing a flow sequence": ("[ list", "]"),
    "while parsing a flow mapping": ("{ mapping", "}"),
}
_RAN_OFF = {"found unexpected end of stream", "found unexpected document separator"}


def _locate_syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[Any, str]:
    """Where a syntax error is, and what to say about it.

    The parser notices an unclosed quote or bracket only where the text after it stops making
    sense, often lines later; the damage is where the quote or bracket opened, so point there.
    """
    problem, context = exc.problem_mark, exc.context_mark
    mark = problem or context
    message = _describe_syntax_error(exc, text, mark.line if mark else 0)
    if problem is None:
        return mark, message
    if context is not None and context.line < problem.line:
        if exc.context == "while scanning a quoted scalar" and exc.problem in _RAN_OFF:
            return context, (
                "YAML syntax error: the quoted value opened here is not closed "
                f"(it runs on to line {problem.line + 1})"
            )
        if exc.context in _FLOW_CONTEXTS:
            what, closer = _FLOW_CONTEXTS[exc.context]
            return context, (
                f"YAML syntax error in the {what} opened here: {exc.problem} "
                f"on line {problem.line + 1}; is its closing {closer} missing?"
            )
    swallowing = _quoted_scalar_before(text, problem.index)
    if swallowing is not None:
        return swallowing.start_mark, (
            f"YAML syntax error: the quoted value opened here runs on to line "
            f"{swallowing.end_mark.line + 1}; is its closing quote missing? "
            f"(noticed on line {problem.line + 1}: {exc.problem})"
        )
    return mark, message


def _quoted_scalar_before(text: str, index: int) -> yaml.ScalarToken | None:
    """The token just before `index` if it is a quoted value spanning several lines.

    A value whose closing quote is missing swallows the lines after it up to the next quote,
    and the parser fails only after that; such a value is the likely culprit.
    """
    previous = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            previous = token
    except yaml.YAMLError:
        pass
    if (
        isinstance(previous, yaml.ScalarToken)
        and previous.style in {'"', "'"}
        and previous.end_mark.line > previous.start_mark.line
    ):
        return previous
    return None


def _describe_syntax_error(exc: yaml.MarkedYAMLError, text: str, line_index: int) -> str:
    problem = exc.problem or "syntax error"
    lines = text.splitlines()
    here = lines[line_index] if 0 <= line_index < len(lines) else ""
    if "\t" in here[: len(here) - len(here.lstrip(" \t"))] or "found character '\\t'" in problem:
        return "YAML syntax error: a tab is used for indentation; indent with spaces"
    context = f" {exc.context}" if exc.context else ""
    return f"YAML syntax error: {problem}{context}".replace("\n", " ")


@dataclass(frozen=True)
class _Via:
    """Where an alias is used (the nodes it repeats are reported there), and its anchor."""

    position: tuple[int, int]
    anchor: str | None


class _Builder:
    """Turn a composed node tree into plain data, recording positions and refusing the rest."""

    def __init__(self, document: YamlDocument, anchor_names: dict[int, str]) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.nodes_built = 0
        self.text_built = 0
        self.constructor = yaml.SafeLoader("")
        self._built: set[int] = set()
        self._anchor_names = anchor_names
        self._scalars: dict[int, Any] = {}

    def build(self, node: Node, path: KeyPath, depth: int, via: _Via | None = None) -> Any:
        # A node built before is reached again through an alias, and so is all it holds: their
        # positions are the anchor's. The limits below report them at `via`, the position of
        # the nearest node not reached through an alias (where the alias is used).
        if via is None and id(node) in self._built:
            via = _Via(self.document.locate(path), self._anchor_names.get(id(node)))
        self._built.add(id(node))
        origin = via.position if via else (node.start_mark.line + 1, node.start_mark.column + 1)
        self.nodes_built += 1
        if self.nodes_built > MAX_NODES:
            if self.nodes_built == MAX_NODES + 1:
                self._fail_at(
                    origin,
                    path,
                    f"more than {MAX_NODES} nodes (aliases expand to too much data); "
                    "remove repeated aliases",
                )
            return None
        if depth > MAX_DEPTH:
            self._fail_at(origin, path, f"nested deeper than {MAX_DEPTH} levels")
            return None
        if self.text_built > MAX_TEXT_CHARS:  # reported once, where it was passed
            return None
        self.document.positions.setdefault(
            path, (node.start_mark.line + 1, node.start_mark.column + 1)
        )
        if isinstance(node, MappingNode):
            return self._build_mapping(node, path, depth, via)
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._fail(node, path, f"tag {node.tag!r} is not allowed; use plain YAML lists")
                return None
            return [
                self.build(item, (*path, i), depth + 1, via) for i, item in enumerate(node.value)
            ]
        assert isinstance(node, ScalarNode)
        if via is not None and id(node) in self._scalars:  # repeated by an alias: checked once
            value = self._scalars[id(node)]
        else:
            value = self._scalars[id(node)] = self._build_scalar(node, path)
        if isinstance(value, str):
            self._count_text(value, origin, path, via)
        return value

    def _count_text(
        self, value: str, origin: tuple[int, int], path: KeyPath, via: _Via | None
    ) -> None:
        """Add a value's length to the file's expanded text; refuse it past the budgets."""
        if len(value) > MAX_STRING_CHARS:
            self._fail_at(
                origin,
                path,
                f"the value is {len(value)} characters long; the limit is {MAX_STRING_CHARS}",
            )
            return
        before = self.text_built
        self.text_built += len(value)
        if before <= MAX_TEXT_CHARS < self.text_built:
            alias = f"the alias *{via.anchor}" if via and via.anchor else "aliases"
            message = f"repeating {alias} takes the file's text past {MAX_TEXT_CHARS} characters"
            self._fail_at(origin, path, f"{message}; write the text once instead of repeating it")

    def _build_mapping(self, node: MappingNode, path: KeyPath, depth: int, via: _Via | None) -> Any:
        if node.tag != "tag:yaml.org,2002:map":
            self._fail(node, path, f"tag {node.tag!r} is not allowed; use plain YAML mappings")
            return None
        result: dict[str, Any] = {}
        for key_node, value_node in self._entries(node, path):
            if not isinstance(key_node, ScalarNode):
                self._fail(key_node, path, "a key must be a plain word, not a list or mapping")
                continue
            key = self._build_scalar(key_node, path)
            if key is None and key_node.value == "":
                self._fail(key_node, path, "empty key")
                continue
            key_text = str(key) if not isinstance(key, str) else key
            child = (*path, key_text)
            if key_text in result:
                first = self.document.key_positions.get(child, (0, 0))
                self._fail(
                    key_node,
                    child,
                    f"duplicate key {key_text!r} (first defined on line {first[0]}); keep only one",
                )
                continue
            self.document.key_positions[child] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key_text] = self.build(value_node, child, depth + 1, via)
        return result

    def _entries(self, node: MappingNode, path: KeyPath) -> Iterator[tuple[Node, Node]]:
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(key_node, path, "merge keys (<<) are not supported; write the keys out")
                continue
            yield key_node, value_node

    def _build_scalar(self, node: ScalarNode, path: KeyPath) -> Any:
        if node.tag not in _PLAIN_TAGS:
            self._fail(node, path, f"tag {node.tag!r} is not allowed; write a plain value")
            return None
        if node.tag == _STR and node.style is None:
            ambiguous = _number_form_problem(node.value)
            if ambiguous is not None:
                self._fail(node, path, ambiguous)
                return None
        try:
            if node.tag in (_INT, _FLOAT):
                value = _construct_number(node)
            else:
                value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError, ArithmeticError) as exc:
            shown = repr(node.value)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            self._fail(node, path, f"cannot read value {shown}: {exc}")
            return None
        forbidden = FORBIDDEN_CHARACTERS.search(value) if isinstance(value, str) else None
        if forbidden is not None:
            character = describe_character(forbidden.group())
            self._fail(node, path, f"the value holds {character} (an escape); remove it")
            return None
        return value

    def _fail(self, node: Node, path: KeyPath, message: str) -> None:
        self._fail_at((node.start_mark.line + 1, node.start_mark.column + 1), path, message)

    def _fail_at(self, position: tuple[int, int], path: KeyPath, message: str) -> None:
        line, column = position
        self.problems.append(
            Problem(str(self.document.file), line, column, format_key_path(path), message)
        )
