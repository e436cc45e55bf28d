"""Text normalisation for comparing wording, ignoring white space and character width."""

from __future__ import annotations

import unicodedata

_KEEP_WIDE = {"〔", "〕", "—", "“", "”", "《", "》", "、", "。"}


def normalise_for_compare(text: str) -> str:
    """Fold full-width punctuation to ASCII and drop white space, for wording comparisons.

    NFKC folds （，：；） and full-width digits; the marks in `_KEEP_WIDE` have no narrow form
    and stay as they are.
    """
    folded = "".join(ch if ch in _KEEP_WIDE else unicodedata.normalize("NFKC", ch) for ch in text)
    return "".join(folded.split())
