"""Chinese numerals for headings and sequence numbers: 1 -> 一, 10 -> 十, 21 -> 二十一."""

from __future__ import annotations

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Write 0 <= n < 1000 in Chinese numerals as headings use them (十八, 二十一, 一百零五)."""
    if not 0 <= n < 1000:
        raise ValueError(f"{n} is outside 0–999")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return _DIGITS[tens] + "十" + (_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _DIGITS[hundreds] + "百"
    if rest < 10:
        return _DIGITS[hundreds] + "百零" + _DIGITS[rest]
    tens_part = chinese_number(rest)
    if rest < 20:
        tens_part = "一" + tens_part
    return _DIGITS[hundreds] + "百" + tens_part
