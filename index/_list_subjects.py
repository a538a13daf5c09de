"""Where a list named by its subject stands ("重点工作的第五项", "两点体会的第一点",
"结论的第四部分"), and the walk of an outline that quote.py's steps share."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .analysis import Analyzer, normalise
from .model import KIND_APPENDIX, Paragraph, Section
from .numerals import chinese_number

__all__ = ["Scope", "is_inside", "list_holders", "main_children", "walk_main"]


@dataclass(frozen=True)
class Scope:
    """Where the next step looks: below ``node``, among what starts at or after ``after``
    (a list led by a paragraph: "我谈两点体会" … 第一，… 第二，…)."""

    node: Section
    after: int = 0
    text: str = ""  # the speech's text, where a point's line is read


def main_children(scope: Scope) -> list[Section]:
    return [c for c in scope.node.children if c.kind != KIND_APPENDIX and c.start >= scope.after]


def walk_main(node: Section):
    """The sections below ``node``, leaving out appendix parts (reached only when named)."""
    for child in node.children:
        if child.kind != KIND_APPENDIX:
            yield child
            yield from walk_main(child)


def is_inside(section: Section, outer: Section) -> bool:
    return outer.path == section.path[: len(outer.path)] and outer.path != section.path


_GENRE = re.compile(
    r"(?:的)?(?:质询|提问|书面质询|口头质询|发言|讲话)$|关于"
    # "…的几条规定", "…那几项措施": the list
    r"|(?:的|那|这)?几(?:条|点|个|项)(?:规定|意见|建议|措施|要求|问题)?$"
)
# a count the words give the list ("四个元素", "三大原则", "六条标准"): texts write it in
# figures too ("以下4个元素"), or only by the points themselves
_UNIT = r"(?:个方面|个|大|条|项|点|件|类|方面)"
_COUNT = re.compile(rf"([两一二三四五六七八九十]{{1,3}}|\d{{1,2}})(?={_UNIT})")
_COUNT_WORD = re.compile(
    rf"(?:这|那|以下|下列)?(?:[两一二三四五六七八九十]{{1,3}}|\d{{1,2}}){_UNIT}"
)
# "今年重点工作", "去年主要做的工作": the year a report is of or looks back on, as its
# heading writes it ("2026年重点工作", "2025年工作回顾") or its lead need not say
_THIS_YEAR = {"今年", "本年", "本年度", "去年", "上年", "过去一年"}
_THIS_YEAR_WORD = re.compile("|".join(sorted(_THIS_YEAR, key=len, reverse=True)))
_YEAR_TERM = re.compile(r"(?:19|20)\d\d年?")


def list_holders(scope: Scope, words: str, analyzer: Analyzer) -> list[Scope]:
    """Where a list named by its words stands (``_holders``); where the words give its
    count and no text holds them with it ("六条政治标准" over "这种标准…如下：（一）…"), where
    the words without the count stand, a list of that many points first."""
    words = _without_place(words)
    found = _holders(scope, words, analyzer)
    if not found and _THIS_YEAR_WORD.search(words) and len(_THIS_YEAR_WORD.sub("", words)) >= 2:
        # "今年重点抓好的八个方面工作" over "重点抓好八个方面工作：": the report's own year,
        # which its lead sentence need not say
        return list_holders(scope, _THIS_YEAR_WORD.sub("", words), analyzer)
    count = _COUNT.search(normalise(words))
    bare = _COUNT_WORD.sub("", normalise(words)).strip()
    if found or count is None or len(bare) < 2:
        return found
    found = _holders(scope, bare, analyzer)
    size = _numeral_value(count.group(1))
    return [h for h in found if _list_size(h) == size] or found


# "八个方面工作中第六个", "几点意见里第六点", "那几条的第二条", "老旧小区改造那部分的二是",
# "经济部分的最后一点":
# where the point stands, said without 的 (with it, the grammar's joiner takes it), or the
# part that holds the list pointed at; not part of the list's words
_PLACE = re.compile(
    r"(?:(?:的)?(?:那|这)一?个?(?:部分|部份|节|块|段|方面)|(?<=..)(?:部分|部份))?"
    r"(?:里面|里头|里边|里|当中|之中|中)?$"
    r"|那$"
)


# "下面谈的几点意见", "我讲的三条": the speaker's saying it, which the lead writes with
# other words between ("下面，我谈几点意见"), not the list's subject
_SAYING = re.compile(
    r"^(?:下面|下边|这里|今天|接下来)?\s*(?:(?:我们|我)(?=\s|再|谈|讲|提|说))?\s*再?"
    r"(?:(?:谈|讲|提|说)(?=了|的|\s)了?)?\s*的?\s*"
)


def _without_place(words: str) -> str:
    bare = _PLACE.sub("", words.rstrip())
    bare = bare if len(re.sub(r"\s+", "", bare)) >= 2 else words
    saying = _SAYING.match(bare)
    said = bare[saying.end() :]
    if not re.search("[我谈讲提说]", saying.group()) or len(re.sub(r"\s+", "", said)) < 2:
        return bare
    return said


def _list_size(scope: Scope) -> int:
    """How many points the list right after the scope's start has, numbered from one."""
    size = 0
    for child in main_children(scope):
        if child.ordinal != size + 1:
            break
        size += 1
    return size


def _numeral_value(text: str) -> int:
    return int(text) if text.isdigit() else chinese_number(text.replace("两", "二"))


def _counts_in_figures(text: str) -> str:
    """ "四个元素" → "4个元素": a count compared as texts may write it either way."""
    return _COUNT.sub(lambda m: str(_numeral_value(m.group(1))), text)


def _holders(scope: Scope, words: str, analyzer: Analyzer) -> list[Scope]:
    """Where a list named by its words stands ("重点工作第五项", "两点体会的第一点"): the
    sections whose heading holds the words, else the paragraphs that hold them and lead
    straight into points (or into the points after the one they end), else a title line
    before the points.  Exact words first, then all their terms."""
    # "党的建设的第五项" reaches here as "党 建设" (的 joins steps): it may stand between them
    exact = re.compile(
        "的?".join(map(re.escape, _counts_in_figures(normalise(words)).split())) or "^$"
    )
    # "涂谨申议员质询的第三项": the kind of text ("质询") is not in the words that lead in
    words = _GENRE.sub("", normalise(re.sub(r"\s+", "", words))) or words
    words = _counts_in_figures(normalise(words))
    wanted = words
    terms = set(analyzer.terms(words))
    headed = [s for s in walk_main(scope.node) if s.start >= scope.after and s.children]
    # an appendix is reached when its heading holds the words ("十件民生实事的第三件")
    appended = [
        s
        for s in scope.node.walk()
        if s.kind == KIND_APPENDIX and s.start >= scope.after and s.children
    ]
    leads = [
        (section, para)
        for section in [scope.node, *walk_main(scope.node)]
        for para in section.paragraphs
        if para.start >= scope.after and _leads_into_points(section, para)
    ]
    # "…必须牢牢把握以下重大原则。" filed as the last paragraph of the point before the list
    # (a dash point's text runs on to the next dash): the points after it, its siblings
    trailing = [
        (parent, child, child.paragraphs[-1], after)
        for parent in [scope.node, *walk_main(scope.node)]
        for child, after in zip(parent.children, parent.children[1:], strict=False)
        if _body_leads_on(child, after) and not child.children and child.start >= scope.after
    ]
    # "结论的第四部分": a title line of its own ("结　　论") over the numbered parts after it
    titles = [
        (parent, child)
        for parent in [scope.node, *headed]
        for child in main_children(Scope(parent, scope.after))
        if not child.children and child.ordinal == 0 and not child.run_in
    ]

    def most_terms(text: str) -> bool:
        # "李明同志留下的宝贵财富" over "李明同志树立的风范…是我们的宝贵财富": a word of the
        # request the lead does not write (a verb said another way), the rest held
        have = _terms_of(text, analyzer)
        return len(terms) >= 3 and len(terms) - len(terms & have) <= len(terms) // 4

    for level, holds in enumerate(
        (
            # a single character left of the words ("提" of "提的几点要求") is no phrase
            lambda text: (
                (len(wanted) > 1 and wanted in _squeezed(text))
                or bool(exact.search(_squeezed(text)))
            ),
            lambda text: bool(terms) and _all_held(terms, _terms_of(text, analyzer), analyzer),
            most_terms,
        )
    ):
        held = [(s, p) for s, p in leads if holds(p.text)]
        # "李文山议员质询": the member's own turn, over an answer that names the member
        opening = [(s, p) for s, p in held if normalise(p.text).startswith(wanted[:3])]
        by_lead = [(Scope(s, p.end), p.text) for s, p in opening or held]
        if level < 2:  # a point's last paragraph leads in only where it says the words
            by_lead += [(Scope(par, p.end), p.text) for par, _, p, _ in trailing if holds(p.text)]
        # "残疾人士方面政府建议": a title line ("残疾人士") and the lead under it ("政府建议：")
        # say the words between them
        by_lead = by_lead or [
            (Scope(s, p.end), p.text)
            for s, p in leads
            if s.path and holds(f"{s.heading}\n{p.text}")
        ]
        by_lead = by_lead or [
            (Scope(par, p.end), p.text)
            for par, title, p, after in trailing
            if title.ordinal == 0
            and not title.run_in
            and after.ordinal == 1
            and holds(f"{title.heading}\n{p.text}")
        ]
        kinds = [
            [] if level > 1 else [(Scope(s), s.heading) for s in headed if holds(s.heading)],
            [] if level > 1 else [(Scope(s), s.heading) for s in appended if holds(s.heading)],
            by_lead,
            []
            if level > 1
            else [(Scope(p, t.end), t.heading) for p, t in titles if holds(t.heading)],
            [] if level > 1 else _alike_points(scope, holds),
        ]
        if level == 0:  # the words as written: a heading first, then a lead, …
            kinds = next(([found] for found in kinds if found), [])
        # by their terms: the one that writes most of the words as asked, whatever it is
        # ("…作出了历史贡献。" leading in, over a heading "…贡献了历史经验"), a heading first
        # among equals
        found = [
            (n, scope, _shared(text, wanted))
            for n, kind in enumerate(kinds)
            for scope, text in kind
        ]
        if found:
            best = max(shared for _, _, shared in found)
            first = min(n for n, _, shared in found if shared == best)
            return [scope for n, scope, shared in found if (n, shared) == (first, best)]
    return []


def _body_leads_on(point: Section, after: Section) -> bool:
    """The last paragraph of ``point`` may lead into ``after`` and its siblings: a point's
    text running on past its first paragraph (a run-in point's own title), or the body of
    an unnumbered title line over a list numbered from one ("养老服务" / … / (一)(二)(三)),
    not the one paragraph of a numbered part before the next part."""
    if len(point.paragraphs) > 1:
        return True
    return bool(point.paragraphs) and not point.run_in and point.ordinal == 0 == after.ordinal - 1


def _alike_points(scope: Scope, holds: Callable[[str], bool]) -> list[tuple[Scope, str]]:
    """ "面向未来那几条": a run of points whose own titles all hold the words (three points
    "——面向未来，我们…"), counted from the first of them."""
    found = []
    for parent in [scope.node, *walk_main(scope.node)]:
        run: list[Section] = []
        for child in [*main_children(Scope(parent, scope.after)), None]:
            if child is not None and holds(child.heading):
                run.append(child)
                continue
            if len(run) > 1:
                found.append((Scope(parent, run[0].start), run[0].heading))
            run = []
    return found


def _shared(text: str, wanted: str) -> int:
    """How much of the request ``text`` writes as the request does: the pairs of characters
    of the request it holds."""
    return len(_pairs(wanted) & _pairs(_squeezed(text)))


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _squeezed(text: str) -> str:
    return _counts_in_figures(re.sub(r"\s+", "", normalise(text)))


def _terms_of(text: str, analyzer: Analyzer) -> set[str]:
    return set(analyzer.index_terms(_counts_in_figures(normalise(text))))


def _all_held(terms: set[str], have: set[str], analyzer: Analyzer) -> bool:
    """Every term is among ``have``, itself or by its parts ("投资规模" in "投资的总规模")."""
    for term in terms - have:
        if term in _THIS_YEAR and any(_YEAR_TERM.fullmatch(h) for h in have):
            continue
        parts = set(analyzer.index_terms(term)) - {term}
        if not parts or not parts <= have:
            return False
    return True


def _leads_into_points(section: Section, para: Paragraph) -> bool:
    """The paragraph is followed by the section's points, with no paragraph between but a
    photo's caption (a news page puts one where the picture stood)."""
    after = [c for c in section.children if c.start >= para.end]
    if not after or _CAPTION.search(para.text):
        return False
    return not any(
        para.end <= p.start < after[0].start and not _CAPTION.search(p.text)
        for p in section.paragraphs
    )


# "…同与会代表交流。 云海日报记者 王芳/摄": a photo's caption, ending in its credit
_CAPTION = re.compile(r"(?:记者|新华社发|供图)[^。！？]{0,20}?[/／\s]摄[)）]?\s*$")
