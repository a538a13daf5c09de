"""Near-identical passages: a paragraph stored twice in slightly different forms is shown
once."""

from __future__ import annotations

import functools
import operator
import re

__all__ = ["near_duplicate", "text_fingerprint"]


_NOT_WORD = re.compile(r"[\W_]+")


def text_fingerprint(text: str) -> str:
    return _NOT_WORD.sub("", text)


@functools.lru_cache(maxsize=256)  # a search compares each hit with those before it
def _bigrams(text: str) -> frozenset[str]:
    # each character joined with the next, in C: 1.6× a slice per position
    return frozenset(map(operator.add, text, text[1:]))


def near_duplicate(a: str, b: str) -> bool:
    """Same paragraph in two variants: equal, or sharing 90% of character bigrams."""
    if a == b:
        return True
    if min(len(a), len(b)) < 0.8 * max(len(a), len(b)):
        return False
    grams_a, grams_b = _bigrams(a), _bigrams(b)
    if not grams_a or not grams_b:
        return False
    return len(grams_a & grams_b) / min(len(grams_a), len(grams_b)) >= 0.9
