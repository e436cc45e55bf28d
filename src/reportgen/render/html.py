"""Render a document context into semantic HTML with Jinja.

Templates are looked up in the user's directory first (`--templates DIR`), then among the
built-in ones. Autoescaping is on for every template, so text from data files is always
text; an undefined variable is an error that names the template and line.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from ..errors import ReportgenError, TemplateError
from ..resources import templates_dir
from .filters import FILTERS


def template_dirs(user_dir: Path | None = None) -> list[Path]:
    """The directories templates are searched in, in order."""
    dirs = [templates_dir()]
    if user_dir is not None:
        if not user_dir.is_dir():
            raise TemplateError(f"{user_dir}: templates folder not found")
        dirs.insert(0, user_dir)
    return dirs


def build_environment(user_dir: Path | None = None) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader([str(d) for d in template_dirs(user_dir)])
    environment = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(FILTERS)
    return environment


def render_html(
    environment: jinja2.Environment, template_name: str, context: Mapping[str, Any]
) -> str:
    """Render `template_name` with `context`; template faults become `TemplateError`."""
    try:
        template = environment.get_template(template_name)
        return template.render(**context)
    except jinja2.TemplateNotFound as exc:
        searched = ", ".join(str(p) for p in _search_path(environment))
        raise TemplateError(f"template {exc.name!r} not found (searched {searched})") from None
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name}:{exc.lineno}"
        raise TemplateError(f"{where}: template syntax error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{_template_location()}: {exc.message}") from None
    except ReportgenError:
        raise
    except RecursionError:
        raise TemplateError(
            f"{_template_location()}: templates nest too deeply (a macro or include that "
            "calls itself?)"
        ) from None
    except Exception as exc:  # a template's own runtime fault: {{ 1/0 }}, a bad filter call
        message = str(exc).splitlines()[0][:200] if str(exc) else ""
        raise TemplateError(
            f"{_template_location()}: the template failed: {type(exc).__name__}: {message}"
        ) from None


def _search_path(environment: jinja2.Environment) -> Sequence[str]:
    loader = environment.loader
    return loader.searchpath if isinstance(loader, jinja2.FileSystemLoader) else []


def _template_location() -> str:
    """The innermost template file and line of the exception being handled.

    Jinja rewrites tracebacks so that a template's frames carry the template's own file name
    and line number.
    """
    tb = sys.exc_info()[2]
    where = "template"
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".html", ".jinja", ".jinja2")):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
