"""Which speech a question is about: how much of the whole speech speaks of its words.

A passage of another speech telling the same topic (another year's report, another
region's, a speech quoting one of the question's words) can hold the question's words as
well as the answer does.  The speech the question is about speaks of them throughout: many
of its passages hold them, for its length.  Among the best candidates, a passage's speech
is scored as one document (BM25 of the question over the speech: per word of the question,
how many of the speech's passages hold it, saturated against the speech's length in
passages), and the passages of the speeches that speak most of the question's words score
more.  The counts are read from the index's postings, without reading a text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from ._coverage import WordGroups

if TYPE_CHECKING:
    from .passage_index import SearchIndex

__all__ = ["focus_factors", "prefer_focused_speeches", "speech_focus"]


def speech_focus(
    index: SearchIndex, groups: WordGroups, speeches: Iterable[int], saturation: float
) -> dict[int, float]:
    """speech id → how much the speech speaks of the question's words, the best of
    ``speeches`` 1: per group of the question's words, its weight × n / (n + saturation ×
    length / mean length), n the speech's passages holding the group's term (its best
    term), length the speech's passages."""
    ranges = index.speech_ranges()
    wanted = [sid for sid in dict.fromkeys(speeches) if sid in ranges]
    if not wanted or not groups.total:
        return {}
    starts = np.array([ranges[sid][0] for sid in wanted], np.int64)
    stops = np.array([ranges[sid][1] for sid in wanted], np.int64)
    norm = saturation * (stops - starts) / (len(index) / len(ranges))
    body = index.fields["body"]
    best = np.zeros((len(groups.groups), len(wanted)))
    for term, (group, weight) in groups.owner.items():
        tid = body.vocabulary.get(term)
        if tid is None or tid + 1 >= len(body.indptr):
            continue
        docs = body.term_docs(tid)
        # a speech's passages are rows [start, stop): those in the term's postings
        held = np.searchsorted(docs, stops) - np.searchsorted(docs, starts)
        best[group] = np.maximum(best[group], weight * held / (held + norm))
    score = best.sum(axis=0)
    top = float(score.max())
    if not top:
        return {}
    return dict(zip(wanted, (score / top).tolist(), strict=True))


def focus_factors(
    ranked: list[tuple[int, float]],
    owner: dict[int, int],
    index: SearchIndex,
    groups: WordGroups,
    weight: float,
    saturation: float,
) -> dict[int, float]:
    """Each candidate's factor, 1 + weight × its speech's ``speech_focus`` (``owner``:
    passage id → its speech's id; a candidate missing has 1); empty when no speech speaks
    of the question's words."""
    owner = {pid: owner[pid] for pid, _ in ranked if pid in owner}
    focus = speech_focus(index, groups, owner.values(), saturation)
    if not focus:
        return {}
    return {pid: 1 + weight * focus.get(owner.get(pid, -1), 0.0) for pid, _ in ranked}


def prefer_focused_speeches(
    ranked: list[tuple[int, float]],
    owner: dict[int, int],
    index: SearchIndex,
    groups: WordGroups,
    weight: float,
    saturation: float,
) -> list[tuple[int, float]]:
    """Each candidate's score times (1 + weight × its speech's ``speech_focus``), best
    first; ``owner``: passage id → its speech's id (a candidate missing keeps its score)."""
    factors = focus_factors(ranked, owner, index, groups, weight, saturation)
    if not factors:
        return ranked
    rescored = [(pid, score * factors[pid]) for pid, score in ranked]
    return sorted(rescored, key=lambda item: -item[1])
