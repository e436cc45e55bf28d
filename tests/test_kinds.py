"""Every kind of document is declared once, in its module under reportgen/documents/, and
everything that lists kinds reads the registry: the batch, `reportgen render`, the font check.

A kind made up here, in a module of its own and with a template of its own, shows that adding
one needs nothing else: it appears in a batch's dry run, in `render --help` with its options,
and among the documents the font check reads, and it renders.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import reportgen.documents
from reportgen.cli.app import app
from reportgen.documents.registry import document_kinds
from reportgen.fonts.check import checked_requests
from reportgen.plan.loader import load_plan
from reportgen.resources import default_plan_dir, templates_dir

runner = CliRunner()

NEW_KIND = '''
"""A one-page memo per unit and year, to show what a kind needs."""

from __future__ import annotations

from typing import Any

from reportgen.core import DocumentRequest
from reportgen.layout.profile import LayoutProfile
from reportgen.plan.model import Plan

from .kind import DocumentKind, find_unit


def build_memo(
    plan: Plan, profile: LayoutProfile, request: DocumentRequest, warnings: list[str]
) -> dict[str, Any]:
    return {"unit": find_unit(plan, request.unit).name, "year": request.year}


KIND = DocumentKind(
    name="memo",
    order=99,
    template="memo.html.j2",
    build_context=build_memo,
    help="A memo for testing the registry.",
    axes=("year", "unit"),
    option_help={"unit": "The unit the memo goes to."},
)
'''

NEW_TEMPLATE = """{% extends "base.html.j2" %}
{% set meta = {"title": unit, "author": unit, "subject": unit, "keywords": [], "date": none,
               "lang": "zh-Hant"} %}
{% block content %}
<section class="gw-section" data-orientation="portrait">
<p class="gw-para">{{ unit }}{{ year }}</p>
</section>
{% endblock %}
"""


@pytest.fixture
def memo_kind() -> Iterator[None]:
    """The memo kind installed (its module and its template) for one test, then removed."""
    module = Path(reportgen.documents.__path__[0]) / "memo.py"
    template = templates_dir() / "memo.html.j2"
    module.write_text(textwrap.dedent(NEW_KIND), "utf-8")
    template.write_text(NEW_TEMPLATE, "utf-8")
    document_kinds.cache_clear()
    try:
        yield
    finally:
        module.unlink()
        template.unlink()
        shutil.rmtree(module.parent / "__pycache__" / "memo", ignore_errors=True)
        sys.modules.pop("reportgen.documents.memo", None)
        document_kinds.cache_clear()


def test_the_built_in_kinds() -> None:
    assert list(document_kinds()) == ["circular", "notice", "summary", "reminder"]


def _every_kind_is_listed_everywhere(tmp_path: Path) -> None:
    kinds = list(document_kinds())
    plan = load_plan(default_plan_dir())
    result = runner.invoke(app, ["batch", "--dry-run", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    names = [line.split(":")[0].strip() for line in result.output.splitlines()[1:]]
    folder = plan.directory.resolve().name
    for kind in kinds:
        assert any(name.startswith(f"{folder}-{kind}") for name in names), kind
    result = runner.invoke(app, ["render", "--help"])
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line]
    assert listed == kinds
    assert [k for k in kinds if k in {r.kind for r in checked_requests(plan)}] == kinds


def test_every_kind_is_in_the_batch_the_render_commands_and_the_font_check(
    tmp_path: Path,
) -> None:
    _every_kind_is_listed_everywhere(tmp_path)


def test_a_kind_added_in_one_module_and_one_template_is_everywhere(
    memo_kind: None, tmp_path: Path
) -> None:
    assert "memo" in document_kinds()
    _every_kind_is_listed_everywhere(tmp_path)
    result = runner.invoke(app, ["render", "memo", "--help"])
    assert result.exit_code == 0, result.output
    assert "--unit" in result.output and "--year" in result.output
    assert "--number" not in result.output
    output = tmp_path / "memo"
    arguments = ["--unit", "edu", "--year", "2022", "-o", str(output), "-f", "html"]
    result = runner.invoke(app, ["render", "memo", *arguments])
    assert result.exit_code == 0, result.output
    (written,) = output.glob("*-memo-2022-edu.html")
    assert "市教育局2022" in written.read_text("utf-8")
