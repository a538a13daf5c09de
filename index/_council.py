"""What a council's record is named by (the address it holds), and its questions and turns as
outline sections (a numbered question "7. 梁美芬議員：" at the top, its parts under it; a turn
that opens a list titled by its speaker, the list under it).

A Legislative Council sitting exported from its record opens on a turn ("主席：請各位議員…",
"陳議員：主席，…"), which names nothing; the chief executive's policy address or the budget
the financial secretary moves ("我謹動議二讀《2014年撥款條例草案》") may come far down, after
the questions. metadata.py names such a record by that address ("施政報告" → "2015年施政報告").
"""

from __future__ import annotations

import re

from ._headings import match_heading
from ._lists import Open
from ._numbering import TURN as TURN_LINE
from ._numbering import turn_speaker
from .model import KIND_STYLED, Paragraph, Section

__all__ = [
    "council_business",
    "is_question",
    "is_turn_section",
    "IN_QUESTION",
    "kept_in_turn",
    "opens_list",
    "opens_turn",
    "opens_on_turn",
    "questioner",
]

_TURN_LINE = re.compile(r"^[^，。：:\s]{1,12}[：:]")
_POLICY_ADDRESS = re.compile(r"(?:發表|发表)(施政報告|施政报告)")
_BUDGET_MOVED = re.compile(
    r"動議二讀《\s*\d{4}\s*年撥款條例草案》|动议二读《\s*\d{4}\s*年拨款条例草案》"
)


def opens_on_turn(title: str) -> bool:
    """A title that is a speaker's turn: a transcript's first line, no name of it."""
    return bool(_TURN_LINE.match(title))


def council_business(body: list[str]) -> str | None:
    """ "施政報告" or "財政預算案" where a council's record holds one."""
    text = "\n".join(body)
    if found := _POLICY_ADDRESS.search(text):
        return found.group(1)
    if _BUDGET_MOVED.search(text):
        return "財政預算案" if "撥款" in text else "财政预算案"
    return None


# --- the turns and numbered questions of a council's record, as outline sections ---------

# "7. 梁美芬議員：主席，…" (a written question numbered in the record), "郭榮鏗議員 (譯文 )："
_MEMBER = re.compile(
    r"^\s*([^\s，。：:（(]{1,10}(?:議員|议员))\s*(?:[（(][^（）()]{0,6}[)）]\s*)?[：:]"
)
# paragraphs after a turn's first line within which its list must open
_LIST_WITHIN = 6
# "(一) 引言", "(一) 多元經濟。…": a titled part of an address, no point of a question
_TITLE_ITEM = re.compile(r"(?![及至和與与、])[^。：:；;，,、\s]{1,6}(?:。|$)")


def questioner(rest: str) -> str | None:
    """The member who asks a numbered question ("梁美芬議員：…" after "7."), or None."""
    found = _MEMBER.match(rest)
    return found.group(1) if found else None


def opens_list(later: list[str], first_item, within: int = _LIST_WITHIN) -> bool:
    """A turn opens a list: within its first paragraphs, before another turn, a part (一) as a
    council numbers a question's parts and their answers ("1." items and "(1)" lists are a
    motion's or an address's), a point, not a titled part of an address ("(一) 引言"). In a
    transcript the list follows the turn's first line or a lead-in ending on a colon ("政府可否
    告知本會：", "現答覆如下："): a speech's own list, paragraphs into it, is no question's."""
    previous = ""
    for n, line in enumerate(later[:within]):
        lead_in = n == 0 or previous.rstrip().endswith(("：", ":"))
        previous = line
        if TURN_LINE.match(line):
            return False
        found = first_item(line)
        if found is None:
            continue
        sub, ordinal, rest = found
        if sub == "l3" and questioner(rest):
            return False  # the next numbered question: this answer had no list
        if sub != "l2" and within > _LIST_WITHIN:
            continue  # an answer in a numbered question: its (1)… may come before its (一)
        if sub != "l2" or ordinal != 1:
            return False
        if within <= _LIST_WITHIN and not lead_in:
            return False
        return not _TITLE_ITEM.match(rest.strip())
    return False


def is_turn_section(section) -> bool:
    """A section made of a speaker's turn (the speaker its title, the turn its text)."""
    return (
        not section.label
        and section.run_in
        and section.ordinal == 0
        and bool(section.paragraphs)
        and section.paragraphs[0].start == section.start
        and section.paragraphs[0].text.startswith(section.title)
        and bool(TURN_LINE.match(section.paragraphs[0].text))
    )


def is_question(section) -> bool:
    """A numbered question of the record: "7." titled by its member."""
    return section.label[:1].isdigit() and bool(re.search(r"(?:議員|议员)$", section.title))


# lines after a speaker's turn opens within which its list starts: at once in a transcript of
# turns, after the answer's preamble in a numbered question (which bounds it)
_TURN_LIST = 6
IN_QUESTION = 60


def opens_turn(stack: list[Open], text: str, start: int, end: int, later: list[str]) -> bool:
    """A member's or an official's turn that opens a list (a question's parts (一)…(四), the
    answer's own (一)…(四)) is a section titled by its speaker, the list inside it: each turn's
    list restarts at (一), and the turn says whose it is. Inside a numbered question ("7. 梁美芬
    議員：…") the answer's turn stays in the question."""
    line = text[start:end]
    who = turn_speaker(line)
    # the answer to a numbered question may open its list after a long preamble
    within = IN_QUESTION if kept_in_turn(stack, who) > 1 else _TURN_LIST
    if not who or who == "主席" or not opens_list(later[:within], _first_item, within):
        return False
    del stack[kept_in_turn(stack, who) :]
    section = Section(KIND_STYLED, "", 0, who, (), start, start + len(who), end, run_in=True)
    section.paragraphs.append(Paragraph(0, start, end, line))
    stack[-1].section.children.append(section)
    stack.append(Open(section, "turn"))
    return True


def _first_item(line: str) -> tuple[str, int, str] | None:
    found = match_heading(line, {})
    return (found[1], found[3], line[found[2] :]) if found else None


def kept_in_turn(stack: list[Open], who: str | None) -> int:
    """How much of the stack a turn keeps: a numbered question open, unless the chair speaks."""
    question = next((i for i, item in enumerate(stack) if item.sub == "question"), None)
    return question + 1 if question and who not in (None, "", "主席") else 1
