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
from collections.abc import Collection, Mapping

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
            for code in range(first, last + 1):
                char = chr(code)
                if char not in self._stop:
                    self._table[code] = vocabulary.get(char, -2)
        self._top = top
        self.unknown = 0  # terms left out because the vocabulary lacks them

    def speech(
        self, text: str, starts: np.ndarray, ends: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(the ids of every passage ``text[start:end]`` end to end, each passage's count)."""
        norm = normalise(text)
        codes = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), "<u4")
        lengths = np.maximum(ends - starts, 0)
        where = _ranges(starts, lengths)
        owner = np.repeat(np.arange(len(starts)), lengths)
        ids = self._table[np.minimum(codes[where], self._top)]
        keep = ids != -1
        # the latin words and numbers of each passage, where it has any
        other_pos, other_ids, other_owner = [], [], []
        if OTHER_CHARS_RE.search(norm):  # most passages have none: one look first
            vocabulary, stop = self._vocabulary, self._stop
            for k, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
                for match in OTHER_CHARS_RE.finditer(norm, start, end):
                    term = match.group()
                    if term not in stop:
                        other_pos.append(match.start())
                        other_ids.append(vocabulary.get(term, -2))
                        other_owner.append(k)
        pos = np.concatenate([where[keep], np.asarray(other_pos, np.int64)])
        ids = np.concatenate([ids[keep], np.asarray(other_ids, np.int64)])
        owner = np.concatenate([owner[keep], np.asarray(other_owner, np.int64)])
        order = np.lexsort((pos, owner))
        ids, owner = ids[order], owner[order]
        known = ids >= 0
        if not known.all():
            self.unknown += int((~known).sum())
            ids, owner = ids[known], owner[known]
        counts = np.bincount(owner, minlength=len(starts)).astype(np.int64)
        return ids.astype(np.int32), counts


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions ``starts[i] : starts[i] + lengths[i]`` for every i, end to end."""
    total = int(lengths.sum())
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(total)
