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

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from .analysis import DATA_DIR, Analyzer
from .answer_type import asks_for_figure, asks_for_plan
from .expansion import sound_alike_terms, thesaurus_terms
from .glossary import ENGLISH_FUNCTION_WORDS, read_english
from .numbers import spelled_figures, spelled_years
from .numerals import digit_string
from .partwords import words_containing
from .settings import SearchSettings

__all__ = ["Archive", "Naming", "Origin", "Query", "Term", "build_query"]

QUESTION_WORDS_PATH = DATA_DIR / "question_words.txt"
PHRASE_MIN = 3  # characters of a word pair, both words together
YEAR = "#year"  # what either spelling of a year stands for: one word, two spellings

_NAMED_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
_CJK_WORD = re.compile(r"[\u3400-\u9fff]+")
_SPELLED_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")
_RELATIVE_YEARS = {"今年": 0, "去年": -1, "上年": -1, "明年": 1}
_YEAR_TERM = re.compile(r"(?:1[89]|20)[0-9]{2}年?|[一二三四五六七八九〇零]{4}年")
_BARE_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.%年])")  # a year in English ("in 2019")
_ASKS_FIGURE_EN = re.compile(
    r"\bhow (?:much|many|far|fast|high|large|big)\b|\bwhat (?:percentage|share|proportion)\b",
    re.IGNORECASE,
)
_LATIN_WORD = re.compile(r"[a-z][a-z0-9'\-&.]*")


class Origin(Enum):
    """How a term came into the query."""

    TYPED = "typed"  # a word the user typed
    FIGURE = "figure"  # a figure they spelled out, as the reports write it (百分之五 → 5%)
    YEAR = "year"  # the other spelling of a year they typed (1957年 ↔ 一九五七年)
    SUBWORD = "subword"  # a dictionary word inside a long typed word (经济 of 民营经济)
    SYNONYM = "synonym"  # from the synonym table (gdp → 国内生产总值)
    THESAURUS = "thesaurus"  # an equal-meaning word from Cilin (看病 → 就诊)
    SOUND_ALIKE = "sound-alike"  # the archive's word a typo sounds like (世搏会 → 世博会)
    GLOSSARY = "glossary"  # the Chinese of an English phrase typed (deficit → 赤字率)


class Naming(Enum):
    """What a term says about which speech is meant."""

    NONE = "none"
    SPEECH = "speech"  # it names a few speeches: "2018年", "河南", "科学家座谈会"
    KIND = "kind"  # it names a kind of speech: "政府工作报告", "讲话"


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
    # mostly English, and the glossary knows none of it: the answer should say that
    # questions are read in Chinese
    unread_english: bool = False

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


class Archive(Protocol):
    """What the query steps need to know of the archive (a ``SearchIndex``)."""

    def word_frequency(self, term: str) -> int:
        """Passages whose text holds ``term``."""

    def speech_frequency(self, term: str) -> int:
        """Speeches whose title, year, speaker or occasion hold ``term``."""

    @property
    def speech_count(self) -> int: ...

    def __len__(self) -> int:
        """Passages."""


@dataclass
class _Draft:
    """The query as the steps build it: term → weight and term → the word it stands for,
    in the order terms were added."""

    text: str
    settings: SearchSettings
    analyzer: Analyzer
    archive: Archive | None
    weights: dict[str, float] = field(default_factory=dict)
    stands_for: dict[str, str] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)
    naming: dict[str, Naming] = field(default_factory=dict)
    typed: list[str] = field(default_factory=list)
    chars: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    asks_figure: bool = False
    years: list[int] = field(default_factory=list)
    asks_plan: bool = False
    places: list[str] = field(default_factory=list)
    unread_english: bool = False
    english: bool = False  # mostly English, read through the glossary

    def add(self, term: str, weight: float, origin: Origin, stands_for: str) -> None:
        """Add ``term`` unless an earlier step did."""
        if term not in self.weights:
            self.weights[term] = weight
            self.stands_for[term] = stands_for
            self.origins[term] = origin

    def drop(self, term: str) -> None:
        """Take a typed word out of the query (an English function word)."""
        for table in (self.weights, self.stands_for, self.origins):
            table.pop(term, None)
        self.typed = [t for t in self.typed if t != term]

    def merge(self, found: dict[str, float], origin: Origin) -> None:
        """Terms an expansion found (it already recorded what they stand for)."""
        for term, weight in found.items():
            if term not in self.weights:
                self.weights[term] = weight
                self.origins[term] = origin


def typed_words(draft: _Draft) -> None:
    """The user's words (question words dropped) and their spelled-out percentages as the
    reports write them, at full weight."""
    analyzer = draft.analyzer
    base = [t for t in analyzer.terms(draft.text) if t not in _question_words()]
    figures = [t for p in spelled_figures(draft.text) for t in analyzer.terms(p)]
    for term, origin in [(t, Origin.TYPED) for t in base] + [(t, Origin.FIGURE) for t in figures]:
        draft.weights[term] = 1.0
        draft.stands_for[term] = YEAR if _YEAR_TERM.fullmatch(term) else term
        draft.origins.setdefault(term, origin)
        draft.typed.append(term)


def relative_years(draft: _Draft) -> None:
    """ "2019年报告里去年的粮食产量": with a year named, 今年/去年/明年 are that year and its
    neighbours, as the index holds them for each speech."""
    named = [int(m.group(1)) for m in _NAMED_YEAR.finditer(draft.text)]
    if len(set(named)) != 1:
        return
    for word, offset in _RELATIVE_YEARS.items():
        if word in draft.text:
            for term in draft.analyzer.terms(f"{named[0] + offset}年"):
                draft.add(term, 1.0, Origin.YEAR, YEAR)


def english_terms(draft: _Draft) -> None:
    """The Chinese of the English phrases the glossary knows, searched as if typed (a
    speech they name is lifted, their synonyms and sub-words searched).  The English words
    it read give way to their Chinese: as typed they match only the few English passages of
    bilingual pages.  A bare year ("in 2019") is a year named (the index holds 2019年 as
    2019 too)."""
    reading = read_english(draft.text)
    draft.unread_english = reading.unread
    weight = draft.settings.glossary_weight
    if not weight or not reading.mostly_english:
        return  # Latin abbreviations in a Chinese question are the synonym table's (GDP, 5G)
    draft.english = True
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


def other_year_spellings(draft: _Draft) -> None:
    """The other spelling of each year typed: both stand for one word.  A spelling the
    segmenter breaks up ("二〇二五年" → 二 〇 二 五年) is left out: its pieces would name
    every speech with 二 in its title."""
    for year in spelled_years(draft.text):
        terms = draft.analyzer.terms(year)
        if len(terms) == 1:
            draft.add(terms[0], draft.settings.synonym_weight, Origin.YEAR, YEAR)


def subwords(draft: _Draft) -> None:
    """Dictionary words inside long typed words, as the index splits them."""
    for term in draft.typed:
        for sub in draft.analyzer.subwords(term):
            draft.add(sub, draft.settings.subword_weight, Origin.SUBWORD, term)


def part_words(draft: _Draft) -> None:
    """The archive's longer words that hold a typed word without the index holding it as
    a sub-word ("雄安" → 雄安新区, "进博" → 进博会), the most frequent first, at
    ``part_weight``: any run of characters a user types finds the words that contain it."""
    archive, weight = draft.archive, draft.settings.part_weight
    if archive is None or not weight or not hasattr(archive, "words"):
        return
    for term in list(draft.typed):
        if not 2 <= len(term) <= 4 or not _CJK_WORD.fullmatch(term):
            continue
        longer = [
            word
            for word in words_containing(archive, term)
            if term not in draft.analyzer.subwords(word) and archive.word_frequency(word)
        ]
        longer.sort(key=lambda word: -archive.word_frequency(word))
        for word in longer[: draft.settings.part_words]:
            draft.add(word, weight, Origin.SUBWORD, term)


def synonyms(draft: _Draft) -> None:
    """The synonym table's words for typed words (a key of several words must be typed in
    order)."""
    typed = draft.typed
    for i, term in enumerate(typed):
        for key, expanded in draft.analyzer.synonyms_of(term):
            if tuple(typed[i : i + len(key)]) == key:
                for other in expanded:
                    draft.add(other, draft.settings.synonym_weight, Origin.SYNONYM, term)


def archive_abbreviations(draft: _Draft) -> None:
    """The short and full forms the archive itself writes side by side (mined when the index
    is built: 亚洲基础设施投资银行（以下简称“亚投行”）): a question typing one also searches the
    other, as the synonym table's abbreviations do."""
    table = getattr(draft.archive, "abbreviations", None)
    weight = draft.settings.synonym_weight
    if not table or not weight:
        return
    text = draft.text
    for short, fulls in table.items():
        if short in text:
            pairs = [(full, short) for full in fulls]
        else:
            pairs = [(short, full) for full in fulls if full in text]
        for other, typed in pairs:
            for term in draft.analyzer.terms(other):
                draft.add(term, weight, Origin.SYNONYM, typed)


def thesaurus(draft: _Draft) -> None:
    if draft.archive is None:
        return
    found = thesaurus_terms(
        draft.archive.word_frequency,
        draft.weights,
        draft.settings.thesaurus_words,
        draft.settings.thesaurus_weight,
        draft.stands_for,
    )
    draft.merge(found, Origin.THESAURUS)


def sound_alikes(draft: _Draft) -> None:
    if draft.archive is None:
        return
    found = sound_alike_terms(
        draft.archive.word_frequency, draft.weights, draft.settings.typo_weight, draft.stands_for
    )
    draft.merge(found, Origin.SOUND_ALIKE)


def speech_names(draft: _Draft) -> None:
    """Words that occur in few speeches' title, year, speaker or occasion name those
    speeches; words in many name a kind of speech.  A part of a word counts only if the
    whole word names a speech too ("团结" of "紧密团结" names nothing)."""
    archive, settings = draft.archive, draft.settings
    if archive is None or not settings.speech_weight:
        return
    limit = max(1, int(archive.speech_count * settings.naming_share))
    # a word in many passages' text is a common word, whichever title also holds it
    common = settings.naming_text_share * len(archive) if settings.naming_text_share else 0
    for term in draft.weights:
        stands_for = draft.stands_for.get(term, term)
        if stands_for not in (term, YEAR) and not archive.speech_frequency(stands_for):
            continue
        df = archive.speech_frequency(term)
        if 0 < df <= limit:
            if common and stands_for != YEAR and archive.word_frequency(term) > common:
                continue
            draft.naming[term] = Naming.SPEECH
        elif df > limit:
            draft.naming[term] = Naming.KIND


# what follows a place's name when a speech is that place's own ("上海市政府工作报告")
_REGION_SUFFIXES = ("市", "省", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区")


def region_names(draft: _Draft) -> None:
    """A place typed ("上海") names the speech whose title holds it as a region ("上海市"),
    above the speeches whose titles only hold it inside a longer name ("上海合作组织"): the
    region's form joins the words that name a speech, at no weight in the passage text
    (where the typed place already counts)."""
    archive = draft.archive
    if archive is None or not draft.settings.speech_weight or not draft.settings.region_naming:
        return
    for term in list(draft.typed):
        if not 2 <= len(term) <= 4 or draft.naming.get(term) is not Naming.SPEECH:
            continue
        for suffix in _REGION_SUFFIXES:
            region = term + suffix
            if region not in draft.weights and archive.speech_frequency(region):
                draft.add(region, 0.0, Origin.SYNONYM, term)
                draft.naming[region] = Naming.SPEECH
                if term not in draft.places:
                    draft.places.append(term)


def characters(draft: _Draft) -> None:
    """The query's characters for the character field: all of them, or (``char_mode``
    "uncovered") those of words the word field does not know and of one-character words
    ("知" must find "知道"); scoring every character costs postings in proportion to the
    archive."""
    chars = list(dict.fromkeys(draft.analyzer.chars(draft.text)))
    if draft.settings.char_mode == "uncovered" and draft.archive is not None:
        frequency = draft.archive.word_frequency
        wanted = {c for t in draft.weights if len(t) == 1 or frequency(t) == 0 for c in t}
        chars = [c for c in chars if c in wanted]
    draft.chars = chars


def word_pairs(draft: _Draft) -> None:
    """Two words typed one after the other ("队伍" "建设"), joined, after the phrases
    earlier steps found."""
    tokens = draft.analyzer.tokens(draft.text)
    pairs = [
        a.term + b.term
        for a, b in zip(tokens, tokens[1:], strict=False)
        if a.end == b.start and len(a.term) + len(b.term) >= PHRASE_MIN
    ]
    draft.phrases = list(dict.fromkeys([*draft.phrases, *pairs]))


def answer_type(draft: _Draft) -> None:
    draft.asks_figure = asks_for_figure(draft.text)
    draft.asks_plan = asks_for_plan(draft.text)
    named = [int(m.group(1)) for m in _NAMED_YEAR.finditer(draft.text)]
    named += [int(digit_string(m.group(1))) for m in _SPELLED_YEAR.finditer(draft.text)]
    if draft.english:
        named += [int(y) for y in _BARE_YEAR.findall(draft.text)]
        draft.asks_figure = draft.asks_figure or bool(_ASKS_FIGURE_EN.search(draft.text))
    draft.years = list(dict.fromkeys(named))


STEPS: tuple[Callable[[_Draft], None], ...] = (
    typed_words,
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
    draft = _Draft(text, settings, analyzer, archive)
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
        draft.unread_english,
    )


@functools.cache
def _question_words() -> frozenset[str]:
    lines = QUESTION_WORDS_PATH.read_text("utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))
