"""Re-ranking the candidates of a question by what their text holds: a figure when the
question asks for one, the question's word pairs as typed, the year it names."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from .answer_type import states_figure
from .normalise import normalise
from .numerals import DIGITS


def prefer_phrases(
    ranked: list[tuple[int, float]], stored: dict, pairs: Sequence[str], weight: float
) -> list[tuple[int, float]]:
    """Candidates holding the question's word pairs as written score up to
    (1 + weight) times more, by the share of pairs they hold."""

    def share(text: str) -> float:
        normal = normalise(text)
        return sum(pair in normal for pair in pairs) / len(pairs)

    return _rescored(ranked, stored, lambda text: 1 + weight * share(text))


def prefer_figures(
    ranked: list[tuple[int, float]], stored: dict, weight: float
) -> list[tuple[int, float]]:
    """Re-rank the candidates of a question asking for a figure: a passage that states
    one scores (1 + weight) times more."""
    return _rescored(ranked, stored, lambda text: 1 + weight if states_figure(text) else 1.0)


def _rescored(
    ranked: list[tuple[int, float]], stored: dict, factor: Callable[[str], float]
) -> list[tuple[int, float]]:
    """Each candidate's score times ``factor`` of its text (unchanged when its passage is
    gone), best first."""
    rescored = [
        (pid, score * factor(stored[pid].text) if pid in stored else score) for pid, score in ranked
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
    year scores up to (1 + weight) times more.  It speaks of it when its text or headings
    name it ("2017年", "二〇一七年"), or when it says 去年 in a speech of the year after (a
    report's review) or 今年 in a speech of that year (its plans: half as much unless the
    question asks for a ``plan``, a target).  Only a lift: nothing is filtered."""

    def evidence(passage) -> float:
        said = normalise(" ".join((*passage.headings, passage.text)))
        own = _speech_year(passage)
        best = 0.0
        for year in years:
            if f"{year}年" in said or _spelled(year) in said:
                return 1.0
            if own == year + 1 and _LAST_YEAR.search(said):
                best = max(best, 0.5 if plan else 1.0)
            elif own == year and _THIS_YEAR.search(said):
                best = max(best, 1.0 if plan else 0.5)
        return best

    rescored = [
        (pid, score * (1 + weight * evidence(stored[pid])) if pid in stored else score)
        for pid, score in ranked
    ]
    return sorted(rescored, key=lambda item: -item[1])


_LAST_YEAR = re.compile("去年|上年|过去一年")
_THIS_YEAR = re.compile("今年|本年")


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
