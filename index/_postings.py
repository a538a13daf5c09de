"""Compact postings: what a saved index holds of each field, and how it is read.

The format number is in each field's ``NAME.meta.json``: an index of another format (or of none,
format 1) is stale, and the library rebuilds it from the store.

A term's postings are cut into blocks of ``BLOCK`` (128).  A block holds its documents as
gaps, bit-packed at a width chosen for the block, the few larger gaps patched after them, and
each posting's impact (its BM25 score for a query weight of 1) quantised to 8 bits with one
scale per field, bit-packed above the block's smallest (``_block_codec.py``: the layout).
Beside the blocks: each block's byte offset, last document, largest quantised impact (the
kernel skips blocks by the last document and bounds windows by the largest impact) and
gap width, and each term's number of postings, first block and largest impact.  Term
frequencies and passage lengths are not kept: the impacts are computed once, when the
index is built, for the BM25 parameters recorded in ``NAME.meta.json``.

A term's documents are ``cumsum(gap + 1) - 1`` over all its blocks (its first gap counts
from -1).  ``data`` ends with 8 zero bytes, so the compiled decoder may read 8 bytes at any
value.

This module is the numpy reference: ``index/_blocks.h`` decodes the same blocks in C.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

import numpy as np

from ._block_codec import decode_blocks, encode_blocks
from .ranking import BM25Field, BM25Params, load_vocabulary, save_vocabulary

__all__ = ["BLOCK", "FORMAT", "CompactField", "StaleIndexError", "narrow"]

FORMAT = 5
BLOCK = 128
_CHUNK = 1 << 20  # postings encoded at once: bounds the encoder's temporaries (~90 bytes each)
_BLOCK_DTYPES = {
    "tmax": np.uint8, "offsets": np.int64, "lasts": np.int32, "bmax": np.uint8,
    "widths": np.uint8, "data": np.uint8,
}  # fmt: skip
_PARTS = ("indptr", "tmax", "offsets", "lasts", "bmax", "widths", "data")


class StaleIndexError(ValueError):
    """A saved index of another format, or built for other BM25 parameters: the library
    rebuilds it from the store (a ValueError, as for damaged files)."""


class CompactField:
    """One field's postings in blocks, as saved and memory-mapped."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        n_docs: int,
        scale: float,
        arrays: dict[str, np.ndarray],
        params: BM25Params,
    ) -> None:
        self.vocabulary = vocabulary
        self.n_docs = n_docs
        self.scale = scale  # a quantised impact of q scores q × scale
        self.params = params
        self.indptr = arrays["indptr"]  # term → its postings' range (their number: df)
        # term → its blocks' range: ceil(df / BLOCK) each, so not saved
        self.blockptr = arrays.get("blockptr")
        if self.blockptr is None:
            self.blockptr = _block_ranges(np.asarray(self.indptr))
        self.tmax = arrays["tmax"]  # term → its largest quantised impact
        self.offsets = arrays["offsets"]  # block → its byte offset in data
        self.lasts = arrays["lasts"]  # block → its last document
        self.bmax = arrays["bmax"]  # block → its largest quantised impact
        self.widths = arrays["widths"]  # block → its gaps' width, and whether patched
        self.data = arrays["data"]

    @property
    def maxima(self) -> np.ndarray:
        """Each term's highest impact (not quantised: q × scale)."""
        return np.asarray(self.tmax, np.float64) * self.scale

    # -- building ---------------------------------------------------------------------

    @classmethod
    def from_field(cls, field: BM25Field) -> CompactField:
        """Quantise and pack a built field's postings."""
        size = len(field.docs)
        # the impacts a range at a time, twice (their largest sets the scale), so the
        # build never holds a float for every posting
        ranges = [(p0, min(p0 + _CHUNK, size)) for p0 in range(0, size, _CHUNK)]
        top = max((float(field.impacts_between(*r).max()) for r in ranges), default=0.0)
        scale = top / 255 if top > 0 else 1.0
        quantised = np.empty(size, np.uint8)
        for p0, p1 in ranges:
            # at least 1: a posting always scores above 0 (the numpy loop reads 0 as absent)
            steps = np.rint(field.impacts_between(p0, p1) / np.float32(scale))
            quantised[p0:p1] = np.clip(steps, 1, 255)
        arrays = _encode(np.asarray(field.docs, np.int32), np.asarray(field.indptr), quantised)
        return cls(field.vocabulary, field.n_docs, scale, arrays, field.params)

    # -- reading ----------------------------------------------------------------------

    def document_frequency(self, term: str) -> int:
        tid = self.vocabulary.get(term)
        if tid is None or tid + 1 >= len(self.indptr):
            return 0
        return int(self.indptr[tid + 1] - self.indptr[tid])

    def postings(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        """A term's documents (ascending) and quantised impacts, every block decoded."""
        b0, b1 = int(self.blockptr[tid]), int(self.blockptr[tid + 1])
        size = int(self.indptr[tid + 1] - self.indptr[tid])
        if not size:
            return np.zeros(0, np.int64), np.zeros(0, np.uint8)
        counts = np.full(b1 - b0, BLOCK, np.int64)
        counts[-1] = size - BLOCK * (b1 - b0 - 1)
        gaps, impacts = decode_blocks(
            self.data, self.offsets[b0:b1], self.widths[b0:b1], self.bmax[b0:b1], counts
        )
        docs = np.cumsum(gaps.astype(np.int64) + 1) - 1
        return docs, impacts

    def holds(self, tid: int, docs: np.ndarray) -> np.ndarray:
        """Whether each of ``docs`` is in the term's postings, decoding only the blocks
        that may hold them (the numpy reference of ``_maxscore.holds``)."""
        docs = np.asarray(docs, np.int64)
        b0, b1 = int(self.blockptr[tid]), int(self.blockptr[tid + 1])
        if b0 == b1 or not len(docs):
            return np.zeros(len(docs), bool)
        lasts = np.asarray(self.lasts[b0:b1], np.int64)
        where = np.searchsorted(lasts, docs)  # the only block that may hold each
        blocks = np.unique(where[where < len(lasts)])
        if not len(blocks):
            return np.zeros(len(docs), bool)
        size = int(self.indptr[tid + 1] - self.indptr[tid])
        counts = np.minimum(size - BLOCK * blocks, BLOCK)
        chosen = b0 + blocks
        gaps, _ = decode_blocks(
            self.data, self.offsets[chosen], self.widths[chosen], self.bmax[chosen], counts
        )
        # a block's gaps count from the last document of the block before it
        before = np.where(blocks > 0, lasts[np.maximum(blocks - 1, 0)], -1)
        steps = np.cumsum(gaps.astype(np.int64) + 1)
        starts = np.cumsum(counts) - counts
        held = np.repeat(before - np.r_[0, steps[starts[1:] - 1]], counts) + steps
        found = np.searchsorted(held, docs)
        inside = found < len(held)
        inside[inside] = held[found[inside]] == docs[inside]
        return inside

    def term_docs(self, tid: int) -> np.ndarray:
        """A term's documents, ascending."""
        return self.postings(tid)[0]

    def scores(self, terms: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """(doc ids, summed scores) of the documents that hold any of ``terms``."""
        parts = []
        for term in dict.fromkeys(terms):
            tid = self.vocabulary.get(term)
            if tid is not None and tid + 1 < len(self.indptr):
                docs, q = self.postings(tid)
                parts.append((docs, q * self.scale))
        if not parts:
            return np.zeros(0, np.int64), np.zeros(0, np.float64)
        docs = np.concatenate([d for d, _ in parts])
        unique, inverse = np.unique(docs, return_inverse=True)
        return unique, np.bincount(inverse, weights=np.concatenate([s for _, s in parts]))

    # -- files ------------------------------------------------------------------------

    def save(self, folder: Path, name: str, vocabulary: bool = True) -> None:
        for part in _PARTS:
            np.save(folder / f"{name}.{part}.npy", getattr(self, part))
        if vocabulary:
            save_vocabulary(folder / f"{name}.vocab.json", self.vocabulary)
        meta = {
            "format": FORMAT,
            "block": BLOCK,
            "documents": self.n_docs,
            "scale": self.scale,
            "params": asdict(self.params),
        }
        (folder / f"{name}.meta.json").write_text(json.dumps(meta), "utf-8")

    @classmethod
    def load(
        cls,
        folder: Path,
        name: str,
        params: BM25Params = BM25Params(),
        vocabulary: dict[str, int] | None = None,
    ) -> CompactField:
        """Memory-map a saved field; StaleIndexError if it is of another format or was
        built for other BM25 parameters (its impacts are theirs)."""
        try:
            meta = json.loads((folder / f"{name}.meta.json").read_text("utf-8"))
        except FileNotFoundError:
            raise StaleIndexError(f"{name}: an index of format 1") from None
        if meta.get("format") != FORMAT or meta.get("block") != BLOCK:
            raise StaleIndexError(f"{name}: an index of format {meta.get('format')}")
        if meta.get("params") != asdict(params):
            raise StaleIndexError(f"{name}: built for BM25 parameters {meta.get('params')}")
        if vocabulary is None:
            vocabulary = load_vocabulary(folder / f"{name}.vocab.json")
        arrays = {
            part: np.load(folder / f"{name}.{part}.npy", mmap_mode="r").view(np.ndarray)
            for part in _PARTS
        }
        return cls(vocabulary, int(meta["documents"]), float(meta["scale"]), arrays, params)


def _encode(docs: np.ndarray, indptr: np.ndarray, quantised: np.ndarray) -> dict[str, np.ndarray]:
    """The blocks of postings given in term order (``indptr``), documents ascending within
    a term."""
    encoder = BlockEncoder()
    encoder.add(docs, indptr, quantised)
    return encoder.finish(indptr)


class BlockEncoder:
    """The blocks of a field's postings given a range of terms at a time, in term order:
    the same bytes as all at once (a term's blocks are cut from its own first posting),
    vectorised over blocks in chunks of ``_CHUNK`` postings."""

    def __init__(self) -> None:
        self._parts: dict[str, list[np.ndarray]] = {
            key: [np.zeros(0, dtype)] for key, dtype in _BLOCK_DTYPES.items()
        }
        self._at = 0  # bytes written so far

    def add(self, docs: np.ndarray, indptr: np.ndarray, quantised: np.ndarray) -> None:
        """The postings of consecutive terms: ``indptr`` their ranges in ``docs`` and
        ``quantised`` (from 0)."""
        indptr = np.asarray(indptr, np.int64)
        df = np.diff(indptr)
        n_blocks = (df + BLOCK - 1) // BLOCK
        blockptr = _block_ranges(indptr)
        total = int(blockptr[-1])
        term = np.repeat(np.arange(len(df)), n_blocks)
        first_of_term = np.zeros(total, bool)
        first_of_term[blockptr[:-1][n_blocks > 0]] = True
        start = indptr[term] + (np.arange(total) - blockptr[term]) * BLOCK
        count = np.minimum(BLOCK, indptr[term + 1] - start)
        tmax = np.zeros(len(df), np.uint8)
        present = df > 0
        if len(quantised):
            tmax[present] = np.maximum.reduceat(quantised, indptr[:-1][present])
        lasts = docs[start + count - 1] if total else np.zeros(0, np.int32)
        widths = np.zeros(total, np.uint8)
        bmax = np.zeros(total, np.uint8)
        offsets = np.zeros(total, np.int64)
        parts = self._parts
        c0 = 0
        while c0 < total:
            c1 = int(np.searchsorted(start, start[c0] + _CHUNK, side="left"))
            c1 = max(c1, c0 + 1)
            packed = _encode_chunk(
                docs, quantised, start[c0:c1], count[c0:c1], first_of_term[c0:c1],
                widths[c0:c1], bmax[c0:c1], offsets[c0:c1], self._at,
            )  # fmt: skip
            parts["data"].append(packed)
            self._at += len(packed)
            c0 = c1
        for key, value in (
            ("tmax", tmax), ("lasts", np.asarray(lasts, np.int32)), ("widths", widths),
            ("bmax", bmax), ("offsets", offsets),
        ):  # fmt: skip
            parts[key].append(value)

    def finish(self, indptr: np.ndarray) -> dict[str, np.ndarray]:
        """The field's arrays (``indptr``: every term's postings' range)."""
        self._parts["data"].append(np.zeros(8, np.uint8))  # the decoder reads 8 bytes at any gap
        arrays = {"indptr": narrow(indptr), "blockptr": _block_ranges(indptr)}
        for key, parts in self._parts.items():
            # each part freed once copied: a field's bytes are held once, not twice
            joined = np.empty(sum(len(part) for part in parts), parts[0].dtype)
            at = 0
            parts.reverse()
            while parts:
                part = parts.pop()
                joined[at : at + len(part)] = part
                at += len(part)
            arrays[key] = narrow(joined) if key == "offsets" else joined
        return arrays


def _encode_chunk(docs, quantised, start, count, first_of_term, widths, bmax, offsets, at):
    """The bytes of consecutive blocks (``start``, ``count``: their postings); fill their
    ``widths``, ``bmax`` and ``offsets`` (``at``: bytes written before)."""
    p0, p1 = int(start[0]), int(start[-1] + count[-1])
    d = np.asarray(docs[p0:p1], np.int64)
    prev = np.empty(len(d), np.int64)
    prev[1:] = d[:-1]
    prev[0] = -1 if first_of_term[0] else int(docs[p0 - 1])
    prev[(start - p0)[first_of_term]] = -1
    gaps = (d - prev - 1).astype(np.uint64)
    return encode_blocks(gaps, quantised[p0:p1], count, widths, bmax, offsets, at)


def narrow(values: np.ndarray) -> np.ndarray:
    """Integers as int32 when they fit (half the bytes on disk and in the page cache), else
    int64: a field's postings and bytes, passage and speech ids fit up to ~2**31."""
    values = np.asarray(values)
    if not len(values) or (int(values.min()) >= -(2**31) and int(values.max()) < 2**31):
        return values.astype(np.int32)
    return values.astype(np.int64)


def _block_ranges(indptr: np.ndarray) -> np.ndarray:
    """term → its blocks' range, from its postings' range."""
    blockptr = np.zeros(len(indptr), np.int64)
    np.cumsum((np.diff(indptr) + BLOCK - 1) // BLOCK, out=blockptr[1:])
    return blockptr
