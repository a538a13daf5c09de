"""The open sections while an outline is parsed, and the decisions about lists: where a heading
of a numbering style goes (a sibling, a nested list, a new part), and which paragraphs a list of
one-paragraph points keeps. outline.py reads the lines; this module keeps the stack."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._numbering import (
    APPENDIX,
    RANK,
    RUN_IN_ENUMS,
    SENTENCE_END,
    point_sections,
    run_in_points,
    run_in_points_of,
    tidy,
)
from .model import (
    KIND_APPENDIX,
    KIND_L1,
    KIND_L2,
    KIND_L3,
    KIND_PART,
    KIND_ROOT,
    KIND_STYLED,
    Paragraph,
    Section,
)

__all__ = [
    "Open",
    "Table",
    "add_paragraph",
    "close_list",
    "continue_list",
    "is_bare",
    "is_simple",
    "one_paragraph_list",
    "open_appendix",
    "place",
    "release_trailing_paragraphs",
    "split_run_in",
    "table_cell",
    "unwrap_refrains",
]


# the opening part of a book or a paper, beside its numbered parts, never above them
_OPENING = re.compile(r"序言|前言|引言|导言|導言|绪论|緒論|导语|序|题记")


@dataclass
class Open:
    section: Section
    sub: str  # the numbering style, for nesting decisions


@dataclass
class Table:
    """A table under its caption ("表1、…一覽表："): its rows number their cells 1、2、 afresh,
    under whatever point is open, and those are no headings."""

    lines_left: int = 30  # a table longer than this without a cell has ended
    cells: str | None = None  # the numbering style of its cells, once met


def table_cell(table: Table, stack: list[Open], sub: str, ordinal: int) -> bool:
    """True when a numbered line inside ``table`` is one of its cells; False means a heading
    of the text again (a point continuing an open list, or of another style), ending it."""
    if table.cells is None:
        continues = any(i.sub == sub and i.section.ordinal == ordinal - 1 for i in stack)
        if continues or ordinal != 1:
            return False
        table.cells = sub
    if sub != table.cells:
        return False
    table.lines_left = 30
    return True


def close_list(stack: list[Open], sub: str | None) -> None:
    """A list of this numbering style has ended: close its open point and what is inside it."""
    same = [i for i, item in enumerate(stack) if item.sub == sub]
    if sub and same:
        del stack[same[-1] :]


def place(stack: list[Open], sub: str, ordinal: int, seen: set[str] | None = None) -> Section:
    """Pop the stack to where a heading of this style and number belongs; return its parent.
    ``seen`` are the numbering styles met so far in the speech."""
    same = [i for i, item in enumerate(stack) if item.sub == sub]
    if sub == "plain" and not same:
        return _place_plain(stack)
    if sub in ("l1", "part") and len(stack) > 1 and stack[1].sub == "plain":
        if _OPENING.fullmatch(re.sub(r"\s+", "", stack[1].section.title)):
            del stack[1:]  # "序言" then 一、二、: the foreword stands beside the parts
    if sub == "l1" and not same and ordinal == 1 and seen is not None and "l1" not in seen:
        # "（一）总的情况" then "一、工业 二、农业": a list of the part, not new top parts
        while len(stack) > 1 and RANK.get(stack[-1].sub, 99) >= RANK["di"]:
            stack.pop()
        if stack[-1].sub in ("l2", "l3"):
            return stack[-1].section
    elif (
        sub == "l1"
        and not same
        and ordinal == 1
        and seen is not None
        and (holder := _l1_holder(stack))
    ):
        # and so again in a later part ("(四) 培育下一代" › (1)… 一、…, "2.李四（副校长）" ›
        # 一、…) where every 一、 so far stood in a top part numbered (一) or 1., none at the top
        while len(stack) > 1 and RANK.get(stack[-1].sub, 99) > RANK[holder]:
            stack.pop()
        if stack[-1].sub == holder:
            return stack[-1].section
    if not same and ordinal == 1 and sub in (seen or ()) and len(stack) > 2:
        # a plain part ("全面实现六五计划的主要措施") › "第一、…" then 一、二、 again: a list of
        # that point, as a list restarting under a deeper level is (not the part's own)
        if stack[1].sub == "plain" and RANK.get(stack[-1].sub, 99) > RANK.get(sub, 99):
            return stack[-1].section
    if same:
        i = same[-1]
        # "3." after a nested 1.…6.: it goes on with the outer list that stands at 2.
        if ordinal > 1 and stack[i].section.ordinal != ordinal - 1:
            i = next((j for j in reversed(same) if stack[j].section.ordinal == ordinal - 1), i)
        top = i == len(stack) - 1
        nested = ordinal == 1 and stack[i].section.ordinal not in (0, 1) and not top
        if not nested or sub.startswith("h"):
            del stack[i:]
    else:
        rank = RANK.get(sub, 99)
        if ordinal == 1 and _opens_inside_point(stack, rank):
            return stack[-1].section
        while len(stack) > 1 and RANK.get(stack[-1].sub, 99) >= rank:
            stack.pop()
    return stack[-1].section


def _l1_holder(stack: list[Open]) -> str | None:
    """The style of the speech's top parts ("l2" for (一), "l3" for 1.) when they all share it
    and a 一、 list has stood inside one of them; else None."""
    tops = stack[0].section.children
    for kind in (KIND_L2, KIND_L3):
        if (
            tops
            and all(c.kind == kind for c in tops)
            and any(g.kind == KIND_L1 for c in tops for g in c.children)
        ):
            return kind
    return None


def _opens_inside_point(stack: list[Open], rank: float) -> bool:
    """ "第五、关于文化教育" on its line, then "（1）…（2）…": a list of that point, when the
    heading the point stands in is of a higher level than the list (（三） above （1））."""
    top = stack[-1]
    if top.sub not in ("di", "shi") or top.section.run_in:
        return False
    holder = next((item for item in reversed(stack) if item.sub not in ("di", "shi", "seq")), None)
    return holder is not None and holder.sub != "root" and RANK.get(holder.sub, 99) < rank


def _place_plain(stack: list[Open]) -> Section:
    """The first unnumbered heading: at the top when no numbered heading is open, else inside
    the deepest open one (a report whose （二） has subjects printed as plain lines)."""
    headed = [i for i, item in enumerate(stack) if RANK.get(item.sub, 99) <= RANK["l3"]]
    del stack[(headed[-1] + 1 if headed else 1) :]
    return stack[-1].section


def release_trailing_paragraphs(section: Section) -> None:
    """The last point of a list whose other points (at least two) are one paragraph each
    keeps one paragraph too; those after it are its parent's ("以上十四条，构成…"), and so
    are the points that come after those paragraphs (a list of the parent's, not of the
    point's)."""
    children: list[Section] = []
    for n, child in enumerate(section.children):
        release_trailing_paragraphs(child)
        children.append(child)
        following = section.children[n + 1] if n + 1 < len(section.children) else None
        ends_list = following is None or not _continues(child, following)
        if not (ends_list and len(child.paragraphs) > 1):
            continue
        cut = sorted(p.start for p in child.paragraphs)[1]
        if any(c.start < cut for c in child.children) or not one_paragraph_list(section, child):
            continue
        section.paragraphs.extend(p for p in child.paragraphs if p.start >= cut)
        child.paragraphs = [p for p in child.paragraphs if p.start < cut]
        children.extend(child.children)
        child.children = []
    section.children = children


def one_paragraph_list(parent: Section, point: Section) -> bool:
    """True when the points before ``point`` in its list (at least two) have one paragraph each."""
    if point.kind in (KIND_PART, KIND_STYLED, KIND_ROOT):
        return False
    earlier = parent.children[: parent.children.index(point)]
    simple = longer = 0
    for sibling in reversed(earlier):
        if not _continues(sibling, point, simple + longer + 1):
            break
        if is_simple(sibling):
            simple += 1
        else:
            longer += 1
    # a point broken in two by the layout does not make the list one of long points
    return simple >= 2 and simple >= 2 * longer


def _continues(before: Section, after: Section, step: int = 1) -> bool:
    """``after`` is ``step`` points after ``before`` in the same numbered list."""
    same_style = before.kind == after.kind and ("是" in before.label) == ("是" in after.label)
    return same_style and after.ordinal - before.ordinal == step


def is_bare(section: Section) -> bool:
    return section.heading_end - section.start <= len(section.label)


def is_simple(section: Section) -> bool:
    return len(section.paragraphs) == 1 and not section.children


def unwrap_refrains(section: Section) -> None:
    """Dash points all titled alike ("——40年来，我们…" ten times over, each title the same
    clause) are a refrain of the speech, not a list a reader could tell apart: their
    paragraphs go back to the parent."""
    for child in section.children:
        unwrap_refrains(child)
    dashed = [c for c in section.children if c.label.startswith(("——", "－－", "--"))]
    if len(dashed) < 3 or len({c.title for c in dashed}) > 1:
        return
    kept = []
    for child in section.children:
        if child in dashed:
            section.paragraphs.extend(child.paragraphs)
            kept.extend(child.children)
        else:
            kept.append(child)
    section.children = kept


def continue_list(stack: list[Open], text: str, start: int, end: int) -> bool:
    """ "三是…。四是…" in one paragraph after an open 二是: the paragraph continues that list,
    point by point, instead of being filed inside 二是."""
    line = text[start:end]
    for sub, pattern in RUN_IN_ENUMS:
        same = [i for i, item in enumerate(stack) if item.sub == sub]
        if not same:
            continue
        last = stack[same[-1]].section
        found = run_in_points_of(line, pattern, first=last.ordinal + 1)
        if len(found) < 2 or found[0][0] != 0:
            continue
        del stack[same[-1] :]
        points = point_sections(text, start, end, found)
        stack[-1].section.children.extend(points)
        stack.append(Open(points[-1], sub))
        return True
    return False


def add_paragraph(section: Section, text: str, start: int, end: int, split: bool = False) -> None:
    """Add text[start:end] to ``section``, splitting run-in enumerations into sub-points
    (not at the top of a speech unless ``split``)."""
    while start < end and text[start].isspace():
        start += 1
    if start >= end:
        return
    points = run_in_points(text[start:end]) if split or section.kind != KIND_ROOT else []
    if not points:
        section.paragraphs.append(Paragraph(0, start, end, text[start:end]))
        return
    if points[0][0] > 0:
        intro_end = start + points[0][0]
        section.paragraphs.append(Paragraph(0, start, intro_end, text[start:intro_end]))
    section.children.extend(point_sections(text, start, end, points))


def split_run_in(root: Section, text: str) -> None:
    """A speech without any heading: the lists run into its paragraphs ("一是…二是…") are
    the only structure it has. Where it has headings, the paragraphs above the first are
    an opening, not split."""
    own, root.paragraphs = root.paragraphs, []
    for para in own:
        add_paragraph(root, text, para.start, para.end, split=True)


def open_appendix(stack: list[Open], line: str, start: int, end: int) -> bool:
    """附件 / 名词解释 / 注释 on a line of its own, after some main text: an appendix part at the
    top of the outline, so that its 一、二、 are never taken for the main text's."""
    match = APPENDIX.match(line)
    if (
        not match
        or SENTENCE_END.search(line[:-1])
        or not (stack[0].section.children or stack[0].section.paragraphs)
    ):
        return False
    last = stack[-1].section
    if last.kind == KIND_APPENDIX and not (last.title or last.paragraphs or last.children):
        last.title, last.heading_end, last.end = line, end, end  # "附件2" then "名词解释"
        return True
    # an answer's annex in a council's record stays in its numbered question
    question = [i for i, item in enumerate(stack) if item.sub == "question"]
    del stack[question[0] + 1 if question else 1 :]
    label = line[: match.start(1)].strip()
    section = Section(KIND_APPENDIX, label, 0, tidy(match.group(1)), (), start, end, end)
    stack[-1].section.children.append(section)
    stack.append(Open(section, "appendix"))
    return True
