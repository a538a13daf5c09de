"""The query step for a question mostly in English: the glossary's Chinese stands in for
the English words it reads (``glossary.py``)."""

from __future__ import annotations

import re

from ._english_dictionary import LONGEST, dictionary_words
from ._query_core import Draft, Origin
from .glossary import ENGLISH_FUNCTION_WORDS, bare_years, fold, read_english
from .numbers import ENGLISH_AMOUNT, english_amounts

__all__ = ["english_terms"]

_ASKS_FIGURE_EN = re.compile(
    r"\bhow (?:much|many|far|fast|high|large|big)\b|\bwhat (?:percentage|share|proportion)\b",
    re.IGNORECASE,
)
_LATIN_WORD = re.compile(r"[a-z][a-z0-9'\-&.]*")
_ORDINAL = re.compile(r"[0-9]+(?:st|nd|rd|th)")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")
DICTIONARY_WORDS = 2  # Chinese words searched for an English word the glossary lacks
# words the dictionary glosses with words of no subject (之间, 岁月), folded as the
# question's words are ("according" → "accord"), and the English stop-words a search engine
# leaves out beyond the function words (first, must, become, five: 一次 上个, 务必, 化作;
# not "may", a month)
_PLAIN_WORDS = frozenset(
    fold(word)
    for word in """among between over under within across since until during per via against
    toward towards upon including year day time people according far well
    first second third last next once twice again ago already also always ever even still yet
    often never here everywhere somewhere anywhere else instead rather quite almost
    must might shall ought cannot become becomes became becoming came come comes go goes
    went gone take takes took taken put puts let lets seem seems seemed call called calls
    each every few more most several some such both either neither whole another others
    per whose whether while whereas though although unless upon onto toward
    one two three four five six seven eight nine ten hundred""".split()
)


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
    speech they name is lifted, their synonyms and sub-words searched); a phrase the index
    holds as several words shares one word's weight among them (FOCAC, 中非 合作 论坛, counts
    as one word typed, not three).  The English words
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
            # the ordinal read with its name too ("17th" of "17th Party Congress")
            if word in draft.typed and (_LATIN_WORD.fullmatch(word) or _ORDINAL.fullmatch(word)):
                draft.drop(word)
    read = {fold(w) for phrase, _ in reading.found for w in _ENGLISH_WORD.findall(phrase)}
    for word in [w for w in draft.typed if "-" in w and _LATIN_WORD.fullmatch(w)]:
        if any(fold(piece) in read for piece in word.split("-")):
            draft.drop(word)  # "china-central" of "China-Central Asia": its pieces were read
    for word in dict.fromkeys(w for _, chinese in reading.found for w in chinese):
        terms = draft.analyzer.terms(word)
        if len(terms) > 1:  # a passage holding the words as one phrase is preferred
            draft.phrases.append("".join(terms))
            draft.phrase_words.setdefault("".join(terms), tuple(terms))
            # a lone character the segmenter split off (二 of 二十国集团) is in every speech
            terms = [t for t in terms if len(t) > 1] or terms
        for term in terms:
            if term not in draft.weights:
                draft.add(term, weight / len(terms), Origin.GLOSSARY, term)
                draft.typed.append(term)
    _amounts(draft)
    _dictionary_terms(draft)


def _amounts(draft: Draft) -> None:
    """An amount in English ("3 trillion yuan", "10 million", "5 percent") is searched as
    the reports write it (3万亿元, 1000万, 5%), in place of its English words: the figure with
    its magnitude and unit, not the bare number (3 is in every speech)."""
    for match in ENGLISH_AMOUNT.finditer(draft.text):
        amounts = english_amounts(match.group())
        if not amounts:
            continue
        for word in draft.analyzer.terms(match.group()):
            if word in draft.typed:
                draft.drop(word)
        for term in draft.analyzer.terms(amounts[0]):
            if not term.replace(".", "").isdigit():
                draft.add(term, 1.0, Origin.FIGURE, term)
                draft.typed.append(term)


def _dictionary_terms(draft: Draft) -> None:
    """English words still searched as typed (the glossary lacks them) are read through
    the dictionary, the longest phrase first ("military aid" → 军事援助, "literature and
    art" → 文艺): the first two of its Chinese words the archive holds, at
    ``dictionary_weight``, in their place.  Words of no subject ("according", "year") are
    not searched at all."""
    weight, archive = draft.settings.dictionary_weight, draft.archive
    if not weight or archive is None:
        return
    words = list(_ENGLISH_WORD.finditer(draft.text))
    folded = [fold(m.group()) for m in words]
    typed = [[t for t in draft.analyzer.terms(m.group()) if t in draft.typed] for m in words]
    i = 0
    while i < len(words):
        for size in range(min(LONGEST, len(words) - i), 0, -1):
            part = range(i, i + size)
            # a function word may stand inside a phrase ("and" of "literature and art")
            inside = range(i + 1, i + size - 1)
            if not all(typed[j] or (j in inside and folded[j] in _FUNCTION) for j in part):
                continue
            if not _adjacent(draft.text, words, part):
                continue
            if size == 1 and folded[i] in _PLAIN_WORDS:
                for term in typed[i]:
                    draft.drop(term)
                continue
            chinese = dictionary_words(tuple(folded[j] for j in part))
            held = [w for w in chinese if archive.word_frequency(w)]
            if not held:
                continue
            for j in part:
                for term in typed[j]:
                    draft.drop(term)
            for word in held[:DICTIONARY_WORDS]:
                draft.add(word, weight, Origin.GLOSSARY, word)
            i += size
            break
        else:
            i += 1


_FUNCTION = frozenset(fold(word) for word in ENGLISH_FUNCTION_WORDS)


def _adjacent(text: str, words, part: range) -> bool:
    return all(not text[words[j].end() : words[j + 1].start()].strip(" -") for j in part[:-1])
