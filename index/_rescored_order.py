"""The candidates in the order the reranks by their texts give them, each text read only when
it can still change the hits.

Each rerank multiplies a candidate's score by a factor of its text between 1 and a most
(1 + its weight), then sorts (stably); a candidate not yet read can therefore score at most
its score times the product of those mosts.  Candidates are read, best bound first, only
until none unread could go before the best one read: the hits, the first few in the order,
seldom need the last of the ~20 candidates a search ranks (nor a neighbouring window the
whole ~20, only those near a hit shown)."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator, Sequence

__all__ = ["RescoredOrder", "Step"]

# (passage id, score, its stored passage or None) → the score after one rerank
Step = Callable[[int, float, object], float]
_MARGIN = 1e-9  # the rounding of a product of a few factors


class RescoredOrder:
    """The candidates of ``ranked`` (in its order: ties are kept so) after ``steps`` in
    turn, each a rerank sorting stably by its new score, given one by one.

    ``read``: those ids' stored passages (an id removed since the index was built is
    missing; a step leaves its score).  ``least``/``most``: per id, the least and the most
    all steps together multiply its score by (what is known without its text, such as its
    speech's focus, is in both)."""

    def __init__(
        self,
        ranked: Sequence[tuple[int, float]],
        read: Callable[[list[int]], dict],
        steps: Sequence[Step],
        least: Callable[[int], float],
        most: Callable[[int], float],
        batch: int,
    ) -> None:
        self._ranked, self._read, self._steps = ranked, read, steps
        lows, highs = [], []
        for pid, score in ranked:
            low, high = score * least(pid), score * most(pid)
            low, high = min(low, high), max(low, high)  # a negative score turns them round
            lows.append(low - abs(low) * _MARGIN)
            highs.append(high + abs(high) * _MARGIN)
        self._lows = lows
        # the most any candidate from each place on can score
        self._ceiling = list(itertools.accumulate(reversed(highs), max))[::-1]
        self._next = 0  # the candidates before it are read and rescored
        self._waiting: list[tuple] = []  # (its scores' keys, place, id, score), a heap
        self._batch = max(1, batch)

    def _rescore(self, places: list[int]) -> None:
        passages = self._read([self._ranked[n][0] for n in places])
        for n in places:
            pid, score = self._ranked[n]
            passage = passages.get(pid)
            keys = []
            for step in self._steps:
                score = step(pid, score, passage)
                keys.append(-score)
            # sorted by the last score, ties by the one before, …, then by ``ranked``
            heapq.heappush(self._waiting, (tuple(reversed(keys)), n, pid, score))

    def __iter__(self) -> Iterator[tuple[int, float]]:
        """The candidates in the order, each with its score after every step."""
        total = len(self._ranked)
        if self._next == 0 and total:
            self._next = min(self._batch, total)
            self._rescore(list(range(self._next)))
        while self._waiting or self._next < total:
            best = self._waiting[0][3] if self._waiting else None
            if self._next < total and (best is None or best <= self._ceiling[self._next]):
                # every candidate that could still go before the best read one, or before
                # the next one (which scores at least its least)
                bar = self._lows[self._next] if best is None else max(best, self._lows[self._next])
                stop = self._next + 1
                while stop < total and self._ceiling[stop] >= bar:
                    stop += 1
                self._rescore(list(range(self._next, stop)))
                self._next = stop
                continue
            _, _, pid, score = heapq.heappop(self._waiting)
            yield pid, score

    def rest(self, wanted: Callable[[int], bool]) -> list[tuple[int, float]]:
        """The candidates not yet given whose id is ``wanted``, in the order: only those
        are read."""
        places = [n for n in range(self._next, len(self._ranked)) if wanted(self._ranked[n][0])]
        if places:
            self._rescore(places)
        self._next = len(self._ranked)
        left = sorted(self._waiting)
        self._waiting = []
        return [(pid, score) for _, _, pid, score in left if wanted(pid)]
