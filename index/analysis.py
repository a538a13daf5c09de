"""The analysis chain: normalise → segment → filter, shared by the index and the query.

Modelled on Lucene/Whoosh analysers.  Every step keeps character offsets valid:

* :func:`normalise` maps the text character by character (full-width → half-width,
  lower case, Traditional → Simplified), so ``len(normalise(text)) == len(text)`` and an
  offset into the normalised text is an offset into the original.
* :class:`Analyzer` segments the normalised text with its own jieba tokenizer (precise
  mode, HMM on), then drops punctuation, whitespace and stopwords and turns numbers with
  their units (``3.5%``, ``50万``, ``2019年``) into searchable units plus their bare number.

The same :class:`Analyzer` produces the index terms (:meth:`Analyzer.tokens`,
:meth:`Analyzer.chars`) and the query terms (:meth:`Analyzer.query_terms`,
:meth:`Analyzer.query_chars`), so the two never disagree.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import SpeechbotError
from .numbers import spelled_percentages, spelled_years

__all__ = ["DATA_DIR", "Analyzer", "Token", "normalise"]

DATA_DIR = Path(__file__).resolve().parent / "data"
USERDICT_PATH = DATA_DIR / "userdict.txt"
STOPWORDS_PATH = DATA_DIR / "stopwords.txt"
QUESTION_WORDS_PATH = DATA_DIR / "question_words.txt"


@dataclass(frozen=True, slots=True)
class Token:
    """One indexed word: its normalised term and where it stands in the original text."""

    term: str  # normalised term as indexed
    start: int  # offsets into the ORIGINAL (un-normalised) text passed in
    end: int


# ---------------------------------------------------------------------------------------
# normalise


_t2s_lock = threading.Lock()
_t2s_converter = None


def _t2s(ch: str) -> str:
    """OpenCC 't2s' of one character (the converter is built on first use)."""
    global _t2s_converter
    if _t2s_converter is None:
        with _t2s_lock:
            if _t2s_converter is None:
                import opencc

                _t2s_converter = opencc.OpenCC("t2s")
    try:
        return _t2s_converter.convert(ch)
    except Exception:  # lone surrogates and the like: leave the character alone
        return ch


def _normalise_char(ch: str) -> str:
    """The normal form of one character; always exactly one character."""
    if unicodedata.category(ch) == "Cs":
        return "\ufffd"  # a lone surrogate cannot be encoded (and means nothing)
    nfkc = unicodedata.normalize("NFKC", ch)
    out = nfkc if len(nfkc) == 1 else ch
    lower = out.lower()
    if len(lower) == 1:
        out = lower
    if not out.isascii():
        simplified = _t2s(out)
        if len(simplified) == 1:
            out = simplified
    return out


class _NormTable(dict):
    """A ``str.translate`` table that fills itself in, one character at a time."""

    def __missing__(self, code: int) -> int:
        value = ord(_normalise_char(chr(code)))
        self[code] = value
        return value


_NORM_TABLE = _NormTable()
for _code in range(128):
    _NORM_TABLE[_code] = ord(chr(_code).lower())


def normalise(text: str) -> str:
    """Same length as the input, char by char: full-width → half-width, lower case,
    Traditional → Simplified, so offsets stay valid.

    Each character is replaced by its NFKC form when that is a single character, then
    lower-cased (when that stays one character), then converted by OpenCC ``t2s`` (when
    that stays one character).  Results are cached per character, so normalising is a
    single ``str.translate`` pass, or for a long text one numpy lookup (ten times faster
    a character: ingest normalises each speech whole).
    """
    if len(text) >= _VECTOR_MIN_CHARS:
        try:
            codes = np.frombuffer(text.encode("utf-32-le"), np.uint32)
        except UnicodeEncodeError:  # a lone surrogate: the table path replaces it
            return text.translate(_NORM_TABLE)
        return _normalise_codes(codes).tobytes().decode("utf-32-le")
    return text.translate(_NORM_TABLE)


_VECTOR_MIN_CHARS = 2000  # below this, numpy's fixed cost outweighs its speed
_norm_codes: np.ndarray | None = None  # code point → its normal form's, where known
_norm_known: np.ndarray | None = None


def _normalise_codes(codes: np.ndarray) -> np.ndarray:
    global _norm_codes, _norm_known
    if _norm_codes is None:
        _norm_known = np.zeros(sys.maxunicode + 1, bool)
        _norm_codes = np.arange(sys.maxunicode + 1, dtype=np.uint32)
    unknown = codes[~_norm_known[codes]]
    if unknown.size:  # first sight of these characters: fill in from the table
        for code in np.unique(unknown).tolist():
            _norm_codes[code] = _NORM_TABLE[code]
        _norm_known[unknown] = True
    return _norm_codes[codes]


# ---------------------------------------------------------------------------------------
# character classes

_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

# The character field: each CJK character alone, numbers and other words whole.
_CHARS_RE = re.compile(rf"[{_CJK}]|[0-9]+(?:\.[0-9]+)?|[^\W\d_{_CJK}]+")

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


_YEAR_TERM = re.compile(r"(?:1[89]|20)[0-9]{2}年?|[一二三四五六七八九〇零]{4}年")


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


class _JiebaSegmenter:
    """jieba's own Tokenizer (the reference segmenter)."""

    def __init__(self) -> None:
        import jieba  # here, not at the top: a server on rjieba saves 0.25 s of start

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        self._freq = self._tokenizer.FREQ

    def cut(self, text: str, HMM: bool = True):  # noqa: N803 - jieba's own keyword
        return self._tokenizer.cut(text, HMM=HMM)

    def add_word(self, word: str, freq: int | None, tag: str | None) -> None:
        self._tokenizer.add_word(word, freq, tag)

    def known(self, word: str) -> bool:
        return bool(self._freq.get(word))


class _RustSegmenter:
    """jieba-rs through rjieba: the same dictionary and algorithm, ~15× faster (measured on
    the shared corpus: 99.98% of tokens identical; it keeps "2026-02-02" whole)."""

    def __init__(self) -> None:
        import rjieba

        self._jieba = rjieba.Jieba()

    def cut(self, text: str, HMM: bool = True):  # noqa: N803 - same signature as jieba
        return self._jieba.cut(text, hmm=HMM)

    def add_word(self, word: str, freq: int | None, tag: str | None) -> None:
        self._jieba.add_word(word, freq, tag)

    def known(self, word: str) -> bool:
        return self._jieba.has_word(word)


SEGMENTERS = {"jieba": _JiebaSegmenter, "rjieba": _RustSegmenter}


def _segmenter(name: str):
    if name not in SEGMENTERS:
        raise SpeechbotError(f"未知的分词器 {name}（可用：jieba、rjieba）")
    return SEGMENTERS[name]()


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
        self.segmenter = segmenter
        self._tokenizer = _segmenter(segmenter)
        for path in (USERDICT_PATH, *user_dicts):
            self._load_userdict(Path(path))

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
            lambda word: (word, *self._subwords(word)) if self._keep[word] else ()
        )

        # first term of a synonym key → (the key's terms, the terms it expands to)
        self._synonyms: dict[str, list[tuple[tuple[str, ...], list[str]]]] = {}
        for key, values in (synonyms or {}).items():
            key_terms = tuple(self.terms(key))
            if not key_terms:
                continue
            expanded: list[str] = []
            for value in values:
                expanded.extend(self.terms(value))
            if expanded:
                self._synonyms.setdefault(key_terms[0], []).append((key_terms, expanded))

    def _load_userdict(self, path: Path) -> None:
        """Add ``word [freq] [tag]`` lines to this analyzer's tokenizer (words normalised)."""
        for line in _read_lines(path, "user dictionary"):
            parts = line.split()
            word = normalise(parts[0])
            freq: int | None = None
            tag: str | None = None
            for part in parts[1:]:
                if part.isdigit() and freq is None:
                    freq = max(int(part), 1)  # 0 would force-split in jieba's global HMM
                elif not part.isdigit() and tag is None:
                    tag = part
            self._tokenizer.add_word(word, freq, tag)

    @property
    def stopwords(self) -> frozenset[str]:
        return self._stopwords

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

    def _runs(self, norm: str) -> Iterator[tuple[int, list[str]] | re.Match[str]]:
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
        for run in self._runs(normalise(text)):
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
    def _number_terms(match: re.Match[str]) -> list[str]:
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
        for term in Analyzer._number_terms(match):
            emit(term, start, start + len(term))

    def _mapped(self, norm: str, table: Mapping[str, tuple[str, ...]]) -> list[str]:
        """Each word of ``norm`` through ``table`` (word → the terms it stands for)."""
        out: list[str] = []
        for run in self._runs(norm):
            if isinstance(run, re.Match):
                out += self._number_terms(run)  # no sub-words: a number starts with a digit
            else:
                out += itertools.chain.from_iterable(map(table.__getitem__, run[1]))
        return out

    def terms(self, text: str) -> list[str]:
        """The index terms of ``text``: ``[t.term for t in tokens(text)]`` (without making
        the tokens: this is the hot path of ingest)."""
        return self._mapped(normalise(text), self._as_term)

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

    def _subwords(self, term: str) -> list[str]:
        cached = self._subword_cache.get(term)
        if cached is None:
            cached = self._find_subwords(term)
            if len(self._subword_cache) < 500_000:
                self._subword_cache[term] = cached
        return cached

    def _find_subwords(self, term: str) -> list[str]:
        n = len(term)
        if n <= 2 or term[0].isdigit():
            return []
        known, keep = self._tokenizer.known, self._keep
        return [
            gram
            for size in ((2, 3) if n > 3 else (2,))
            for i in range(n - size + 1)
            if known(gram := term[i : i + size]) and keep[gram]
        ]

    # -- query side ---------------------------------------------------------------------

    def query_terms(self, text: str) -> list[str]:
        """Terms of a query: the index terms, plus jieba search-mode sub-words of long
        words (so a word the index split differently still matches), plus synonyms and
        spelled-out percentages ("百分之五" → "5%"); deduplicated, in order."""
        return list(self.weighted_query(text))

    def weighted_query(
        self,
        text: str,
        subword_weight: float = 1.0,
        synonym_weight: float = 0.5,
        origins: dict[str, str] | None = None,
    ) -> dict[str, float]:
        """``query_terms`` with a weight each: the user's own words count fully, words
        they only imply (sub-words, synonyms) count less.  ``origins``, when given, is
        filled with term → the user's word it stands for (itself for the user's words)."""
        base = [t for t in self.terms(text) if t not in _question_words()]
        base += [t for p in spelled_percentages(text) for t in self.terms(p)]
        origins = {} if origins is None else origins
        out: dict[str, float] = {}
        for term in base:
            out[term] = 1.0
            origins[term] = "#year" if _YEAR_TERM.fullmatch(term) else term
        for year in spelled_years(text):  # the other spelling of a year the user typed
            for term in self.terms(year):
                out.setdefault(term, synonym_weight)
                origins.setdefault(term, "#year")  # both spellings stand for one word
        for term in base:
            for sub in self._subwords(term):
                out.setdefault(sub, subword_weight)
                origins.setdefault(sub, term)
        for i, term in enumerate(base):
            for key, expanded in self._synonyms.get(term, ()):
                if tuple(base[i : i + len(key)]) == key:
                    for other in expanded:
                        out.setdefault(other, synonym_weight)
                        origins.setdefault(other, term)
        return out

    def query_chars(self, text: str) -> list[str]:
        """``chars()`` of the query, deduplicated, in order."""
        return list(dict.fromkeys(self.chars(text)))

    def match_spans(
        self, text: str, query: str, terms: Sequence[str] | None = None
    ) -> list[tuple[int, int]]:
        """Spans of ``text`` where query terms occur: merged, sorted, non-overlapping.

        Word tokens whose term is a query term, plus, for query terms no token matched,
        every occurrence of the term in ``normalise(text)`` (so ``质量`` is marked inside
        ``区长质量奖``).  Offsets are into ``text`` as given.  ``terms``: the query's terms
        when already known (one search highlights several hits).
        """
        wanted = list(terms) if terms is not None else self.query_terms(query)
        if not wanted:
            return []
        wanted_set = set(wanted)
        spans: list[tuple[int, int]] = []
        found: set[str] = set()
        norm = normalise(text)
        for run in self._runs(norm):  # hot: 5 hits a search; no Python call per word
            if isinstance(run, re.Match):
                start = run.start()
                for term in self._number_terms(run):
                    if term in wanted_set:
                        spans.append((start, start + len(term)))
                        found.add(term)
                continue
            offset, words = run
            edges = list(itertools.accumulate(map(len, words), initial=offset))
            for i in itertools.compress(range(len(words)), map(wanted_set.__contains__, words)):
                if self._keep[words[i]]:
                    spans.append((edges[i], edges[i + 1]))
                    found.add(words[i])
        for term in wanted:
            if term in found:
                continue
            i = norm.find(term)
            while i >= 0:
                spans.append((i, i + len(term)))
                i = norm.find(term, i + 1)
        return _merge(spans)


@functools.cache
def _question_words() -> frozenset[str]:
    lines = QUESTION_WORDS_PATH.read_text("utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge the ones that overlap or touch."""
    if not spans:
        return []
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end:
            if end > last_end:
                merged[-1] = (last_start, end)
        else:
            merged.append((start, end))
    return merged
