"""A named point ("一、", "（二）", "二、三是", "第一部分第二点", "1.2", a ref, key words) → Section.

Numbered forms are read as a chain of selectors, each looked for below the previous one.
Several matches are returned as candidates, never guessed between.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .analysis import Analyzer, normalise
from .model import (
    KIND_ENUM,
    KIND_L1,
    KIND_L2,
    KIND_L3,
    KIND_L4,
    KIND_PART,
    KIND_ROOT,
    Ref,
    Section,
    Speech,
)
from .numerals import chinese_number


@dataclass(frozen=True)
class Quote:
    """A section's full verbatim text with where it stands."""

    speech_id: int
    title: str
    ref: Ref
    path: tuple[str, ...]
    text: str


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


# A selector: which sections it accepts, and the number it wants.
@dataclass(frozen=True)
class _Selector:
    kinds: tuple[str, ...] | None  # None: any kind (a position, e.g. "第二点")
    style: str | None  # for enums: "shi" (一是), "di" (第一，), "seq" (首先)
    number: int
    top: bool = False  # must be a top-level part of the speech


_N = r"([一二三四五六七八九十]{1,3}|\d{1,2})"
_SELECTORS: list[tuple[re.Pattern[str], tuple[str, ...] | None, str | None, bool]] = [
    (re.compile(rf"^第{_N}(?:部分|章|篇)"), (KIND_PART, KIND_L1), None, True),
    (re.compile(rf"^第{_N}(?:点|条|项|个方面|方面)"), None, None, False),
    (re.compile(rf"^{_N}是"), (KIND_ENUM,), "shi", False),
    (re.compile(r"^(首先|其次|再次|最后)[，,]?"), (KIND_ENUM,), "seq", False),
    (re.compile(rf"^第{_N}[，,、]?"), (KIND_ENUM,), "di", False),
    (re.compile(r"^[(（]([一二三四五六七八九十]{1,3})[)）]"), (KIND_L2,), None, False),
    (re.compile(r"^[(（](\d{1,2})[)）]"), (KIND_L4,), None, False),
    (re.compile(r"^([一二三四五六七八九十]{1,3})[、.．]?"), (KIND_L1, KIND_PART), None, True),
    (re.compile(r"^(\d{1,2})[、.．]"), (KIND_L3,), None, False),
]


def parse_point(point: str) -> list[_Selector] | None:
    """The selector chain of a numbered point, or None when it is not one."""
    text = re.sub(r"\s+", "", point)
    if re.fullmatch(r"\d+(\.\d+)+|\d+", text):
        return [_Selector(None, None, int(n), top=i == 0) for i, n in enumerate(text.split("."))]
    chain: list[_Selector] = []
    while text:
        for pattern, kinds, style, top in _SELECTORS:
            match = pattern.match(text)
            if match:
                word = match.group(1)
                if style == "seq":  # 首先/其次/最后 are matched by the word itself
                    style, number = f"seq:{word}", 0
                else:
                    number = chinese_number(word)
                chain.append(_Selector(kinds, style, number, top and not chain))
                text = text[match.end() :]
                break
        else:
            return None
    return chain or None


def find_quote(
    point: str, speeches: Sequence[Speech], analyzer: Analyzer, limit: int = 12
) -> QuoteResult:
    """Resolve ``point`` in ``speeches`` (one speech when the user chose one)."""
    ref = Ref.parse(point)
    if ref is not None:
        speech = next((s for s in speeches if s.id == ref.speech_id), None)
        section = speech.section(ref.path) if speech else None
        return QuoteResult(quote=_quote(speech, section)) if section else QuoteResult()
    chain = parse_point(point)
    if chain is not None:
        found = [(s, sec) for s in speeches for sec in _follow(s.outline, chain)]
    else:
        found = _by_words(point, speeches, analyzer)
    if len(found) == 1:
        return QuoteResult(quote=_quote(*found[0]))
    return QuoteResult(candidates=tuple(_candidate(s, sec) for s, sec in found[:limit]))


def _follow(root: Section, chain: list[_Selector]) -> list[Section]:
    current = [root]
    for selector in chain:
        nxt: list[Section] = []
        for node in current:
            nxt.extend(_select(node, selector))
        current = nxt
        if not current:
            break
    return current


def _select(node: Section, selector: _Selector) -> list[Section]:
    if selector.kinds is None:  # a position: the n-th part / point
        return (
            [node.children[selector.number - 1]]
            if 0 < selector.number <= len(node.children)
            else []
        )
    if selector.top and node.kind == KIND_ROOT:
        # 一、 / 第一部分: the top level's own numbering (parts first, then 一、)
        for kind in selector.kinds:
            hits = [c for c in node.children if c.kind == kind and c.ordinal == selector.number]
            if hits:
                return hits
        return []
    # nearest matches below ``node``: children first, then deeper
    hits = []
    for section in node.walk():
        if section is node or not _accepts(section, selector):
            continue
        if any(_is_inside(section, h) for h in hits):
            continue
        hits.append(section)
    # a point on its own line is the structure the author meant; "一是…" run into a
    # paragraph counts only when there is no such point
    standalone = [h for h in hits if not h.run_in]
    return standalone or hits


def _accepts(section: Section, selector: _Selector) -> bool:
    if selector.style and selector.style.startswith("seq:"):  # 首先/其次/最后, by the word
        return section.kind == KIND_ENUM and section.label.startswith(selector.style[4:])
    if section.kind not in selector.kinds or section.ordinal != selector.number:
        return False
    if selector.style == "shi":
        return section.label.endswith("是")
    if selector.style == "di":
        return section.label.startswith("第")
    return True


def _is_inside(section: Section, outer: Section) -> bool:
    return outer.path == section.path[: len(outer.path)] and outer.path != section.path


def _by_words(
    point: str, speeches: Sequence[Speech], analyzer: Analyzer
) -> list[tuple[Speech, Section]]:
    """Sections whose heading holds the words (exact phrase first, then all terms)."""
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
    text = speech.text[section.start : section.end] if section.kind != KIND_ROOT else speech.text
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


__all__ = ["Candidate", "Quote", "QuoteResult", "find_quote", "parse_point"]
