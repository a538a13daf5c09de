"""A question as one value: the terms it is searched with (each with its weight and where it
came from), its characters, its word pairs, the answer it asks for.

``build_query`` runs a chain of small steps, like Whoosh's analysers: each step reads the
draft so far and adds to it.  A term keeps the weight and origin of the step that added it
first, so the user's own words always win over what they only imply.  Steps that need to
know what the archive holds (thesaurus words, sound-alikes, the words that name a speech,
the characters the word field cannot answer for) read it from ``archive``; without one,
they add nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ._query_core import Archive, Draft, Naming, Origin
from ._query_english import english_terms
from ._query_naming import region_names, speech_names
from ._query_words import (
    answer_type,
    archive_abbreviations,
    characters,
    glued_words,
    other_year_spellings,
    part_words,
    relative_years,
    sound_alikes,
    subwords,
    synonyms,
    thesaurus,
    typed_words,
    word_pairs,
)
from .analysis import Analyzer
from .settings import SearchSettings

__all__ = ["STEPS", "Archive", "Naming", "Origin", "Query", "Term", "build_query"]


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    weight: float
    origin: Origin
    stands_for: str  # the typed word it stands for (itself when typed; YEAR for a year)
    naming: Naming = Naming.NONE


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]
    chars: tuple[str, ...]  # characters scored in the character field
    phrases: tuple[str, ...]  # two typed words one after the other, joined ("队伍建设")
    asks_figure: bool  # "多少", "占比", "哪一年": a passage stating a figure answers it
    # the years it names ("2017年", "一九五七年"), and whether it asks for a plan or target
    years: tuple[int, ...] = ()
    asks_plan: bool = False
    places: tuple[str, ...] = ()  # places typed that name a region's speeches (上海 of 上海市)
    # 去年/今年/明年 with no year named: the year meant, relative to each speech's own
    relative_year: int | None = None
    # the years asked about (not naming a speech, no plan asked): the next year's speeches
    # review them ("2017年实际利用外资" is told in the 2018 report)
    reviewed_years: tuple[int, ...] = ()
    # the years naming the speech asked of (a report's, a plan's): that year's speeches come
    # before the next year's, which review it
    speech_years: tuple[int, ...] = ()
    # mostly English, and the glossary knows none of it: the answer should say that
    # questions are read in Chinese
    unread_english: bool = False
    # each phrase's words, as the index holds them (a passage holding the phrase holds them)
    phrase_words: tuple[tuple[str, ...], ...] = ()

    @property
    def words(self) -> list[str]:
        """Every term's text, in the order the steps added them."""
        return [t.text for t in self.terms]

    @property
    def naming_words(self) -> list[str]:
        """The terms that name a few speeches (they lift those speeches' passages)."""
        return [t.text for t in self.terms if t.naming is Naming.SPEECH]

    def weights(self, settings: SearchSettings, across_speeches: bool) -> dict[str, float]:
        """term → its weight in the passage text.  Across all speeches, a word that names
        speeches counts less there: it selects the speech instead."""
        out = {t.text: t.weight for t in self.terms}
        if across_speeches:
            for t in self.terms:
                if t.naming is Naming.SPEECH:
                    out[t.text] *= settings.naming_term_weight
                elif t.naming is Naming.KIND:
                    out[t.text] *= settings.kind_term_weight
        return out

    def __bool__(self) -> bool:
        return bool(self.terms or self.chars)


STEPS: tuple[Callable[[Draft], None], ...] = (
    typed_words,
    glued_words,
    relative_years,
    english_terms,
    other_year_spellings,
    subwords,
    part_words,
    synonyms,
    archive_abbreviations,
    thesaurus,
    sound_alikes,
    speech_names,
    characters,
    word_pairs,
    region_names,
    answer_type,
)


def build_query(
    text: str,
    settings: SearchSettings,
    *,
    analyzer: Analyzer,
    archive: Archive | None = None,
) -> Query:
    """The query of ``text``: ``STEPS`` in order over one draft."""
    draft = Draft(text, settings, analyzer, archive)
    for step in STEPS:
        step(draft)
    terms = tuple(
        Term(
            term,
            weight,
            draft.origins[term],
            draft.stands_for.get(term, term),
            draft.naming.get(term, Naming.NONE),
        )
        for term, weight in draft.weights.items()
    )
    return Query(
        text,
        terms,
        tuple(draft.chars),
        tuple(draft.phrases),
        draft.asks_figure,
        tuple(draft.years),
        draft.asks_plan,
        tuple(draft.places),
        relative_year=draft.relative_year,
        reviewed_years=tuple(draft.reviewed),
        speech_years=tuple(draft.speech_years),
        unread_english=draft.unread_english,
        phrase_words=tuple(draft.phrase_words.get(p, ()) for p in draft.phrases),
    )
