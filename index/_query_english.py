"""The query step for a question mostly in English: the glossary's Chinese stands in for
the English words it reads (``glossary.py``)."""

from __future__ import annotations

import re

from ._english_dictionary import LONGEST, dictionary_words, name_words
from ._query_core import Draft, Origin
from ._sense_choice import named_passages, supported_senses
from .glossary import (
    ENGLISH_FUNCTION_WORDS,
    bare_years,
    chinese_numeral,
    fold,
    glossary_words,
    read_english,
)
from .numbers import ENGLISH_AMOUNT, english_amounts

__all__ = ["english_terms"]

_ASKS_FIGURE_EN = re.compile(
    r"\bhow (?:much|many|far|fast|high|large|big|long)\b|\bwhat (?:percentage|share|proportion)\b",
    re.IGNORECASE,
)
_LATIN_WORD = re.compile(r"[a-z][a-z0-9'\-&.]*")
_ORDINAL = re.compile(r"[0-9]+(?:st|nd|rd|th)")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")
FILE_NAME_SPEECHES = 5  # speeches a word read alone may name by their file names
DICTIONARY_WORDS = 2  # Chinese words searched for an English word the glossary lacks
SENSES = 6  # the archive's most frequent senses of a word, among which its speech chooses
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
    one two three four five six seven eight nine ten hundred
    set long big large small huge remain end period""".split()
)


LATIN_IN_CHINESE = 1.0  # share of glossary_weight for a Latin name in a Chinese question
ALTERNATIVE_SHARE = 0.7  # share of glossary_weight for a glossary line's second, third … word


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
    as one word typed, not three), and a line's second and further words, other ways of
    saying its first, weigh ``ALTERNATIVE_SHARE`` of it.  The English words
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
    typed_latin = [w for w in draft.typed if _LATIN_WORD.fullmatch(w)]
    draft.years += bare_years(draft.text)
    draft.asks_figure = bool(_ASKS_FIGURE_EN.search(draft.text))
    for word in [w for w in draft.typed if fold(w) in _FUNCTION]:
        draft.drop(word)  # "kinds", "ways": a function word's plural says no more
    for phrase, _ in reading.found:
        for word in draft.analyzer.terms(phrase):
            # the ordinal read with its name too ("17th" of "17th Party Congress")
            if word in draft.typed and (_LATIN_WORD.fullmatch(word) or _ORDINAL.fullmatch(word)):
                draft.drop(word)
    read = {fold(w) for phrase, _ in reading.found for w in _ENGLISH_WORD.findall(phrase)}
    for word in [w for w in draft.typed if "-" in w and _LATIN_WORD.fullmatch(w)]:
        if any(fold(piece) in read for piece in word.split("-")):
            draft.drop(word)  # "china-central" of "China-Central Asia": its pieces were read
    # a phrase's other words are other ways of saying its first: a passage holding two of
    # them (中国 and 我国 for "China") says the one thing twice
    alternatives = {w for _, chinese in reading.found for w in chinese[1:]}
    for word in dict.fromkeys(w for _, chinese in reading.found for w in chinese):
        share = ALTERNATIVE_SHARE if word in alternatives else 1.0
        terms = draft.analyzer.terms(word)
        if len(terms) > 1:  # a passage holding the words as one phrase is preferred
            draft.phrases.append("".join(terms))
            draft.phrase_words.setdefault("".join(terms), tuple(terms))
            # a lone character the segmenter split off (二 of 二十国集团) is in every speech
            terms = [t for t in terms if len(t) > 1] or terms
        for term in terms:
            if term not in draft.weights:
                draft.add(term, share * weight / len(terms), Origin.GLOSSARY, term)
                draft.typed.append(term)
    _amounts(draft)
    _ordinal_words(draft, read)
    _fiscal_years(draft)
    _year_counts(draft)
    _names(draft)
    _dictionary_terms(draft)
    phrases = [phrase for phrase, _ in reading.found if len(_ENGLISH_WORD.findall(phrase)) > 1]
    _file_name_words(draft, typed_latin, phrases)


def _file_name_words(draft: Draft, typed: list[str], phrases: list[str]) -> None:
    """English words read as Chinese still name the speeches whose file name, title or
    occasion hold them as typed ("climate-ambition-summit", "apec-ceo-dialogue-2020"): at
    no weight in the passage text, where their Chinese counts, but beside the words that
    name a speech.  A phrase's words name a speech together (all of "Climate Ambition
    Summit" in one file name), not each apart ("work" of "government work report" is in
    two other files' names); a word read alone, if it names few speeches.  Not a word of no
    subject ("year" of "five years"), which was left out unread."""
    archive = draft.archive
    if archive is None:
        return
    gone = [w for w in dict.fromkeys(typed) if w not in draft.weights]
    named = [w for w in gone if fold(w) not in _FUNCTION and fold(w) not in _PLAIN_WORDS]
    named = [w for w in named if len(w) > 1 and archive.speech_frequency(w)]
    grouped: set[str] = set()
    for phrase in phrases:
        words = [w for w in dict.fromkeys(draft.analyzer.terms(phrase)) if w in named]
        grouped.update(words)
        if len(words) > 1 and frozenset.intersection(*map(archive.speeches_holding, words)):
            for word in words:
                draft.add(word, 0.0, Origin.TYPED, word)
    for word in named:
        if word not in grouped and archive.speech_frequency(word) <= FILE_NAME_SPEECHES:
            draft.add(word, 0.0, Origin.TYPED, word)


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


_ORDINAL_WORD = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|[1-9][0-9]?"
    r"(?:st|nd|rd|th))[ -]+([A-Za-z]+)\b",
    re.IGNORECASE,
)
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()


def _ordinal_words(draft: Draft, read: set[str]) -> None:
    """An ordinal before a word the glossary knows is searched as the reports number it,
    第 and the numeral before the word's Chinese ("third step" → 第三步, "second phase" →
    第二阶段), where the archive holds that word: an ordinal alone is a word of no subject,
    and a numbered congress or plenum the glossary reads whole."""
    archive = draft.archive
    if archive is None:
        return
    for match in _ORDINAL_WORD.finditer(draft.text):
        ordinal, noun = match.group(1).lower(), fold(match.group(2))
        if fold(ordinal) in read and fold(ordinal) not in _ORDINALS:
            continue  # "17th" of "17th Party Congress", read with its name
        n = _ORDINALS.index(ordinal) + 1 if ordinal in _ORDINALS else int(ordinal[:-2])
        for chinese in glossary_words(noun):
            terms = draft.analyzer.terms(f"第{chinese_numeral(n)}{chinese}")
            if len(terms) == 1 and archive.word_frequency(terms[0]):
                draft.add(terms[0], draft.settings.glossary_weight, Origin.GLOSSARY, terms[0])


_FISCAL_YEAR = re.compile(
    r"\b(?:fiscal|financial)(?: year)? ((?:19|20)\d\d)\b|\bFY ?((?:19|20)\d\d)\b", re.IGNORECASE
)
_YEAR_SPAN = re.compile(r"(?<![\d.])((?:19|20)(\d\d))[-–/](\d\d)(?![\d.%])")


def _fiscal_years(draft: Draft) -> None:
    """A fiscal year in English is searched as the reports write it: "fiscal 2021" as
    2021财年, a span "2012-13" (of budgets and school years) also as 2012-2013."""
    for match in _FISCAL_YEAR.finditer(draft.text):
        year = match.group(1) or match.group(2)
        words = tuple(draft.analyzer.terms(f"{year}财年"))
        if len(words) > 1:
            draft.phrases.append("".join(words))
            draft.phrase_words.setdefault("".join(words), words)
        for word in words:
            draft.add(word, draft.settings.glossary_weight, Origin.GLOSSARY, word)
    for match in _YEAR_SPAN.finditer(draft.text):
        first, short, last = match.groups()
        if int(last) != (int(short) + 1) % 100:
            continue  # "2012-15" is a range of years, not one spanning two
        century = first[:2] if last != "00" else str(int(first[:2]) + 1)
        for word in draft.analyzer.terms(f"{first}-{century}{last}"):
            draft.add(word, 1.0, Origin.FIGURE, word)


_COUNT_WORDS = "one two three four five six seven eight nine ten".split()
_YEAR_COUNT = re.compile(r"\b(" + "|".join(_COUNT_WORDS) + r"|[1-9][0-9]?) years\b", re.IGNORECASE)


def _year_counts(draft: Draft) -> None:
    """A span of years ("over five years", "the next 3 years") is searched as the
    speeches write it, 5年 and 五年 (未来5年, 过去五年), where the archive holds them: the
    count alone is in every report, and "years" is a word of no subject."""
    archive = draft.archive
    if archive is None:
        return
    for match in _YEAR_COUNT.finditer(draft.text):
        count = match.group(1).lower()
        n = _COUNT_WORDS.index(count) + 1 if count in _COUNT_WORDS else int(count)
        for word in draft.analyzer.terms(match.group(1)):
            if word in draft.typed:
                draft.drop(word)  # 5 alone is in every report
        for spelling in (f"{n}年", f"{chinese_numeral(n)}年"):
            terms = draft.analyzer.terms(spelling)
            if terms and terms[0] == spelling and archive.word_frequency(spelling):
                draft.add(spelling, draft.settings.glossary_weight, Origin.GLOSSARY, spelling)


_CAPITALISED = re.compile(r"[A-Z][a-z]*(?:['’\-][A-Za-z]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
LONGEST_NAME = 3  # words of the longest name read as one


def _names(draft: Draft) -> None:
    """Capitalised words the glossary did not read are read as the names CC-CEDICT
    spells so, in pinyin or in their own romanisation ("Zhoukoudian" → 周口店, "Nixon" →
    尼克松), the longest run of words first: the name the archive holds most often, in
    place of the words; not a word a file name holds, which names its speech as typed
    (tw-taoyuan-…: 桃园 is in all its passages)."""
    archive = draft.archive
    if archive is None:
        return
    words = list(_ENGLISH_WORD.finditer(draft.text))
    typed = [[t for t in draft.analyzer.terms(m.group()) if t in draft.typed] for m in words]
    unread = [bool(typed[j]) and _CAPITALISED.fullmatch(m.group()) for j, m in enumerate(words)]
    i = 0
    while i < len(words):
        for size in range(min(LONGEST_NAME, len(words) - i), 0, -1):
            part = range(i, i + size)
            if not all(unread[j] for j in part) or not _adjacent(draft.text, words, part):
                continue
            read = {term for j in part for term in typed[j]}
            if any(archive.speech_frequency(term) for term in read):
                continue
            spelled = " ".join(_POSSESSIVE.sub("", words[j].group()) for j in part)
            held = sorted(
                (w for w in name_words(spelled) if archive.word_frequency(w)),
                key=archive.word_frequency,
                reverse=True,
            )
            if not held:
                continue
            for term in read:
                draft.drop(term)
            # one name: its other forms (桃园市 beside 桃园) would count it twice
            draft.add(held[0], draft.settings.glossary_weight, Origin.GLOSSARY, held[0])
            i += size
            break
        else:
            i += 1


def _dictionary_terms(draft: Draft) -> None:
    """English words still searched as typed (the glossary lacks them) are read through
    the dictionary, the longest phrase first ("military aid" → 军事援助, "literature and
    art" → 文艺): the two of its Chinese words the archive holds most often, at
    ``dictionary_weight``, in their place.  Words of no subject ("according", "year") are
    not searched at all."""
    weight, archive = draft.settings.dictionary_weight, draft.archive
    if not weight or archive is None:
        return
    words = list(_ENGLISH_WORD.finditer(draft.text))
    folded = [fold(m.group()) for m in words]
    typed = [[t for t in draft.analyzer.terms(m.group()) if t in draft.typed] for m in words]
    limit = max(1, int(archive.speech_count * draft.settings.naming_share))
    named = named_passages(archive, list(draft.weights), limit)
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
            # the archive's most frequent senses: a rare one (下山 of "set", 外场 of
            # "society") is seldom what a speech means, and its rarity would rank it first
            held = sorted(
                (w for w in chinese if archive.word_frequency(w)),
                key=archive.word_frequency,
                reverse=True,
            )
            if not held:
                continue
            for j in part:
                for term in typed[j]:
                    draft.drop(term)
            for word in supported_senses(archive, held[:SENSES], named)[:DICTIONARY_WORDS]:
                draft.add(word, weight, Origin.GLOSSARY, word)
                draft.senses.add(word)
            i += size
            break
        else:
            i += 1


_FUNCTION = frozenset(fold(word) for word in ENGLISH_FUNCTION_WORDS)


def _adjacent(text: str, words, part: range) -> bool:
    return all(not text[words[j].end() : words[j + 1].start()].strip(" -") for j in part[:-1])
