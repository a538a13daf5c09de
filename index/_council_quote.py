"""Requests naming the questions of a council's record and their parts.

    "第七項質詢" / "第7条质询"                    the question numbered 7 ("7. 梁美芬議員：…")
    "何俊仁議員那項質詢的第(二)部分"               part (二) of that member's question
    "陳婉嫻議員關於安達臣道…那項質詢的第(四)部分"   the same, topic words choosing among the
                                                  member's questions
    "發展局局長就…答覆的第(二)部分"                part (二) of that official's answer
    "劉皇發議員那項質詢的答覆裏列出的第5項"         item 5 of the answer to that question

A question is a numbered section titled by its member, or a member's turn that opens a list
(outline.py); an answer is an official's turn inside the question, or the official's turn
right after the member's. Requests are normalised first (Traditional → Simplified).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ._council import is_question, is_turn_section
from ._point_grammar import numeral
from .analysis import Analyzer, normalise
from .model import KIND_APPENDIX, KIND_L2, KIND_L3, Section, Speech

__all__ = ["council_sections"]

_N = r"([一二三四五六七八九十两〇零]{1,4}|\d{1,3})"
_ASKING = r"(?:的)?(?:内容|原文|全文|是什么|讲了什么|说了什么)?[?？。!！]*"
_NUMBERED = re.compile(rf"第{_N}(?:项|条|个|道)?(?:口头|书面)?质询{_ASKING}")
_SPEAKER = re.compile(
    r"(?P<who>[^\s的,，、]{1,12}?(?:议员|局长|司长|行政长官))(?P<mid>.*?)"
    r"(?P<kind>质询|提问|答覆|答复|回覆|回复)(?P<rest>.*)"
)
_ANSWER = re.compile(r"答覆|答复|回覆|回复")
# words around the topic that only say how it relates: 关于…的, 就…, 那项
_TOPIC_GLUE = re.compile(
    r"^(?:所)?(?:关于|有关|就|对|针对)|(?:的|那项|那个|那条|这项|提出的?|作出的?)+$"
)
_PART = re.compile(rf"第?(\()?{_N}(\))?(?:部分|部份|项|点|条|个|段|部)?")


def council_sections(
    point: str, speeches: Sequence[Speech], analyzer: Analyzer
) -> list[tuple[Speech, Section]] | None:
    """The sections a council request names; None when it is no such request or names
    nothing (the other readings then have their turn)."""
    text = re.sub(r"\s+", "", normalise(point))
    numbered = _NUMBERED.fullmatch(text)
    if numbered:
        number = numeral(numbered.group(1))
        found = [
            (s, sec)
            for s in speeches
            for sec in s.outline.walk()
            if is_question(sec) and sec.ordinal == number
        ]
        return found or None
    asked = _SPEAKER.fullmatch(text)
    if asked is None:
        return None
    who, rest = asked.group("who"), asked.group("rest")
    answer = bool(_ANSWER.fullmatch(asked.group("kind")) or _ANSWER.search(rest))
    rest = _ANSWER.split(rest)[-1]
    topic = _TOPIC_GLUE.sub("", _TOPIC_GLUE.sub("", asked.group("mid")))
    found = []
    for speech in speeches:
        held = _held(speech.outline, who, answer)
        held = _on_topic(speech, held, topic, analyzer)
        found.extend((speech, sec) for sec in _parts(held, rest, answer))
    return found or None


def _held(root: Section, who: str, answer: bool) -> list[Section]:
    """The questions or turns of ``who``; with ``answer``, the answers to a member's."""
    spoken = [
        (parent, sec)
        for parent in root.walk()
        for sec in parent.children
        if (is_question(sec) or is_turn_section(sec)) and normalise(sec.title).startswith(who)
    ]
    if not answer or not who.endswith("议员"):
        return [sec for _, sec in spoken]
    out = []
    for parent, sec in spoken:
        if is_question(sec):  # the official's turn inside the numbered question
            out.extend(c for c in sec.children if is_turn_section(c) and not _member(c))
            continue
        after = parent.children[parent.children.index(sec) + 1 :]
        reply = next((c for c in after if is_turn_section(c)), None)
        if reply is not None and not _member(reply):
            out.append(reply)
    return out


def _member(section: Section) -> bool:
    return normalise(section.title).endswith("议员")


def _on_topic(speech: Speech, held: list[Section], topic: str, analyzer: Analyzer) -> list[Section]:
    """Among several, those whose text holds most of the topic's words."""
    terms = set(analyzer.terms(topic)) if topic else set()
    if len(held) < 2 or not terms:
        return held
    scored = [
        (len(terms & set(analyzer.index_terms(speech.text[s.start : s.end]))), s) for s in held
    ]
    best = max(score for score, _ in scored)
    return [s for score, s in scored if score == best] if best else held


def _parts(held: list[Section], rest: str, answer: bool) -> list[Section]:
    """The part ``rest`` names inside each of ``held`` ("的第(二)部分", "里列出的第5项")."""
    found = _PART.search(rest)
    number = numeral(found.group(2)) if found else 0
    if not number:
        return held if not rest.strip("的里中") else []
    digits = found.group(2).isdigit()
    kind = KIND_L3 if digits else KIND_L2
    out = []
    for section in held:
        if is_question(section) and not answer:  # the question's own parts, not the answer's
            inside = [c for c in section.children if c.kind != KIND_APPENDIX]
            inside = [c for c in inside if not is_turn_section(c)]
        else:
            inside = [s for s in section.walk() if s is not section]
        hits = [s for s in inside if s.ordinal == number and s.kind != KIND_APPENDIX]
        hits = [s for s in hits if s.kind == kind] or ([] if found.group(1) else hits)
        depth = min((len(s.path) for s in hits), default=0)
        out.extend(s for s in hits if len(s.path) == depth)
    return out
