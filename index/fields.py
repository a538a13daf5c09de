"""The fields a passage is indexed in, analysed the same way at ingest and at search.

A passage is scored on three fields: its own words with their dictionary sub-words
(``body``), the words of its section headings (``head``), and single characters
(``chars``).  A fourth, one document per speech, holds the words that name a speech (title,
file name, year, speaker, occasion): a question naming a speech lifts its passages.
"""

from __future__ import annotations

import re
from pathlib import Path

from .analysis import Analyzer
from .model import Passage, Speech
from .numbers import spelled_figures
from .numerals import chinese_number

__all__ = ["FIELDS", "passage_terms", "speech_terms", "speech_year"]

FIELDS = ("body", "head", "chars")


def passage_terms(
    analyzer: Analyzer,
    passage: Passage,
    heading_cache: dict[tuple[str, ...], list[str]] | None = None,
    normalised_speech: str | None = None,
    year: int | None = None,
) -> tuple[list[str], list[str], list[str]]:
    """The three analysed fields of a passage, as the index stores them.  Passages of one
    section share their headings: pass a ``heading_cache`` to analyse those once, and
    ``normalise(speech.text)`` to normalise the speech once.  The body also holds what the
    text says in other words: figures spelled in characters as digits ("一百一十亿" → 110亿),
    and, given the speech's ``year``, the years that 今年/去年/明年 stand for."""
    heading_cache = {} if heading_cache is None else heading_cache
    head = heading_cache.get(passage.headings)
    if head is None:
        head = heading_cache[passage.headings] = analyzer.index_terms(" ".join(passage.headings))
    norm = normalised_speech[passage.start : passage.end] if normalised_speech else None
    body, chars = analyzer.fields(passage.text, norm)
    return body + implied_terms(analyzer, passage.text, year), head, chars


_RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "明年": 1}
_RELATIVE_YEAR = re.compile("|".join(_RELATIVE_YEARS))


def implied_terms(analyzer: Analyzer, text: str, year: int | None) -> list[str]:
    """Terms for what ``text`` says in words a question would type otherwise."""
    out = [term for figure in spelled_figures(text) for term in analyzer.terms(figure)]
    if year:
        for match in _RELATIVE_YEAR.finditer(text):
            out += analyzer.terms(f"{year + _RELATIVE_YEARS[match.group()]}年")
    return out


def speech_year(speech: Speech) -> int | None:
    """The speech's year: from its date, else from a year in its file name."""
    if speech.date and speech.date[:4].isdigit():
        return int(speech.date[:4])
    named = re.search(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", Path(speech.source).stem)
    return int(named.group(1)) if named else None


def speech_terms(analyzer: Analyzer, speech: Speech) -> list[str]:
    """Speech-level terms: the title, the file name, the year (from the date, else from the
    file name), the speaker, the occasion, and the short name of a party congress."""
    stem = Path(speech.source).stem.replace("-", " ").replace("_", " ")
    year = str(speech_year(speech) or "")
    years = f"{year}年" if year else ""
    if year and "报告" in speech.title:  # an annual report reviews the year before it
        years += f" {int(year) - 1}年"
    fields = (speech.title, stem, years, speech.speaker, speech.occasion)
    meta = " ".join(x for x in fields if x)
    meta += "".join(f" {n}大" for n in _CONGRESS.findall(meta))  # 第十九次全国代表大会 → 十九大
    # a congress report opens "我代表第十四届中央委员会向大会作报告": the next congress's
    meta += "".join(f" {_spelled(chinese_number(n) + 1)}大" for n in _OUTGOING.findall(meta))
    return analyzer.index_terms(meta)


_CONGRESS = re.compile(r"第([一二三四五六七八九十]+)次全国代表大会")
_OUTGOING = re.compile(r"第?([一二三四五六七八九十]+)届中央委员会(?:委托)?[，,]?向大会作报告")
_DIGITS = "零一二三四五六七八九"


def _spelled(number: int) -> str:
    """1 … 99 as an ordinal is spelled: 15 → 十五, 20 → 二十, 21 → 二十一."""
    tens, ones = divmod(number, 10)
    spelled = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return spelled + (_DIGITS[ones] if ones else "")
