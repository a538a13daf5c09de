"""The character field's term ids, made from the stored text when the index is built.

The store keeps no character terms: they are a function of the text (``Analyzer.chars``:
each CJK character but the stop characters, latin words and numbers whole), cheaper to make
again than to store (about half of all term ids).  CJK characters go through one table
lookup per speech (code point → term id); the rest, a few per passage, through the same
pattern as ``Analyzer.chars`` with the CJK alternative left out (a CJK character only ever
matches that alternative, so the other matches are the same).  Each passage's ids come in
the order ``Analyzer.chars`` gives its terms.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence

import numpy as np

from .analysis import CJK_RANGES, OTHER_CHARS_RE
from .normalise import normalise

__all__ = ["CharField"]

log = logging.getLogger(__name__)


class CharField:
    """Term ids of the character field, for a vocabulary and a set of stop characters."""

    def __init__(self, vocabulary: Mapping[str, int], stopchars: Collection[str]) -> None:
        self._vocabulary = vocabulary
        self._stop = frozenset(stopchars)
        top = max(end for _, end in CJK_RANGES) + 1
        # code point → term id; -1: not a CJK character, or a stop character; -2: a
        # character the vocabulary lacks (the store was made with other stop characters)
        self._table = np.full(top + 1, -1, np.int64)
        for first, last in CJK_RANGES:
            self._table[first : last + 1] = -2
        for term, tid in vocabulary.items():
            if len(term) == 1 and self._table[min(ord(term), top)] == -2:
                self._table[ord(term)] = tid
        for char in self._stop:
            if len(char) == 1 and ord(char) < top:
                self._table[ord(char)] = -1
        self._top = top
        self.unknown = 0  # terms left out because the vocabulary lacks them

    def speech(
        self, text: str, starts: np.ndarray, ends: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(the ids of every passage ``text[start:end]`` end to end, each passage's count)."""
        return self.speeches([(text, starts, ends)])

    def speeches(
        self, items: Sequence[tuple[str, np.ndarray, np.ndarray]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """``speech`` of several (text, starts, ends) at once, their passages end to end:
        one pass over their texts joined (a few MB at a time) costs far less than one per
        speech."""
        texts = [text for text, _, _ in items]
        # a line break between texts: no term runs across it
        shift = np.cumsum([0, *(len(t) + 1 for t in texts[:-1])], dtype=np.int64)
        starts = np.concatenate([s + k for (_, s, _), k in zip(items, shift, strict=True)])
        ends = np.concatenate([e + k for (_, _, e), k in zip(items, shift, strict=True)])
        norm = normalise("\n".join(texts))
        codes = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), "<u4")
        lengths = np.maximum(ends - starts, 0)
        where = _ranges(starts, lengths)
        owner = np.repeat(np.arange(len(starts)), lengths)
        ids = self._table[np.minimum(codes[where], self._top)]
        keep = ids != -1
        # the latin words and numbers of each passage, where it has any
        other = self._others(norm, codes, starts, ends)
        ids, owner = ids[keep], owner[keep]
        if other is not None:  # merged in (passage, position) order: both are sorted so
            width = len(codes) + 1
            order = np.lexsort((other[0], other[2]))  # (the few others once sorted)
            at = np.searchsorted(
                owner * width + where[keep], other[2][order] * width + other[0][order]
            )
            ids = np.insert(ids, at, other[1][order])
            owner = np.insert(owner, at, other[2][order])
        known = ids >= 0
        if not known.all():
            self.unknown += int((~known).sum())
            ids, owner = ids[known], owner[known]
        counts = np.bincount(owner, minlength=len(starts)).astype(np.int64)
        return ids.astype(np.int32), counts

    def _others(
        self, norm: str, codes: np.ndarray, starts: np.ndarray, ends: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """(positions, term ids, passages) of the terms that are not CJK characters, or
        None when there are none.  The pattern scans only the runs of characters a match
        can hold (a scan of the whole text finds the same: no match starts or ends inside
        the rest), once for all passages (they may overlap), and a passage gets the matches
        within it, unless a match crosses one of its edges: that passage is scanned on its
        own, as ``Analyzer.chars`` scans its text."""
        wide = codes > 0xFFFF
        maybe = _MAYBE_BMP[np.where(wide, 0, codes)]
        maybe |= wide & ((codes < _CJK_WIDE[0]) | (codes > _CJK_WIDE[1]))
        edges = np.diff(maybe.view(np.int8), prepend=np.int8(0), append=np.int8(0))
        runs = zip(
            np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True
        )
        matches = [m for a, b in runs for m in OTHER_CHARS_RE.finditer(norm, a, b)]
        if not matches:
            return None
        stop, vocabulary = self._stop, self._vocabulary
        # matches do not overlap: their starts and their ends are both ascending
        first = np.fromiter((m.start() for m in matches), np.int64, len(matches))
        past = np.fromiter((m.end() for m in matches), np.int64, len(matches))
        tids = np.fromiter(
            (-1 if m.group() in stop else vocabulary.get(m.group(), -2) for m in matches),
            np.int64,
            len(matches),
        )
        lo = np.searchsorted(first, starts, "left")  # the first match from a passage's start
        hi = np.searchsorted(past, ends, "right")  # past the last that ends by its end
        count = np.maximum(hi - lo, 0)
        # a match across a passage's edge: that passage is scanned on its own
        cut = lo > 0
        cut[cut] = past[lo[cut] - 1] > starts[cut]
        inner = hi < len(matches)
        inner[inner] = first[hi[inner]] < ends[inner]
        alone = np.flatnonzero(cut | inner)
        count[alone] = 0
        picked = _ranges(lo, count)
        pos, ids = first[picked], tids[picked]
        owner = np.repeat(np.arange(len(starts)), count)
        if len(alone):
            extra = [
                (m.start(), -1 if m.group() in stop else vocabulary.get(m.group(), -2), k)
                for k in alone.tolist()
                for m in OTHER_CHARS_RE.finditer(norm, int(starts[k]), int(ends[k]))
            ]
            more = np.array(extra, np.int64).reshape(-1, 3)
            pos = np.concatenate([pos, more[:, 0]])
            ids = np.concatenate([ids, more[:, 1]])
            owner = np.concatenate([owner, more[:, 2]])
        keep = ids != -1
        return pos[keep], ids[keep], owner[keep]


def _maybe_bmp() -> np.ndarray:
    """Which characters of the basic plane a match of ``OTHER_CHARS_RE`` may hold."""
    full = OTHER_CHARS_RE.fullmatch
    table = np.fromiter((full(chr(c)) is not None for c in range(0x10000)), np.bool_, 0x10000)
    table[ord(".")] = True  # inside a number
    return table


_MAYBE_BMP = _maybe_bmp()
_CJK_WIDE = next((a, b) for a, b in CJK_RANGES if a > 0xFFFF)  # the CJK characters beyond it


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions ``starts[i] : starts[i] + lengths[i]`` for every i, end to end."""
    total = int(lengths.sum())
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(total)
