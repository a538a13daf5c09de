"""A field's postings built a chunk of passages at a time, as Lucene and tantivy build
segments and merge them: each chunk's postings, sorted by term then document, are written
to disk (a run); then the runs' postings of a range of terms are brought together, their
impacts computed and quantised, and packed (``_postings.BlockEncoder``).  The build holds
one chunk's tokens and one term range's postings at a time, besides the packed field, not
every token of the archive.  The packed field is byte for byte the one
``CompactField.from_field(BM25Field.from_flat(...))`` makes from the whole column."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from ._postings import BlockEncoder, CompactField
from .ranking import BM25Field, BM25Params

__all__ = ["FieldRuns", "run_folder"]

_RANGE = 1 << 21  # postings merged at once (~40 bytes each while they are)
_PARTS = {"terms": np.int32, "docs": np.int32, "tfs": np.float32}
# a run folder untouched for this long was left by a build that was killed: removed (a
# running build writes its runs in minutes, even at 10M passages)
ABANDONED_SECONDS = 6 * 3600


def run_folder(data_dir: Path) -> tempfile.TemporaryDirectory:
    """Where a build's runs go, removed after: a ``.build-*`` folder of the data directory
    (on disk, with room for an index), or of the system's temporary folder when the
    directory cannot be written.  Run folders abandoned by killed builds (gigabytes at
    millions of passages) are removed first."""
    now = time.time()
    for old in data_dir.glob(".build-*"):
        try:
            touched = max((f.stat().st_mtime for f in old.iterdir()), default=old.stat().st_mtime)
        except OSError:  # removed meanwhile by its own build
            continue
        if now - touched > ABANDONED_SECONDS:
            shutil.rmtree(old, ignore_errors=True)
    try:
        return tempfile.TemporaryDirectory(prefix=".build-", dir=data_dir)
    except OSError:
        return tempfile.TemporaryDirectory(prefix="speechbot-build-")


class FieldRuns:
    """One field's sorted runs, in files ``NAME.terms``, ``.docs`` and ``.tfs`` of
    ``folder``."""

    def __init__(self, folder: Path, name: str, n_docs: int, merge: int = _RANGE) -> None:
        self._paths = {part: folder / f"{name}.{part}" for part in _PARTS}
        self._files = {part: open(path, "wb") for part, path in self._paths.items()}
        self._bounds = [0]  # run → its first posting
        self._df = np.zeros(0, np.int64)  # term → its postings so far
        self._last = -1  # the highest document so far
        self._ascending = True  # every run's documents above the previous run's
        self._merge = merge
        self.doc_len = np.zeros(n_docs, np.float32)

    def add(self, ids: np.ndarray, lengths: np.ndarray, documents: np.ndarray) -> None:
        """A chunk's term ids end to end, each passage's count and its document."""
        self.doc_len[documents] = lengths
        if not len(documents) or not lengths.sum():
            return
        self._ascending &= bool(documents.min() > self._last)
        self._last = max(self._last, int(documents.max()))
        # one 64-bit key per token, term id high and document low, as BM25Field.from_flat
        high, low = (1, 0) if sys.byteorder == "little" else (0, 1)
        halves = np.empty((int(lengths.sum()), 2), np.int32)
        halves[:, high] = ids
        halves[:, low] = np.repeat(documents.astype(np.int32), lengths)
        keys = halves.reshape(-1).view(np.int64)
        keys.sort()
        first = np.empty(len(keys), bool)
        first[0] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        n_tokens = len(keys)
        del keys
        terms = halves[:, high][first]
        halves[:, low][first].tofile(self._files["docs"])
        del halves
        terms.tofile(self._files["terms"])
        starts = np.flatnonzero(first)
        del first
        tfs = np.empty(len(starts), np.float32)
        np.subtract(starts[1:], starts[:-1], out=tfs[:-1], casting="unsafe")
        tfs[-1] = n_tokens - starts[-1]
        tfs.tofile(self._files["tfs"])
        counts = np.bincount(terms)
        if len(counts) > len(self._df):
            self._df = np.concatenate([self._df, np.zeros(len(counts) - len(self._df), np.int64)])
        self._df[: len(counts)] += counts
        self._bounds.append(self._bounds[-1] + len(terms))

    def compact(self, vocabulary: dict[str, int], params: BM25Params) -> CompactField:
        """The field's blocks, the runs merged a term range at a time; the run files are
        removed."""
        for file in self._files.values():
            file.close()
        size = max(len(vocabulary), len(self._df))
        indptr = np.zeros(size + 1, np.int64)
        indptr[1 : len(self._df) + 1] = self._df
        indptr = np.cumsum(indptr)
        empty = np.zeros(0, np.int32), np.zeros(0, np.float32)
        if self._bounds[-1] == 0:
            indptr = np.zeros(len(vocabulary) + 1, np.int64)
            field = BM25Field(vocabulary, indptr, *empty, self.doc_len, params)
            self._remove()
            return CompactField.from_field(field)
        field = BM25Field(vocabulary, indptr, *empty, self.doc_len, params)
        # read with pread, not mapped: mapped pages would count in the build's RSS
        runs = {part: _Reader(path, _PARTS[part]) for part, path in self._paths.items()}
        try:
            ranges = _term_ranges(indptr, self._merge)
            scale, places = self._scan(field, runs, [t1 for _, t1 in ranges])
            encoder = BlockEncoder()
            for k, (t0, t1) in enumerate(ranges):
                docs, tfs = self._merged(runs, indptr, t0, t1, places[:, k : k + 2])
                terms = np.repeat(np.arange(t0, t1, dtype=np.int64), np.diff(indptr[t0 : t1 + 1]))
                impacts = field.impacts_of(terms, docs, tfs)
                del terms, tfs
                # as CompactField.from_field: at least 1, a posting always scores above 0
                quantised = np.clip(np.rint(impacts / np.float32(scale)), 1, 255).astype(np.uint8)
                del impacts
                encoder.add(docs, indptr[t0 : t1 + 1] - indptr[t0], quantised)
            arrays = encoder.finish(indptr)
        finally:
            for reader in runs.values():
                reader.close()
            self._remove()
        return CompactField(vocabulary, field.n_docs, scale, arrays, params)

    def _scan(
        self, field: BM25Field, runs: dict[str, _Reader], ends: list[int], step: int = 1 << 20
    ) -> tuple[float, np.ndarray]:
        """The quantisation step (the field's highest impact over 255; 1.0 for none), and
        where each term range starts in each run (run → the first posting of each range,
        then the run's end), in one read of the runs."""
        top = 0.0
        places = np.zeros((len(self._bounds) - 1, len(ends) + 1), np.int64)
        for r, (r0, r1) in enumerate(zip(self._bounds[:-1], self._bounds[1:], strict=True)):
            places[r] = r0
            for p0 in range(r0, r1, step):
                part = slice(p0, min(p0 + step, r1))
                terms = runs["terms"][part]
                impacts = field.impacts_of(terms, runs["docs"][part], runs["tfs"][part])
                top = max(top, float(impacts.max()))
                # postings below each range's end, this run's: each range's end in the run
                places[r, 1:] += np.searchsorted(terms, ends)
        return (top / 255 if top > 0 else 1.0), places

    def _merged(
        self,
        runs: dict[str, _Reader],
        indptr: np.ndarray,
        t0: int,
        t1: int,
        places: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The documents and term frequencies of terms t0 to t1 (``places``: where they
        are in each run), every run's together."""
        total = int(indptr[t1] - indptr[t0])
        docs = np.empty(total, np.int32)
        tfs = np.empty(total, np.float32)
        free = indptr[t0:t1] - indptr[t0]  # each term's next place
        for lo, hi in places.tolist():
            if lo == hi:
                continue
            local = runs["terms"][lo:hi].astype(np.int64) - t0
            counts = np.bincount(local, minlength=t1 - t0)
            first = np.cumsum(counts) - counts  # each term's first posting in this run's part
            where = free[local] + np.arange(hi - lo) - first[local]
            docs[where] = runs["docs"][lo:hi]
            tfs[where] = runs["tfs"][lo:hi]
            free += counts
        if not self._ascending:  # a term's documents from several runs, sorted
            terms = np.repeat(np.arange(t1 - t0), np.diff(indptr[t0 : t1 + 1]))
            order = np.lexsort((docs, terms))
            docs, tfs = docs[order], tfs[order]
        return docs, tfs

    def _remove(self) -> None:
        for path in self._paths.values():
            path.unlink(missing_ok=True)


class _Reader:
    """A run file's values read by slice (``reader[a:b]``)."""

    def __init__(self, path: Path, dtype: type) -> None:
        self._file = open(path, "rb")
        self._dtype = np.dtype(dtype)
        self._size = path.stat().st_size // self._dtype.itemsize

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, part: slice) -> np.ndarray:
        start, stop, _ = part.indices(self._size)
        count = max(stop - start, 0)
        data = os.pread(
            self._file.fileno(), count * self._dtype.itemsize, start * self._dtype.itemsize
        )
        return np.frombuffer(data, self._dtype).copy() if count else np.zeros(0, self._dtype)

    def close(self) -> None:
        self._file.close()


def _term_ranges(indptr: np.ndarray, postings: int) -> list[tuple[int, int]]:
    """Consecutive term ranges of about ``postings`` postings each (a term with more has
    one of its own)."""
    size = len(indptr) - 1
    ranges = []
    t0 = 0
    while t0 < size:
        t1 = int(np.searchsorted(indptr, indptr[t0] + postings, side="right")) - 1
        t1 = min(max(t1, t0 + 1), size)
        ranges.append((t0, t1))
        t0 = t1
    return ranges
