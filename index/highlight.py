"""Where a hit's text holds the query's terms: the spans a reply marks."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from .analysis import Analyzer
from .normalise import normalise

__all__ = ["match_spans"]


def match_spans(analyzer: Analyzer, text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` where ``terms`` (a query's) occur: merged, sorted, non-overlapping.

    Word tokens whose term is a query term, plus, for query terms no token matched,
    every occurrence of the term in ``normalise(text)`` (so ``质量`` is marked inside
    ``区长质量奖``).  Offsets are into ``text`` as given.
    """
    if not terms:
        return []
    wanted = set(terms)
    spans: list[tuple[int, int]] = []
    found: set[str] = set()
    norm = normalise(text)
    for at, sentence in _holding(norm, wanted):
        for run in analyzer.runs(sentence):  # hot: 5 hits a search; no Python call per word
            if isinstance(run, re.Match):
                start = at + run.start()
                for term in analyzer.number_terms(run):
                    if term in wanted:
                        spans.append((start, start + len(term)))
                        found.add(term)
                continue
            offset, words = run
            edges = list(itertools.accumulate(map(len, words), initial=at + offset))
            for i in itertools.compress(range(len(words)), map(wanted.__contains__, words)):
                if analyzer.keeps(words[i]):
                    spans.append((edges[i], edges[i + 1]))
                    found.add(words[i])
    for term in terms:
        if term in found:
            continue
        i = norm.find(term)
        while i >= 0:
            spans.append((i, i + len(term)))
            i = norm.find(term, i + 1)
    return _merge(spans)


# a sentence's end: the segmenter cuts its blocks of characters at each such mark and
# emits the mark alone, and no number unit holds one, so each sentence segments as it does
# inside the whole text
_SENTENCE_END = re.compile(r"[。！？；!?;]")


def _holding(norm: str, wanted: set[str]) -> list[tuple[int, str]]:
    """(offset, sentence) of the sentences of ``norm`` holding a wanted term: a word or
    number the segmenter finds is a part of its sentence, so the others need no segmenting."""
    out, start = [], 0
    for end in [m.end() for m in _SENTENCE_END.finditer(norm)] + [len(norm)]:
        sentence = norm[start:end]
        if any(term in sentence for term in wanted):
            out.append((start, sentence))
        start = end
    return [part for part in out if part[1]]


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
