"""Which sections one step of a named point selects below a scope: "第二点" among the
children (or the point numbered so deeper down), "三是" among the 一是 points, "最后一点",
"（二）" of a part, an appendix by its name; quote.py follows the steps down the outline."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import takewhile

from ._capital_parts import parts_below_capitals
from ._list_subjects import Scope, is_inside, main_children, walk_main
from ._point_grammar import LAST, Step
from ._speech_fit import spelled
from .analysis import normalise
from .model import KIND_APPENDIX, KIND_ENUM, KIND_L2, KIND_ROOT, KIND_STYLED, Section

__all__ = ["said_so", "select"]


def said_so(node: Section, step: Step) -> list[Section]:
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


def select(scope: Scope, step: Step) -> list[Section]:
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
    if step.kinds is None and step.number < 0:
        # "最后一项" of a list numbered 1、…6、 and then 1、2、3、 again (a table's items run
        # on at the same level, a closing title after the points): the last of its own list
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
