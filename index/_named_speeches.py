"""Which speeches a question names, read as a request names the speech it quotes
(``_speech_fit.NameFit``): its title's words, the occasion, the ordinal of a meeting or
congress, the speaker, the year of a report, a region.  Each speech's share of the name,
the best speech 1, is the lift ``SearchIndex.rank`` gives its passages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from ._query_core import YEAR as YEAR_TERM
from ._speech_fit import KINDS, NAME_END, OPENING, YEAR, NameFit, spelled
from ._speech_names import plain_name
from .analysis import Analyzer, normalise
from .query import Naming, Origin, Query
from .store import Store

__all__ = ["SpeechCard", "named_shares", "speech_cards"]


@dataclass(frozen=True)
class SpeechCard:
    """What names a speech: its metadata and its opening lines (``Nameable``)."""

    id: int
    title: str
    text: str  # the opening lines only
    date: str | None
    speaker: str | None
    occasion: str | None
    source: str
    part: str | None


# one list per index: an index is replaced, never changed, when speeches are added
_CARDS: WeakKeyDictionary = WeakKeyDictionary()


def speech_cards(index: object, store: Store) -> list[SpeechCard]:
    """Every speech's card, read from the store once per index."""
    cards = _CARDS.get(index)
    if cards is None:
        cards = [
            SpeechCard(
                info.id,
                info.title,
                store.text(info.id)[:OPENING],
                info.date,
                info.speaker,
                info.occasion,
                info.source,
                info.part,
            )
            for info in store.list()
        ]
        _CARDS[index] = cards
    return cards


def named_shares(query: Query, cards: Sequence[SpeechCard], analyzer: Analyzer) -> dict[int, float]:
    """speech id → the share of the question's name it holds, the best speech 1; empty
    when the question names no speech (``Query.naming_words``, ``Query.speech_years``)."""
    if not (query.naming_words or query.speech_years) or len(cards) < 2:
        return {}
    name = _name_of(query)
    fit = NameFit(name, cards, analyzer)
    # one word alone ("这次", "第一个") names a speech no better than the index's own reading
    if not name or (len(analyzer.terms(name)) < 2 and not (fit.years or fit.congresses)):
        return {}
    # "第二届" names the second meeting of a series, not the third looking back on it
    ordinals = _ORDINAL_SPELLED.findall(name)
    shares = {
        card.id: share
        for card in cards
        if (share := fit(card)) and all(_holds(card, ordinal) for ordinal in ordinals)
    }
    best = max(shares.values(), default=0.0)
    # a name many speeches fit as well as the best ("报告", "讲话") chooses none
    if not best or sum(share >= _TIED * best for share in shares.values()) > _FEW:
        return {}
    return {sid: share / best for sid, share in shares.items()}


# the ordinal of a meeting, a congress, a session, an office: "第三届", "第七十五届", "第六任"
_ORDINAL = re.compile(r"第(\d{1,3})(届|次|任)")
_ORDINAL_SPELLED = re.compile(r"第[一二三四五六七八九十百]{1,4}(?:届|次|任)")
_TIED = 0.9  # a speech fitting this share of the best fit fits as well
_FEW = 3  # speeches a name may fit as well, and still name them


def _holds(card: SpeechCard, ordinal: str) -> bool:
    """The speech's own name or its opening lines say the ordinal, in characters or digits."""
    said = normalise(" ".join(x or "" for x in (card.title, card.occasion, card.text)))
    said = _ORDINAL.sub(lambda m: f"第{spelled(m.group(1))}{m.group(2)}", said)
    return ordinal in said  # whole, with its 第: "第一届" is no part of "第十一届"


def _name_of(query: Query) -> str:
    """The words of the question that name a speech, in the order typed: those naming a few
    speeches or a kind of speech (``Query.terms``), a year naming its speech, a congress or
    meeting by its ordinal; the rest is what is asked of it, and a year asked about ("2017年
    实际利用外资" is told in the 2018 report) names none."""
    # "第75届" is written "第七十五届" in a title
    text = _ORDINAL.sub(lambda m: f"第{spelled(m.group(1))}{m.group(2)}", plain_name(query.text))
    named = set(query.speech_years)
    words = [
        t.text
        for t in query.terms
        if t.naming is not Naming.NONE
        and t.origin in (Origin.TYPED, Origin.SUBWORD)
        and not (t.stands_for == YEAR_TERM and int(t.text[:4]) not in named)
    ]
    covered = [False] * len(text)
    spans = [m.span() for m in NAME_END.finditer(text) if m.group(0) not in KINDS]
    spans = [(a, b) for a, b in spans if not YEAR.fullmatch(text[a:b])]
    spans += [m.span() for m in _ORDINAL_SPELLED.finditer(text)]
    for word in words:
        spans += [m.span() for m in re.finditer(re.escape(word), text)]
    for start, end in spans:
        covered[start:end] = [True] * (end - start)
    return "".join(c for c, kept in zip(text, covered, strict=True) if kept)
