"""The BM25 core: build postings from term lists, score a query, select the top k.

Work per query is proportional to the postings of the query's terms, not to the number
of passages (rank-bm25 loops over every document per query).  Each term's postings are
kept in document order (for lookups) and, as a permutation, in impact order (so that
``index.topk`` can stop early).  Arrays are saved as ``.npy`` files and memory-mapped on
load, so a large index opens without re-tokenising.
"""

from __future__ import annotations

import json
import math
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
QUANTA = 1 << 20  # impact levels of the impact order: bounds are rounded up to the next one


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
        order: np.ndarray | None = None,
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
        self.order = self._impact_order() if order is None else order

    def saturation(self, tf: np.ndarray, docs: np.ndarray) -> np.ndarray:
        """BM25's term-frequency part, (k1 + 1)·tf / (tf + k1·(1 − b + b·len/avglen))."""
        k1, b = self.params.k1, self.params.b
        norm = k1 * (1 - b + b * self.doc_len[docs] / self._avgdl)
        return tf * (k1 + 1) / (tf + norm)

    def idf(self, tid: int) -> float:
        return float(self._idf[tid])

    def _impact_order(self) -> np.ndarray:
        """For each term, its postings' offsets sorted by impact, highest first (int32,
        relative to the term's first posting).  The IDF is one per term, so the order depends
        on k1 and b only; impacts are quantised to ``QUANTA`` levels to sort one int64 key."""
        if not len(self.docs):
            return np.zeros(0, np.int32)
        df = np.diff(self.indptr)
        term_of = np.repeat(np.arange(len(df), dtype=np.int64), df)
        level = self._level(self.saturation(np.asarray(self.tfs, np.float32), self.docs))
        order = np.argsort((term_of << 21) | (QUANTA - 1 - level), kind="stable")
        order -= self.indptr[term_of]
        return order.astype(np.int32)

    def _level(self, saturation: np.ndarray) -> np.ndarray:
        scaled = np.asarray(saturation, np.float64) / (self.params.k1 + 1) * QUANTA
        return np.minimum(scaled.astype(np.int64), QUANTA - 1)

    def level_ceiling(self, saturation: float) -> float:
        """An upper bound of every saturation at or below this one's quantised level."""
        level = int(self._level(np.asarray([saturation]))[0])
        return (level + 1) / QUANTA * (self.params.k1 + 1) * (1 + 1e-6)

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
        n_docs = max(len(documents), 1)
        lengths = np.fromiter((len(d) for d in documents), dtype=np.int64, count=len(documents))
        terms = (
            np.concatenate(documents).astype(np.int64) if len(documents) else np.zeros(0, np.int64)
        )
        doc_of = np.repeat(np.arange(len(documents), dtype=np.int64), lengths)
        # one (term, doc) pair per posting, counted: sorted by term, then document
        unique, counts = np.unique(terms * n_docs + doc_of, return_counts=True)
        del terms, doc_of
        post_terms = unique // n_docs
        docs = (unique % n_docs).astype(np.int32)
        size = max(len(vocabulary), int(post_terms.max()) + 1 if len(post_terms) else 0)
        indptr = np.zeros(size + 1, dtype=np.int64)
        np.add.at(indptr, post_terms + 1, 1)
        return cls(
            vocabulary,
            np.cumsum(indptr),
            docs,
            counts.astype(np.float32),
            lengths.astype(np.float32),
            params,
        )

    def document_frequency(self, term: str) -> int:
        tid = self.vocabulary.get(term)
        return 0 if tid is None else int(self.indptr[tid + 1] - self.indptr[tid])

    def scores(
        self, terms: Iterable[str], weights: dict[str, float] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(doc ids, scores) of the passages that contain any of ``terms`` (each term's
        contribution multiplied by ``weights[term]`` when given)."""
        doc_parts, score_parts = [], []
        for term in dict.fromkeys(terms):
            weight = weights.get(term, 1.0) if weights else 1.0
            tid = self.vocabulary.get(term)
            if tid is None:
                continue
            lo, hi = self.indptr[tid], self.indptr[tid + 1]
            docs = np.asarray(self.docs[lo:hi])
            tf = np.asarray(self.tfs[lo:hi], dtype=np.float32)
            doc_parts.append(docs)
            score_parts.append(weight * self._idf[tid] * self.saturation(tf, docs))
        if not doc_parts:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        docs = np.concatenate(doc_parts)
        scores = np.concatenate(score_parts)
        if len(doc_parts) == 1:
            return docs, scores.astype(np.float32)
        unique, inverse = np.unique(docs, return_inverse=True)
        return unique, np.bincount(inverse, weights=scores).astype(np.float32)

    def save(self, folder: Path, name: str, vocabulary: bool = True) -> None:
        np.save(folder / f"{name}.indptr.npy", self.indptr)
        np.save(folder / f"{name}.docs.npy", self.docs)
        np.save(folder / f"{name}.tfs.npy", self.tfs)
        np.save(folder / f"{name}.len.npy", self.doc_len)
        np.save(folder / self._order_file(name, self.params), self.order)
        if vocabulary:
            save_vocabulary(folder / f"{name}.vocab.json", self.vocabulary)

    @staticmethod
    def _order_file(name: str, params: BM25Params) -> str:
        return f"{name}.order-k{params.k1:g}-b{params.b:g}.npy"

    @classmethod
    def load(
        cls,
        folder: Path,
        name: str,
        params: BM25Params = BM25Params(),
        vocabulary: dict[str, int] | None = None,
    ) -> BM25Field:
        """Memory-map a saved field; ``vocabulary`` when several fields share one."""
        if vocabulary is None:
            vocabulary = load_vocabulary(folder / f"{name}.vocab.json")
        arrays = [
            np.load(folder / f"{name}.{part}.npy", mmap_mode="r")
            for part in ("indptr", "docs", "tfs", "len")
        ]
        order_file = folder / cls._order_file(name, params)
        order = np.load(order_file, mmap_mode="r") if order_file.exists() else None
        return cls(vocabulary, *arrays, params=params, order=order)


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
    if len(docs) > k:
        keep = np.argpartition(-scores, k - 1)[:k]
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))
    return [(int(docs[i]), float(scores[i])) for i in order if not math.isnan(scores[i])]
