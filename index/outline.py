"""Cleaned text → Section tree: the heading hierarchy of Chinese official texts.

Levels 第一部分 › 一、 › （一） › 1. › （1） and enumerations 第一，/ 一是 / 首先…, as heading
lines or run in ("一是进一步…；二是扎实…").  Nesting is decided as the text goes: a
numbering style already open continues as a sibling, a new style opens a deeper level, and a
list restarting at 1 under a deeper open level is a nested list (as in "（一）… 一、二、三、").
Every span points into the text, so parsing loses nothing (``spans`` proves it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ._lead_headings import add_lead_headings
from ._lists import (
    Open,
    Table,
    add_paragraph,
    close_list,
    continue_list,
    is_bare,
    is_simple,
    one_paragraph_list,
    open_appendix,
    place,
    release_trailing_paragraphs,
    split_run_in,
    table_cell,
    unwrap_refrains,
)
from ._numbering import (
    ADDRESS,
    ADDRESS_ALONE,
    BARE_NUMERAL,
    CLAUSE_END,
    CN,
    CN_VALUE,
    DASH,
    HEADING_FIRST,
    HEADINGS,
    LOOKAHEAD,
    RUN_IN_ENUMS,
    SEQ,
    SPACED_L1,
    TABLE_CAPTION,
    TURN,
    heading_extent,
    lead_title,
    mostly_chinese,
    next_enum_in_line,
    nonblank_lines,
    point_number,
    run_in_points,
    run_in_style,
    styled_levels,
    tidy,
    translated,
)
from ._plain_headings import BODY_LINE, is_plain_heading
from .model import (
    KIND_ENUM,
    KIND_L1,
    KIND_L3,
    KIND_ROOT,
    KIND_STYLED,
    Paragraph,
    Section,
)
from .numerals import chinese_number

# the second point of a list a 首先 opens
_SECOND = re.compile(r"^(?:其次|再次|第二[，,、：:])")
# "20.2026年10件民生实事：": an item number glued to a figure (read as one when 19. is open)
_DIGIT_AFTER_DOT = re.compile(r"^(\d{1,2})[.．](?=\d)")
# the second of the parts a speech names "第一个问题：" (the first is a part only with it)
_SECOND_WENTI = re.compile(r"(?m)^\s*第二个(?:问题|方面)[：:]")
# lines after a first dash point looked at for its second (one sentence a line)
_DASH_WITHIN = 8
# lines after a 首先 looked at for its second point
_SECOND_WITHIN = 12


def parse_outline(
    text: str,
    heading_lines: Iterable[str] = (),
    *,
    plain_headings: bool = False,
    lead_headings: bool = True,
) -> Section:
    """Parse ``text`` into a Section tree rooted at the whole speech.

    ``heading_lines`` are lines the file format marked as headings (docx styles), as
    ``"level\\ttext"`` or plain text (level 1); they are headings even without numbering.
    Short unnumbered title lines between paragraphs are parts only where they break no
    outline: before any heading, among parts of their own kind, or where the top list starts
    again after them. ``plain_headings`` reads them as headings everywhere: it helped the
    development outlines but filed passages under wrong parts on the held-out ones
    (docs/evaluation.md, "Unnumbered headings"). ``lead_headings`` reads runs of paragraphs
    opening with a short title sentence as points (_lead_headings.py).
    """
    styled = styled_levels(heading_lines)
    root = Section(KIND_ROOT, "", 0, "", (), 0, 0, len(text))
    stack = [Open(root, "root")]
    lines = list(nonblank_lines(text))
    body_started = False  # a line of running text seen: short lines above it are the title's
    seen: set[str] = set()  # numbering styles met so far
    table: Table | None = None  # a table under its caption, while its rows last
    chinese = mostly_chinese(text)
    for n, (start, end) in enumerate(lines):
        line = text[start:end]
        following = text[slice(*lines[n + 1])] if n + 1 < len(lines) else ""
        previous = text[slice(*lines[n - 1])] if n else ""
        ahead = (text[a:b] for a, b in lines[n + 1 : n + 1 + LOOKAHEAD])
        if open_appendix(stack, line, start, end):
            continue
        later = [text[a:b] for a, b in lines[n + 1 : n + 1 + _SECOND_WITHIN]]
        heading = _match_heading(line, styled, following, stack, later)
        if (
            heading
            and heading[1] == "wenti"
            and heading[3] == 1
            and not _SECOND_WENTI.search(text, end)
        ):
            heading = None  # "第一个问题：…" with no second after it: a sentence of its part
        if heading and chinese and translated(line[heading[2] :]):
            heading = None  # "1.We formulated…" under "一是…": a bilingual page's translation
        if table is not None:
            table.lines_left -= 1
            if heading and table_cell(table, stack, heading[1], heading[3]):
                heading = None
            elif heading or table.lines_left <= 0:
                table = None
        if TABLE_CAPTION.match(line):
            table = Table()
        # "形势和任务" / "同志们！" / its first paragraph: the address stands between them
        body = next((x for x in later if not ADDRESS_ALONE.match(x)), "")
        if heading is None and is_plain_heading(line, previous, body, body_started):
            after = [text[a:b] for a, b in lines[n + 1 :]]
            restarts = _top_list_restarts(stack, after)
            if plain_headings or restarts or _plain_part(stack, root, after):
                heading = KIND_STYLED, "plain", 0, 0
            if heading and restarts:
                del stack[1:]  # "关于外交工作" then 一、二、 again: a part of the speech
        body_started = body_started or len(line) >= BODY_LINE or bool(ADDRESS.match(line))
        if heading is None:
            if continue_list(stack, text, start, end) or _open_list_mid_paragraph(
                stack, text, start, end, ahead
            ):
                continue
            if run_in_points(line):  # a list of its own: any open list of its style has ended
                close_list(stack, run_in_style(line))
            owner = _paragraph_owner(stack, line, _dash_follows(later))
            if (
                owner.kind != KIND_ROOT
                and not (owner.title or owner.paragraphs or owner.children)
                and not BARE_NUMERAL.fullmatch(owner.label)  # "一" alone: a part with no title
            ):
                owner.title = lead_title(line)  # "第一，" alone on its line: its text follows
            add_paragraph(owner, text, start, end)
            continue
        kind, sub, label_end, ordinal = heading
        head_end, title, body_start = heading_extent(line, kind, label_end)
        section = Section(
            kind, line[:label_end].strip(), ordinal, title, (), start, start + head_end, end
        )
        parent = place(stack, sub, ordinal, seen)
        seen.add(sub)
        parent.children.append(section)
        stack.append(Open(section, sub))
        if body_start is not None:
            section.run_in = body_start == 0
            # "（三）扩大内需。重点做好：一是…" then a line "二是…": the heading line opens the list
            if not (
                body_start and _open_list_mid_paragraph(stack, text, start + body_start, end, ahead)
            ):
                add_paragraph(section, text, start + body_start, end)
    if not root.children:
        split_run_in(root, text)
    release_trailing_paragraphs(root)
    unwrap_refrains(root)
    if lead_headings:
        add_lead_headings(root, text)
    _finish(root, (), text)
    return root


def spans(root: Section) -> list[tuple[int, int]]:
    """Every heading and paragraph span in document order; together they cover the text."""
    out = []
    for section in root.walk():
        if section.kind != KIND_ROOT and not section.run_in:
            out.append((section.start, section.heading_end))
        out.extend((p.start, p.end) for p in section.paragraphs)
    return sorted(out)


def _match_heading(
    line: str,
    styled: dict[str, int],
    following: str = "",
    stack: list[Open] | None = None,
    later: Sequence[str] | None = None,
) -> tuple[str, str, int, int] | None:
    """(kind, numbering style, label length, ordinal) when the line starts a section;
    ``later`` are the lines after it, where a 首先 list must go on."""
    dash = DASH.match(line)
    if dash and stack is not None:
        # a dash point opens a list when another follows: next, or after its detail lines
        more = DASH.match(following) or _dash_follows(later or [])
        ordinal = _dash_ordinal(stack, bool(more))
        return (KIND_ENUM, "dash", dash.end(), ordinal) if ordinal else None
    if BARE_NUMERAL.fullmatch(line):  # "一" on a line of its own: a top-level part
        return KIND_L1, "l1", len(line), chinese_number(line)
    spaced = SPACED_L1.match(line) if line[:1] in CN_VALUE else None
    if spaced and len(line) <= 30 and not CLAUSE_END.search(line):
        return KIND_L1, "l1", spaced.end(), chinese_number(spaced.group(1))
    for kind, sub, pattern in HEADINGS if line[:1] in HEADING_FIRST else ():
        match = pattern.match(line)
        if not match:
            continue
        numeral = match.group(1)
        ordinal = SEQ.get(numeral) or chinese_number(numeral)
        if ordinal == 0 or (sub == "l3" and len(line) > match.end() and line[match.end()] == "%"):
            return None
        if sub == "l1" and CN_VALUE.get(line[match.end() : match.end() + 1]) == ordinal + 1:
            return None  # "三、四十年前": three or four decades, not a part 三
        if kind == KIND_ENUM and next_enum_in_line(line, sub, ordinal, match.end()):
            return None  # "一是…；二是…" on one line: a paragraph with run-in points
        if sub == "seq" and ordinal > 1 and stack is not None:
            # 其次 / 最后 continue a 首先 list; without one, "最后，希望…" is a closing paragraph
            opened = [item.section.ordinal for item in stack if item.sub == "seq"]
            if not opened:
                return None
            ordinal = opened[-1] + 1 if numeral == "最后" else ordinal
        if sub == "seq" and ordinal == 1 and later is not None:
            if not any(_SECOND.match(x) for x in later):
                return None  # "首先，我提议：" with no 其次 or 第二 after it: no list
        if sub == "di" and stack is not None and "是" in line[: match.end()]:
            # "第一是…" opens a list only when a "第二是" follows, and goes on one open
            follows = any(x.startswith(f"第{CN[ordinal]}是") for x in later or ())
            if not (follows if ordinal == 1 else _opened(stack, "di", ordinal - 1)):
                return None
        if sub == "di" and stack is not None and not any(i.sub == "di" for i in stack):
            opened = [item.section.ordinal for item in stack if item.sub == "seq"]
            if opened and opened[-1] == ordinal - 1:
                sub = "seq"  # "首先，…" then "第二，…第三，…": one list
        return kind, sub, match.end(), ordinal
    glued = _DIGIT_AFTER_DOT.match(line)
    if (
        glued
        and stack
        and any(i.sub == "l3" and i.section.ordinal == int(glued[1]) - 1 for i in stack)
    ):
        return KIND_L3, "l3", glued.end(), int(glued[1])  # "20.2026年…" after 19.: no decimal
    level = styled.get(line.strip())
    if level:
        return KIND_STYLED, f"h{min(level, 3)}", 0, 0
    return None


def _opened(stack: list[Open], sub: str, ordinal: int) -> bool:
    return any(item.sub == sub and item.section.ordinal == ordinal for item in stack)


def _dash_follows(later: Sequence[str]) -> bool:
    """A dash point comes within a few lines, before any other heading."""
    for x in later[:_DASH_WITHIN]:
        if DASH.match(x):
            return True
        if _match_heading(x, {}):
            return False
    return False


def _dash_ordinal(stack: list[Open], next_is_dash: bool) -> int:
    """The number of a dash-led point: one more than the open dash point, 1 when the next line
    is a dash point too (a lone "——" line is an attribution, not a list)."""
    if stack[-1].sub == "dash":
        return stack[-1].section.ordinal + 1
    return 1 if next_is_dash else 0


def _open_list_mid_paragraph(
    stack: list[Open], text: str, start: int, end: int, ahead: Iterable[str]
) -> bool:
    """ "继续实施积极的财政政策。一是保持…" followed by a paragraph "二是…": the lead sentence stays
    with the open section and 一是 opens a list that the next paragraphs continue."""
    line = text[start:end]
    for sub, pattern in RUN_IN_ENUMS:
        first = next(
            (
                m
                for m in pattern.finditer(line)
                if m.start() > 0 and point_number(m.group(1), 0) == 1
            ),
            None,
        )
        if first is None or run_in_points(line):
            continue
        nxt = next(filter(None, (_match_heading(line, {}) for line in ahead)), None)
        if not nxt or nxt[1] != sub or nxt[3] != 2:
            continue
        close_list(stack, sub)
        owner = _paragraph_owner(stack, line)
        owner.paragraphs.append(Paragraph(0, start, start + first.start(), line[: first.start()]))
        p_start = start + first.start()
        label_len = first.end() - first.start()
        body = text[p_start + label_len : end]
        clause = CLAUSE_END.search(body)
        title = tidy(body[: clause.start()] if clause and clause.start() <= 40 else body[:20])
        label = text[p_start : p_start + label_len]
        point = Section(
            KIND_ENUM,
            label,
            1,
            title,
            (),
            p_start,
            p_start + label_len + len(title),
            end,
            run_in=True,
        )
        point.paragraphs.append(Paragraph(0, p_start, end, text[p_start:end]))
        owner.children.append(point)
        stack.append(Open(point, sub))
        return True
    return False


def _top_list_restarts(stack: list[Open], after: Iterable[str]) -> bool:
    """The next numbered heading is a 一、 (or 第一部分) while one of that style is open: the
    plain heading before it starts a new part of the speech."""
    for line in after:
        found = _match_heading(line, {})
        if found is None or found[1] not in ("l1", "part"):
            continue
        # the open list must be the speech's own or a plain part's: one deeper down
        # ("（三）扶贫" › "津贴" › 一、二、) restarting says nothing about the top
        open_at = [i for i, item in enumerate(stack) if item.sub == found[1]]
        return found[3] == 1 and any(
            i == 1 or (i == 2 and stack[1].sub == "plain") for i in open_at
        )
    return False


def _plain_part(stack: list[Open], root: Section, after: Sequence[str]) -> bool:
    """An unnumbered title line is a part of the speech (with plain headings off) only where
    it breaks no outline: before any heading ("关于九大路线", "“十四五”时期工作回顾"), or
    after parts of its own kind when no list open goes on past it."""
    if any(c.kind != KIND_STYLED or c.label for c in root.children):
        return False  # numbered parts or styled ones: the speech's outline is theirs
    if root.children and stack[1].sub != "plain":
        return False
    found = next(filter(None, (_match_heading(x, {}) for x in after)), None)
    # "2026年重点工作" then （一）: a list opening under it; a "（三）" after it goes on
    return found is None or not _opened(stack, found[1], found[3] - 1)


def _paragraph_owner(stack: list[Open], line: str, dash_follows: bool = False) -> Section:
    """The open section a new paragraph belongs to, closing points it cannot be part of."""
    if TURN.match(line):
        del stack[1:]  # the chair speaks: the speech's points are over
    if ADDRESS.match(line) and len(stack) > 1:
        # "各位代表！" closes the points: back to the top-level section (to the speech
        # itself when its top level is an enumeration "第一，…第二，…")
        del stack[1 if stack[1].section.kind == KIND_ENUM else 2 :]
    # A dash-led point is one paragraph: a paragraph without the dash ends the list, unless
    # another dash point follows its detail lines (one sentence a line)
    if stack[-1].sub == "dash" and not DASH.match(line) and not dash_follows:
        stack.pop()
    # A bare label ("一、" alone, its text on the next line) in a list of one-paragraph
    # points has had its paragraph: what follows is the enclosing text again (1955 report).
    while len(stack) > 1 and is_bare(top := stack[-1].section) and is_simple(top):
        if not one_paragraph_list(stack[-2].section, top):
            break
        stack.pop()
    return stack[-1].section


def _finish(section: Section, path: tuple[int, ...], text: str) -> None:
    """Assign paths and paragraph numbers; extend each section's end over its contents."""
    section.path = path
    for index, para in enumerate(sorted(section.paragraphs, key=lambda p: p.start), start=1):
        para.index = index
    section.paragraphs.sort(key=lambda p: p.start)
    end = max([section.heading_end, *(p.end for p in section.paragraphs)])
    for position, child in enumerate(section.children, start=1):
        _finish(child, (*path, position), text)
        end = max(end, child.end)
    if section.kind != KIND_ROOT:
        section.end = end
