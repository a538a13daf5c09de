"""The BM25 core: build postings from term lists, score a query, select the top k.

Work per query is proportional to the postings of the query's terms, not to the number
of passages (rank-bm25 loops over every document per query).  Each posting's score
(its impact) and each term's highest are computed once when the index is built.  Arrays are saved as ``.npy`` files and memory-mapped on
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
        self.impacts, self.maxima = self._compute_impacts() if impacts is None else impacts

    def saturation(self, tf: np.ndarray, docs: np.ndarray) -> np.ndarray:
        """BM25's term-frequency part, (k1 + 1)·tf / (tf + k1·(1 − b + b·len/avglen))."""
        k1, b = self.params.k1, self.params.b
        norm = k1 * (1 - b + b * self.doc_len[docs] / self._avgdl)
        return tf * (k1 + 1) / (tf + norm)

    def idf(self, tid: int) -> float:
        return float(self._idf[tid])

    def _compute_impacts(self) -> tuple[np.ndarray, np.ndarray]:
        """Each posting's score for a query weight of 1 (IDF × saturation), and each term's
        highest: with them a query adds up numbers and can skip terms that cannot matter."""
        if not len(self.docs):
            return np.zeros(0, np.float32), np.zeros(len(self.indptr) - 1, np.float32)
        df = np.diff(self.indptr)
        term_of = np.repeat(np.arange(len(df), dtype=np.int64), df)
        saturation = self.saturation(np.asarray(self.tfs, np.float32), self.docs)
        impacts = (self._idf[term_of] * saturation).astype(np.float32)
        maxima = np.zeros(len(df), np.float32)
        np.maximum.at(maxima, term_of, impacts)
        return impacts, maxima

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
        impacts, maxima = self._impact_files(name, self.params)
        np.save(folder / impacts, self.impacts)
        np.save(folder / maxima, self.maxima)
        if vocabulary:
            save_vocabulary(folder / f"{name}.vocab.json", self.vocabulary)

    @staticmethod
    def _impact_files(name: str, params: BM25Params) -> tuple[str, str]:
        """Impacts depend on k1, b and the IDF variant: a load with others recomputes them."""
        tag = f"k{params.k1:g}-b{params.b:g}-{params.idf}"
        return f"{name}.impact-{tag}.npy", f"{name}.max-{tag}.npy"

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
        files = [folder / f for f in cls._impact_files(name, params)]
        impacts = None
        if all(f.exists() for f in files):
            impacts = (np.load(files[0], mmap_mode="r"), np.load(files[1]))
        return cls(vocabulary, *arrays, params=params, impacts=impacts)


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
