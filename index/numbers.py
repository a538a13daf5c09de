"""Other spellings of the figures a question names: the reports write "3.5%" and
"一九五七年" where users type "百分之三点五" and "1957年" (and the other way round)."""

from __future__ import annotations

import re
from decimal import Decimal

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


# A figure spelled in characters: it starts with a digit or 十, holds a multiplier (十百千万亿)
# or a decimal point, and may carry a unit after it ("一百一十亿元", "五十四万亿", "十四点四").
_SPELLED_FIGURE = re.compile(
    r"(?<![零〇一二两三四五六七八九十百千万亿点])"
    r"([一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+)?)"
)
_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}


def _spelled_value(text: str) -> tuple[int, str] | None:
    """ "一百一十亿" → (110, "亿"), "一万二千亿" → (12000, "亿"), "五十四" → (54, ""): the value
    in its last magnitude (万/亿) and that magnitude; None when the characters are no numeral
    ("十三五", "一一")."""
    magnitude = ""
    if text[-1] in "万亿" and len(text) > 1:
        text, magnitude = text[:-1], text[-1]
        if text[-1:] == "万" and magnitude == "亿":
            text, magnitude = text[:-1], "万亿"
    total = section = 0
    digit: int | None = None
    for char in text:
        if char in _DIGIT_VALUE:
            if digit is not None and digit != 0:
                return None  # two digits in a row: a name (十三五), not a figure
            digit = _DIGIT_VALUE[char]
        elif char in _SMALL_UNIT:
            section += (1 if digit is None else digit) * _SMALL_UNIT[char]
            digit = None
        elif char in "万亿":
            total += (section + (digit or 0)) * (10_000 if char == "万" else 100_000_000)
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0), magnitude


def spelled_figures(text: str) -> list[str]:
    """Figures spelled in characters, written in digits as the newer reports write them:
    "一百一十亿元" → "110亿", "一万二千亿斤" → "12000亿" and "1.2万亿", "百分之十四点四" → "14.4%".
    A run without a multiplier or decimal point ("一", "二是") is no figure."""
    out = list(spelled_percentages(text))
    for match in _SPELLED_FIGURE.finditer(text):
        spelled = match.group(1)
        whole, _, decimals = spelled.partition("点")
        if not any(c in "十百千万亿" for c in whole) and not decimals or whole == "十":
            continue  # "一", "二是", "十分": no figure
        if text[match.start() - 3 : match.start()] == "百分之":
            continue  # a percentage, done above
        parsed = _spelled_value(whole)
        if parsed is None:
            continue
        value, magnitude = parsed
        if decimals and magnitude:
            continue  # "三点五万": rare, and the digits would need the magnitude moved
        number = f"{value}.{digit_string(decimals)}" if decimals else str(value)
        out.append(number + magnitude)
        if magnitude == "亿" and value >= 10_000:
            out.append(f"{value / 10_000:g}万亿")
        if magnitude == "" and value >= 10_000 and value % 10_000 == 0:
            out.append(f"{value // 10_000}万")
    return out


# a figure spelled in characters that counts something: a measure follows it ("四十条",
# "五千万标箱", "八千多亿"), it ends in a magnitude ("五十四万亿") or has decimals ("三点五"); after 第, or
# with nothing after it, a run of numerals is an ordinal or a name (第十四个五年规划, 十五大)
_SPELLED_RUN = re.compile(
    r"(?<![第零〇一二两三四五六七八九十百千万亿点])"
    r"([一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+)?)"
)
_MEASURES = set(
    "个名家项倍成次件户人元吨斤亩条座所公里米标%年周"
    "处只支张间批台辆艘架部本种类位栋套头棵株场片篇册份"
    "個項條處隻張間臺輛"  # the Traditional forms a question may type
)
# 百分之一百: spelled_percentages reads only digits and 十 after 百分之
_PERCENT_OF_HUNDREDS = re.compile("百分之[零一二三四五六七八九十]*[百千]")


def counted_figures(text: str) -> list[str]:
    """The figures ``text`` spells that count something, in digits ("四十条" → 40,
    "百分之五" → 5%, "五十四万亿元" → 54万亿); ordinals and names are left out."""
    out = [p for p in spelled_percentages(text) if not _PERCENT_OF_HUNDREDS.search(text)]
    for run in _counted_runs(text):
        out += spelled_figures(run)
    return out


def counted_spellings(text: str) -> list[str]:
    """The spelled counts of ``counted_figures`` as typed, with the measure after them
    ("三百六十一处"): the words a segmenter cuts out of them ("三百六十", "一处") are no
    words of the question."""
    out = []
    for match in _SPELLED_RUN.finditer(text):
        if _counts(text, match) and spelled_figures(match.group(1)):
            out.append(text[match.start() : match.end() + 1])
    return out


# a count under ten with its measure: "五年" and "5年" are both written; not the names
# "五年计划", "五年规划", "两个确立", "三个代表", nor a digit of a longer figure
_SMALL_COUNT = re.compile(
    r"(?<![第零〇一二两三四五六七八九十百千万亿点.\d])([二三四五六七八九2-9])"
    r"(年|项|条|次|倍|件|名|天)(?!计划|规划|[零〇一二三四五六七八九十百千万亿\d])"
)


def small_counts(text: str) -> list[str]:
    """Counts under ten in the other writing: "五年" → "5年", "3个" → "三个"."""
    out = []
    for match in _SMALL_COUNT.finditer(text):
        numeral, measure = match.groups()
        if numeral.isdigit():
            out.append("零一二三四五六七八九"[int(numeral)] + measure)
        else:
            out.append(str("零一二三四五六七八九".index(numeral)) + measure)
    return out


def _counted_runs(text: str) -> list[str]:
    return [m.group(1) for m in _SPELLED_RUN.finditer(text) if _counts(text, m)]


def _counts(text: str, match: re.Match) -> bool:
    run, after = match.group(1), text[match.end() : match.end() + 1]
    return after in _MEASURES or after in "多余" or run[-1] in "万亿" or "点" in run


# An amount written in English ("1.2 trillion yuan", "10 million", "5 percent"), read as the
# reports write it: in 万, 亿 and 万亿, with the unit's Chinese (1.2万亿元, 1000万, 5%)
ENGLISH_AMOUNT = re.compile(
    r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*"
    r"(?:(thousand|million|billion|trillion)\b\s*)?"
    r"(%|per ?cent\b|percentage points?\b|(?:us\s*|u\.s\.\s*)?dollars?\b|usd\b|yuan\b|rmb\b"
    r"|renminbi\b|tons?\b|tonnes?\b|kilomet(?:er|re)s?\b|km\b|people\b|persons?\b)?",
    re.IGNORECASE,
)
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_UNIT_WORDS = (
    ("%", "%"),
    ("percentage", "个百分点"),
    ("per", "%"),
    ("u", "美元"),
    ("dollar", "美元"),
    ("usd", "美元"),
    ("yuan", "元"),
    ("rmb", "元"),
    ("renminbi", "元"),
    ("ton", "吨"),
    ("kilomet", "公里"),
    ("km", "公里"),
    ("people", "人"),
    ("person", "人"),
)


def english_amounts(text: str) -> list[str]:
    """ "1.2 trillion yuan" → 1.2万亿元, "10 million" → 1000万, "2.5 billion US dollars" →
    25亿美元, "5.5 percent" → 5.5%: the amounts of an English question as the reports write
    them.  A bare number ("in 2019", "five years") is no amount."""
    out = []
    for match in ENGLISH_AMOUNT.finditer(text):
        number, scale, unit = match.groups()
        if not scale and not unit:
            continue
        value = Decimal(number.replace(",", "")) * _SCALES.get((scale or "").lower(), 1)
        chinese = next((c for w, c in _UNIT_WORDS if (unit or "").lower().startswith(w)), "")
        if chinese in ("%", "个百分点"):
            out.append(f"{_plain(value)}{chinese}")
            continue
        for size, magnitude in ((10**12, "万亿"), (10**8, "亿"), (10**4, "万")):
            if scale and value >= size:
                out.append(f"{_plain(value / size)}{magnitude}{chinese}")
                break
        else:
            out.append(f"{_plain(value)}{chinese}")
    return out


def _plain(value) -> str:
    """A decimal without exponent or trailing zeros: 1000, 1.2."""
    return format(value.normalize(), "f")
