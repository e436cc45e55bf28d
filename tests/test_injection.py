"""Markup, template and CSS code inside data strings is text: printed as written, never run.

A copy of the default plan gets HTML, Jinja and CSS payloads in its text fields (the notice's
title, header mark and body, a part heading, a measure's text, unit names, a schedule cell, a
progress narrative). The HTML must hold them escaped (`&lt;script&gt;`), parse to no element
they name, and show `{{ 7*7 }}` rather than 49; the DOCX and PDF must print them literally.
No file outside the project is read (/etc/passwd) and no network connection is attempted,
and the PDF writer refuses such URLs even when a (user) template writes real tags.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html as lxml_html
from typer.testing import CliRunner

from reportgen.cli.app import app
from reportgen.layout.profile import load_profile
from reportgen.resources import default_plan_dir, templates_dir

runner = CliRunner()

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src="file:///etc/passwd">'
LINK = '<link rel="stylesheet" href="http://example.com/x.css">'
JINJA_EXPRESSION = "{{ 7*7 }}"
JINJA_INCLUDE = "{% include 'base.html.j2' %}"
CLOSE_AND_OPEN = '</p><p class="gw-mark">'
STYLE = "</style><style>body{display:none}</style>"
PAYLOADS = [SCRIPT, IMG, LINK, JINJA_EXPRESSION, JINJA_INCLUDE, CLOSE_AND_OPEN, STYLE]

WRITERS_IMPORT = all(
    importlib.util.find_spec(name) is not None for name in ("weasyprint", "docx", "pdfplumber")
)
if WRITERS_IMPORT:
    try:
        import reportgen.writers.docx.writer
        import reportgen.writers.pdf.writer  # noqa: F401
    except ImportError:
        WRITERS_IMPORT = False


def passwd_first_line() -> str:
    try:
        return Path("/etc/passwd").read_text("utf-8", "replace").splitlines()[0]
    except (OSError, IndexError):
        return "root:x:0:0"


# --- the injected plan ---------------------------------------------------------------------


def edit_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def inject(plan_dir: Path) -> None:
    def document(d: dict[str, Any]) -> None:
        d["title"] = SCRIPT + "關于印發行動計劃的通知"
        d.pop("title_lines", None)
        d["header_mark"] = "紹興市人民政府辦公室" + CLOSE_AND_OPEN
        d["body"] = ["現印發給你們" + "".join(PAYLOADS) + "請認真貫徹實施。"]

    def plan(d: dict[str, Any]) -> None:
        d["parts"][0]["heading"] = "總體要求" + STYLE
        measure = d["parts"][0]["measures"][0]
        measure["text"] = "堅持" + "".join(PAYLOADS) + "為指導。"

    def units(d: dict[str, Any]) -> None:
        for unit in d["units"]:
            if unit["id"] == "edu":
                unit["name"] = "市教育局" + JINJA_EXPRESSION
            if unit["id"] == "fao":
                unit["name"] = "市外辦" + IMG

    def schedule(d: dict[str, Any]) -> None:
        d["projects"][0]["rows"][0]["cells"]["keqiao"] = "通過" + LINK

    def progress(d: dict[str, Any]) -> None:
        narrative = next(n for n in d["narratives"] if n["unit"] == "edu")
        narrative["work"] = "推進" + JINJA_EXPRESSION + JINJA_INCLUDE + STYLE + "建設。"
        narrative["problems"] = "師資不足" + SCRIPT + CLOSE_AND_OPEN

    edit_yaml(plan_dir / "document.yaml", document)
    edit_yaml(plan_dir / "plan.yaml", plan)
    edit_yaml(plan_dir / "units.yaml", units)
    edit_yaml(plan_dir / "schedule.yaml", schedule)
    edit_yaml(plan_dir / "progress" / "2021.yaml", progress)


@dataclass(frozen=True)
class Document:
    """One rendered document of the injected plan and the payloads it must show."""

    name: str
    args: tuple[str, ...]
    payloads: tuple[str, ...]


DOCUMENTS = [
    Document("circular", ("circular",), tuple(PAYLOADS)),
    Document(
        "summary",
        ("summary", "--unit", "edu", "--year", "2021"),
        (JINJA_EXPRESSION, JINJA_INCLUDE, STYLE),
    ),
    Document("notice", ("notice", "--year", "2021"), (SCRIPT, CLOSE_AND_OPEN)),
]


@dataclass
class Rendered:
    out: Path
    outputs: dict[str, dict[str, Path]]  # document name -> format -> file
    messages: dict[str, str]
    connections: list[Any]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rendered]:
    root = tmp_path_factory.mktemp("injection")
    plan_dir = root / "plan"
    shutil.copytree(default_plan_dir(), plan_dir)
    inject(plan_dir)
    out = root / "out"
    connections: list[Any] = []

    def no_network(self: socket.socket, address: Any) -> None:
        connections.append(address)
        raise OSError("network access is not allowed in this test")

    result = Rendered(out, {}, {}, connections)
    formats = ["-f", "all"] if WRITERS_IMPORT else ["-f", "html"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", no_network)
        patch.setattr(socket, "create_connection", lambda *a, **k: no_network(None, a))  # type: ignore[arg-type]
        for document in DOCUMENTS:
            invoked = runner.invoke(
                app,
                ["render", *document.args, *formats, "-o", str(out), "--plan", str(plan_dir)],
            )
            assert invoked.exception is None or isinstance(invoked.exception, SystemExit), repr(
                invoked.exception
            )
            assert invoked.exit_code == 0, invoked.output
            result.messages[document.name] = invoked.output
            paths = [
                Path(line) for line in invoked.output.splitlines() if line.startswith(str(out))
            ]
            result.outputs[document.name] = {p.suffix.lstrip("."): p for p in paths}
    yield result


def without_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def escaped(payload: str) -> str:
    """`payload` with its markup characters escaped (&, <, >)."""
    return payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def with_plain_quotes(html: str) -> str:
    """`html` with escaped quotes written plain: Jinja escapes them in text, lxml (which
    writes the HTML converted to simplified characters) does not; neither is markup."""
    return html.replace("&#34;", '"').replace("&#39;", "'").replace("&quot;", '"')


# --- HTML ----------------------------------------------------------------------------------


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_html_holds_the_payloads_escaped(document: Document, rendered: Rendered) -> None:
    html = rendered.outputs[document.name]["html"].read_text("utf-8")
    for payload in document.payloads:
        assert escaped(payload) in with_plain_quotes(html), payload
        if "<" in payload:
            assert payload not in html, f"{payload!r} written as markup"
    assert "&lt;script&gt;" in html or SCRIPT not in document.payloads


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_html_parses_to_text_not_elements(document: Document, rendered: Rendered) -> None:
    html = rendered.outputs[document.name]["html"].read_text("utf-8")
    tree = lxml_html.document_fromstring(html)
    for tag in ("script", "img", "link", "style"):
        assert not tree.xpath(f"//{tag}"), f"a <{tag}> element came from data"
    assert len(tree.xpath("//*[contains(@class, 'gw-mark')]")) <= 1
    assert html.count("<!DOCTYPE html>") == 1, "a data string included a template"
    text = tree.text_content()
    for payload in document.payloads:
        assert payload in text, payload


def test_jinja_in_data_is_never_evaluated(rendered: Rendered) -> None:
    for name in ("circular", "summary"):
        html = rendered.outputs[name]["html"].read_text("utf-8")
        assert JINJA_EXPRESSION in html
        assert "{% include 'base.html.j2' %}" in with_plain_quotes(html)
        assert not re.search("市教育局49|推[進进]49", html)


def test_the_title_is_escaped_in_the_head_too(rendered: Rendered) -> None:
    html = rendered.outputs["circular"]["html"].read_text("utf-8")
    head = html[: html.index("</head>")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in head
    assert "<script>" not in head


# --- DOCX and PDF --------------------------------------------------------------------------

needs_writers = pytest.mark.skipif(not WRITERS_IMPORT, reason="the PDF/DOCX writers do not import")


def docx_text(path: Path) -> str:
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    return "".join(t.text or "" for t in body.iter(qn("w:t")))


def page_number_line() -> re.Pattern[str]:
    before, _, after = load_profile().page_number.format.partition("{n}")
    return re.compile(rf"^\s*{re.escape(before.strip())}\s*\d+\s*{re.escape(after.strip())}\s*$")


def pdf_text(path: Path) -> str:
    """The PDF's text, page-number lines removed (a payload may run across a page break)."""
    import pdfplumber

    numbers = page_number_line()
    pages = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            lines = (page.extract_text() or "").splitlines()
            pages.append("\n".join(line for line in lines if not numbers.match(line)))
    return "\n".join(pages)


@needs_writers
@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_docx_prints_the_payloads_literally(document: Document, rendered: Rendered) -> None:
    text = without_whitespace(docx_text(rendered.outputs[document.name]["docx"]))
    for payload in document.payloads:
        assert without_whitespace(payload) in text, payload
    assert passwd_first_line() not in text


@needs_writers
@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_pdf_prints_the_payloads_literally(document: Document, rendered: Rendered) -> None:
    import pdfplumber

    path = rendered.outputs[document.name]["pdf"]
    text = without_whitespace(pdf_text(path))
    for payload in document.payloads:
        assert without_whitespace(payload) in text, payload
    assert without_whitespace(passwd_first_line()) not in text
    with pdfplumber.open(str(path)) as pdf:
        assert all(not page.images for page in pdf.pages), "an image came from data"


@needs_writers
def test_rendering_tried_no_network_and_refused_nothing(rendered: Rendered) -> None:
    assert rendered.connections == []
    for output in rendered.messages.values():
        assert "refused" not in output, output  # escaped text leaves nothing to fetch


# --- the PDF writer's own guard, behind the templates ---------------------------------------

RAW_TAGS = (
    '<img class="gw-para" src="file:///etc/passwd">'
    '<img class="gw-para" src="http://example.com/a.png">'
    '<link rel="stylesheet" href="http://example.com/x.css">'
    '<link rel="stylesheet" href="file:///etc/passwd">'
    "<style>@import url(http://example.com/y.css);"
    " p::after { content: url(file:///etc/passwd); }</style>"
)


@needs_writers
def test_pdf_writer_refuses_urls_a_template_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user template may write real tags: the PDF writer still reads no file or URL outside
    the project's folders, and says so."""
    templates = tmp_path / "templates"
    shutil.copytree(templates_dir(), templates)
    circular = templates / "circular.html.j2"
    text = circular.read_text("utf-8")
    circular.write_text(
        text.replace("{% block content %}\n", "{% block content %}\n" + RAW_TAGS + "\n", 1),
        "utf-8",
    )
    connections: list[Any] = []

    def no_network(self: socket.socket, address: Any) -> None:
        connections.append(address)
        raise OSError("network access is not allowed in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    out = tmp_path / "out"
    invoked = runner.invoke(
        app, ["render", "circular", "-f", "pdf", "-o", str(out), "--templates", str(templates)]
    )
    assert invoked.exit_code == 0, invoked.output
    assert connections == []
    for url in (
        "file:///etc/passwd",
        "http://example.com/a.png",
        "http://example.com/x.css",
        "http://example.com/y.css",
    ):
        assert f"refused to load {url}" in invoked.output, invoked.output
    text = without_whitespace(pdf_text(next(out.glob("*.pdf"))))
    assert without_whitespace(passwd_first_line()) not in text
