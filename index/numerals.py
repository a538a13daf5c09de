"""Chinese numerals, read in one place: outline numbers (二十三), spelled years (一九五七)
and the whole part of spelled percentages (百分之三十五)."""

from __future__ import annotations

__all__ = ["CAPITAL_NUMERALS", "DIGITS", "chinese_number", "digit_string", "spelled_integer"]

DIGITS = "〇一二三四五六七八九"
_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"零": 0}
_OUTLINE = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
# the capital numerals Taiwan documents number their top parts with (壹、貳、參、)
CAPITAL_NUMERALS = "壹貳參肆伍陸柒捌玖拾贰叁陆"
_CAPITAL_AS_PLAIN = str.maketrans(CAPITAL_NUMERALS, "一二三四五六七八九十二三六")


def _tens(text: str, values: dict[str, int]) -> int:
    """A numeral written with 十: 十 → 10, 十二 → 12, 二十 → 20, 二十三 → 23."""
    tens, _, ones = text.partition("十")
    return (values.get(tens, 1) if tens else 1) * 10 + (values.get(ones, 0) if ones else 0)


def chinese_number(text: str) -> int:
    """An outline number: 一 → 1, 十二 → 12, 二十三 → 23, 貳 → 2, "7" → 7 (0 when it is not a
    numeral up to 99 written with 一…十 or their capitals only)."""
    if text.isdigit():
        return int(text)
    text = text.translate(_CAPITAL_AS_PLAIN)
    if not text or any(c not in _OUTLINE for c in text):
        return 0
    if "十" not in text:
        return _OUTLINE[text] if len(text) == 1 else 0
    return _tens(text, _OUTLINE)


def digit_string(text: str) -> str:
    """Chinese digits read one by one: 一九五七 → "1957" (a character that is no digit
    reads 0)."""
    return "".join(str(_VALUE.get(c, 0)) for c in text)


def spelled_integer(text: str) -> int:
    """A whole number as a figure is spelled: 三十五 → 35, 十 → 10, or digit by digit
    (三五 → 35)."""
    return _tens(text, _VALUE) if "十" in text else int(digit_string(text))
