"""The semantic HTML vocabulary of an official document: the closed set both writers know.

Templates produce HTML that uses only these elements and classes; the PDF writer styles them
with CSS derived from the layout profile, the DOCX writer maps each class to a named Word
style. Anything else is reported as a warning by the writers, never dropped silently.

Indents given in `data-indent-left` / `data-indent-right` are in 字 (grid characters).
"""

from __future__ import annotations

from typing import Final

BLOCK_CLASSES: Final[dict[str, str]] = {
    # 發文機關標志
    "gw-mark": "the issuing authority's red header mark; data-size-pt is its font size, "
    "shrunk from the profile's so a long name fits one line (p)",
    "gw-docnum": "the document number line; may hold a gw-signer span (p)",  # 發文字號
    "gw-redline": "the red separator rule under the document number (hr)",
    "gw-title": "title of the document, the plan or an attachment; lines split by <br> (h1)",
    "gw-addressee": "the principal addressees, ending with a full-width colon (p)",  # 主送機關
    "gw-para": "body paragraph, first line indented 2 characters; may start with a gw-runin "
    "span (p)",  # 正文
    "gw-h1": "level-1 heading, numbered with a Chinese numeral and a comma, in the heiti role (h2)",
    "gw-h2": "level-2 heading, a Chinese numeral in full-width brackets, in the kaiti role (h3)",
    "gw-h3": "level-3 heading, an Arabic numeral and a full stop, in the fangsong role (h4)",
    "gw-h4": "level-4 heading, an Arabic numeral in full-width brackets, in the fangsong role (h5)",
    "gw-attach-note": "the attachment note line: label, colon, name (p)",  # 附件說明
    "gw-signature": "the signature and date block (div)",  # 署名, 成文日期
    "gw-sign-name": "the issuing authority's name; data-indent-right in characters (p)",
    "gw-sign-date": "the date of the document; data-indent-left in characters (p)",
    "gw-note": "the note under the date, e.g. on publication (p)",  # 附注
    "gw-attach-label": "the attachment label on the attachment's first line, heiti role (p)",
    "gw-attach-title": "attachment title, centred on its third line (h1)",
    "gw-table": "a table: thead/tbody/tr/th/td with rowspan/colspan, <br> inside cells (table)",
    "gw-colophon": "colophon block at the bottom of the last page, between rules; a letter's "
    "(data-format='letter') holds its copy-to line alone, without rules (div)",  # 版記
    "gw-cc": "the copy-to line inside the colophon (p)",  # 抄送
    "gw-printed": "printing office and printing date line inside the colophon (p)",  # 印發
    "gw-section": "a run of pages; data-orientation portrait|landscape; "
    "data-break='page' starts it on a new page, data-break='room' (the colophon's) only when "
    "the page where the text ends has no room for it (section)",
    "gw-sample": "a mark for documents built from sample data (p)",  # 示例
    "gw-head-elements": "the copy number, secrecy level and urgency, flush left on the type "
    "area's first lines (div)",  # 份號, 密級和保密期限, 緊急程度
    "gw-copy-number": "the copy's number in Arabic digits, fangsong role (p)",  # 份號
    "gw-secrecy": "the secrecy level and its period, heiti role (p)",  # 密級和保密期限
    "gw-urgency": "the urgency, heiti role (p)",  # 緊急程度
    "gw-letterhead": "the room the mark of pre-printed letterhead paper takes; empty (p)",
    "gw-joint-mark": "the stacked marks of joint issuers; data-size-pt is their size (div)",
    "gw-mark-names": "the issuers' names of a joint mark, stacked (div)",
    "gw-mark-name": "one issuer's name in a joint mark, the lead issuer first (p)",
    "gw-mark-suffix": "the mark's closing word to the right of a joint mark, centred across "
    "the names (p)",  # 文件
    "gw-letter-mark": "the mark of a letter, near the paper's top; data-size-pt (p)",  # 信函格式
    "gw-letter-rule": "a red double rule of a letter; data-edge top|bottom (hr)",
    "gw-letter-head": "the letter's document number and head elements under its top rule (div)",
    "gw-letter-docnum": "the letter's document number, flush right (p)",
    "gw-sealed-names": "the signature line of a sealed signature; holds gw-sealed-name spans (p)",
    "gw-seal": "a seal picture pressing on the signature; data-left in characters, data-top-mm "
    "from the signature line's top, data-width-mm, data-height-mm (img)",  # 印章
}
"""Classes of block elements, with what each means."""

INLINE_CLASSES: Final[dict[str, str]] = {
    "gw-runin": "a run-in heading at the start of a paragraph; data-level 1–4 (span)",
    # 簽發人
    "gw-signer": "the signer block on the document-number line of an upward document (span)",
    "gw-signer-label": "the signer label with its colon (span)",
    "gw-signer-name": "the signer's name, kaiti role (span)",
    "gw-docnum-text": "the document number itself on a line with a signer (span)",
    "gw-printer": "the printing office (span)",  # 印發機關
    "gw-print-date": "the printing date (span)",  # 印發日期
    "gw-sealed-name": "one issuer's signature over its seal; data-left in characters (span)",
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
