"""Derive the template context of a document from the plan: numbering, dates, layout.

Input: a `Plan`, the layout profile and the wording. Output: facts a Jinja template writes
its sentences from (numbers, names, dates, lists), with the layout figures of the head,
signature and colophon already computed; the template's words come from `wording`.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..layout.profile import MM_TO_PT, LayoutProfile
from ..plan.model import Plan, doc_number_text
from ..progress.report import ProgressReport
from ..render.script import html_lang
from ..zh.text import blank_date, chinese_date, text_width_chars
from .titles import title_lines
from .wording import Wording, load_wording


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
    printed_by: str,
    printed_on: dt.date | None,
    cc: list[str],
    wording: Wording,
    year: int | None = None,
) -> dict[str, Any]:
    """The 版記: copy-to line, printing office and the printing date with the wording's
    `common.printed` (2021年1月18日印發).

    Without a date the month and day are left blank (in the given year) to be filled in.
    """
    pattern = wording.common.date
    day = chinese_date(printed_on, pattern) if printed_on else blank_date(year, pattern)
    return {
        "cc": "、".join(cc),
        "printed_by": printed_by,
        "printed_on": day + wording.common.printed,
    }


@dataclass(frozen=True)
class Issue:
    """How a yearly document is issued: its 發文字號, date, and whether sample data fed it."""

    doc_number: str
    date_text: str
    issued_year: int
    date: dt.date | None
    sample: bool

    def meta(
        self, title: str, author: str, subject: str, kind: str, lang: str, sample_mark: str
    ) -> dict[str, Any]:
        """The <meta> of the document: the sample mark (示例) in its subject and keywords
        when from samples."""
        mark = [sample_mark] if self.sample else []
        return {
            "title": title,
            "author": author,
            "subject": (f"{sample_mark}：" if self.sample else "") + subject,
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
    wording: Wording,
) -> Issue:
    """Issue details of a document on `year`, issued on `date` (else early the next year).

    A missing number or date is left blank (ideographic spaces) to be filled in by hand.
    """
    issued_year = date.year if date else year + 1
    shown_number = str(number) if number is not None else "\u3000\u3000"
    pattern = wording.common.date
    return Issue(
        doc_number=doc_number_text(code, issued_year, shown_number),
        date_text=chinese_date(date, pattern) if date else blank_date(issued_year, pattern),
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


def colophon_context(plan: Plan, wording: Wording) -> dict[str, Any] | None:
    colophon = plan.document.colophon
    if colophon is None:
        return None
    return colophon_lines(colophon.printed_by, colophon.printed_on, colophon.cc, wording)


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
                    "states": [],
                }
            )
    return {
        "head": [headers.project, headers.year] + [plan.column_name(c) for c in plan.columns],
        "rows": rows,
    }


@dataclass(frozen=True)
class MeasureFacts:
    """A measure of the plan as the circular lists it."""

    number: int
    heading: str
    text: str
    responsible: str | None
    """The responsible units as the plan writes them, if it names any."""


@dataclass(frozen=True)
class PartFacts:
    """A part of the plan: its heading (numbered by the template) and its measures."""

    heading: str
    measures: list[MeasureFacts]


def circular_context(plan: Plan, profile: LayoutProfile) -> dict[str, Any]:
    """Everything the circular's template needs: the notice, the plan and its schedule."""
    doc = plan.document
    wording = load_wording(plan.directory)
    date_text = chinese_date(doc.date, wording.common.date)
    parts = [
        PartFacts(
            heading=part.heading,
            measures=[
                MeasureFacts(
                    number=m.number,
                    heading=m.heading,
                    text=m.text,
                    responsible=plan.responsible_text(m) if m.responsible else None,
                )
                for m in part.measures
            ],
        )
        for part in plan.plan.parts
    ]
    return {
        "wording": wording,
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
        "addressee": doc.addressee,
        "body": doc.body,
        "signature": signature_context(doc.signature, date_text, profile),
        "note": doc.note,
        "plan": {
            "title_lines": title_lines(plan.plan.title, profile, plan.plan.title_lines),
            "preamble": plan.plan.preamble,
            "parts": parts,
            "attachment": plan.plan.attachment,
        },
        "attachment": {
            "title": plan.schedule.title,
            "table": schedule_table(plan),
            "landscape": len(plan.columns) + 2 >= profile.table.landscape_min_columns,
        },
        "colophon": colophon_context(plan, wording),
    }
