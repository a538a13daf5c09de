"""The BM25 core: build postings from term lists, score a query, select the top k.

Work per query is proportional to the postings of the query's terms, not to the number
of passages (rank-bm25 loops over every document per query).  Each posting's score
(its impact) and each term's highest are computed once when the index is built; the saved
index keeps them in compact blocks (``_postings``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np


def idf_lucene(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Lucene's IDF, always positive: terms in most passages still count a little."""
    return np.log1p((n_docs - df + 0.5) / (df + 0.5))


def idf_okapi(df: np.ndarray, n_docs: int, epsilon: float = 0.25) -> np.ndarray:
    """rank-bm25's BM25Okapi IDF (negative values floored to epsilon × mean IDF)."""
    idf = np.log((n_docs - df + 0.5) / (df + 0.5))
    floor = epsilon * float(idf.mean()) if len(idf) else 0.0
    return np.where(idf < 0, floor, idf)


IDF_VARIANTS = {"lucene": idf_lucene, "okapi": idf_okapi}


@dataclass(frozen=True)
class BM25Params:
    k1: float = 1.2
    b: float = 0.75
    idf: str = "lucene"


class BM25Field:
    """Postings of one field (e.g. the passage's words) over ``n_docs`` passages."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        indptr: np.ndarray,
        docs: np.ndarray,
        tfs: np.ndarray,
        doc_len: np.ndarray,
        params: BM25Params = BM25Params(),
        impacts: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.indptr = indptr
        self.docs = docs
        self.tfs = tfs
        self.doc_len = doc_len
        self.params = params
        self.n_docs = len(doc_len)
        self._avgdl = float(doc_len.mean()) if self.n_docs else 0.0
        df = np.diff(indptr).astype(np.float64)
        self._idf = IDF_VARIANTS[params.idf](df, self.n_docs) if self.n_docs else df
        self._idf32: np.ndarray | None = None
        self._impacts = impacts  # computed when first read: the index build quantises
        # them a range at a time (impacts_between) and never holds them all

    def saturation(self, tf: np.ndarray, docs: np.ndarray) -> np.ndarray:
        """BM25's term-frequency part, (k1 + 1)·tf / (tf + k1·(1 − b + b·len/avglen))."""
        k1, b = self.params.k1, self.params.b
        norm = k1 * (1 - b + b * self.doc_len[docs] / self._avgdl)
        return tf * (k1 + 1) / (tf + norm)

    @property
    def impacts(self) -> np.ndarray:
        """Each posting's score for a query weight of 1 (IDF × saturation), float32."""
        return self._impacts_and_maxima()[0]

    @property
    def maxima(self) -> np.ndarray:
        """Each term's highest impact: with them a query can skip terms that cannot matter."""
        return self._impacts_and_maxima()[1]

    def _impacts_and_maxima(self) -> tuple[np.ndarray, np.ndarray]:
        if self._impacts is None:
            df = np.diff(self.indptr)
            impacts = self.impacts_between(0, len(self.docs))
            maxima = np.zeros(len(df), np.float32)
            present = df > 0
            if len(impacts):
                maxima[present] = np.maximum.reduceat(impacts, self.indptr[:-1][present])
            self._impacts = impacts, maxima
        return self._impacts

    def impacts_between(self, start: int, stop: int) -> np.ndarray:
        """The impacts of postings ``start`` to ``stop`` (float32): each the same number
        whatever the range it is computed in."""
        indptr = self.indptr
        first = int(np.searchsorted(indptr, start, side="right")) - 1
        last = int(np.searchsorted(indptr, stop, side="left"))
        bounds = np.clip(indptr[max(first, 0) : last + 1], start, stop)
        impacts = self.saturation(
            np.asarray(self.tfs[start:stop], np.float32), self.docs[start:stop]
        )
        impacts *= np.repeat(self._idf[max(first, 0) : last].astype(np.float32), np.diff(bounds))
        return impacts.astype(np.float32, copy=False)

    def impacts_of(self, terms: np.ndarray, docs: np.ndarray, tfs: np.ndarray) -> np.ndarray:
        """The impacts of postings given by term, document and term frequency: the numbers
        ``impacts_between`` gives them, for postings not held in the field."""
        if self._idf32 is None:
            self._idf32 = self._idf.astype(np.float32)
        impacts = self.saturation(np.asarray(tfs, np.float32), np.asarray(docs))
        impacts *= self._idf32[np.asarray(terms)]
        return impacts.astype(np.float32, copy=False)

    @classmethod
    def build(
        cls, documents: Sequence[Sequence[str]], params: BM25Params = BM25Params()
    ) -> BM25Field:
        """Build postings from each document's list of terms (in any order)."""
        vocabulary: dict[str, int] = {}
        ids = [
            np.asarray([vocabulary.setdefault(t, len(vocabulary)) for t in terms], np.int64)
            for terms in documents
        ]
        return cls.from_ids(ids, vocabulary, params)

    @classmethod
    def from_ids(
        cls,
        documents: Sequence[np.ndarray],
        vocabulary: dict[str, int],
        params: BM25Params = BM25Params(),
    ) -> BM25Field:
        """Build postings from each document's term ids (vectorised: no loop over terms)."""
        lengths = np.fromiter((len(d) for d in documents), dtype=np.int64, count=len(documents))
        flat = np.concatenate(documents) if len(documents) else np.zeros(0, np.int32)
        return cls.from_flat(flat, lengths, vocabulary, params)

    @classmethod
    def from_flat(
        cls,
        ids: np.ndarray,
        lengths: np.ndarray,
        vocabulary: dict[str, int],
        params: BM25Params = BM25Params(),
    ) -> BM25Field:
        """Build postings from the term ids of all documents end to end, and each
        document's number of terms."""
        if not len(lengths) or not lengths.sum():
            return cls(
                vocabulary,
                np.zeros(len(vocabulary) + 1, np.int64),
                np.zeros(0, np.int32),
                np.zeros(0, np.float32),
                lengths.astype(np.float32),
                params,
            )
        # one 64-bit key per token, the term id in its high half and the document in its
        # low half: sorted, equal keys are one posting (their number the term frequency),
        # in term order, then document order.  Written and read as int32 halves: each pass
        # over the tokens costs (a 1M-passage archive has ~10^8 of them)
        high, low = (1, 0) if sys.byteorder == "little" else (0, 1)
        halves = np.empty((int(lengths.sum()), 2), np.int32)
        halves[:, high] = ids
        halves[:, low] = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        keys = halves.reshape(-1).view(np.int64)
        keys.sort()
        first = np.empty(len(keys), bool)
        first[0] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        # each posting's halves picked by the mask, not through a 64-bit index of the
        # postings, and the tokens freed before the term frequencies are counted
        docs = halves[:, low][first]
        terms = halves[:, high][first]
        n_tokens = len(keys)
        del keys, halves
        size = max(len(vocabulary), int(terms[-1]) + 1)
        indptr = np.zeros(size + 1, dtype=np.int64)
        indptr[1:] = np.bincount(terms, minlength=size)
        del terms
        starts = np.flatnonzero(first)
        del first
        tfs = np.empty(len(starts), np.float32)
        np.subtract(starts[1:], starts[:-1], out=tfs[:-1], casting="unsafe")
        tfs[-1] = n_tokens - starts[-1]
        del starts
        return cls(
            vocabulary,
            np.cumsum(indptr),
            docs,
            tfs,
            lengths.astype(np.float32),
            params,
        )

    def document_frequency(self, term: str) -> int:
        tid = self.vocabulary.get(term)
        return 0 if tid is None else int(self.indptr[tid + 1] - self.indptr[tid])

    def scores(self, terms: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """(doc ids, summed scores) of the passages that contain any of ``terms``."""
        doc_parts, score_parts = [], []
        for term in dict.fromkeys(terms):
            tid = self.vocabulary.get(term)
            if tid is None:
                continue
            lo, hi = self.indptr[tid], self.indptr[tid + 1]
            docs = np.asarray(self.docs[lo:hi])
            tf = np.asarray(self.tfs[lo:hi], dtype=np.float32)
            doc_parts.append(docs)
            score_parts.append(self._idf[tid] * self.saturation(tf, docs))
        if not doc_parts:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        docs = np.concatenate(doc_parts)
        scores = np.concatenate(score_parts)
        if len(doc_parts) == 1:
            return docs, scores.astype(np.float32)
        unique, inverse = np.unique(docs, return_inverse=True)
        return unique, np.bincount(inverse, weights=scores).astype(np.float32)


def save_vocabulary(path: Path, vocabulary: dict[str, int]) -> None:
    terms = [""] * (max(vocabulary.values(), default=-1) + 1)
    for term, tid in vocabulary.items():
        terms[tid] = term
    path.write_text(json.dumps(terms, ensure_ascii=False), "utf-8")


def load_vocabulary(path: Path) -> dict[str, int]:
    return {t: i for i, t in enumerate(json.loads(path.read_text("utf-8"))) if t}


def combine(parts: Sequence[tuple[np.ndarray, np.ndarray, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Weighted sum of several fields' (doc ids, scores)."""
    parts = [(d, s, w) for d, s, w in parts if len(d) and w]
    if not parts:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    docs = np.concatenate([d for d, _, _ in parts])
    scores = np.concatenate([s * w for _, s, w in parts])
    unique, inverse = np.unique(docs, return_inverse=True)
    return unique, np.bincount(inverse, weights=scores)


def top_k(docs: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k best (doc, score) pairs, best first; ties broken by document order."""
    if k <= 0 or len(docs) == 0:
        return []
    # scores compared in float32: sums of the same numbers in another order (the C kernel,
    # the numpy loop, scoring everything) differ in the last bits of a float64 only
    scores = np.asarray(scores, np.float32)
    docs = np.asarray(docs)
    if len(docs) > k:  # every score at least the k-th, ties included, then sorted
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = np.flatnonzero(scores >= kth)
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[:k]
    best, values = docs[order], scores[order]
    kept = ~np.isnan(values)
    return list(zip(best[kept].tolist(), values[kept].tolist(), strict=True))
