"""Whether a line starts a section: the numbering of its label (_numbering.HEADINGS), checked
against what is open and what follows (a 首先 wants its 其次, a dash point another, 第一是 a
第二是). outline.py places what this module finds."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ._lists import Open
from ._numbering import (
    BARE_NUMERAL,
    CLAUSE_END,
    CN_VALUE,
    DASH,
    HEADING_FIRST,
    HEADINGS,
    SEQ,
    SPACED_L1,
    next_enum_in_line,
)
from .model import KIND_ENUM, KIND_L1, KIND_L2, KIND_L3, KIND_STYLED
from .numerals import chinese_number

__all__ = ["dash_follows", "is_open", "match_heading"]

# the second point of a list a 首先 opens
_SECOND = re.compile(r"^(?:其次|再次|第二[，,、：:])")
# "20.2026年10件民生实事：": an item number glued to a figure (read as one when 19. is open)
_DIGIT_AFTER_DOT = re.compile(r"^(\d{1,2})[.．](?=\d)")
# "三）改革开放…" after （二）: a point whose opening bracket the page lost
_LOST_BRACKET = re.compile(r"^([一二三四五六七八九十]{1,3})[)）]\s*(?=\S)")
# lines after a first dash point looked at for its second (one sentence a line)
_DASH_WITHIN = 8


def match_heading(
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
        more = DASH.match(following) or dash_follows(later or [])
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
            if ordinal == 1:
                opens = any(x.startswith("第二是") for x in later or ())
            else:
                opens = is_open(stack, "di", ordinal - 1)
            if not opens:
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
    lost = _LOST_BRACKET.match(line)
    if lost and stack and is_open(stack, "l2", chinese_number(lost[1]) - 1):
        return KIND_L2, "l2", lost.end(), chinese_number(lost[1])
    level = styled.get(line.strip())
    if level:
        return KIND_STYLED, f"h{min(level, 3)}", 0, 0
    return None


def is_open(stack: list[Open], sub: str, ordinal: int) -> bool:
    return any(item.sub == sub and item.section.ordinal == ordinal for item in stack)


def dash_follows(later: Sequence[str]) -> bool:
    """A dash point comes within a few lines, before any other heading."""
    for x in later[:_DASH_WITHIN]:
        if DASH.match(x):
            return True
        if match_heading(x, {}):
            return False
    return False


def _dash_ordinal(stack: list[Open], next_is_dash: bool) -> int:
    """The number of a dash-led point: one more than the open dash point, 1 when the next line
    is a dash point too (a lone "——" line is an attribution, not a list)."""
    if stack[-1].sub == "dash":
        return stack[-1].section.ordinal + 1
    return 1 if next_is_dash else 0
