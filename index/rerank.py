"""Re-ranking the candidates of a question by what their text holds: a figure when the
question asks for one, the figure it types, the question's word pairs as typed, the year
it names.  Each only lifts: a candidate lacking what it looks for keeps its score."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .answer_type import states_figure
from .normalise import normalise
from .numbers import counted_figures, english_amounts, spelled_figures
from .numerals import DIGITS


def prefer_phrases(
    ranked: list[tuple[int, float]], stored: dict, pairs: Sequence[str], weight: float
) -> list[tuple[int, float]]:
    """Candidates holding the question's word pairs as written score up to
    (1 + weight) times more, by the share of pairs they hold."""

    def share(text: str) -> float:
        normal = normalise(text)
        return sum(pair in normal for pair in pairs) / len(pairs)

    return _rescored(ranked, stored, lambda passage: 1 + weight * share(passage.text))


def prefer_figures(
    ranked: list[tuple[int, float]], stored: dict, weight: float
) -> list[tuple[int, float]]:
    """Re-rank the candidates of a question asking for a figure: a passage that states
    one scores (1 + weight) times more."""
    return _rescored(
        ranked, stored, lambda passage: 1 + weight if states_figure(passage.text) else 1.0
    )


def _rescored(
    ranked: list[tuple[int, float]], stored: dict, factor: Callable[[Any], float]
) -> list[tuple[int, float]]:
    """Each candidate's score times ``factor`` of its stored passage (unchanged when the
    passage is gone), best first."""
    rescored = [
        (pid, score * factor(stored[pid]) if pid in stored else score) for pid, score in ranked
    ]
    return sorted(rescored, key=lambda item: -item[1])


def prefer_years(
    ranked: list[tuple[int, float]],
    stored: dict,
    years: Sequence[int],
    weight: float,
    plan: bool = False,
) -> list[tuple[int, float]]:
    """Re-rank the candidates of a question naming a year: a passage that speaks of that
    year scores up to (1 + weight) times more.  It speaks of it when its text names it
    ("2017年", "二〇一七年"; its headings only: ``HEADED_SHARE`` of that), or when it says 去年
    in a speech of the year after (a report's review) or 今年 in a speech of that year (its
    plans: half as much unless the question asks for a ``plan``, a target).  Only a lift:
    nothing is filtered."""

    def evidence(passage) -> float:
        return _said_or_headed(passage, said_of)

    def said_of(said: str, passage) -> float:
        own = _speech_year(passage)
        best = 0.0
        for year in years:
            if f"{year}年" in said or _spelled(year) in said:
                # a later speech naming the year reviews it: half, when a plan is asked
                if plan and own is not None and own > year:
                    best = max(best, 0.5)
                    continue
                return 1.0
            if own == year + 1 and _LAST_YEAR.search(said):
                best = max(best, 0.5 if plan else 1.0)
            elif own == year and _THIS_YEAR.search(said):
                best = max(best, 1.0 if plan else 0.5)
        return best

    return _rescored(ranked, stored, lambda passage: 1 + weight * evidence(passage))


_LAST_YEAR = re.compile("去年|上年|过去一年")
_THIS_YEAR = re.compile("今年|本年")
_NEXT_YEAR = re.compile("明年|下一年")


def prefer_relative_year(
    ranked: list[tuple[int, float]], stored: dict, offset: int, weight: float
) -> list[tuple[int, float]]:
    """Re-rank the candidates of a question saying 去年/今年/明年 without naming a year
    ("江苏去年经济增长多少"): each speech's own year is the reference, so a passage that
    speaks of the year ``offset`` from its speech's (a 2026 report's "2025年", or its
    去年) scores up to (1 + weight) times more."""
    said_as = {-1: _LAST_YEAR, 0: _THIS_YEAR, 1: _NEXT_YEAR}[offset]

    def evidence(passage) -> float:
        return _said_or_headed(passage, said_of)

    def said_of(said: str, passage) -> float:
        own = _speech_year(passage)
        if own is None:
            return 0.0
        year = own + offset
        return 1.0 if f"{year}年" in said or _spelled(year) in said or said_as.search(said) else 0.0

    return _rescored(ranked, stored, lambda passage: 1 + weight * evidence(passage))


# a year only the headings name ("一、2025年工作回顾") is that of every passage below them: the
# passage whose own text names it says more
HEADED_SHARE = 0.75


def _said_or_headed(passage, said_of: Callable[[str, Any], float]) -> float:
    """``said_of`` the passage's text, else ``HEADED_SHARE`` of it with its headings."""
    own = said_of(normalise(passage.text), passage)
    if own >= 1.0 or not passage.headings:
        return own
    headed = said_of(normalise(" ".join((*passage.headings, passage.text))), passage)
    return max(own, HEADED_SHARE * headed)


def _spelled(year: int) -> str:
    return "".join(DIGITS[int(d)] for d in str(year)) + "年"


def _speech_year(passage) -> int | None:
    """The year of a candidate's speech: its date, else a year in its file name or title."""
    if passage.date and passage.date[:4].isdigit():
        return int(passage.date[:4])
    for text in (Path(passage.source).stem, passage.title):
        named = re.search(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", text)
        if named:
            return int(named.group(1))
    return None


# a figure as typed: digits with their decimals and magnitude ("3650亿", "14.4%", "1.2万")
_FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(万亿|亿|万|%)?(?!\d)(?!年)")


def asked_figures(question: str) -> list[str]:
    """The figures a question types, as the index writes them ("3650亿斤" → 3650亿), or
    spells with what they count ("四十条" → 40, "两万五千公里" → 25000 and 2.5万); a year
    is not a figure (``prefer_years``), nor a lone digit."""
    out = []
    normal = normalise(question)
    for match in _FIGURE.finditer(normal):
        number, unit = match.group(1), match.group(2) or ""
        if len(number) > 1 or unit:
            out.append(number + unit)
    for figure in counted_figures(normal):
        out.append(figure)
        if figure.isdigit() and int(figure) >= 10_000:
            out.append(f"{int(figure) / 10_000:g}万")
    for amount in english_amounts(question):  # "3 trillion yuan": 3万亿
        match = _FIGURE.match(amount)
        if match and (len(match.group(1)) > 1 or match.group(2)):
            out.append(match.group(1) + (match.group(2) or ""))
    return list(dict.fromkeys(out))


def prefer_same_figures(
    ranked: list[tuple[int, float]], stored: dict, figures: Sequence[str], weight: float
) -> list[tuple[int, float]]:
    """Re-rank the candidates of a question typing a figure: a passage that states it, in
    digits or in characters ("三千六百五十亿" for 3650亿), scores (1 + weight) times more."""

    def states(text: str) -> bool:
        normal = _MIXED_FIGURE.sub(_mixed_value, normalise(text))
        if any(_figure_in(figure).search(normal) for figure in figures):
            return True
        spelled = set(spelled_figures(text))
        return any(figure in spelled for figure in figures)

    return _rescored(ranked, stored, lambda passage: 1 + weight if states(passage.text) else 1.0)


# digits with a spelled magnitude inside: "2万5千" is 25000
_MIXED_FIGURE = re.compile(r"(?<![\d.])(\d+)万(\d)千(?![\d万亿])")


def _mixed_value(match: re.Match[str]) -> str:
    return str(int(match.group(1)) * 10_000 + int(match.group(2)) * 1_000)


@functools.lru_cache(maxsize=256)
def _figure_in(figure: str) -> re.Pattern[str]:
    """The figure standing alone: 3650亿 not in 13650亿 nor 3650.5亿."""
    return re.compile(rf"(?<![\d.]){re.escape(figure)}(?![\d.])")


def prefer_places(
    ranked: list[tuple[int, float]], stored: dict, places: Sequence[str], weight: float
) -> list[tuple[int, float]]:
    """Re-rank the candidates of a question naming a place: a passage of a speech whose
    title names it scores (1 + weight) times more."""
    return _rescored(ranked, stored, lambda passage: 1 + weight if _names(passage, places) else 1.0)


def _names(passage, places: Sequence[str]) -> bool:
    title = normalise(passage.title)
    return any(place in title for place in places)
