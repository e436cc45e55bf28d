"""The `render` commands: one per registered kind of document, made from its declaration.

`reportgen render KIND` takes the kind's axes (--year, --unit) and options (--number, --date)
and the options every render shares. The commands are made only when `render` is used, so
`reportgen --help` imports no kind of document (and none of what they import).
"""

from __future__ import annotations

import inspect
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from .options import SHARED_OPTIONS, given_options
from .running import plan_dir, run

if TYPE_CHECKING:
    from ..core import DocumentRequest, Format
    from ..documents.kind import DocumentKind


def _kinds() -> dict[str, DocumentKind]:
    from ..documents.registry import document_kinds

    return document_kinds()


class _KindCommands(TyperGroup):
    """The `render` group: its commands come from the registry of kinds, made on demand."""

    # click's types are typer's own copy of click (typer._click): left as Any here.
    def list_commands(self, ctx: Any) -> list[str]:
        return list(_kinds())

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        kind = _kinds().get(cmd_name)
        return None if kind is None else _command(kind)


render_app = typer.Typer(
    cls=_KindCommands,
    help="Build documents in Word (.docx), PDF and HTML.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _kind_parameters(kind: DocumentKind) -> list[inspect.Parameter]:
    """--unit and --year as the kind's axes need them (required), --number and --date as its
    options do."""

    def helped(name: str) -> str | None:
        return kind.option_help.get(name)

    declared: list[tuple[str, Any, Any]] = []
    if "unit" in kind.axes:
        declared.append(
            ("unit", Annotated[str, typer.Option("--unit", help=helped("unit"))], inspect._empty)
        )
    if "year" in kind.axes:
        declared.append(
            ("year", Annotated[int, typer.Option("--year", help=helped("year"))], inspect._empty)
        )
    if "number" in kind.options:
        number = Annotated[int | None, typer.Option("--number", help=helped("number"))]
        declared.append(("number", number, None))
    if "date" in kind.options:
        date = Annotated[
            datetime | None, typer.Option("--date", formats=["%Y-%m-%d"], help=helped("date"))
        ]
        declared.append(("date", date, None))
    return [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=d)
        for name, annotation, d in [*declared, *SHARED_OPTIONS]
    ]


def _command(kind: DocumentKind) -> Any:
    """The `render KIND` command."""

    def render(**values: Any) -> None:
        from ..core import DocumentRequest

        date = values.get("date")
        request = DocumentRequest(
            kind.name,
            year=values.get("year"),
            unit=values.get("unit"),
            number=values.get("number"),
            date=date.date() if date is not None else None,
        )
        _render(request, values)

    render.__signature__ = inspect.Signature(_kind_parameters(kind))  # type: ignore[attr-defined]
    render.__doc__ = kind.help
    single = typer.Typer(add_completion=False, rich_markup_mode=None)
    single.command(kind.name, help=kind.help)(render)
    return typer.main.get_command(single)


def warn_without_harfbuzz(formats: tuple[Format, ...]) -> None:
    """A warning on stderr when PDFs are asked for and fonts cannot be subset."""
    if "pdf" not in formats and "pdfa" not in formats:
        return
    from ..fonts.policy import HARFBUZZ_SUBSET_MISSING, harfbuzz_subset_available

    if not harfbuzz_subset_available():
        typer.echo(f"warning: {HARFBUZZ_SUBSET_MISSING}", err=True)


def _render(request: DocumentRequest, values: dict[str, Any]) -> None:
    from ..build import render_document
    from ..core import Options

    given = given_options(**{name: values[name] for name, _, _ in SHARED_OPTIONS})
    options = Options(plan_dir=plan_dir(None)).overlaid(given)
    warn_without_harfbuzz(options.formats)
    result = run(lambda: render_document(request, options))
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for path in result.outputs:
        typer.echo(str(path))
