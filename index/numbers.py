"""Other spellings of the figures a question names: the reports write "3.5%" and
"一九五七年" where users type "百分之三点五" and "1957年" (and the other way round)."""

from __future__ import annotations

import re

from .numerals import DIGITS, digit_string, spelled_integer

_SPELLED_PERCENT = re.compile(r"百分之([零一二三四五六七八九十]+(?:点[零一二三四五六七八九]+)?)")


def spelled_percentages(text: str) -> list[str]:
    """ "百分之三点五" → ["3.5%"]: how the reports write the same figure."""
    out = []
    for match in _SPELLED_PERCENT.finditer(text):
        whole, _, decimals = match.group(1).partition("点")
        value = spelled_integer(whole)
        digits = digit_string(decimals)
        out.append(f"{value}.{digits}%" if digits else f"{value}%")
    return out


_ARABIC_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
_SPELLED_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")


def spelled_years(text: str) -> list[str]:
    """ "1957年" ↔ "一九五七年": older reports spell years out, users type digits."""
    out = ["".join(DIGITS[int(d)] for d in m.group(1)) + "年" for m in _ARABIC_YEAR.finditer(text)]
    for match in _SPELLED_YEAR.finditer(text):
        out.append(digit_string(match.group(1)) + "年")
    return out
