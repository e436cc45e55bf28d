"""Ready a process for building documents before its first one.

A process's first PDF costs far more than the next: importing WeasyPrint (cffi parses its C
declarations), building fontconfig's configuration and Pango's font map, loading python-docx
and its template. `warm_up` does that once: it imports the writers, builds the font
configuration, and writes a small sample document set in every style of the vocabulary as
DOCX in both scripts, with the default layout profile.

It stops short of laying out a PDF. WeasyPrint copies the fonts that a stylesheet's
@font-face rules name into a temporary folder of its font configuration, and skips a font
whose copy is already there. Processes forked after that folder exists would share it: a font
one worker added would be skipped, and so missing, in another's configuration (its documents
would silently take other faces). Each worker makes its own folder on its first document.

The batch's worker processes are forked from multiprocessing's forkserver, which imports
`reportgen.batch._preload` (and so runs `warm_up`) before it forks the first worker: each
worker then starts with that work done, and it is done once per batch instead of once per
worker, while the main process plans the batch.
"""

from __future__ import annotations

import contextlib
import importlib

from ..render.vocabulary import BLOCK_CLASSES

_SAMPLE_TEXT = "".join(map(chr, range(0x4E00, 0x4E20))) + "0123456789"
"""Ideographs and digits: enough for every role's face to be loaded and subset."""

_NOT_A_PARAGRAPH = {"gw-redline", "gw-table", "gw-section", "gw-signature", "gw-colophon"}


def sample_html() -> str:
    """A one-section document with a paragraph in every block style and a small table."""
    paragraphs = "".join(
        f'<p class="{cls}">{_SAMPLE_TEXT}</p>'
        for cls in BLOCK_CLASSES
        if cls not in _NOT_A_PARAGRAPH
    )
    table = (
        '<table class="gw-table"><colgroup><col data-width="50"><col data-width="50"></colgroup>'
        f"<thead><tr><th>{_SAMPLE_TEXT[:4]}</th><th>{_SAMPLE_TEXT[4:8]}</th></tr></thead>"
        f"<tbody><tr><td>{_SAMPLE_TEXT[:8]}</td><td>2021</td></tr></tbody></table>"
    )
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"></head><body>'
        f'<section class="gw-section" data-orientation="portrait">{paragraphs}'
        f'<hr class="gw-redline">{table}</section></body></html>'
    )


def warm_up() -> None:
    """Import the writers, build the font configuration, and build the sample as DOCX in
    both scripts (see the module's docstring for why no PDF).

    Nothing is written to disk. A failure is left for the real documents to report: warming
    up is only ever an optimisation.
    """
    from ..layout.profile import load_profile
    from ..writers.docx.writer import render_docx
    from ..writers.pdf.fontsetup import font_configuration

    importlib.import_module("..writers.pdf.writer", __package__)
    html = sample_html()
    with contextlib.suppress(Exception):
        font_configuration()
        profile = load_profile()
        for script in ("simplified", "traditional"):
            render_docx(html, profile, script=script)


def warmed_up() -> bool:
    """Whether this process has fontconfig's configuration built, as `warm_up` (or any PDF)
    leaves it: for tests and diagnostics."""
    import sys

    if "reportgen.writers.pdf.writer" not in sys.modules:
        return False
    from ..writers.pdf.fontsetup import font_configuration

    return font_configuration.cache_info().currsize > 0
