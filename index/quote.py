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
from itertools import takewhile

from ._capital_parts import parts_below_capitals
from ._copies import one_per_copy, quoted_text, with_copies
from ._council_quote import council_sections
from ._list_subjects import Scope, is_inside, list_holders, main_children, walk_main
from ._point_grammar import LAST, Step, keyword_request, names_a_point, parse_request
from ._speech_fit import spelled
from ._speech_names import pick_speeches, titled_parts
from .analysis import Analyzer, normalise
from .model import (
    KIND_APPENDIX,
    KIND_ENUM,
    KIND_L2,
    KIND_ROOT,
    KIND_STYLED,
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
            if not holders and n == len(steps) - 1:
                # "新政府要承担的第四件事": no list so named, but the speech says so itself
                return [sec for scope in scopes for sec in _said_so(scope.node, step)]
            scopes = [replace(h, text=text) for h in holders]
        scopes = [Scope(sec, text=text) for scope in scopes for sec in _select(scope, step)]
        if not scopes:
            return []
    found = {id(scope.node): scope.node for scope in scopes}  # a list named twice: once
    return list(found.values())


def _said_so(node: Section, step: Step) -> list[Section]:
    """The points whose own text names them with the request's words and number ("…要承担
    的第四件事情，是…" under 第四、), the speech's words echoed."""
    if step.number <= 0:
        return []
    words = re.escape(re.sub(r"\s+", "", normalise(step.words)))
    said = re.compile(rf"{words}的?第(?:{spelled(str(step.number))}|{step.number})(?![\d十])")
    return [
        section
        for section in walk_main(node)
        if any(said.search(re.sub(r"\s+", "", normalise(p.text))) for p in section.paragraphs)
    ]


def _select(scope: Scope, step: Step) -> list[Section]:
    node = scope.node
    if step.style and step.style.startswith("appendix:"):  # 附件1 / 名词解释: so headed
        word = f"{step.style[9:]}{step.number or ''}"
        return [
            c for c in node.children if c.kind == KIND_APPENDIX and word in normalise(c.heading)
        ]
    main = main_children(scope)
    if step.number and not step.top and main and all(map(_is_lead_point, main)):
        # "（一）的第二点" where （一）'s points are led by title sentences: the second of them
        return _at_position(main, replace(step, style=None))
    if scope.after and step.kinds is None and step.number > 0 and main:
        # a list led by a paragraph ("积累了宝贵经验…一是…", "以下重大原则。——…"): the run
        # of points right after it; "——" points have no number of their own, the count
        # starts at the paragraph
        run = _first_run(main)
        return _at_position(run, replace(step, style="position") if _dashed(run) else step)
    if step.kinds is None and step.number > 0 and (_unnumbered(main) or len(main) < step.number):
        # "第四点" where the parts have no numbers ("形势和任务"), or fewer parts than that (a
        # lone part holding seven points): the point so numbered below
        return _numbered_below(scope, step.number)
    if step.top and step.number < 0 and node.kind == KIND_ROOT:
        # "最后一部分": the last of the speech's own top list, not a stray point after it (an
        # item of the next motion in a council's record)
        main = main_children(scope)
        return _at_position(_top_list(main) or main, step)
    if step.kinds is None or (step.top and step.number < 0):
        return _at_position(main_children(scope), step)
    if step.top and node.kind in (KIND_ROOT, KIND_APPENDIX):
        # 一、 / 第一部分: the top level's own numbering (parts first, then 一、)
        main = main_children(scope)
        if not step.or_position:  # "一（三）" written with 一, not 壹: the 一、 under 壹、貳、
            below = parts_below_capitals(main, step.kinds, step.number)
            if below:
                return below
        for kind in step.kinds:
            hits = [c for c in main if c.kind == kind and c.ordinal == step.number]
            if hits:
                return hits
        if _unnumbered(main) and 0 < len(main) < step.number:
            # "第五部分" of a speech in two parts headed by titles alone ("关于国内建设"),
            # numbered 一、二、 under them: no part of the top holds the number, one below does
            return [h for h in _numbered_below(scope, step.number) if h.kind in step.kinds]
        # a part by its position only where the top level has no parts at all: where it
        # has, a part missing from it is not found rather than taken for the next one
        if step.or_position and not any(c.kind in step.kinds for c in main):
            return _at_position(main, step)
        return parts_below_capitals(main, step.kinds, step.number)
    hits: list[Section] = []  # nearest matches below the scope: children first, then deeper
    for section in walk_main(node):
        if section.start < scope.after or not _accepts(section, step):
            continue
        if not any(is_inside(section, h) for h in hits):
            hits.append(section)
    # a point on its own line is the structure the author meant; "一是…" run into a
    # paragraph counts only when there is no such point ("三是聚焦提质增效，…" opening its
    # line over a "…成就斐然。三是基础设施…" inside another paragraph of the same part)
    hits = (
        [h for h in hits if not h.run_in] or [h for h in hits if _opens_line(h, scope.text)] or hits
    )
    if not hits and step.style == "seq:最后":  # "第三部分的最后": its last point
        return _at_position(main_children(scope), replace(step, number=LAST))
    if not hits and step.or_position:
        return _at_position(main_children(scope), step)
    if not hits and step.style == "di" and node.kind != KIND_ROOT:
        # "三（三）第二" where (三)'s points run 一是、二是: "第二" is said of any such list's
        # second, not of a list numbered 一、 or （一） (another speech's part)
        points = main_children(scope)
        if points and all(c.kind == KIND_ENUM for c in points):
            return _at_position(points, replace(step, style=None))
    if not hits and step.kinds == (KIND_L2,) and node.kind != KIND_ROOT:
        # "二（二）" where 二、 has no （一）（二） at all but points 第一，第二，: its second point
        if not any(s.kind == KIND_L2 for s in walk_main(node)):
            return _at_position(main_children(scope), replace(step, style=None))
    return hits


def _top_list(children: list[Section]) -> list[Section]:
    """The speech's own list numbered from one (（一）…（十）, two points or more, the last of
    the longest), without a lone point after it."""
    runs: list[list[Section]] = []
    for child in children:
        last = runs[-1][-1] if runs else None
        if last and child.kind == last.kind and child.ordinal == last.ordinal + 1:
            runs[-1].append(child)
        elif child.ordinal == 1:
            runs.append([child])
    # the longest such list: a motion's eight items after a policy address's fourteen parts
    return max((run for run in reversed(runs) if len(run) > 1), key=len, default=[])


def _opens_line(section: Section, text: str) -> bool:
    line_start = text.rfind("\n", 0, section.start) + 1
    return not text[line_start : section.start].strip()


def _is_lead_point(section: Section) -> bool:
    """An unnumbered point whose title is its paragraph's lead sentence (_lead_headings.py)."""
    return section.kind == KIND_STYLED and section.run_in and section.ordinal == 0


def _unnumbered(children: list[Section]) -> bool:
    return bool(children) and all(c.ordinal == 0 for c in children)


def _numbered_below(scope: Scope, number: int) -> list[Section]:
    hits: list[Section] = []
    for section in walk_main(scope.node):
        if section.start >= scope.after and section.ordinal == number:
            if not any(is_inside(section, h) for h in hits):
                hits.append(section)
    hits = _structural(hits)
    # a point of the part itself over one inside another point ("第七，…：（一）…（四）…")
    depth = min((len(h.path) for h in hits), default=0)
    return [h for h in hits if len(h.path) == depth]


def _first_run(children: list[Section]) -> list[Section]:
    """The points at the head of ``children`` numbered alike (一是…, 第一，…, ——…)."""
    form = _label_form(children[0])
    return list(takewhile(lambda child: _label_form(child) == form, children))


def _label_form(section: Section) -> str:
    # "首先，…第二，…第三，…": one list
    label = re.sub(r"^(?:首先|其次)", "第一", section.label)
    return re.sub(r"[一二三四五六七八九十百零〇两\d]+", "N", label)


def _dashed(sections: list[Section]) -> bool:
    return bool(sections) and all(s.label[:1] in "—－-" for s in sections)


def _structural(sections: list[Section]) -> list[Section]:
    """A point on a line of its own, numbered (一、 （四）), over a dash-led or run-in one
    that happens to have the same number."""
    return [s for s in sections if not s.run_in and not _dashed([s])] or sections


def _at_position(children: list[Section], step: Step) -> list[Section]:
    if step.number < 0:  # LAST, or 倒数第N
        return [children[step.number]] if -step.number <= len(children) else []
    # "第五点" is the point numbered five where one is (the outline may lack a point)
    numbered = [c for c in children if c.ordinal == step.number]
    if len(numbered) > 1:  # "——" points before the （一） list, both counted from one
        numbered = _structural(numbered)
    if len(numbered) > 1 and step.style is None:
        # "第四点" where "四是…" and "第四，…" both run into the text (a page on one line):
        # the one written as asked, 第四 (一是 lists mostly stand inside a paragraph)
        numbered = [c for c in numbered if c.label.startswith("第")] or numbered
    if len(numbered) == 1 and step.style != "position":
        return numbered
    return [children[step.number - 1]] if 0 < step.number <= len(children) else []


def _accepts(section: Section, step: Step) -> bool:
    if step.style and step.style.startswith("seq:"):  # 首先/其次/最后, by the word
        return section.kind == KIND_ENUM and section.label.startswith(step.style[4:])
    if step.kinds is None or section.kind not in step.kinds or section.ordinal != step.number:
        return False
    if step.style == "shi":
        return section.label.endswith("是")
    if step.style == "yao":
        return section.label.endswith("要")
    if step.style == "di":
        return section.label.startswith("第")
    return True


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
