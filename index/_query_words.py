"""The query steps over the words of a question: the words typed, their years, sub-words,
parts of the archive's words, synonyms, the archive's abbreviations, thesaurus words,
sound-alikes, characters, word pairs, and the answer it asks for."""

from __future__ import annotations

import functools
import re
from weakref import WeakKeyDictionary

from ._query_core import YEAR, Draft, Origin
from .analysis import DATA_DIR
from .answer_type import asks_for_figure, asks_for_plan
from .expansion import sound_alike_terms, thesaurus_terms
from .normalise import normalise
from .numbers import counted_figures, counted_spellings, small_counts, spelled_years
from .numerals import digit_string
from .partwords import words_containing

__all__ = [
    "answer_type",
    "archive_abbreviations",
    "characters",
    "glued_words",
    "other_year_spellings",
    "part_words",
    "relative_years",
    "sound_alikes",
    "subwords",
    "synonyms",
    "thesaurus",
    "typed_words",
    "word_pairs",
]

QUESTION_WORDS_PATH = DATA_DIR / "question_words.txt"
SHARED_PARTS = 2  # expansions of several words each: more share this many's weight
PHRASE_MIN = 3  # characters of a word pair, both words together

_NAMED_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
_CJK_WORD = re.compile(r"[\u3400-\u9fff]+")
_SPELLED_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")
_RELATIVE_YEARS = {
    "今年": 0,
    "本年": 0,
    "去年": -1,
    "上年": -1,
    "上一年": -1,
    "过去一年": -1,
    "明年": 1,
    "下一年": 1,
}
_YEAR_TERM = re.compile(r"(?:1[89]|20)[0-9]{2}年?|[一二三四五六七八九〇零]{4}年")


def typed_words(draft: Draft) -> None:
    """The user's words (question words dropped) and their spelled-out percentages as the
    reports write them, at full weight."""
    analyzer = draft.analyzer
    counts = counted_spellings(draft.text)
    base = [
        t
        for t in analyzer.terms(draft.text)
        if t not in _question_words() and not _cut_from(t, counts)
    ]
    figures = [t for p in counted_figures(draft.text) for t in analyzer.terms(p)]
    # "五年" ↔ "5年": the count with its measure, not the bare digit ("5" is in every report)
    figures += [t for p in small_counts(draft.text) for t in analyzer.terms(p) if t == p]
    for term, origin in [(t, Origin.TYPED) for t in base] + [(t, Origin.FIGURE) for t in figures]:
        draft.weights[term] = 1.0
        draft.stands_for[term] = YEAR if _YEAR_TERM.fullmatch(term) else term
        draft.origins.setdefault(term, origin)
        draft.typed.append(term)


_NUMERAL_OR_MEASURE = re.compile(r"[零〇一二两三四五六七八九十百千万亿点]+\w?")


def _cut_from(term: str, counts: list[str]) -> bool:
    """``term`` is a piece the segmenter cut from a count spelled in the question ("一处"
    of 三百六十一处): the count's digits stand for it."""
    return bool(_NUMERAL_OR_MEASURE.fullmatch(term)) and any(term in c for c in counts)


def glued_words(draft: Draft) -> None:
    """A typed word the archive does not hold, which the segmenter glued from a lone
    character and a word ("怎么提雄安" → 提雄安, "领生果金" → 领生果): the part the archive
    holds, or holds inside longer words, is searched as typed, so that the later steps find
    its sub-words, longer words and synonyms."""
    archive = draft.archive
    if archive is None or not hasattr(archive, "words"):
        return
    typed: list[str] = []
    for term in draft.typed:
        typed.append(term)
        if len(term) < 3 or not _CJK_WORD.fullmatch(term) or archive.word_frequency(term):
            continue
        part = _held_part(archive, term)
        if part and part not in draft.weights:
            draft.add(part, 1.0, Origin.SUBWORD, term)
            typed.append(part)
    draft.typed = typed


def _held_part(archive, term: str) -> str | None:
    """``term`` less its first or its last character, when the archive holds the rest as a
    word or inside its words (the longer rest first)."""
    for part in (term[1:], term[:-1]):
        if archive.word_frequency(part) or words_containing(archive, part):
            return part
    return None


def relative_years(draft: Draft) -> None:
    """ "2019年报告里去年的粮食产量": with a year named, 今年/去年/明年 are that year and its
    neighbours, as the index holds them for each speech."""
    named = [int(m.group(1)) for m in _NAMED_YEAR.finditer(draft.text)]
    if len(set(named)) != 1:
        return
    for word, offset in _RELATIVE_YEARS.items():
        if word in draft.text:
            # it stands for the word typed, not for a year typed: the year a speech told
            # as 去年 is searched in its text, and names no speech
            for term in draft.analyzer.terms(f"{named[0] + offset}年"):
                draft.add(term, 1.0, Origin.YEAR, word)


def other_year_spellings(draft: Draft) -> None:
    """The other spelling of each year typed: both stand for one word.  A spelling the
    segmenter breaks up ("二〇二五年" → 二 〇 二 五年) is left out: its pieces would name
    every speech with 二 in its title."""
    for year in spelled_years(draft.text):
        terms = draft.analyzer.terms(year)
        if len(terms) == 1:
            draft.add(terms[0], draft.settings.synonym_weight, Origin.YEAR, YEAR)


def subwords(draft: Draft) -> None:
    """Dictionary words inside long typed words, as the index splits them."""
    for term in draft.typed:
        for sub in draft.analyzer.subwords(term):
            draft.add(sub, draft.settings.subword_weight, Origin.SUBWORD, term)


def part_words(draft: Draft) -> None:
    """The archive's longer words that hold a typed word without the index holding it as
    a sub-word ("雄安" → 雄安新区, "进博" → 进博会), the most frequent first, at
    ``part_weight``: any run of characters a user types finds the words that contain it."""
    archive, weight = draft.archive, draft.settings.part_weight
    if archive is None or not weight or not hasattr(archive, "words"):
        return
    for term in list(draft.typed):
        if not 2 <= len(term) <= 4 or not _CJK_WORD.fullmatch(term):
            continue
        for word in _longer_words(draft, term):
            draft.add(word, weight, Origin.SUBWORD, term)


def _longer_words(draft: Draft, term: str) -> tuple[str, ...]:
    """``part_words``'s words for ``term``, looked up once per index and analyzer."""
    archive, analyzer, limit = draft.archive, draft.analyzer, draft.settings.part_words
    memo = _memo(archive)
    key = ("part", analyzer, term, limit)  # the analyzer itself: its sub-words
    found = memo.get(key) if memo is not None else None
    if found is None:
        longer = [
            word
            for word in words_containing(archive, term)
            if not analyzer.holds_subword(word, term) and archive.word_frequency(word)
        ]
        longer.sort(key=lambda word: -archive.word_frequency(word))
        found = tuple(longer[:limit])
        _keep(memo, key, found)
    return found


def synonyms(draft: Draft) -> None:
    """The synonym table's words for typed words (a key of several words must be typed in
    order); one word standing for a key of several counts as they do together
    (``standing_for``).  A lone character the segmenter splits off a word of several (个 of
    第十四个五年规划) is not searched: it is in every speech."""
    typed, weight = draft.typed, draft.settings.synonym_weight
    found: dict[str, list[tuple[str, ...]]] = {}  # word → the typed keys it stands for
    reach: dict[tuple[str, ...], set[str]] = {}  # typed key → the words it expands to
    stands: dict[str, str] = {}
    parts: list[tuple[str, str, int]] = []  # words of multi-word expansions, and how many
    for i, term in enumerate(typed):
        for key, expanded in draft.analyzer.synonyms_of(term):
            if tuple(typed[i : i + len(key)]) != key:
                continue
            many = sum(len(terms) > 1 for terms in expanded)
            for terms in expanded:
                reach.setdefault(key, set()).update(terms)
                for other in terms:
                    if len(terms) == 1:  # one word for the key: it counts as the key does
                        found.setdefault(other, []).append(key)
                        stands.setdefault(other, term)
                    elif len(other) > 1:
                        parts.append((other, term, many))
    for other, keys in found.items():
        words = [word for key in _distinct(keys, reach) for word in key]
        draft.add(other, standing_for(draft, weight, words), Origin.SYNONYM, stands[other])
    for other, term, many in parts:  # many parts share what one typed word weighs
        draft.add(other, weight * min(1.0, SHARED_PARTS / many), Origin.SYNONYM, term)


def _distinct(keys: list[tuple[str, ...]], reach: dict) -> list[tuple[str, ...]]:
    """The typed keys one word stands for, less those of equal meaning: an abbreviation
    typed as two of its parts (简政放权 放管结合 → 放管服) stands for both, a word typed
    with its synonym (扶贫 脱贫攻坚 → 脱贫) for one of them."""
    kept: list[tuple[str, ...]] = []
    for key in dict.fromkeys(keys):
        if not any(set(key) <= reach.get(other, set()) for other in kept):
            kept.append(key)
    return kept


def archive_abbreviations(draft: Draft) -> None:
    """The short and full forms the archive itself writes side by side (mined when the index
    is built: 亚洲基础设施投资银行（以下简称“亚投行”）): a question typing one also searches the
    other, as the synonym table's abbreviations do."""
    table = getattr(draft.archive, "abbreviations", None)
    weight = draft.settings.synonym_weight
    if not table or not weight or not draft.settings.mined_abbreviations:
        return
    text = normalise(draft.text)  # the table is mined in the normal form (Simplified)
    for short, fulls in table.items():
        if short in text:
            pairs = [(full, short) for full in fulls]
        else:
            pairs = [(short, full) for full in fulls if full in text]
        share = min(1.0, SHARED_PARTS / len(pairs)) if pairs else 1.0  # many full forms share
        for other, typed in pairs:
            terms = draft.analyzer.terms(other)
            given = weight * share
            if len(terms) == 1:  # one word for the typed words: it counts as they do
                given = standing_for(draft, weight, draft.analyzer.terms(typed))
            for term in terms:
                if len(term) > 1 or len(terms) == 1:  # 个 of 十三个五年规划 is everywhere
                    draft.add(term, given, Origin.SYNONYM, typed)


def standing_for(draft: Draft, share: float, words) -> float:
    """The weight of one word standing for several words of the question, at ``share`` of
    each one's weight: their sum (营改增 for 营业税 改征 增值税 counts as much as the three
    together), never more than a typed word (1.0)."""
    return min(1.0, share * sum(draft.weights.get(word, 1.0) for word in words) or share)


def thesaurus(draft: Draft) -> None:
    if draft.archive is None:
        return
    found = thesaurus_terms(
        draft.archive.word_frequency,
        {t: w for t, w in draft.weights.items() if t not in draft.senses},
        draft.settings.thesaurus_words,
        draft.settings.thesaurus_weight,
        draft.stands_for,
    )
    draft.merge(found, Origin.THESAURUS)


def sound_alikes(draft: Draft) -> None:
    if draft.archive is None:
        return
    memo = _memo(draft.archive)
    found = sound_alike_terms(
        draft.archive.word_frequency,
        draft.weights,
        draft.settings.typo_weight,
        draft.stands_for,
        alikes=None if memo is None else functools.partial(_sound_alikes, memo),
    )
    draft.merge(found, Origin.SOUND_ALIKE)


def characters(draft: Draft) -> None:
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


def word_pairs(draft: Draft) -> None:
    """Two words typed one after the other ("队伍" "建设"), joined, after the phrases
    earlier steps found."""
    tokens = draft.analyzer.tokens(draft.text)
    pairs = [
        (a.term, b.term)
        for a, b in zip(tokens, tokens[1:], strict=False)
        if a.end == b.start and len(a.term) + len(b.term) >= PHRASE_MIN
    ]
    for words in pairs:
        draft.phrase_words.setdefault("".join(words), words)
    draft.phrases = list(dict.fromkeys([*draft.phrases, *("".join(w) for w in pairs)]))


def answer_type(draft: Draft) -> None:
    """What the question asks for (a figure, a plan) and the years it names (an English
    question's bare years, read by ``english_terms``, after those written as years); with
    none named, the one year it names relative to each speech's own (去年 -1)."""
    draft.asks_figure = draft.asks_figure or asks_for_figure(draft.text)
    draft.asks_plan = asks_for_plan(draft.text)
    named = [int(m.group(1)) for m in _NAMED_YEAR.finditer(draft.text)]
    named += [int(digit_string(m.group(1))) for m in _SPELLED_YEAR.finditer(draft.text)]
    draft.years = list(dict.fromkeys(named + draft.years))
    if not draft.asks_plan:
        draft.reviewed = [y for y in draft.years if not _names_speech(draft.text, y)]
    # a plan's year is its own report's, unless a day or month dates an event in it
    # ("1976年4月7日…提议确定": told by the speeches after it)
    draft.speech_years = [
        y
        for y in draft.years
        if _names_speech(draft.text, y)
        or (draft.asks_plan and not re.search(rf"{y}年\d{{1,2}}月", draft.text))
    ]
    if not draft.years:
        said = {offset for word, offset in _RELATIVE_YEARS.items() if word in draft.text}
        draft.relative_year = said.pop() if len(said) == 1 else None


# a year that names a speech rather than the time asked about: "2021年政府工作报告里…",
# "2019年新年贺词", "2018年中央经济工作会议上…"
_SPEECH_KINDS = "报告|讲话|贺词|献词|致辞|发言|演讲|会议|大会|会上"


def _names_speech(text: str, year: int) -> bool:
    return bool(re.search(rf"{year}年[^，。？?！!\s]{{0,8}}?(?:{_SPEECH_KINDS})", text))


@functools.cache
def _question_words() -> frozenset[str]:
    lines = QUESTION_WORDS_PATH.read_text("utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


# What an index answers for a word of a question, kept per index (an index is replaced,
# never changed, when speeches are added; the memo goes with it): the longer words holding
# a typed run, the same-sounding words of an unknown one.  Words recur from question to
# question (a bot's users ask of the same things); the most recent _MEMO_KEPT are kept.
_MEMOS: WeakKeyDictionary = WeakKeyDictionary()
_MEMO_KEPT = 4096


def _memo(archive) -> dict | None:
    try:
        memo = _MEMOS.get(archive)
        if memo is None:
            memo = _MEMOS[archive] = {}
    except TypeError:  # an archive that cannot be weakly referenced: nothing kept
        return None
    return memo


def _keep(memo: dict | None, key, value) -> None:
    if memo is None:
        return
    memo[key] = value
    if len(memo) > _MEMO_KEPT:
        try:
            del memo[next(iter(memo))]
        except (KeyError, RuntimeError, StopIteration):  # another thread took it first
            pass


def _sound_alikes(memo: dict, term: str, find) -> list[str]:
    key = ("sound", term)
    found = memo.get(key)
    if found is None:
        found = find(term)
        _keep(memo, key, found)
    return found
