"""Which of an English word's dictionary senses the archive itself supports: when the
question names its speech (a year, a place, an occasion, a file name), the senses that
speech's passages hold, the most held first.  "troop" is 军队 in the report that cut the
army, though 队伍 is the archive's more frequent word; "centres" of the SCO summit are
中心, not the 中央 of every other speech.  A question naming no speech, or a speech holding
none of the senses, keeps the archive's most frequent senses."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from ._query_core import Archive

__all__ = ["named_passages", "supported_senses"]

NAMED_MOST = 3  # speeches a question may name for their words to choose a sense


def named_passages(archive: Archive, words: Sequence[str], limit: int) -> np.ndarray | None:
    """The passages (rows) of the speeches most of ``words`` name, each word naming at most
    ``limit`` speeches; None when they name none, or too many to say which."""
    counts: Counter[int] = Counter()
    for word in dict.fromkeys(words):
        if 0 < archive.speech_frequency(word) <= limit:
            counts.update(archive.speeches_holding(word))
    if not counts:
        return None
    most = max(counts.values())
    best = frozenset(speech for speech, n in counts.items() if n == most)
    if len(best) > NAMED_MOST:
        return None
    return archive.passages_of(best)


def supported_senses(
    archive: Archive, senses: Sequence[str], named: np.ndarray | None
) -> list[str]:
    """``senses`` (most frequent in the archive first) held in ``named``'s passages, the
    most held first; all of them when ``named`` holds none."""
    if named is None or not len(named):
        return list(senses)
    held = {
        sense: len(np.intersect1d(archive.passages_holding(sense), named, assume_unique=True))
        for sense in senses
    }
    inside = sorted((s for s in senses if held[s]), key=lambda s: held[s], reverse=True)
    return inside or list(senses)
