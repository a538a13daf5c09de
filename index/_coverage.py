"""How much of a question a candidate's text holds, and how close together.

BM25 adds each word's score on its own: a passage repeating one common word of the question
can outscore the passage that holds every word of it once, and a passage holding the words
scattered over its length scores as one holding them in one sentence.  Among the best
candidates, the passage holding more of the question's distinct words (each counted by how
rare it is), and holding them within one stretch of a sentence or two, is the answer a
reader means.  Its headings count as part of it, as they do in the index.

The question's words are grouped by the typed word they stand for (a sub-word, a synonym or
a sound-alike counts for its typed word, at its own weight); words that name a speech or a
kind of speech ("2018年", "十七大", "政府工作报告") choose the speech and say nothing of
the passage, and are left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._query_core import Naming
from .normalise import normalise

if TYPE_CHECKING:
    from .query import Query

__all__ = ["WordGroups", "word_groups", "covered", "prefer_covering"]


@dataclass(frozen=True)
class WordGroups:
    """The question's words grouped by the typed word they stand for: each group's terms
    with their weights (the rarity of the term times its weight in the query)."""

    groups: tuple[tuple[tuple[str, float], ...], ...]
    owner: dict[str, tuple[int, float]]  # term → (its group, its weight)
    total: float  # the weight of a passage holding every group

    def __bool__(self) -> bool:
        return len(self.groups) > 1


def word_groups(query: Query, frequency: Callable[[str], int], passages: int) -> WordGroups:
    """The groups of ``query``'s words that can tell its passages apart, each term weighted
    by its IDF (``frequency``: passages holding it, of ``passages``) and its query weight."""
    grouped: dict[str, list[tuple[str, float]]] = {}
    naming = {t.stands_for for t in query.terms if t.naming is not Naming.NONE}
    for term in query.terms:
        if term.naming is not Naming.NONE or term.stands_for in naming:
            continue
        df = frequency(term.text)
        if not df or not term.text.strip():
            continue
        idf = math.log1p((passages - df + 0.5) / (df + 0.5))
        grouped.setdefault(term.stands_for, []).append((term.text, idf * min(term.weight, 1.0)))
    groups = tuple(tuple(g) for g in grouped.values() if g)
    owner: dict[str, tuple[int, float]] = {}
    for n, group in enumerate(groups):
        for text, weight in group:
            if text not in owner or owner[text][1] < weight:
                owner[text] = (n, weight)
    total = sum(max(weight for _, weight in group) for group in groups)
    return WordGroups(groups, owner, total)


def covered(groups: WordGroups, text: str, window: int) -> tuple[float, float]:
    """(the share of the question's word weight ``text`` holds, the share one stretch of
    ``window`` characters of it holds): each group counts once, by its best term held."""
    if not groups.total:
        return 0.0, 0.0
    normal = normalise(text)
    # str.find per term: a pattern of the terms costs more to compile than to match
    found = sorted(
        (at, group, weight)
        for term, (group, weight) in groups.owner.items()
        for at in _places(normal, term)
    )
    best: dict[int, float] = {}
    for _, group, weight in found:
        best[group] = max(best.get(group, 0.0), weight)
    whole = sum(best.values())
    # the stretch of ``window`` characters holding the most: two pointers over the matches
    inside: dict[int, list[float]] = {}
    near, first = 0.0, 0
    for start, group, weight in found:
        inside.setdefault(group, []).append(weight)
        while start - found[first][0] > window:
            _, old, old_weight = found[first]
            inside[old].remove(old_weight)
            if not inside[old]:
                del inside[old]
            first += 1
        near = max(near, sum(max(ws) for ws in inside.values()))
    return whole / groups.total, near / groups.total


def _places(text: str, term: str) -> list[int]:
    """Where ``term`` starts in ``text``."""
    out = []
    at = text.find(term)
    while at >= 0:
        out.append(at)
        at = text.find(term, at + len(term))
    return out


def prefer_covering(
    ranked: list[tuple[int, float]],
    stored: dict,
    groups: WordGroups,
    coverage_weight: float,
    proximity_weight: float,
    window: int,
    named: bool = False,
) -> list[tuple[int, float]]:
    """Each candidate's score times (1 + coverage_weight × the share of the question's
    words it holds + proximity_weight × the share one stretch of ``window`` characters
    holds), best first.  A passage holds what its headings say too ("（一）老旧小区改造"
    over a paragraph of figures), as the index's heading field counts them.

    ``named``: the question names a speech, and the first candidate's speech is the one its
    name chose; another speech's passage holding the words better does not go before that
    speech's best ("全国科技大会讲话说…": not another speech saying the same words)."""
    rescored = [
        (pid, _rescored(score, stored.get(pid), groups, coverage_weight, proximity_weight, window))
        for pid, score in ranked
    ]
    chosen = stored.get(ranked[0][0]) if named and ranked else None
    if chosen is not None:

        def of_chosen(pid: int) -> bool:
            return pid in stored and stored[pid].speech_id == chosen.speech_id

        ahead = max(score for pid, score in rescored if of_chosen(pid))
        rescored = [
            (pid, score if of_chosen(pid) else min(score, ahead * BELOW)) for pid, score in rescored
        ]
    return sorted(rescored, key=lambda item: -item[1])


BELOW = 0.999  # just under: another speech's passage follows the chosen speech's best


def _rescored(
    score: float, passage, groups: WordGroups, coverage: float, proximity: float, window: int
) -> float:
    """``score`` times the candidate's factor: 1 + coverage × the share of the question's
    words its text and headings hold + proximity × the share one stretch of them holds."""
    if passage is None:
        return score
    whole, near = covered(groups, "\n".join((*passage.headings, passage.text)), window)
    return score * (1 + coverage * whole + proximity * near)
