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
from dataclasses import dataclass

from ._council import IN_QUESTION, is_turn_section, kept_in_turn, opens_turn, questioner
from ._headings import dash_follows, is_open, match_heading
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
    APPENDIX,
    BARE_NUMERAL,
    CAPITAL,
    CLAUSE_END,
    DASH,
    HEADING_FIRST,
    LOOKAHEAD,
    RUN_IN_ENUMS,
    TABLE_CAPTION,
    TURN,
    heading_extent,
    lead_title,
    mostly_chinese,
    nonblank_lines,
    point_number,
    run_in_points,
    run_in_style,
    styled_levels,
    tidy,
    translated,
    turn_speaker,
)
from ._plain_headings import BODY_LINE, SALUTATION, is_dated, is_plain_heading
from ._subtitles import add_subtitles
from ._turn_titles import add_turn_titles
from .model import (
    KIND_APPENDIX,
    KIND_ENUM,
    KIND_L1,
    KIND_PART,
    KIND_ROOT,
    KIND_STYLED,
    Paragraph,
    Section,
)

# the second of the parts a speech names "第一个问题：" (the first is a part only with it)
_SECOND_WENTI = re.compile(r"(?m)^\s*第二个(?:问题|方面)[：:]")
# lines after a 首先 looked at for its second point
_SECOND_WITHIN = 12
# lines an interruption of a transcript may take before its speaker goes on where they were
_RESUME_WITHIN = 40


@dataclass
class _Floor:
    """Who holds the floor of a transcript, and the speech's open sections while the chair or
    a member interrupts (a protest in a policy address): when the speaker resumes
    ("行政長官：去年10月推出的…") the speech goes on inside them, not at its top."""

    speaker: str | None = None
    saved: list[Open] | None = None
    since: int = 0

    def resumes(self, stack: list[Open], line: str, n: int) -> bool:
        who = turn_speaker(line)
        if who is None:
            return False
        if self.saved is not None and n - self.since > _RESUME_WITHIN:
            self.saved = None  # a debate, not an interruption
        if self.saved is not None and who == self.speaker:
            stack[:] = self.saved
            self.saved = None
            return True
        if who != self.speaker and self.speaker and self.saved is None and len(stack) > 1:
            self.saved, self.since = list(stack), n
        if self.saved is None and who and who != "主席":
            self.speaker = who
        return False


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
    tops: list[tuple[int, int]] | None = None  # (line, number) of 一、 / 第一部分, once asked
    chinese = mostly_chinese(text)
    floor = _Floor()

    def lines_after(n: int) -> list[str]:
        return [text[a:b] for a, b in lines[n + 1 : n + 1 + IN_QUESTION]]

    for n, (start, end) in enumerate(lines):
        line = text[start:end]
        following = text[slice(*lines[n + 1])] if n + 1 < len(lines) else ""
        previous = text[slice(*lines[n - 1])] if n else ""
        ahead = (text[a:b] for a, b in lines[n + 1 : n + 1 + LOOKAHEAD])
        if open_appendix(stack, line, start, end):
            continue
        later = [text[a:b] for a, b in lines[n + 1 : n + 1 + _SECOND_WITHIN]]
        heading = match_heading(line, styled, following, stack, later)
        if (
            heading
            and heading[1] == "wenti"
            and heading[3] == 1
            and not _SECOND_WENTI.search(text, end)
        ):
            heading = None  # "第一个问题：…" with no second after it: a sentence of its part
        if heading and chinese and translated(line[heading[2] :]):
            heading = None  # "1.We formulated…" under "一是…": a bilingual page's translation
        if heading and heading[1] == "l3" and questioner(line[heading[2] :]):
            heading = heading[0], "question", heading[2], heading[3]  # "7. 梁美芬議員：…"
        if heading and heading[1] == "capital" and _capital_out_of_turn(root, heading[3]):
            heading = None  # "陸、空交通運輸基建": land and air, no sixth part after none
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
            tops = _top_numbers(text, lines) if tops is None else tops
            below = [number for i, number in tops if i > n]
            own_part = _plain_part(stack, root, after, bool(tops), below, is_dated(body))
            if plain_headings or restarts or own_part:
                heading = KIND_STYLED, "plain", 0, 0
            if heading and restarts:
                del stack[1:]  # "关于外交工作" then 一、二、 again: a part of the speech
        body_started = (
            body_started
            or len(line) >= BODY_LINE
            or bool(ADDRESS.match(line) or SALUTATION.match(line))
        )
        if heading is None:
            if continue_list(stack, text, start, end) or _open_list_mid_paragraph(
                stack, text, start, end, ahead
            ):
                continue
            if run_in_points(line):  # a list of its own: any open list of its style has ended
                close_list(stack, run_in_style(line))
            resumed = floor.resumes(stack, line, n)
            if not resumed and opens_turn(stack, text, start, end, lines_after(n)):
                continue
            owner = _paragraph_owner(stack, line, dash_follows(later), resumed)
            if (
                owner.kind != KIND_ROOT
                and not (owner.title or owner.paragraphs or owner.children)
                and not BARE_NUMERAL.fullmatch(owner.label)  # "一" alone: a part with no title
            ):
                owner.title = lead_title(line)  # "第一，" alone on its line: its text follows
            add_paragraph(owner, text, start, end)
            continue
        kind, sub, label_end, ordinal = heading
        head_end, title, body_start = heading_extent(line, kind, label_end, sub)
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
    if all(c.kind == KIND_APPENDIX for c in root.children):
        # no heading of the speech's own (its 注释 part aside): its run-in lists are its
        # only structure
        split_run_in(root, text)
    release_trailing_paragraphs(root)
    unwrap_refrains(root)
    add_subtitles(root, text)
    add_turn_titles(root)
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
        nxt = next(filter(None, (match_heading(line, {}) for line in ahead)), None)
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
        found = match_heading(line, {})
        if found is None or found[1] not in ("l1", "part"):
            continue
        # the open list must be the speech's own or a plain part's: one deeper down
        # ("（三）扶贫" › "津贴" › 一、二、) restarting says nothing about the top
        open_at = [i for i, item in enumerate(stack) if item.sub == found[1]]
        # or a plain part's list that "各位代表！" has closed: the part itself is open
        closed = len(stack) == 2 and stack[1].sub == "plain"
        held = closed and any(c.kind == _TOP_KINDS[found[1]] for c in stack[1].section.children)
        return found[3] == 1 and (
            held or any(i == 1 or (i == 2 and stack[1].sub == "plain") for i in open_at)
        )
    return False


_TOP_KINDS = {"l1": KIND_L1, "part": KIND_PART}


def _plain_part(
    stack: list[Open],
    root: Section,
    after: Sequence[str],
    numbered_parts: bool,
    later: list[int],
    dated: bool,
) -> bool:
    """An unnumbered title line is a part of the speech (with plain headings off) only where
    it breaks no outline: after parts of its kind when no list open goes on past it; before
    any heading ("关于九大路线", "“十四五”时期工作回顾") where the speech has no numbered parts
    (一、 / 第一部分) of its own; where it has, right above the first of numbered parts that
    start again later ("关于国内建设" / 一、二、… "关于外交工作" / 一、二、), or with a date of its
    own ("结论" / "（一九五五年三月三十一日）")."""
    if any(c.kind != KIND_STYLED or c.label or is_turn_section(c) for c in root.children):
        return False  # numbered parts or styled ones: the speech's outline is theirs
    if root.children and stack[1].sub != "plain":
        return False
    found = next(filter(None, (match_heading(x, {}) for x in after)), None)
    # "2026年重点工作" then （一）: a list opening under it; a "（三）" after it goes on
    if found is not None and is_open(stack, found[1], found[3] - 1):
        return False
    if root.children or not numbered_parts or dated:
        return True
    return later[:1] == [1] and later.count(1) > 1


def _capital_out_of_turn(root: Section, number: int) -> bool:
    """A capital numeral (陸、) past one, where headings came before and none of them was the
    capital part before it: a word of the text (陸、空 "land and air"), not a part. A chapter
    printed alone may open on any number ("肆、文 化")."""
    if number <= 1 or not root.children:
        return False
    return not any(c.label[:1] in CAPITAL and c.ordinal == number - 1 for c in root.children)


def _top_numbers(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(line, number) of the numbered top parts (一、 第一部分 壹、), the appendix left out."""
    out = []
    for n, (start, end) in enumerate(lines):
        line = text[start:end]
        if APPENDIX.match(line):
            break
        found = match_heading(line, {}) if line[:1] in HEADING_FIRST else None
        if found and found[1] in ("l1", "part", "capital"):
            out.append((n, found[3]))
    return out


def _paragraph_owner(
    stack: list[Open], line: str, dash_follows: bool = False, resumed: bool = False
) -> Section:
    """The open section a new paragraph belongs to, closing points it cannot be part of."""
    if TURN.match(line) and not resumed:
        del stack[kept_in_turn(stack, turn_speaker(line)) :]  # a turn: the speech's points are over
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
