"""Exact top k without reading every posting: MaxScore.

A query is a weighted sum of lists, one per query term and field, each posting carrying
its precomputed impact.  Once the maxima of some lists, added up, cannot lift a passage
above the k-th best score so far, those lists bring in no new passage: they are only
looked up for the passages the others bring in that can still make the top k (Turtle and
Flood's MaxScore).  A lift (the speeches a question names) raises passages that match; it
never adds one.

Two implementations, tested against each other and against scoring every posting:
``index/_maxscore.c`` (used where it is built, see ``use_c_kernel``) goes through the passages in windows
of a few thousand ids, scoring each window in an array that stays in the CPU cache, with
bounds per window (a list with no posting in it adds nothing); the numpy loop (the
fallback) adds whole lists into a dense array of all passages.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ._postings import CompactField
from .errors import SpeechbotError

log = logging.getLogger(__name__)

KERNEL_SOURCES = ("_maxscore.c", "_blocks.h")  # as setup.py digests them


def current_kernel(module, folder: Path = Path(__file__).parent):
    """``module`` if it was compiled from the sources beside it, else None: an editable
    install whose C changed since it was built would be called with arguments it does not
    know, so the numpy loop ranks until it is built again. Without the sources (a wheel)
    the module is trusted."""
    paths = [folder / name for name in KERNEL_SOURCES]
    if module is None or not all(p.is_file() for p in paths):
        return module
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()[:16]
    if getattr(module, "SOURCE_DIGEST", None) == digest:
        return module
    log.warning(
        "index/_maxscore.c changed since its module was built: ranking with numpy; "
        "build it again (./run setup, or pip install -e .)"
    )
    return None


try:  # the compiled loop (index/_maxscore.c), built on install when a compiler is there
    from . import _maxscore
except ImportError:  # pragma: no cover - a build without a C compiler
    _maxscore = None
_maxscore = current_kernel(_maxscore)
_announced: set[bool] = set()


def use_c_kernel(backend: str) -> bool:
    """Whether ``backend`` ("c", "numpy" or "auto": C where it is built) runs the C kernel;
    the first use of each kernel is logged, so a deployment can tell which one it runs."""
    if backend == "numpy":
        compiled = False
    elif backend == "c":
        if _maxscore is None:
            raise SpeechbotError('C 检索内核未编译（index/_maxscore.c）：请用 backend = "numpy"')
        compiled = True
    elif backend == "auto":
        compiled = _maxscore is not None
    else:
        raise SpeechbotError(f"未知的检索内核 {backend}（可用：auto、c、numpy）")
    if compiled not in _announced:
        _announced.add(compiled)
        log.info("MaxScore kernel: %s", "C (index/_maxscore.c)" if compiled else "numpy")
    return compiled


class TermList:
    """One term's postings in one field, each impact multiplied by ``weight``.

    Scores are float64 sums of (weight × the field's scale) × quantised impact, the same
    products in every path; ``ranking.top_k`` compares them in float32, so that the order
    in which a path adds them does not change which of two tied documents comes first."""

    def __init__(self, field: CompactField, tid: int, weight: float) -> None:
        self.field, self.tid, self.weight = field, tid, weight
        self.unit = weight * field.scale  # what one step of a quantised impact is worth
        self.size = int(field.indptr[tid + 1] - field.indptr[tid])
        self.blocks = int(field.blockptr[tid]), int(field.blockptr[tid + 1])
        # above the largest score a little: sums of maxima round otherwise than scores
        self.maximum = int(field.tmax[tid]) * self.unit * (1 + 1e-9)
        self._decoded: tuple[np.ndarray, np.ndarray] | None = None

    def everything(self) -> tuple[np.ndarray, np.ndarray]:
        """Every document of the list and its score."""
        if self._decoded is None:
            docs, quantised = self.field.postings(self.tid)
            self._decoded = docs, quantised * self.unit
        return self._decoded

    def lookup(self, docs: np.ndarray) -> np.ndarray:
        """The list's score for each of ``docs``; 0 where absent."""
        postings, scores = self.everything()
        where = np.searchsorted(postings, docs)
        found = where < self.size
        found[found] = postings[where[found]] == docs[found]
        out = np.zeros(len(docs), np.float64)
        out[found] = scores[where[found]]
        return out


def holds(field: CompactField, tid: int, docs: np.ndarray, backend: str = "auto") -> np.ndarray:
    """Whether each of ``docs`` (ascending) is in the term's postings: only the blocks that
    may hold them are decoded (in C where it is built)."""
    docs = np.ascontiguousarray(docs, np.int64)
    if not use_c_kernel(backend):
        return field.holds(tid, docs)
    b0, b1 = int(field.blockptr[tid]), int(field.blockptr[tid + 1])
    size = int(field.indptr[tid + 1] - field.indptr[tid])
    arguments = (
        field.data, field.offsets[b0:b1], field.lasts[b0:b1], field.bmax[b0:b1],
        field.widths[b0:b1], size, 1.0, 0.0,
    )  # fmt: skip
    return np.frombuffer(_maxscore.holds(arguments, field.n_docs, docs), np.uint8).astype(bool)


class GroupList:
    """A value per group of consecutive documents (a speech's passages), times ``weight``:
    the lift of the speeches a question names.  ``starts``/``ends`` are the groups'
    document ranges, ``values`` their values."""

    def __init__(
        self, starts: np.ndarray, ends: np.ndarray, values: np.ndarray, weight: float
    ) -> None:
        order = np.argsort(starts)
        self.starts, self.ends = starts[order], ends[order]
        self.values = np.asarray(values[order] * weight, np.float64)
        self.maximum = float(self.values.max(initial=0.0))

    def lookup(self, docs: np.ndarray) -> np.ndarray:
        group = np.searchsorted(self.starts, docs, side="right") - 1
        inside = group >= 0
        inside[inside] = docs[inside] < self.ends[group[inside]]
        out = np.zeros(len(docs), np.float64)
        out[inside] = self.values[group[inside]]
        return out


LOOKUP_COST = 16  # a binary search costs about this many postings added in bulk
_scratch = threading.local()


def _accumulator(n_docs: int) -> np.ndarray:
    """A zeroed score array of this thread, reused across queries (reset after each)."""
    acc = getattr(_scratch, "acc", None)
    if acc is None or len(acc) < n_docs:
        acc = _scratch.acc = np.zeros(n_docs, np.float64)
    return acc


def max_score_top_k(
    lists: Sequence[TermList],
    k: int,
    n_docs: int,
    lift: GroupList | None = None,
    backend: str = "auto",
) -> tuple[np.ndarray, np.ndarray]:
    """(docs, exact scores) of a set of documents that holds the k best of the sum of
    ``lists`` (plus ``lift`` for matched documents): pass them to ``ranking.top_k``.
    ``backend``: "c" (the compiled kernel), "numpy" or "auto" (C where it is built)."""
    lists = sorted((lst for lst in lists if lst.size), key=lambda x: -x.maximum)
    if not lists or k <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.float64)
    if use_c_kernel(backend):
        return _compiled_max_score(lists, k, n_docs, lift)
    touched, scores = _numpy_max_score(lists, k, n_docs, lift)
    if lift is not None:
        scores += lift.lookup(touched)
    return touched, scores


def _compiled_max_score(
    lists: list[TermList], k: int, n_docs: int, lift: GroupList | None
) -> tuple[np.ndarray, np.ndarray]:
    """The k best, document at a time in windows (index/_maxscore.c): no dense array."""
    arguments = []
    for lst in lists:
        field, (b0, b1) = lst.field, lst.blocks
        arguments.append(
            (
                field.data,
                field.offsets[b0:b1],
                field.lasts[b0:b1],
                field.bmax[b0:b1],
                field.widths[b0:b1],
                lst.size,
                lst.unit,
                lst.maximum,
            )
        )
    groups = None
    if lift is not None:
        groups = (
            np.ascontiguousarray(lift.starts, np.int64),
            np.ascontiguousarray(lift.ends, np.int64),
            np.ascontiguousarray(lift.values, np.float64),
        )
    docs, scores = _maxscore.top_k(arguments, k, n_docs, groups)
    return np.asarray(docs, np.int64), np.asarray(scores, np.float64)


def _numpy_max_score(
    lists: list[TermList], k: int, n_docs: int, lift: GroupList | None
) -> tuple[np.ndarray, np.ndarray]:
    # rest[i]: the most the lists from i on (and the lift) can add to one document
    rest = np.cumsum([lst.maximum for lst in reversed(lists)])[::-1].tolist() + [0.0]
    lifting = lift.maximum if lift is not None else 0.0
    acc = _accumulator(n_docs)
    seen: list[np.ndarray] = []
    count, stop, kth, top = 0, len(lists), 0.0, 0.0
    try:
        for i, lst in enumerate(lists):
            # the k-th best score so far is at most the best: sort only when it may pay
            if count >= k and rest[i] + lifting < top:
                touched = np.concatenate(seen)
                # a little below the k-th: a tie in float32 (ranking.top_k) may still win
                kth = float(np.partition(acc[touched], -k)[-k]) * (1 - 1e-6)
                if rest[i] + lifting < kth:  # no new document can make the top k
                    stop = i
                    break
            docs, scores = lst.everything()
            before = acc[docs]  # one gather and one scatter (a list's docs are unique)
            fresh = docs[before == 0]  # impacts are > 0: a zero is a document not seen
            before += scores
            acc[docs] = before
            top = max(top, float(before.max()))
            seen.append(fresh)
            count += len(fresh)
        touched = np.concatenate(seen)
        if stop < len(lists):  # the lists left count only for the hopeful
            touched = touched[acc[touched] + rest[stop] + lifting >= kth]
            for lst in lists[stop:]:
                if len(touched) * LOOKUP_COST < lst.size:  # a binary search each
                    acc[touched] += lst.lookup(touched)
                else:  # cheaper to add the whole list (reset below)
                    docs, scores = lst.everything()
                    acc[docs] += scores
                    seen.append(docs)
        scores = acc[touched].copy()
    finally:
        for docs in seen:
            acc[docs] = 0.0
    return touched, scores
