"""The command line: the typer application and its commands (render, batch, forms, watch) with
the options they share. It exposes `main`, the entry point of the `reportgen` command."""

from .app import main

__all__ = ["main"]
