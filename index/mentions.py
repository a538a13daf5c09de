"""Every paragraph that holds a phrase, verbatim: grep over the stored passages with
section references, grouped by speech, paged, with the true count.

The phrase is matched as written, ignoring width, case, traditional characters
(``normalise``) and white space, except that white space between two latin letters or
digits separates words ("20 20" is not "2020").  The index narrows the passages to read: a
passage holding the phrase holds each of its Chinese characters, so only passages in the
postings of all of them (the ``chars`` field) are read; for a phrase without any, those
holding a latin word or number that contains each of its runs of letters and digits.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

import numpy as np

from ._postings import CompactField
from .analysis import Analyzer
from .model import Ref
from .normalise import normalise
from .passage_index import SearchIndex
from .store import SpeechInfo, Store, StoredPassage

__all__ = ["Mention", "Mentions", "find_mentions", "quoted_phrase"]

_QUOTED = re.compile(r"\s*(?:\"([^\"]+)\"|“([^”]+)”|「([^」]+)」|『([^』]+)』)\s*")
# the characters the index's character field holds one by one (as ``analysis`` reads them)
_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_LATIN_RUN = re.compile(rf"[^\W\d_{_CJK}]+|[0-9]+")
_FIELD_WORD = re.compile(rf"[0-9]+(?:\.[0-9]+)?|[^\W\d_{_CJK}]+")
_SPACE = re.compile(r"\s+")
_WORDLIKE = re.compile(rf"[^\W_{_CJK}]{{2}}")
_READ_BATCH = 2000


def quoted_phrase(question: str) -> str | None:
    """The phrase of a question that is one phrase in quotes ("雄安新区", “雄安新区”,
    「雄安新区」); None for any other question."""
    match = _QUOTED.fullmatch(question or "")
    if not match:
        return None
    phrase = next(g for g in match.groups() if g is not None).strip()
    return phrase or None


@dataclass(frozen=True)
class Mention:
    """One paragraph holding the phrase."""

    speech_id: int
    title: str
    date: str | None
    ref: Ref
    path: tuple[str, ...]  # heading path from the top level down
    text: str  # the paragraph (or, for a long one, its windows holding the phrase)
    spans: tuple[tuple[int, int], ...]  # where the phrase stands in ``text``


@dataclass(frozen=True)
class Mentions:
    """A page of the paragraphs holding ``phrase``, and how many there are in all."""

    phrase: str
    total: int  # paragraphs holding it
    occurrences: int  # times it occurs in them
    speeches: int  # speeches holding it
    offset: int
    items: tuple[Mention, ...]  # this page, grouped by speech (by date), in text order

    def groups(self) -> list[list[Mention]]:
        """The page's mentions, one list per speech."""
        out: list[list[Mention]] = []
        for item in self.items:
            if out and out[-1][0].speech_id == item.speech_id:
                out[-1].append(item)
            else:
                out.append([item])
        return out


def find_mentions(
    phrase: str,
    *,
    index: SearchIndex,
    store: Store,
    analyzer: Analyzer,
    speeches: list[SpeechInfo],
    offset: int = 0,
    limit: int = 20,
) -> Mentions:
    """The paragraphs of ``speeches`` (in the order given) that hold ``phrase``."""
    wanted = _squeezed(normalise(phrase))[0]
    offset, limit = max(0, offset), max(0, limit)
    if not wanted or not speeches:
        return Mentions(phrase, 0, 0, 0, offset, ())
    rows = _candidate_rows(index, analyzer, wanted, {info.id for info in speeches})
    found: dict[Ref, list[tuple[int, StoredPassage, list[tuple[int, int]]]]] = {}
    pids = [int(p) for p in np.asarray(index.passage_ids)[rows]]
    for start in range(0, len(pids), _READ_BATCH):
        part = pids[start : start + _READ_BATCH]
        for pid, passage in store.passages(part).items():
            spans = _find(wanted, passage.text)
            if spans:
                ref = Ref(passage.speech_id, passage.section_path, passage.paragraph)
                found.setdefault(ref, []).append((pid, passage, spans))
    position = {info.id: n for n, info in enumerate(speeches)}
    refs = sorted(found, key=lambda r: (position[r.speech_id], min(p for p, _, _ in found[r])))
    page = [_mention(ref, sorted(found[ref], key=lambda w: w[0])) for ref in refs]
    return Mentions(
        phrase,
        total=len(refs),
        occurrences=sum(len(s) for windows in found.values() for _, _, s in windows),
        speeches=len({ref.speech_id for ref in refs}),
        offset=offset,
        items=tuple(page[offset : offset + limit]),
    )


def _candidate_rows(
    index: SearchIndex, analyzer: Analyzer, wanted: str, speech_ids: set[int]
) -> np.ndarray:
    """Index rows of the passages that may hold ``wanted``, within the chosen speeches:
    those holding each of its Chinese characters (the rarest few suffice), else those
    holding a latin word or number that contains its first run of letters or digits."""
    field = index.fields["chars"]
    postings = []
    for char in dict.fromkeys(_CJK_CHAR.findall(wanted)):
        if not analyzer.chars(char):
            continue  # a stopword character is left out of the field: it narrows nothing
        tid = field.vocabulary.get(char)
        if tid is None or tid + 1 >= len(field.indptr):
            return np.zeros(0, np.int64)  # no passage holds it
        postings.append(field.term_docs(tid))
    runs = [run for run in dict.fromkeys(_LATIN_RUN.findall(wanted)) if analyzer.chars(run)]
    if not postings:
        # the field holds latin words and numbers whole, and each run of letters or digits
        # of the phrase lies inside one of them
        for run in runs:
            docs = [field.term_docs(tid) for term, tid in _latin_terms(field) if run in term]
            postings.append(np.unique(np.concatenate(docs)) if docs else np.zeros(0, np.int64))
    if postings:
        postings.sort(key=len)
        rows = postings[0]
        for other in postings[1:4]:
            rows = np.intersect1d(rows, other, assume_unique=True)
    else:
        rows = np.arange(len(index.passage_ids))
    owners = np.asarray(index.speech_ids)[rows]
    return rows[np.isin(owners, np.fromiter(speech_ids, np.int64, len(speech_ids)))]


def _squeezed(text: str) -> tuple[str, list[int]]:
    """``text`` without white space, but for one space between two latin letters or
    digits ("3 200", "G 20": words apart), and each kept character's offset in ``text``."""
    out: list[str] = []
    where: list[int] = []
    pos = 0
    for space in _SPACE.finditer(text):
        start, end = space.span()
        out.append(text[pos:start])
        where.extend(range(pos, start))
        if start and end < len(text) and _WORDLIKE.match(text[start - 1] + text[end]):
            out.append(" ")
            where.append(start)
        pos = end
    out.append(text[pos:])
    where.extend(range(pos, len(text)))
    return "".join(out), where


_latin_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _latin_terms(field: CompactField) -> list[tuple[str, int]]:
    """(term, term id) of the field's latin words and numbers that have postings, read once
    per loaded index."""
    terms = _latin_cache.get(field)
    if terms is None:
        indptr, size = field.indptr, len(field.indptr)
        terms = _latin_cache[field] = [
            (term, tid)
            for term, tid in field.vocabulary.items()
            if tid + 1 < size and indptr[tid + 1] > indptr[tid] and _FIELD_WORD.fullmatch(term)
        ]
    return terms


def _find(wanted: str, text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (as written) where ``wanted`` (normalised, squeezed) occurs."""
    norm = normalise(text)
    if _SPACE.search(norm):
        squeezed, where = _squeezed(norm)
    else:  # most paragraphs: offsets are the text's own
        squeezed, where = norm, None
    spans, at = [], squeezed.find(wanted)
    while at >= 0:
        end = at + len(wanted)
        spans.append((where[at], where[end - 1] + 1) if where else (at, end))
        at = squeezed.find(wanted, end)
    return spans


def _mention(ref: Ref, windows: list[tuple[int, StoredPassage, list[tuple[int, int]]]]) -> Mention:
    """One paragraph's mention; a long paragraph's windows that hold the phrase, joined."""
    first = windows[0][1]
    text, spans = "", []
    for _, passage, found in windows:
        spans += [(start + len(text), end + len(text)) for start, end in found]
        text += passage.text
    return Mention(
        first.speech_id, first.title, first.date, ref, first.headings, text, tuple(spans)
    )
