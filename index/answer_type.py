"""What kind of answer a question asks for, and whether a passage can give it.

Staff often ask for a figure ("增长目标是多少", "有几家", "占比多大"): the passage they need
states one.  Search re-ranks its candidates with this (``SearchSettings.figure_weight``);
it never filters, so a question that only looks like one loses nothing.
"""

from __future__ import annotations

import re

from .normalise import normalise

_MEASURE = "个名家项年倍成次亿万千百十所座条件户人元吨斤亩"
_ASKS_FIGURE = re.compile(
    "多少|几[" + _MEASURE + "]|多大|多高|多快|多长|多远|多久|多重|百分之几|占比|比例|比重"
    "|增速|增幅|增长率|增长了?几|总量|哪一?年|何时|什么时候"
    r"|\bhow (?:many|much|far|fast|big|high|large|long)\b"
    r"|\bwhat (?:share|percentage|proportion|rate|year)\b|\bwhich year\b|\bwhen\b"
)
_CHINESE_DIGITS = "一二三四五六七八九十百千万亿两〇零"
_STATES_FIGURE = re.compile(
    r"\d"
    "|百分之"
    "|[" + _CHINESE_DIGITS + "]{2,}[" + _MEASURE + "%斤吨公里平方米]"
    "|[两几数]?[十百千万亿][" + _MEASURE + "]"
)


_ASKS_PLAN = re.compile("目标|预期|计划|安排|拟|打算|部署|任务|将要|\\b(?:target|plan|goal)s?\\b")


def asks_for_plan(question: str) -> bool:
    """True when the question asks what was planned or targeted ("2012年增长目标"): in a
    report of that year, "今年…" answers it, not the next year's review."""
    return bool(_ASKS_PLAN.search(normalise(question)))


def asks_for_figure(question: str) -> bool:
    """True when the question asks how many, how much, what share or which year."""
    return bool(_ASKS_FIGURE.search(normalise(question)))


def states_figure(text: str) -> bool:
    """True when the text states a number: digits, or Chinese numerals with a measure word
    ("七百六十六亿", "百分之五"); a lone 一 ("一是", "统一") does not count."""
    return bool(_STATES_FIGURE.search(text))
