"""The longer words of the archive that hold a run of characters a user typed.

jieba indexes a long word with its dictionary sub-words only: "雄安新区" holds 新区 but not
雄安, so a question typing "雄安" finds the few passages that write 雄安 alone and none of the
many that write 雄安新区.  A query step (``query.part_words``) asks this module for the
archive's longer words holding the typed run whose index terms do not already hold it.

The words are found through a map from each two characters to the words holding them,
built once per index (an index is replaced, never changed, when speeches are added).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol
from weakref import WeakKeyDictionary

__all__ = ["Vocabulary", "words_containing"]

_LONGEST = 12  # longer terms are numbers, URLs and run-on Latin, never a word to offer


class Vocabulary(Protocol):
    def words(self) -> Iterable[str]:
        """Every term the index holds."""


_MAPS: WeakKeyDictionary = WeakKeyDictionary()


def words_containing(vocabulary: Vocabulary, part: str) -> list[str]:
    """The index's words longer than ``part`` (two characters or more) that hold it."""
    if len(part) < 2:
        return []
    by_pair = _MAPS.get(vocabulary)
    if by_pair is None:
        by_pair = _MAPS[vocabulary] = _pairs(vocabulary.words())
    return [w for w in by_pair.get(part[:2], ()) if part in w and w != part]


def _pairs(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each two characters → the words of three characters or more holding them."""
    table: dict[str, list[str]] = {}
    for word in words:
        if not 3 <= len(word) <= _LONGEST or not _is_cjk(word):
            continue
        for pair in {word[i : i + 2] for i in range(len(word) - 1)}:
            table.setdefault(pair, []).append(word)
    return {pair: tuple(found) for pair, found in table.items()}


def _is_cjk(word: str) -> bool:
    return all("\u3400" <= c <= "\u9fff" for c in word)
