"""Exact top k without scoring every posting: the threshold algorithm (Fagin et al.).

A query is a weighted sum of lists: one per query term and field, and optionally a list
that lifts the passages of the speeches a question names.  Each list can give its
highest-scoring documents first (``prefix``) with a bound on everything after them, and
the score of any document (``lookup``).  We read deeper prefixes until the k-th best
exact score among the documents seen beats the sum of the lists' bounds: no unseen
document can then reach the top k.  Work grows with the depth needed, not with the
archive; a list short enough is read whole at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from .ranking import BM25Field

FIRST_DEPTH = 256  # postings read from each list in the first round; ×4 each round


class ScoreList(Protocol):
    size: int
    lift: bool  # counts only for documents that some other list scores (> 0)

    def prefix(self, depth: int) -> tuple[np.ndarray, float]:
        """The documents among this list's ``depth`` best, and a bound on the rest."""

    def lookup(self, docs: np.ndarray) -> np.ndarray:
        """This list's (weighted) score for each of ``docs`` (sorted, unique); 0 if absent."""


class TermList:
    """One term's postings in one field, each score multiplied by ``weight``."""

    lift = False

    def __init__(self, field: BM25Field, tid: int, weight: float) -> None:
        self.field, self.tid, self.weight = field, tid, weight
        self.lo, self.hi = int(field.indptr[tid]), int(field.indptr[tid + 1])
        self.size = self.hi - self.lo
        self._factor = weight * field.idf(tid)

    def _scores(self, positions: np.ndarray) -> np.ndarray:
        docs = np.asarray(self.field.docs[positions])
        tf = np.asarray(self.field.tfs[positions], np.float32)
        return self._factor * self.field.saturation(tf, docs)

    def prefix(self, depth: int) -> tuple[np.ndarray, float]:
        if depth >= self.size:
            return np.asarray(self.field.docs[self.lo : self.hi]), 0.0
        offsets = np.asarray(self.field.order[self.lo : self.lo + depth + 1], np.int64)
        positions = self.lo + offsets
        docs = np.asarray(self.field.docs[positions[:-1]])
        last = positions[-1:]  # the best posting not read: its level bounds all the others
        tf = np.asarray(self.field.tfs[last], np.float32)
        saturation = float(self.field.saturation(tf, np.asarray(self.field.docs[last]))[0])
        return docs, self._factor * self.field.level_ceiling(saturation)

    def lookup(self, docs: np.ndarray) -> np.ndarray:
        postings = self.field.docs[self.lo : self.hi]
        where = np.searchsorted(postings, docs)
        found = where < self.size
        found[found] = np.asarray(postings[where[found]]) == docs[found]
        out = np.zeros(len(docs), np.float64)
        out[found] = self._scores(self.lo + where[found])
        return out

    def all_scores(self) -> tuple[np.ndarray, np.ndarray]:
        positions = np.arange(self.lo, self.hi)
        return np.asarray(self.field.docs[self.lo : self.hi]), self._scores(positions)


class GroupList:
    """A value per group of consecutive documents (a speech's passages), times ``weight``:
    the lift of the speeches a question names.  ``starts``/``ends`` are each group's
    document range; ``values`` its value; only groups with a value > 0 are given."""

    lift = True

    def __init__(
        self,
        starts: np.ndarray,
        ends: np.ndarray,
        values: np.ndarray,
        weight: float,
    ) -> None:
        best_first = np.argsort(-values, kind="stable")
        self.starts, self.ends = starts[best_first], ends[best_first]
        self.values, self.weight = values[best_first] * weight, weight
        self.size = int((self.ends - self.starts).sum())
        self._cumulative = np.cumsum(self.ends - self.starts)
        by_start = np.argsort(self.starts)
        self._sorted_starts = self.starts[by_start]
        self._sorted_ends = self.ends[by_start]
        self._sorted_values = self.values[by_start]

    def prefix(self, depth: int) -> tuple[np.ndarray, float]:
        groups = int(np.searchsorted(self._cumulative, depth, side="left")) + 1
        groups = min(groups, len(self.starts))
        docs = np.concatenate(
            [np.arange(s, e) for s, e in zip(self.starts[:groups], self.ends[:groups], strict=True)]
            or [np.zeros(0, np.int64)]
        )
        bound = float(self.values[groups]) if groups < len(self.values) else 0.0
        return docs, bound

    def lookup(self, docs: np.ndarray) -> np.ndarray:
        group = np.searchsorted(self._sorted_starts, docs, side="right") - 1
        inside = group >= 0
        inside[inside] = docs[inside] < self._sorted_ends[group[inside]]
        out = np.zeros(len(docs), np.float64)
        out[inside] = self._sorted_values[group[inside]]
        return out


def threshold_top_k(
    lists: Sequence[ScoreList], k: int, first_depth: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(docs, exact scores) of a set of documents that holds the k best of the sum of
    ``lists``: pass them to ``ranking.top_k``.  Only documents that a list other than a
    lift scores above 0 are returned (a lift raises matches, it does not make them)."""
    lists = [lst for lst in lists if lst.size]
    if not lists or k <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.float64)
    depth = first_depth or FIRST_DEPTH
    while True:
        parts, bound = [], 0.0
        for lst in lists:
            docs, rest = lst.prefix(depth)
            parts.append(docs)
            bound += rest
        candidates = np.unique(np.concatenate(parts).astype(np.int64))
        scores = np.zeros(len(candidates), np.float64)
        for lst in lists:
            if not lst.lift:
                scores += lst.lookup(candidates)
        matched = scores > 0
        candidates, scores = candidates[matched], scores[matched]
        for lst in lists:
            if lst.lift:
                scores += lst.lookup(candidates)
        if bound == 0.0:
            return candidates, scores
        if len(candidates) >= k and np.partition(scores, -k)[-k] > bound:
            return candidates, scores
        depth *= 4
