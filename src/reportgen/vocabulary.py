"""The semantic HTML vocabulary of an official document: the closed set both writers know.

Templates produce HTML that uses only these elements and classes; the PDF writer styles them
with CSS derived from the layout profile, the DOCX writer maps each class to a named Word
style. Anything else is reported as a warning by the writers, never dropped silently.

Indents given in `data-indent-left` / `data-indent-right` are in 字 (grid characters).
"""

from __future__ import annotations

from typing import Final

BLOCK_CLASSES: Final[dict[str, str]] = {
    "gw-mark": "發文機關標志: the issuing authority's red header mark; data-size-pt is its "
    "font size, shrunk from the profile's so a long name fits one line (p)",
    "gw-docnum": "發文字號 line; may hold a gw-signer span (p)",
    "gw-redline": "the red separator rule under the document number (hr)",
    "gw-title": "標題 of the document, the plan or an attachment; lines split by <br> (h1)",
    "gw-addressee": "主送機關, ending with ： (p)",
    "gw-para": "正文 paragraph, first line indented 2 字; may start with a gw-runin span (p)",
    "gw-h1": "level-1 heading 一、 in 黑體 (h2)",
    "gw-h2": "level-2 heading （一） in 楷體 (h3)",
    "gw-h3": "level-3 heading 1. in 仿宋 (h4)",
    "gw-h4": "level-4 heading （1） in 仿宋 (h5)",
    "gw-attach-note": "附件說明 line: 附件：name (p)",
    "gw-signature": "署名 and 成文日期 block (div)",
    "gw-sign-name": "署名: the issuing authority's name; data-indent-right in 字 (p)",
    "gw-sign-date": "成文日期; data-indent-left in 字 (p)",
    "gw-note": "附注, e.g. （此件公開發布） (p)",
    "gw-attach-label": "附件 label on the attachment's first line, 黑體 (p)",
    "gw-attach-title": "attachment title, centred on its third line (h1)",
    "gw-table": "a table: thead/tbody/tr/th/td with rowspan/colspan, <br> inside cells (table)",
    "gw-colophon": "版記 block at the bottom of the last page, between rules (div)",
    "gw-cc": "抄送 line inside the colophon (p)",
    "gw-printed": "印發機關 and 印發日期 line inside the colophon (p)",
    "gw-section": "a run of pages; data-orientation portrait|landscape; "
    "data-break='page' starts it on a new page (section)",
    "gw-sample": "a 示例 mark for documents built from sample data (p)",
    "gw-head-elements": "份號, 密級和保密期限 and 緊急程度, flush left on the type area's first "
    "lines (div)",
    "gw-copy-number": "份號: the copy's 6-digit number (p)",
    "gw-secrecy": "密級和保密期限, 黑體 (p)",
    "gw-urgency": "緊急程度, 黑體 (p)",
    "gw-letterhead": "the room the mark of pre-printed letterhead paper takes; empty (p)",
    "gw-joint-mark": "the stacked marks of joint issuers; data-size-pt is their size (div)",
    "gw-mark-names": "the issuers' names of a joint mark, stacked (div)",
    "gw-mark-name": "one issuer's name in a joint mark, 主辦機關 first (p)",
    "gw-mark-suffix": "文件 to the right of a joint mark, centred across the names (p)",
    "gw-letter-mark": "the mark of a letter (信函格式), near the paper's top; data-size-pt (p)",
    "gw-letter-rule": "a red double rule of a letter; data-edge top|bottom (hr)",
    "gw-letter-head": "the letter's 發文字號 and 份號 … under its top rule (div)",
    "gw-letter-docnum": "the letter's 發文字號, flush right (p)",
    "gw-sealed-names": "the 署名 line of a sealed signature; holds gw-sealed-name spans (p)",
    "gw-seal": "a seal picture pressing on the signature; data-left in 字, data-top-mm from "
    "the 署名 line's top, data-width-mm, data-height-mm (img)",
}
"""Classes of block elements, with what each means."""

INLINE_CLASSES: Final[dict[str, str]] = {
    "gw-runin": "a run-in heading at the start of a paragraph; data-level 1–4 (span)",
    "gw-signer": "簽發人 block on the document-number line of an upward document (span)",
    "gw-signer-label": "簽發人： (span)",
    "gw-signer-name": "the signer's name, 楷體 (span)",
    "gw-docnum-text": "the document number itself on a line with a signer (span)",
    "gw-printer": "印發機關 (span)",
    "gw-print-date": "印發日期 (span)",
    "gw-sealed-name": "one issuer's 署名 over its seal; data-left in 字 (span)",
}
"""Classes of inline elements."""

STRUCTURAL_TAGS: Final[frozenset[str]] = frozenset(
    {
        "html",
        "head",
        "body",
        "meta",
        "title",
        "colgroup",
        "col",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "br",
    }
)
"""Tags that need no class: the page skeleton and table parts. A table's `col` elements may
carry `data-width`, the column's share of the table width in percent; without them both
writers fit the columns to their content (`tablefit`)."""

ALL_CLASSES: Final[frozenset[str]] = frozenset(BLOCK_CLASSES) | frozenset(INLINE_CLASSES)
