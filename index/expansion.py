"""Words a query implies beyond what was typed: same-sounding words for typos, and
words of equal meaning from Cilin.  ``frequency`` is the body field's document frequency:
only words the archive holds are added."""

from __future__ import annotations

from collections.abc import Callable

from .thesaurus import cilin_synonyms
from .typos import sound_alike

MAX_TYPO_WORDS = 8  # unknown query words read as same-sounding ones, at most


def sound_alike_terms(
    frequency: Callable[[str], int],
    weights: dict[str, float],
    typo_weight: float,
    origins: dict[str, str] | None = None,
    alikes: Callable[[str, Callable[[str], list[str]]], list[str]] | None = None,
) -> dict[str, float]:
    """Query words no passage contains, read as the archive's word that sounds the same
    ("世搏会" → 世博会), at ``typo_weight`` of the typed word's weight.  ``alikes(term,
    find)``: where the caller keeps what ``find(term)`` gave (the same for an index)."""
    if not typo_weight:
        return {}
    out: dict[str, float] = {}
    unknown = [(t, w) for t, w in weights.items() if frequency(t) == 0]

    def find(term: str) -> list[str]:
        return sound_alike(term, frequency)

    for term, weight in unknown[:MAX_TYPO_WORDS]:  # a pasted page is not a typo
        for fixed in find(term) if alikes is None else alikes(term, find):
            out[fixed] = max(out.get(fixed, 0.0), weight * typo_weight)
            if origins is not None:
                origins.setdefault(fixed, origins.get(term, term))
    return out


def thesaurus_terms(
    frequency: Callable[[str], int],
    weights: dict[str, float],
    per_word: int,
    weight_share: float,
    origins: dict[str, str] | None = None,
) -> dict[str, float]:
    """Cilin's equal-meaning words for the user's own query words: at most ``per_word``
    each, only words the archive holds, at ``weight_share`` of the word's weight."""
    if not weight_share or per_word <= 0:
        return {}
    groups = cilin_synonyms()
    out: dict[str, float] = {}
    for term, weight in weights.items():
        if weight < 1.0 or (origins is not None and origins.get(term, term) != term):
            continue  # only the user's own words, not what they imply or parts of them
        found = 0
        for other in groups.get(term, ()):
            if found == per_word:
                break
            if other not in weights and frequency(other) > 0:
                out[other] = max(out.get(other, 0.0), weight * weight_share)
                if origins is not None:
                    origins.setdefault(other, origins.get(term, term))
                found += 1
    return out
