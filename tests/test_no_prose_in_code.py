"""The program's words live in templates and wording files, not in Python string literals.

Walks the syntax tree of every module of the package and fails on a string literal (outside
docstrings) that holds a Chinese character other than punctuation, the joiners 和、及、与/與
and numeral characters. The canonical spellings of the plan files' enumerated words
(`plan.tokens`: comparators and reported statuses) are identifiers of the data, not prose,
and may be compared against.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import reportgen
from reportgen.plan import tokens

PACKAGE = Path(reportgen.__file__).parent

ALLOWED = set("和及与與〇零一二三四五六七八九十百千万萬")
"""Chinese characters a literal may hold: joiners and numerals."""

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")

DATA_TOKENS = set(tokens.COMPARATOR_SPELLINGS) | set(tokens.STATUS_SPELLINGS)
"""Spellings of the plan files' enumerated words, which code compares data against."""

# Modules whose words are being moved to data files separately; this list is emptied once
# that is done, and nothing may be added to it.
TEMPORARILY_EXEMPT = {
    "plan/tokens.py",
    "plan/model.py",
    "plan/overview.py",
    "documents/titlelines.py",
    "layout/styles.py",
    "layout/profile.py",
    "writers/docx/styles.py",
    "writers/docx/writer.py",
    "render/vocabulary.py",
    "fonts/catalog.py",
    "cli/app.py",
    "cli/batch.py",
    "cli/forms.py",
    "cli/options.py",
    "cli/watch.py",
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def prose_literals(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of each string literal outside docstrings that holds Chinese prose."""
    tree = ast.parse(source)
    documentation = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if id(node) in documentation or node.value.strip() in DATA_TOKENS:
            continue
        if any(ch not in ALLOWED for ch in HAN.findall(node.value)):
            yield node.lineno, node.value


def test_the_check_finds_prose_and_passes_punctuation_joiners_and_numerals() -> None:
    source = (
        '"""模塊說明。"""\n'
        'def f():\n    """函數說明。"""\n    return "特此報告。"\n'
        'A = "、".join([])\nB = f"（{1}）"\nC = "和"\nD = "第十二"\nE = f"{A}年度"\n'
        'F = "超過"\n'
    )
    found = sorted(line for line, _ in prose_literals(source))
    assert found == [4, 8, 9]


def test_the_exempt_modules_exist() -> None:
    missing = sorted(name for name in TEMPORARILY_EXEMPT if not (PACKAGE / name).is_file())
    assert not missing, f"exempt modules that do not exist: {missing}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_chinese_prose_in_python_literals(path: Path) -> None:
    name = path.relative_to(PACKAGE).as_posix()
    if name in TEMPORARILY_EXEMPT:
        pytest.skip("its words are being moved to data")
    found = list(prose_literals(path.read_text("utf-8")))
    assert not found, "\n".join(f"{name}:{line}: {text!r}" for line, text in found)
