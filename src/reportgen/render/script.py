"""Convert a rendered document between simplified and traditional characters (OpenCC).

Input: semantic HTML in one script. Output: the same HTML with its text — element text,
tails, and the <meta> contents that become document properties — in the other script.
Markup, classes and attributes other than those are left alone.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from lxml import html as lxml_html

from ..plan.model import Script

_OPENCC_CONFIG = {"simplified": "t2s", "traditional": "s2t"}
_LANG = {"simplified": "zh-Hans", "traditional": "zh-Hant"}


@cache
def _converter(target: Script) -> Any:
    import opencc

    return opencc.OpenCC(_OPENCC_CONFIG[target])


def convert_text(text: str, target: Script) -> str:
    """`text` written in the `target` script."""
    return str(_converter(target).convert(text))


def convert_html(document: str, source: Script, target: Script) -> str:
    """The HTML `document` with its text in the `target` script.

    `source` is the script of the plan's data. The built-in templates' own words are written
    in traditional characters, so simplified output is always converted (a no-op on text that
    is simplified already), while traditional data rendered as traditional is left untouched:
    converting it again would change wording the data holds on purpose (關于 is not 關於).
    """
    if source == target == "traditional":
        return document
    root = lxml_html.document_fromstring(document)
    for element in root.iter():
        if isinstance(element.tag, str):
            if element.text:
                element.text = convert_text(element.text, target)
            if element.tag == "meta" and element.get("content"):
                element.set("content", convert_text(element.get("content", ""), target))
        if element.tail:
            element.tail = convert_text(element.tail, target)
    root.set("lang", _LANG[target])
    converted: bytes = lxml_html.tostring(
        root, doctype="<!DOCTYPE html>", encoding="utf-8", method="html"
    )
    return converted.decode("utf-8")


def in_script(text: str, script: Script) -> str:
    """`text` — data of a plan written in `script`, mixed with the program's own words, which
    are traditional — as the terminal shows it: all in the plan's script.

    Traditional text is left as written, for the reason `convert_html` gives.
    """
    return text if script == "traditional" else convert_text(text, script)


def html_lang(script: Script) -> str:
    return _LANG[script]
