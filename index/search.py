"""Question → Hits: the query, the index and the store put together.

The question becomes a ``Query``; the index ranks passages for it; the best candidates are
re-ranked by what their text holds (a figure, the question's word pairs, how many of its
words and how close together) and by how much their speech speaks of the question's words,
shown once per paragraph and once per near-identical text, and marked where they match.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Callable, Collection
from dataclasses import replace
from functools import partial

from ._candidates import LazyPassages, Listed
from ._coverage import WordGroups, prefer_covering, word_groups
from ._named_speeches import named_shares, speech_cards
from ._rescored_order import RescoredOrder, Step
from ._speech_focus import focus_factors, prefer_focused_speeches
from .analysis import Analyzer
from .dedup import near_duplicate, text_fingerprint
from .highlight import match_spans
from .model import Hit, Ref
from .normalise import normalise
from .passage_index import SearchIndex
from .query import Query, build_query
from .rerank import (
    asked_figures,
    prefer_figures,
    prefer_phrases,
    prefer_places,
    prefer_relative_year,
    prefer_same_figures,
    prefer_years,
)
from .settings import SearchSettings
from .store import Store, StoredPassage

__all__ = ["PER_SPEECH_DEPTH", "SearchIndex", "SearchSettings", "search"]

# one passage per speech: candidates ranked this many times deeper than for a plain answer
PER_SPEECH_DEPTH = 20
# the reranks by text read only the candidates that can still reach the hits; False: every
# candidate read and reranked in turn (the same hits: the reference the tests compare with)
READ_WHAT_CAN_REACH = True


def search(
    question: str,
    *,
    index: SearchIndex,
    store: Store,
    analyzer: Analyzer,
    top: int = 5,
    speech_id: int | None = None,
    within: Collection[int] | None = None,
    per_speech: bool = False,
    settings: SearchSettings = SearchSettings(),
) -> list[Hit]:
    """The ``top`` passages that best answer ``question``, de-duplicated, best first:
    within one speech (``speech_id``) or a set of them (``within``); with ``per_speech``,
    only each speech's best passage (``top`` speeches)."""
    query = build_query(question, settings, analyzer=analyzer, archive=index)
    if not query:
        return []
    # a speech's best passage may rank far below other speeches' passages
    depth = top * settings.candidates * (PER_SPEECH_DEPTH if per_speech else 1)
    # a question's word pairs look deeper (``_holding``): a phrase jieba splits into
    # common words can rank far below passages repeating one of them
    pairs = depth and settings.phrase_weight and query.phrases
    wide = settings.phrase_candidates if pairs else 0
    named = None
    if settings.name_fit_weight and speech_id is None:
        named = named_shares(query, speech_cards(index, store), analyzer)
    ranked = index.rank(
        query, settings, min(max(depth, wide), len(index)), speech_id, within, named
    )
    # most searches show the first ``top`` candidates; a text is read only when needed
    stored = LazyPassages(store, [pid for pid, _ in ranked[:depth]], batch=top)
    if len(ranked) > depth:
        extra = _holding(index, store, settings, ranked, depth, top, query, stored)
        ranked = ranked[:depth] + extra
    rescoring = (
        settings.speech_focus_weight or settings.coverage_weight or settings.proximity_weight
    )
    groups = word_groups(query, index.word_frequency, len(index)) if rescoring else None
    # a question naming a speech has chosen it (``SearchIndex.rank``)
    focusing = bool(settings.speech_focus_weight and groups and not query.naming_words)
    owner = index.speeches_of([pid for pid, _ in ranked]) if focusing else {}
    before, after = _text_reranks(question, query, settings, groups)
    weights = [weight for _, weight in before + after]
    order: RescoredOrder | Listed
    if READ_WHAT_CAN_REACH and weights and min(weights) >= 0 and not query.naming_words:
        # only the candidates that can still reach the hits are read
        factors = {}
        if focusing:
            factors = focus_factors(
                ranked,
                owner,
                index,
                groups,
                settings.speech_focus_weight,
                settings.speech_focus_saturation,
            )
        steps = [_one_by_one(rerank) for rerank, _ in before]
        if factors:
            steps.append(lambda pid, score, _: score * factors[pid])
        steps += [_one_by_one(rerank) for rerank, _ in after]
        grows = math.prod(1 + weight for weight in weights)
        order = RescoredOrder(
            ranked,
            stored.read,
            steps,
            least=lambda pid: factors.get(pid, 1.0),
            most=lambda pid: factors.get(pid, 1.0) * grows,
            batch=top,
        )
    else:
        for rerank, _ in before:
            ranked = rerank(ranked, stored.all())
        if focusing:
            ranked = prefer_focused_speeches(
                ranked,
                owner,
                index,
                groups,
                settings.speech_focus_weight,
                settings.speech_focus_saturation,
            )
            stored.read_on_peek()  # the join below sees every candidate, as when all are read
        for rerank, _ in after:
            ranked = rerank(ranked, stored.all())
        order = Listed(ranked)
    return _hits(order, stored, store, analyzer, query.words, top, per_speech, settings)


_Rerank = Callable[[list[tuple[int, float]], dict], list[tuple[int, float]]]


def _text_reranks(
    question: str, query: Query, settings: SearchSettings, groups: WordGroups | None
) -> tuple[list[tuple[_Rerank, float]], list[tuple[_Rerank, float]]]:
    """The reranks by the candidates' texts the question calls for, each with its most (1 +
    weight): those before the speech focus, and those after it."""
    before: list[tuple[_Rerank, float]] = []
    after: list[tuple[_Rerank, float]] = []
    if settings.figure_weight and query.asks_figure:
        before.append(
            (partial(prefer_figures, weight=settings.figure_weight), settings.figure_weight)
        )
    if settings.phrase_weight and query.phrases:
        phrases = partial(prefer_phrases, pairs=query.phrases, weight=settings.phrase_weight)
        before.append((phrases, settings.phrase_weight))
    if groups and (settings.coverage_weight or settings.proximity_weight):
        covering = partial(
            prefer_covering,
            groups=groups,
            coverage_weight=settings.coverage_weight,
            proximity_weight=settings.proximity_weight,
            window=settings.proximity_chars,
            named=bool(query.naming_words),
        )
        after.append((covering, settings.coverage_weight + settings.proximity_weight))
    figures = asked_figures(question) if settings.same_figure_weight else []
    if figures:
        weight = settings.same_figure_weight
        after.append((partial(prefer_same_figures, figures=figures, weight=weight), weight))
    if settings.place_weight and query.places:
        weight = settings.place_weight
        after.append((partial(prefer_places, places=query.places, weight=weight), weight))
    if settings.year_weight and query.years:
        years = partial(
            prefer_years, years=query.years, weight=settings.year_weight, plan=query.asks_plan
        )
        after.append((years, settings.year_weight))
    if settings.year_weight and query.relative_year is not None:
        weight = settings.year_weight
        relative = partial(prefer_relative_year, offset=query.relative_year, weight=weight)
        after.append((relative, weight))
    return before, after


def _one_by_one(rerank: _Rerank) -> Step:
    """``rerank`` as a step of one candidate: its score after it (the same arithmetic)."""

    def step(pid: int, score: float, passage) -> float:
        return rerank([(pid, score)], {pid: passage} if passage is not None else {})[0][1]

    return step


def _hits(
    order: RescoredOrder | Listed,
    stored: LazyPassages,
    store: Store,
    analyzer: Analyzer,
    terms,
    top: int,
    per_speech: bool,
    settings: SearchSettings,
) -> list[Hit]:
    """The first ``top`` candidates in ``order`` shown, once per paragraph and once per
    near-identical text; a window of a paragraph shown, near the one shown, joins its hit."""
    hits: list[Hit] = []
    seen: list[str] = []
    shown: dict[Ref, list[int]] = {}  # the windows of each paragraph shown so far
    placed: dict[int, int] = {}  # a window shown → its hit's index
    windows: dict[int, str] = {}  # a window shown → its own text
    joined: set[int] = set()  # hits showing two windows
    speeches: set[int] = set()
    for pid, score in order if top > 0 else ():
        passage = stored.get(pid)
        if passage is None:
            continue  # removed since the index was loaded
        if per_speech and passage.speech_id in speeches:
            continue
        speeches.add(passage.speech_id)
        ref = Ref(passage.speech_id, passage.section_path, passage.paragraph)
        near = _near(pid, shown.get(ref, ())) if settings.one_hit_per_paragraph else None
        if near is not None:
            _join(hits, placed, windows, joined, near, pid, passage.text, analyzer, terms)
            continue
        shown.setdefault(ref, []).append(pid)
        # side by side, a year's sentence that repeats another's with a new figure is the point
        if not per_speech:
            fingerprint = text_fingerprint(passage.text)
            if any(near_duplicate(fingerprint, other) for other in seen):
                continue
            seen.append(fingerprint)
        spans = tuple(match_spans(analyzer, passage.text, terms))
        text = passage.text + _continuation(store, pid, passage, spans)
        placed[pid], windows[pid] = len(hits), passage.text
        hits.append(
            Hit(
                speech_id=passage.speech_id,
                title=passage.title,
                date=passage.date,
                source=passage.source,
                ref=ref,
                path=passage.headings,
                text=text,
                spans=spans,
                score=round(score, 4),
            )
        )
        if len(hits) == top:
            break
    if per_speech or not settings.one_hit_per_paragraph:
        return hits  # a speech shown has its hit: none of its windows joins one
    # the hits are all shown: only a window already read may still join one, and only a
    # window near one shown can
    shown_ids = [other for windows_of in shown.values() for other in windows_of]
    for pid, _ in order.rest(lambda pid: any(abs(pid - o) <= NEAR_WINDOWS for o in shown_ids)):
        passage = stored.peek(pid)
        if passage is None:
            continue
        ref = Ref(passage.speech_id, passage.section_path, passage.paragraph)
        near = _near(pid, shown.get(ref, ()))
        if near is not None:
            _join(hits, placed, windows, joined, near, pid, passage.text, analyzer, terms)
    return hits


def _join(hits, placed, windows, joined, near: int, pid: int, text: str, analyzer, terms) -> None:
    """A window near one of its paragraph already shown (the better one) joins that hit
    when both fit on a screen: it may hold what the matched words point at."""
    place = placed.get(near)
    if (
        place is not None
        and place not in joined
        and _joined_chars(hits[place], windows[near], near, text, pid) <= SHOWN_CHARS
    ):  # marked only when it will be shown
        spans = tuple(match_spans(analyzer, text, terms))
        hit = _joined(hits[place], windows[near], near, text, pid, spans)
        if hit is not hits[place]:
            hits[place] = hit
            joined.add(place)


def _holding(
    index: SearchIndex,
    store: Store,
    settings: SearchSettings,
    ranked: list[tuple[int, float]],
    depth: int,
    top: int,
    query: Query,
    stored: LazyPassages,
) -> list[tuple[int, float]]:
    """Of the candidates ranked below ``depth``, those whose text holds one of the
    question's word pairs as written, and which that can lift among the first ``top``: a
    phrase that jieba splits into common words ("伟大抗疫精神": 伟大 抗疫 精神) can rank
    below many passages repeating one of them.  Only the texts of those holding the pairs'
    words are read (reading them all costs more than the ranking)."""
    phrases = query.phrases
    bar = ranked[min(top, depth) - 1][1] / (1 + settings.phrase_weight)
    below = [(pid, score) for pid, score in ranked[depth:] if score >= bar]
    if not below:
        return []
    held = index.holding([pid for pid, _ in below], query.phrase_words, settings.backend)
    read = store.passages([pid for pid, _ in below if pid in held])
    ids = list(read)
    whole = normalise("\n".join(read[pid].text for pid in ids))
    ends = list(itertools.accumulate(len(read[pid].text) + 1 for pid in ids))
    found = {
        ids[bisect.bisect_right(ends, match.start())]
        for match in re.finditer("|".join(map(re.escape, phrases)), whole)
    }
    for pid in found:
        stored.add(pid, read[pid])
    return [(pid, score) for pid, score in below if pid in found]


# windows of one paragraph this close (about 1,000 characters) are one passage to a reader
NEAR_WINDOWS = 3


def _near(pid: int, windows: Collection[int]) -> int | None:
    """The window of the same paragraph already shown that stands near this one, if any: a
    long paragraph is shown once, by its best window; but a scrape that lost its breaks
    holds a whole report in one "paragraph", whose far windows are other passages to a
    reader (a paragraph's windows are stored one after the other)."""
    return next((other for other in windows if abs(pid - other) <= NEAR_WINDOWS), None)


SHOWN_CHARS = 700  # a hit joined with a second window stays within the bot's snippet
GAP = "……"  # between two stretches of a paragraph that do not touch


def _joined(hit: Hit, own: str, own_pid: int, text: str, pid: int, spans) -> Hit:
    """``hit``, whose window ``own`` stands near window ``pid`` (``text``, matched at
    ``spans``), with that window shown beside its own in the paragraph's order: one stretch
    when the two touch (the continuation is the start of the window after), two with a gap
    between when they do not. Unchanged when the whole would not fit in ``SHOWN_CHARS``."""
    if pid == own_pid + 1:
        whole = own + text
        kept = tuple(span for span in hit.spans if span[1] <= len(own))
        return _fitted(hit, whole, kept + _shifted(spans, len(own)))
    if pid == own_pid - 1:
        whole = text + hit.text
    elif pid > own_pid:
        whole = hit.text + GAP + text
        return _fitted(hit, whole, hit.spans + _shifted(spans, len(hit.text) + len(GAP)))
    else:
        whole = text + GAP + hit.text
    return _fitted(hit, whole, spans + _shifted(hit.spans, len(whole) - len(hit.text)))


def _joined_chars(hit: Hit, own: str, own_pid: int, text: str, pid: int) -> int:
    """The length of ``_joined``'s text (before its spans are found)."""
    if pid == own_pid + 1:
        return len(own) + len(text)
    if pid == own_pid - 1:
        return len(text) + len(hit.text)
    return len(hit.text) + len(GAP) + len(text)


def _shifted(spans, by: int) -> tuple[tuple[int, int], ...]:
    return tuple((start + by, end + by) for start, end in spans)


def _fitted(hit: Hit, text: str, spans) -> Hit:
    return hit if len(text) > SHOWN_CHARS else replace(hit, text=text, spans=spans)


CONTINUATION_CHARS = 200  # at most this much of the paragraph's next window is shown
_SENTENCE_END = re.compile(r"[。！？；!?;][”’」』）)]*")


def _continuation(store: Store, pid: int, passage: StoredPassage, spans) -> str:
    """A long paragraph is searched in windows; when the words matched stand at the end of
    one ("伟大抗疫精神的内涵是…" and the definition follows), the next sentences of the same
    paragraph are shown after it, verbatim, so the hit holds the answer."""
    if not spans or spans[-1][1] < len(passage.text) * 2 // 3:
        return ""
    place = (passage.speech_id, passage.section_path, passage.paragraph)
    if store.passage_places([pid + 1]).get(pid + 1) != place:
        return ""  # known without reading the next passage's text
    following = store.passages([pid + 1]).get(pid + 1)
    if following is None:
        return ""
    if len(following.text) <= CONTINUATION_CHARS:
        return following.text
    ends = [m.end() for m in _SENTENCE_END.finditer(following.text, 0, CONTINUATION_CHARS)]
    return following.text[: ends[-1]] if ends else ""
