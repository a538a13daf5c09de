"""The analysis chain: normalise → segment → filter, shared by the index and the query.

Modelled on Lucene/Whoosh analysers.  Every step keeps character offsets valid:

* :func:`normalise` maps the text character by character (full-width → half-width,
  lower case, Traditional → Simplified), so ``len(normalise(text)) == len(text)`` and an
  offset into the normalised text is an offset into the original.
* :class:`Analyzer` segments the normalised text with its own jieba tokenizer (precise
  mode, HMM on), then drops punctuation, whitespace and stopwords and turns numbers with
  their units (``3.5%``, ``50万``, ``2019年``) into searchable units plus their bare number.

The same :class:`Analyzer` produces the index terms (:meth:`Analyzer.tokens`,
:meth:`Analyzer.chars`) and the words a query is built from (``index/query.py``), so the
two never disagree.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import SpeechbotError
from .normalise import normalise
from .segmenters import SEGMENTERS, make_segmenter

__all__ = ["CJK_RANGES", "DATA_DIR", "OTHER_CHARS_RE", "Analyzer", "Token", "normalise"]

DATA_DIR = Path(__file__).resolve().parent / "data"
USERDICT_PATH = DATA_DIR / "userdict.txt"
STOPWORDS_PATH = DATA_DIR / "stopwords.txt"


@dataclass(frozen=True, slots=True)
class Token:
    """One indexed word: its normalised term and where it stands in the original text."""

    term: str  # normalised term as indexed
    start: int  # offsets into the ORIGINAL (un-normalised) text passed in
    end: int


# ---------------------------------------------------------------------------------------
# character classes

# the CJK characters, as (first, last) code points
CJK_RANGES = (
    (0x3007, 0x3007),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)
_CJK = "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in CJK_RANGES)

# The character field: each CJK character alone, numbers and other words whole.  What it
# holds but the CJK characters (``char_field.py`` takes those from a table instead).
OTHER_CHARS_RE = re.compile(rf"[0-9]+(?:\.[0-9]+)?|[^\W\d_{_CJK}]+")
_CHARS_RE = re.compile(rf"[{_CJK}]|{OTHER_CHARS_RE.pattern}")

# Numbers with a magnitude and/or a unit: 3.5%  50万  2019年  82.7万亿元  0.5个百分点.
_UNITS = (
    "个百分点 百分点 平方公里 平方千米 平方米 立方米 千瓦时 公里 千米 公顷 千瓦 小时 分钟 "
    "美元 欧元 人次 周年 年 月 日 号 元 人 个 倍 岁 次 吨 亩 户 家 项 座 名 件 辆 台 套 "
    "条 天 所 届 批 位 种 只 米 克 斤 度 期 颗 艘 架 部 场 篇 册 余 多"
).split()
_UNIT_RE = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_NUMBER_RE = re.compile(
    rf"(?<![0-9a-z.])([0-9]+(?:\.[0-9]+)?)(?:([万亿千百]+)(?:{_UNIT_RE}|[%‰])?|(?:{_UNIT_RE}|[%‰]))"
)


def _is_junk(word: str) -> bool:
    """True for a word made only of punctuation, symbols, whitespace or control chars."""
    return all(unicodedata.category(ch)[0] in "PZSC" for ch in word)


# ---------------------------------------------------------------------------------------
# the analyzer


def _read_lines(path: Path, what: str) -> list[str]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SpeechbotError(f"{what} {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SpeechbotError(f"{what} {path}: not UTF-8 text ({exc.reason})") from exc
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


class _KeepTable(dict):
    """word → kept? (not a stopword, not punctuation/whitespace only), filled lazily."""

    def __init__(self, stopwords: frozenset[str]) -> None:
        super().__init__()
        self._stopwords = stopwords

    def __missing__(self, word: str) -> bool:
        keep = word not in self._stopwords and not _is_junk(word)
        if len(self) < 1_000_000:
            self[word] = keep
        return keep


class _WordTable(dict):
    """word → a tuple of terms, computed once per word by ``make`` (bounded in size)."""

    def __init__(self, make) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, word: str) -> tuple[str, ...]:
        value = self._make(word)
        if len(self) < 1_000_000:
            self[word] = value
        return value


def _read_userdict(path: Path) -> list[tuple[str, int | None, str | None]]:
    """``word [freq] [tag]`` lines → (normalised word, freq, tag)."""
    entries = []
    for line in _read_lines(path, "user dictionary"):
        parts = line.split()
        freq: int | None = None
        tag: str | None = None
        for part in parts[1:]:
            if part.isdigit() and freq is None:
                freq = max(int(part), 1)  # 0 would force-split in jieba's global HMM
            elif not part.isdigit() and tag is None:
                tag = part
        entries.append((normalise(parts[0]), freq, tag))
    return entries


class Analyzer:
    """normalise → jieba precise segmentation → filters; one instance per configuration.

    Each analyzer owns its jieba tokenizer (the global one is never touched), loaded with
    the shipped ``data/userdict.txt`` and then ``user_dicts`` (jieba format:
    ``word [freq] [tag]`` a line), and the shipped ``data/stopwords.txt`` plus
    ``extra_stopwords``.  ``synonyms`` maps a query word to words that should also be
    searched (one way: ``{"gdp": ["国内生产总值"]}``).
    """

    def __init__(
        self,
        user_dicts: Sequence[str | Path] = (),
        extra_stopwords: Iterable[str] = (),
        synonyms: Mapping[str, Sequence[str]] | None = None,
        segmenter: str = "jieba",
    ) -> None:
        if segmenter not in SEGMENTERS:
            make_segmenter(segmenter)  # the error that names the segmenters there are
        self.segmenter = segmenter
        # read now, so that a missing file is said at once; given to the tokenizer when it is
        # first needed (loading its dictionary is most of a command's start-up)
        self._user_words = [
            entry for path in (USERDICT_PATH, *user_dicts) for entry in _read_userdict(Path(path))
        ]
        self._synonym_config = dict(synonyms or {})

        words = {normalise(w) for w in _read_lines(STOPWORDS_PATH, "stopword list")}
        words.update(normalise(w.strip()) for w in extra_stopwords if w.strip())
        self._stopwords = frozenset(words)
        self._stopchars = frozenset(w for w in words if len(w) == 1)
        self._keep = _KeepTable(self._stopwords)
        self._subword_cache: dict[str, list[str]] = {}
        # word → the terms it stands for: (word,) or () for a stopword, and for the body
        # field also its dictionary sub-words
        self._as_term = _WordTable(lambda word: (word,) if self._keep[word] else ())
        self._as_index_terms = _WordTable(
            lambda word: (word, *self.subwords(word)) if self._keep[word] else ()
        )

    @functools.cached_property
    def _tokenizer(self):
        tokenizer = make_segmenter(self.segmenter)
        for word, freq, tag in self._user_words:
            tokenizer.add_word(word, freq, tag)
        return tokenizer

    @functools.cached_property
    def _synonyms(self) -> dict[str, list[tuple[tuple[str, ...], list[tuple[str, ...]]]]]:
        """first term of a synonym key → (the key's terms, the terms of each word it
        expands to)"""
        table: dict[str, list[tuple[tuple[str, ...], list[tuple[str, ...]]]]] = {}
        for key, values in self._synonym_config.items():
            key_terms = tuple(self.terms(key))
            if not key_terms:
                continue
            expanded = [terms for terms in map(tuple, map(self.terms, values)) if terms]
            if expanded:
                table.setdefault(key_terms[0], []).append((key_terms, expanded))
        return table

    def keeps(self, word: str) -> bool:
        """False for a stopword and for punctuation or whitespace."""
        return self._keep[word]

    def synonyms_of(self, term: str) -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
        """The synonym entries whose key starts with ``term``: (the key's terms, the terms
        of each word it expands to)."""
        return self._synonyms.get(term, [])

    # -- index side ---------------------------------------------------------------------

    def tokens(self, text: str) -> list[Token]:
        """Words for the index, in text order, with offsets into ``text``.

        ``normalise(text)[t.start:t.end] == t.term`` for every token.  A number with a unit
        yields the whole unit (``82.7万亿元``), the number with its magnitude when there is
        also a unit (``82.7万亿``) and the bare number (``82.7``), all from the same start.
        """
        out: list[Token] = []
        self._segment(text, lambda term, start, end: out.append(Token(term, start, end)))
        return out

    def runs(self, norm: str) -> Iterator[tuple[int, list[str]] | re.Match[str]]:
        """The segmentation of normalised text as runs, in text order: ``(offset, words)``
        for jieba's words (kept or not) starting at ``offset``, and a number match where a
        number unit stands (the words inside it are left out; a word straddling its edge
        is kept).  Ingest maps whole runs through a table (no Python call per word)."""
        words = self._tokenizer.cut(norm, HMM=True)  # rjieba: a list; jieba: a generator
        words = words if isinstance(words, list) else list(words)
        numbers = _NUMBER_RE.finditer(norm)
        number = next(numbers, None)
        if number is None:  # most passages: one run
            yield 0, words
            return
        ends = list(itertools.accumulate(map(len, words)))
        i = 0  # the next word not yet yielded
        while number is not None:
            start, end = number.span()
            j = bisect.bisect_right(ends, start, lo=i)  # first word starting at or after it
            j += j < len(words) and ends[j] - len(words[j]) < start
            if j > i:
                yield ends[i] - len(words[i]), words[i:j]
            yield number
            while j < len(words) and ends[j] <= end:  # words inside the number unit
                j += 1
            i = j
            number = next(numbers, None)
        if i < len(words):
            yield ends[i] - len(words[i]), words[i:]

    def _segment(self, text: str, emit) -> None:
        """Call ``emit(term, start, end)`` for each token of ``tokens()``."""
        keep = self._keep
        for run in self.runs(normalise(text)):
            if isinstance(run, re.Match):
                self._emit_number(run, emit)
                continue
            pos, words = run
            for word in words:
                start = pos
                pos += len(word)
                if keep[word]:
                    emit(word, start, pos)

    @staticmethod
    def number_terms(match: re.Match[str]) -> list[str]:
        """A number unit, the number with its magnitude when there is also a unit, and the
        bare number."""
        out = [match.group()]
        if match.group(2) and match.end(2) < match.end():
            out.append(match.string[match.start() : match.end(2)])
        out.append(match.group(1))
        return out

    @staticmethod
    def _emit_number(match: re.Match[str], emit) -> None:
        start = match.start()
        for term in Analyzer.number_terms(match):
            emit(term, start, start + len(term))

    def _mapped(self, norm: str, table: Mapping[str, tuple[str, ...]]) -> list[str]:
        """Each word of ``norm`` through ``table`` (word → the terms it stands for)."""
        out: list[str] = []
        for run in self.runs(norm):
            if isinstance(run, re.Match):
                out += self.number_terms(run)  # no sub-words: a number starts with a digit
            else:
                out += itertools.chain.from_iterable(map(table.__getitem__, run[1]))
        return out

    def terms(self, text: str) -> list[str]:
        """The index terms of ``text``: ``[t.term for t in tokens(text)]`` (without making
        the tokens: this is the hot path of ingest)."""
        return self._mapped(normalise(text), self._as_term)

    @property
    def stopchars(self) -> frozenset[str]:
        """The characters the character field leaves out."""
        return self._stopchars

    def chars(self, text: str) -> list[str]:
        """The character field: each CJK character (stopword characters dropped), plus
        latin words and numbers whole.  Lets single characters and parts of words match."""
        return self._chars(normalise(text))

    def _chars(self, norm: str) -> list[str]:
        return list(itertools.filterfalse(self._stopchars.__contains__, _CHARS_RE.findall(norm)))

    def index_terms(self, text: str) -> list[str]:
        """The body field of a passage: its terms plus the dictionary sub-words of long
        words (jieba's search mode), so a query "经济" finds "民营经济"."""
        return self._mapped(normalise(text), self._as_index_terms)

    def fields(self, text: str, normalised: str | None = None) -> tuple[list[str], list[str]]:
        """``(index_terms(text), chars(text))``, normalising once (ingest).  ``normalised``:
        ``normalise(text)`` when the caller has it (a slice of the whole speech's)."""
        norm = normalise(text) if normalised is None else normalised
        return self._mapped(norm, self._as_index_terms), self._chars(norm)

    def subwords(self, term: str) -> list[str]:
        cached = self._subword_cache.get(term)
        if cached is None:
            cached = self._find_subwords(term)
            if len(self._subword_cache) < 500_000:
                self._subword_cache[term] = cached
        return cached

    def holds_subword(self, term: str, part: str) -> bool:
        """Whether ``part`` is one of ``subwords(term)``, found without making them all: a
        query asks it of every archive word that holds a typed run, and their number grows
        with the archive's vocabulary (``_query_words.part_words``)."""
        n = len(term)
        if n <= 2 or term[0].isdigit() or len(part) not in _subword_sizes(n):
            return False
        return part in term and self._tokenizer.known(part) and self._keep[part]

    def _find_subwords(self, term: str) -> list[str]:
        n = len(term)
        if n <= 2 or term[0].isdigit():
            return []
        known, keep = self._tokenizer.known, self._keep
        return [
            gram
            for size in _subword_sizes(n)
            for i in range(n - size + 1)
            if known(gram := term[i : i + size]) and keep[gram]
        ]


def _subword_sizes(n: int) -> tuple[int, ...]:
    """The lengths of the dictionary sub-words looked for in a word of ``n`` characters."""
    return (2, 3) if n > 3 else (2,)
