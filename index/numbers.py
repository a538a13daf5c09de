"""Other spellings of the figures a question names: the reports write "3.5%" and
"一九五七年" where users type "百分之三点五" and "1957年" (and the other way round)."""

from __future__ import annotations

import re

_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")}
_SPELLED_PERCENT = re.compile(r"百分之([零一二三四五六七八九十]+(?:点[零一二三四五六七八九]+)?)")


def spelled_percentages(text: str) -> list[str]:
    """ "百分之三点五" → ["3.5%"]: how the reports write the same figure."""
    out = []
    for match in _SPELLED_PERCENT.finditer(text):
        whole, _, decimals = match.group(1).partition("点")
        if "十" in whole:
            tens, _, ones = whole.partition("十")
            value = (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (
                _CN_DIGIT.get(ones, 0) if ones else 0
            )
        else:
            value = int("".join(str(_CN_DIGIT[c]) for c in whole))
        digits = "".join(str(_CN_DIGIT[c]) for c in decimals)
        out.append(f"{value}.{digits}%" if digits else f"{value}%")
    return out


_YEAR_DIGITS = "〇一二三四五六七八九"
_ARABIC_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
_SPELLED_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")


def spelled_years(text: str) -> list[str]:
    """ "1957年" ↔ "一九五七年": older reports spell years out, users type digits."""
    out = [
        "".join(_YEAR_DIGITS[int(d)] for d in m.group(1)) + "年"
        for m in _ARABIC_YEAR.finditer(text)
    ]
    for match in _SPELLED_YEAR.finditer(text):
        out.append("".join(str(_CN_DIGIT.get(c, 0)) for c in match.group(1)) + "年")
    return out
