"""The query step for a question mostly in English: the glossary's Chinese stands in for
the English words it reads (``glossary.py``)."""

from __future__ import annotations

import re

from ._query_core import Draft, Origin
from .glossary import ENGLISH_FUNCTION_WORDS, bare_years, read_english

__all__ = ["english_terms"]

_ASKS_FIGURE_EN = re.compile(
    r"\bhow (?:much|many|far|fast|high|large|big)\b|\bwhat (?:percentage|share|proportion)\b",
    re.IGNORECASE,
)
_LATIN_WORD = re.compile(r"[a-z][a-z0-9'\-&.]*")


LATIN_IN_CHINESE = 1.0  # share of glossary_weight for a Latin name in a Chinese question


def _latin_names(draft: Draft, found, weight: float) -> None:
    """A Chinese question naming something in Latin letters ("APEC会议上…", "SARS疫情"):
    the glossary's Chinese is searched beside the typed word, which stays (a file name or
    the synonym table may know it: GDP, 5G)."""
    for phrase, chinese in found:
        typed = "".join(draft.analyzer.terms(phrase)) or phrase
        for word in chinese:
            for term in draft.analyzer.terms(word):
                if len(term) > 1:
                    draft.add(term, weight, Origin.GLOSSARY, typed)


def english_terms(draft: Draft) -> None:
    """The Chinese of the English phrases the glossary knows, searched as if typed (a
    speech they name is lifted, their synonyms and sub-words searched).  The English words
    it read give way to their Chinese: as typed they match only the few English passages of
    bilingual pages.  A bare year ("in 2019") is a year named (the index holds 2019年 as
    2019 too)."""
    reading = read_english(draft.text)
    draft.unread_english = reading.unread
    weight = draft.settings.glossary_weight
    if not weight:
        return
    if not reading.mostly_english:
        _latin_names(draft, reading.found, weight * LATIN_IN_CHINESE)
        return
    draft.english = True
    draft.years += bare_years(draft.text)
    draft.asks_figure = bool(_ASKS_FIGURE_EN.search(draft.text))
    for word in ENGLISH_FUNCTION_WORDS & set(draft.typed):
        draft.drop(word)
    for phrase, _ in reading.found:
        for word in draft.analyzer.terms(phrase):
            if word in draft.typed and _LATIN_WORD.fullmatch(word):
                draft.drop(word)
    for word in dict.fromkeys(w for _, chinese in reading.found for w in chinese):
        terms = draft.analyzer.terms(word)
        if len(terms) > 1:  # a passage holding the words as one phrase is preferred
            draft.phrases.append("".join(terms))
            # a lone character the segmenter split off (二 of 二十国集团) is in every speech
            terms = [t for t in terms if len(t) > 1] or terms
        for term in terms:
            if term not in draft.weights:
                draft.add(term, weight, Origin.GLOSSARY, term)
                draft.typed.append(term)
