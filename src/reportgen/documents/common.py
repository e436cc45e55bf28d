"""Derive the template context of a document from the plan: numbering, dates, layout.

Input: a `Plan` and the layout profile. Output: plain dicts and lists a Jinja template
renders without computing anything itself.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..layout.profile import MM_TO_PT, LayoutProfile
from ..plan.model import Plan
from ..progress.report import ProgressReport
from ..render.script import html_lang
from ..zh.numerals import chinese_number
from ..zh.text import chinese_date, text_width_chars
from .titles import title_lines


def signature_indents(name: str, date_text: str, chars_per_line: int) -> tuple[float, float]:
    """Where the signature and date stand without a seal (GB/T 9704 §7.3.5.2).

    The name is right-indented 2 字; the date goes on the next line, its first character 2 字
    right of the name's first character; when the date is the longer, the date is
    right-indented 2 字 and the name moves left to keep the 2 字 offset.
    Returns (name's right indent, date's left indent) in 字.
    """
    name_width = text_width_chars(name)
    date_width = text_width_chars(date_text)
    name_start = chars_per_line - 2 - name_width
    date_start = name_start + 2
    if date_start + date_width > chars_per_line - 2:
        date_start = chars_per_line - 2 - date_width
        name_start = date_start - 2
    return chars_per_line - name_start - name_width, date_start


def header_mark(text: str, profile: LayoutProfile) -> dict[str, Any]:
    """The issuing authority's mark and its size: the profile's, or smaller to fit one line.

    GB/T 9704 §7.2.4 lets the mark's size vary and compresses long names; here the size
    shrinks until the name fits the type area's width.
    """
    width_pt = profile.type_area_width_mm * MM_TO_PT
    fitting = math.floor(width_pt / max(text_width_chars(text), 1) * 10) / 10  # never above
    return {"text": text, "size_pt": min(profile.header_mark.size_pt, fitting)}


def document_head(
    plan: Plan,
    profile: LayoutProfile,
    doc_number: str | None = None,
    signer: str | None = None,
) -> dict[str, Any]:
    """The header block: mark, document number (the plan's own unless given), signer."""
    doc = plan.document
    return {
        "header_mark": header_mark(doc.header_mark, profile),
        "doc_number": doc_number or str(doc.doc_number),
        "signer": signer,
    }


def signature_context(name: str, date_text: str, profile: LayoutProfile) -> dict[str, Any]:
    """The signature block with its GB/T 9704 indents."""
    name_indent, date_indent = signature_indents(name, date_text, profile.grid.chars_per_line)
    return {
        "name": name,
        "date": date_text,
        "name_indent_right": name_indent,
        "date_indent_left": date_indent,
    }


def colophon_lines(
    printed_by: str, printed_on: dt.date | None, cc: list[str], year: int | None = None
) -> dict[str, Any]:
    """The 版記: copy-to line, printing office and 'YYYY年M月D日印發'.

    Without a date the month and day are left blank (in the given year) to be filled in.
    """
    return {
        "cc": "、".join(cc),
        "printed_by": printed_by,
        "printed_on": (chinese_date(printed_on) if printed_on else blank_date(year)) + "印發",
    }


@dataclass(frozen=True)
class Issue:
    """How a yearly document is issued: its 發文字號, date, and whether sample data fed it."""

    doc_number: str
    date_text: str
    issued_year: int
    date: dt.date | None
    sample: bool

    def meta(self, title: str, author: str, subject: str, kind: str, lang: str) -> dict[str, Any]:
        """The <meta> of the document: 示例 in its subject and keywords when from samples."""
        mark = ["示例"] if self.sample else []
        return {
            "title": title,
            "author": author,
            "subject": ("示例：" if self.sample else "") + subject,
            "keywords": [self.doc_number, kind, *mark],
            "date": metadata_date(self.date),
            "lang": lang,
        }


def issue_for_year(
    code: str,
    year: int,
    number: int | None,
    date: dt.date | None,
    reports: Mapping[int, ProgressReport],
) -> Issue:
    """Issue details of a document on `year`, issued on `date` (else early the next year).

    A missing number or date is left blank (ideographic spaces) to be filled in by hand.
    """
    issued_year = date.year if date else year + 1
    shown_number = str(number) if number is not None else "\u3000\u3000"
    return Issue(
        doc_number=f"{code}〔{issued_year}〕{shown_number}號",
        date_text=chinese_date(date) if date else blank_date(issued_year),
        issued_year=issued_year,
        date=date,
        sample=any(report.sample for y, report in reports.items() if y <= year),
    )


def metadata_date(day: dt.date | None) -> str | None:
    """The date a document's file properties carry: its own date, else SOURCE_DATE_EPOCH's.

    Never the clock: a document without a date in its data and without SOURCE_DATE_EPOCH
    carries no date at all, so the same inputs always give the same bytes.
    """
    if day is not None:
        return day.isoformat()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
    return None


def blank_date(year: int | None) -> str:
    """A date to be filled in by hand: 2025年　月　日 (or 　年　月　日 without a year)."""
    shown = str(year) if year is not None else "\u3000"
    return f"{shown}年\u3000月\u3000日"


def colophon_context(plan: Plan) -> dict[str, Any] | None:
    colophon = plan.document.colophon
    if colophon is None:
        return None
    return colophon_lines(colophon.printed_by, colophon.printed_on, colophon.cc)


def schedule_table(plan: Plan) -> dict[str, Any]:
    """The attached schedule as header cells and rows; a project's name spans its rows."""
    headers = plan.schedule.headers
    rows = []
    for project in plan.schedule.projects:
        for index, row in enumerate(project.rows):
            rows.append(
                {
                    "project": project.label if index == 0 else None,
                    "span": len(project.rows),
                    "year": str(row.year),
                    "cells": [row.cells.get(c, "").splitlines() for c in plan.columns],
                }
            )
    return {
        "head": [headers.project, headers.year] + [plan.column_name(c) for c in plan.columns],
        "rows": rows,
    }


def circular_context(plan: Plan, profile: LayoutProfile) -> dict[str, Any]:
    """Everything the circular's template needs: the notice, the plan and its schedule."""
    doc = plan.document
    date_text = chinese_date(doc.date)
    parts = []
    for index, part in enumerate(plan.plan.parts, start=1):
        parts.append(
            {
                "heading": f"{chinese_number(index)}、{part.heading}",
                "measures": [
                    {
                        "runin": f"（{chinese_number(m.number)}）{m.heading}。",
                        "text": m.text,
                        "responsible": (
                            f"（責任單位：{plan.responsible_text(m)}）" if m.responsible else ""
                        ),
                    }
                    for m in part.measures
                ],
            }
        )
    return {
        "meta": {
            "title": doc.title,
            "author": doc.issuer,
            "subject": plan.plan.title,
            "keywords": [str(doc.doc_number), doc.kind],
            "date": doc.date.isoformat(),
            "lang": html_lang(doc.script),
        },
        "head": document_head(plan, profile),
        "title_lines": title_lines(doc.title, profile, doc.title_lines),
        "addressee": doc.addressee + "：",
        "body": doc.body,
        "signature": signature_context(doc.signature, date_text, profile),
        "note": doc.note,
        "plan": {
            "title_lines": title_lines(plan.plan.title, profile, plan.plan.title_lines),
            "preamble": plan.plan.preamble,
            "parts": parts,
            "attachment_note": (f"附件：{plan.plan.attachment}" if plan.plan.attachment else None),
        },
        "attachment": {
            "label": "附件",
            "title": plan.schedule.title,
            "table": schedule_table(plan),
            "landscape": len(plan.columns) + 2 >= profile.table.landscape_min_columns,
        },
        "colophon": colophon_context(plan),
    }
