"""No Chinese words in the package's Python string literals: they belong to data files.

Docstrings may quote Chinese (they document the data); literals may hold punctuation, the
joiners 和、及、与/與 and numeral characters, which the code writes whatever the wording.
Every module of the package is checked: the documents' sentences are in the templates, their
fixed words in `documents/wording.yaml`, the plan files' words in `plan/tokens.yaml`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import reportgen

PACKAGE = Path(reportgen.__file__).resolve().parent

ALLOWED = frozenset("和及与與〇零一二三四五六七八九十百千万萬")
"""Ideographs a literal may hold: joiners and numerals."""

IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes: the first statement of a module, class or function,
    and a string statement right after an assignment (an attribute's docstring)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for index, statement in enumerate(body):
            if not (
                isinstance(statement, ast.Expr)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
            ):
                continue
            first = index == 0 and isinstance(
                node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
            )
            after_assignment = index > 0 and isinstance(body[index - 1], ast.Assign | ast.AnnAssign)
            if first or after_assignment:
                found.add(id(statement.value))
    return found


def words_in_literals(source: str) -> list[tuple[int, str]]:
    """(line, literal) of every string literal outside docstrings holding a Chinese word."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and any(ch not in ALLOWED for ch in IDEOGRAPH.findall(node.value))
    ]


def _checked_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_scan_finds_a_word_and_spares_docstrings_punctuation_and_numerals() -> None:
    source = (
        '"""模块說明。"""\n'
        "def f() -> str:\n"
        '    """函數說明。"""\n'
        '    x = "〔{year}〕"\n'
        '    """屬性說明。"""\n'
        '    y = f"（{x}）、二和三"\n'
        '    return f"{x}號" + "，"\n'
        "LABEL = {'a': '達到'}\n"
    )
    assert sorted(words_in_literals(source)) == [(7, "號"), (8, "達到")]


@pytest.mark.parametrize(
    "module", _checked_modules(), ids=lambda m: m.relative_to(PACKAGE).as_posix()
)
def test_no_chinese_word_in_a_string_literal(module: Path) -> None:
    found = words_in_literals(module.read_text(encoding="utf-8"))
    assert found == [], "\n".join(f"{module.name}:{line}: {text!r}" for line, text in found)
