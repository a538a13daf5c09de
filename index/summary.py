"""Speech → summary: metadata, the outline's top levels, keywords and key sentences.

Keywords come from jieba.analyse (TF-IDF); key sentences are chosen extractively: each
sentence scores the keyword weights it contains, normalised by length, with a bonus for
opening a section, and the best few are returned verbatim in document order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .model import KIND_ROOT, Ref, Speech

_GREETING = re.compile(r"^(同志们|各位代表|各位|女士们|先生们|朋友们|尊敬的)")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]+[”’」』]?")
_BOILERPLATE = {
    "同志",
    "同志们",
    "代表",
    "我们",
    "今年",
    "一是",
    "二是",
    "三是",
    "四是",
    "五是",
    "一年",
}


@dataclass(frozen=True)
class OutlineEntry:
    ref: Ref
    level: int
    heading: str


@dataclass(frozen=True)
class KeySentence:
    ref: Ref  # the paragraph that holds it
    text: str  # verbatim


@dataclass(frozen=True)
class Summary:
    speech_id: int
    title: str
    date: str | None
    speaker: str | None
    occasion: str | None
    source: str
    outline: tuple[OutlineEntry, ...]
    keywords: tuple[str, ...]
    key_sentences: tuple[KeySentence, ...]


@lru_cache(maxsize=1)
def _tfidf():
    """jieba.analyse's TF-IDF extractor, loaded on first use: importing jieba.analyse costs
    ~130 MB (it loads the POS tagger), which a process that only searches need not pay."""
    import jieba.analyse

    return jieba.analyse.TFIDF()


def summarise(
    speech: Speech, *, sentences: int = 4, keywords: int = 10, outline_levels: int = 2
) -> Summary:
    """Summarise one speech (deterministic)."""
    weighted = [
        (word, weight)
        for word, weight in _tfidf().extract_tags(speech.text, topK=keywords * 3, withWeight=True)
        if word not in _BOILERPLATE and not re.fullmatch(r"[\d.%]+", word)
    ][: keywords * 2]
    return Summary(
        speech_id=speech.id or 0,
        title=speech.title,
        date=speech.date,
        speaker=speech.speaker,
        occasion=speech.occasion,
        source=speech.source,
        outline=_outline(speech, outline_levels),
        keywords=tuple(word for word, _ in weighted[:keywords]),
        key_sentences=_key_sentences(speech, dict(weighted), sentences),
    )


def digest(speeches: Iterable[Speech]) -> list[Summary]:
    """Summaries of several speeches (e.g. those added since a chat's last digest)."""
    return [summarise(s) for s in speeches]


def _outline(speech: Speech, levels: int, cap: int = 30) -> tuple[OutlineEntry, ...]:
    entries = [
        OutlineEntry(Ref(speech.id or 0, s.path), len(s.path), s.heading)
        for s in speech.sections()
        if s.kind != KIND_ROOT and len(s.path) <= levels
    ]
    if len(entries) > cap:  # keep every level-1 heading, then as many level-2 as fit
        top = [e for e in entries if e.level == 1]
        room = max(cap - len(top), 0)
        second = [e for e in entries if e.level == 2][:room]
        keep = {id(e) for e in top + second}
        entries = [e for e in entries if id(e) in keep]
    return tuple(entries)


def _key_sentences(
    speech: Speech, weights: dict[str, float], count: int
) -> tuple[KeySentence, ...]:
    candidates: list[tuple[float, int, KeySentence]] = []
    for position, passage in enumerate(speech.passages(max_chars=10**9)):
        for n, match in enumerate(_SENTENCE.finditer(passage.text)):
            sentence = match.group(0).strip()
            if not 12 <= len(sentence) <= 150 or _GREETING.match(sentence):
                continue
            score = sum(w for word, w in weights.items() if word in sentence) / (
                len(sentence) ** 0.5
            )
            if n == 0:
                score *= 1.3  # the first sentence of a paragraph states its point
            candidates.append((score, position * 1000 + n, KeySentence(passage.ref, sentence)))
    chosen: list[tuple[int, KeySentence]] = []
    for _, order, key in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if any(_similar(key.text, other.text) for _, other in chosen):
            continue
        chosen.append((order, key))
        if len(chosen) == count:
            break
    return tuple(key for _, key in sorted(chosen, key=lambda c: c[0]))


def _similar(a: str, b: str) -> bool:
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)}
    return (
        bool(grams_a and grams_b) and len(grams_a & grams_b) / min(len(grams_a), len(grams_b)) > 0.6
    )
