"""A named point → the section (or paragraph) it names, with its path.

Requests: a reference ("6:2", "6:2#5": that paragraph alone), positions ("1.2"), a numbered
point read by the grammar of ``_point_grammar`` ("第二部分的二是", "三（二）2", "最后一点",
"重点工作第五项", "十九大报告第八部分第四点", "附件1 四、"), or key words of a heading.
The steps are followed down the outline, each below the previous one; a speech named in
the request narrows the speeches; appendix parts are reached only when named.  Several
matches are all returned as candidates, never guessed between.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ._copies import one_per_copy, quoted_text, with_copies
from ._council_quote import council_sections
from ._list_subjects import Scope, list_holders
from ._point_grammar import Step, keyword_request, names_a_point, parse_request
from ._point_select import said_so, select
from ._speech_names import pick_speeches, titled_parts
from .analysis import Analyzer, normalise
from .model import (
    KIND_ROOT,
    Ref,
    Section,
    Speech,
)


@dataclass(frozen=True)
class Quote:
    """A section's (or one paragraph's) verbatim text with where it stands."""

    speech_id: int
    title: str
    ref: Ref
    path: tuple[str, ...]
    text: str
    copies: tuple[Ref, ...] = ()  # the same section in other copies (sources) of the speech


@dataclass(frozen=True)
class Candidate:
    speech_id: int
    title: str
    ref: Ref
    path: tuple[str, ...]


@dataclass(frozen=True)
class QuoteResult:
    """Exactly one of: a quote, candidates (ambiguous), or nothing found."""

    quote: Quote | None = None
    candidates: tuple[Candidate, ...] = ()


def find_quote(point: str, speeches: Sequence[Speech], analyzer: Analyzer) -> QuoteResult:
    """Resolve ``point`` in ``speeches`` (one speech when the user chose one).  Every match
    is returned as a candidate: the caller pages them, the count is theirs to show."""
    ref = Ref.parse(point)
    if ref is not None:
        return _by_ref(ref, speeches)
    found = _numbered(point, speeches, analyzer)
    if found is None:
        found = _by_words(point, speeches, analyzer) or _named_by_words(point, speeches, analyzer)
    found, copies = one_per_copy(found)
    if len(found) == 1:
        return QuoteResult(quote=replace(_quote(*found[0]), copies=copies))
    return QuoteResult(candidates=tuple(_candidate(s, sec) for s, sec in found))


def _by_ref(ref: Ref, speeches: Sequence[Speech]) -> QuoteResult:
    speech = next((s for s in speeches if s.id == ref.speech_id), None)
    section = speech.section(ref.path) if speech else None
    if section is None:
        return QuoteResult()
    if ref.paragraph is None:
        return QuoteResult(quote=_quote(speech, section))
    para = next((p for p in section.paragraphs if p.index == ref.paragraph), None)
    if para is None:
        return QuoteResult()
    return QuoteResult(
        quote=Quote(ref.speech_id, speech.title, ref, _headings(speech, section), para.text)
    )


def _numbered(
    point: str, speeches: Sequence[Speech], analyzer: Analyzer
) -> list[tuple[Speech, Section]] | None:
    """Sections a numbered request names, or None when it names no numbered point."""
    path = re.sub(r"\s+", "", point)
    if re.fullmatch(r"\d+(\.\d+)*", path):  # "1.2": positions, the reference's own form
        steps = [Step(None, int(n), "position") for n in path.split(".")]
        return [(s, sec) for s in speeches for sec in _follow(s.outline, steps, text=s.text)]
    council = council_sections(point, speeches, analyzer)  # "第七項質詢", "…議員質詢的第(二)部分"
    if council is not None:
        return council
    request = parse_request(point)
    if request is None:
        return None
    named = pick_speeches(request.speech_words, speeches, analyzer=analyzer)
    if len(speeches) == 1 and not (named.speeches or named.also):
        # "回顾1989年积累的宝贵经验的第四条" asked of the 1990 report the user chose: words
        # that name no speech name a list of this one
        named = replace(named, speeches=list(speeches), rest=request.speech_words)
    steps = list(request.steps)
    if named.rest:
        steps[0] = replace(steps[0], words=named.rest, top=False)

    def found_in(chosen: Sequence[Speech]) -> list[tuple[Speech, Section]]:
        return [(s, sec) for s in chosen for sec in _follow(s.outline, steps, analyzer, s.text)]

    return with_copies(found_in(named.speeches), found_in(named.also))


# --- a speech named inside the request ------------------------------------------------
def _named_by_words(
    point: str, speeches: Sequence[Speech], analyzer: Analyzer
) -> list[tuple[Speech, Section]]:
    """ "十大报告关于形势和任务": a speech's name, then the words of one of its headings."""
    named = pick_speeches(point, speeches, whole=False, analyzer=analyzer)
    if not named.rest.strip() or len(named.speeches) == len(speeches):
        return titled_parts(point, speeches, analyzer) if len(speeches) > 1 else []
    return _by_words(named.rest, named.speeches, analyzer)


# --- resolving steps against an outline ------------------------------------------------


def _follow(
    root: Section, steps: Sequence[Step], analyzer: Analyzer | None = None, text: str = ""
) -> list[Section]:
    scopes = [Scope(root, text=text)]
    for n, step in enumerate(steps):
        if step.words and analyzer is not None:
            holders = [h for scope in scopes for h in list_holders(scope, step.words, analyzer)]
            if not holders:
                # "(七) 交通运输的第二项": the words restate the title of the point just named
                holders = [scope for scope in scopes if _titled(scope.node, step.words, analyzer)]
            said = [] if holders or n < len(steps) - 1 else said_so_in(scopes, step)
            if not holders and not said and n > 0 and len(step.words) <= _COUNTED_NOUN:
                # "第四个范畴的第二点": the noun the point before was counted in, no list
                holders = scopes
            elif not holders and n == len(steps) - 1:
                # "新政府要承担的第四件事": no list so named, but the speech says so itself
                return said
            scopes = [replace(h, text=text) for h in holders]
        scopes = [Scope(sec, text=text) for scope in scopes for sec in select(scope, step)]
        if not scopes:
            return []
    found = {id(scope.node): scope.node for scope in scopes}  # a list named twice: once
    return list(found.values())


_COUNTED_NOUN = 2


def said_so_in(scopes: Sequence[Scope], step: Step) -> list[Section]:
    return [sec for scope in scopes for sec in said_so(scope.node, step)]


def _titled(section: Section, words: str, analyzer: Analyzer) -> bool:
    terms = set(analyzer.terms(words))
    return bool(terms) and terms <= set(analyzer.index_terms(section.heading))


def _by_words(
    point: str, speeches: Sequence[Speech], analyzer: Analyzer
) -> list[tuple[Speech, Section]]:
    """Sections whose heading holds the words (exact phrase first, then all terms)."""
    named = keyword_request(point)
    if named is None:
        return _holding_words(point, speeches, analyzer)
    scope, words, unit = named
    found = _holding_words(words, speeches, analyzer)
    if scope:  # "重点工作里…": among those under a heading with the list's words
        terms = set(analyzer.terms(scope))
        inside = [
            (s, sec)
            for s, sec in found
            if any(
                len(terms & set(analyzer.index_terms(h))) * 2 >= len(terms)
                for h in _headings(s, sec)[:-1]
            )
        ]
        found = inside or found
    if unit in ("部分", "部份", "章") and len(found) > 1:  # a part: the top level's
        found = [(s, sec) for s, sec in found if len(sec.path) == 1] or found
    return found


def _holding_words(
    point: str, speeches: Sequence[Speech], analyzer: Analyzer
) -> list[tuple[Speech, Section]]:
    wanted = normalise(re.sub(r"\s+", "", point))
    if not wanted:
        return []
    headed = [(s, sec) for s in speeches for sec in s.sections() if sec.kind != KIND_ROOT]
    exact = [(s, sec) for s, sec in headed if wanted in normalise(sec.heading)]
    if exact:
        return exact
    terms = set(analyzer.terms(point))
    if not terms:
        return []
    scored = []
    for s, sec in headed:
        have = set(analyzer.index_terms(sec.heading))  # with sub-words: "市场" of "市场主体"
        share = len(terms & have) / len(terms)
        if share >= 0.6:
            scored.append((share, s, sec))
    best = max((share for share, _, _ in scored), default=0)
    return [(s, sec) for share, s, sec in scored if share == best]


def _headings(speech: Speech, section: Section) -> tuple[str, ...]:
    out, node = [], speech.outline
    for position in section.path:
        node = node.children[position - 1]
        out.append(node.heading)
    return tuple(out)


def _quote(speech: Speech, section: Section) -> Quote:
    text = quoted_text(speech, section)
    return Quote(
        speech.id or 0,
        speech.title,
        Ref(speech.id or 0, section.path),
        _headings(speech, section),
        text,
    )


def _candidate(speech: Speech, section: Section) -> Candidate:
    return Candidate(
        speech.id or 0, speech.title, Ref(speech.id or 0, section.path), _headings(speech, section)
    )


__all__ = ["Candidate", "Quote", "QuoteResult", "find_quote", "names_a_point"]
