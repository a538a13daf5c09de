"""Headings printed without numbering: a short line of its own that names what follows
("关于九大路线", "2026年重点工作", "结论"), told apart from the short lines a layout leaves
behind (a book title broken out of its sentence, a quotation's piece, an address, a slogan).

outline.py asks ``is_plain_heading`` about lines no numbering pattern matched.
"""

from __future__ import annotations

import re

__all__ = ["BODY_LINE", "SALUTATION", "is_dated", "is_plain_heading"]

# a line long enough to be running text: the body has begun once one was seen, and a
# heading is followed by one
BODY_LINE = 40
_MAX = 24  # longer lines are sentences, not titles
# the speaker greets the audience ("各位友邦的元首與貴賓、…全體國人同胞，大家好"): the speech has
# begun, and a short line after it is its first title, not the title block's
SALUTATION = re.compile(r"^各位.{2,60}(?:大家好|大家早安|大家午安|大家晚安|[：:！!])$")
# punctuation a title does not hold (a sentence's or a clause's)
_SENTENCE = re.compile(r"[。！？!?；;，,：:…]")
# what a broken line of a layout starts or ends with: the other half of a quotation, a
# book title, a bracket
_OPENS_BROKEN = re.compile(r"^[”’》〉）)、。，,；;：:．.…—\-\[\]【】<>]")
_ENDS_BROKEN = re.compile(r"[“‘《〈（(、，,：:—\-]$")
_ENDS_SENTENCE = re.compile(r"[。！？!?”’」』…）)]$|[：:]$")
# lines that are no titles: addresses, datelines, by-lines, credits, captions
_NOT_TITLE = re.compile(
    r"^(?:各位|同志们|同志們|女士们|女士們|先生们|先生們|朋友们|朋友們|来源|时间|作者|编辑|责任编辑|记者|新华社|本报)"
    r"|(?:\d{1,4}年\d{1,2}月\d{1,2}日|[〇○一二三四五六七八九十]{4}年[一二三四五六七八九十]{1,2}月)"
    r"|^[\W\d_]+$|上一页|下一页"
)
# "2022年2月" under a white paper's title: its date, no part of it
_DATE_ALONE = re.compile(
    r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?$"
)
_DATE_LINE = re.compile(r"^[（(][^()（）]{0,20}年[^()（）]{0,12}[)）]$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def is_plain_heading(line: str, previous: str, following: str, body_started: bool) -> bool:
    """Whether ``line`` (stripped) is an unnumbered heading, given the non-blank lines around it.

    The body must have begun (the title block above it holds short lines too); the line is
    short, has no sentence punctuation, and stands between a finished sentence (or another
    heading) and a paragraph of running text.
    """
    if not 2 <= len(line) <= _MAX or len(_CJK.findall(line)) < 2:
        return False
    dated = bool(_DATE_LINE.match(following))  # "开幕词" then "（一九五五年三月二十一日）"
    if not (body_started or dated):
        return False
    if _SENTENCE.search(line) or _NOT_TITLE.search(line) or _DATE_ALONE.match(line):
        return False
    if line[0] in "（(〔[【" and line[-1] in "）)〕]】":
        return False  # a note in brackets: "（指江青）"
    if _OPENS_BROKEN.search(line) or _ENDS_BROKEN.search(line):
        return False  # a piece of a sentence the layout broke
    if line.count("“") != line.count("”") or line.count("《") != line.count("》"):
        return False
    ends = _ENDS_SENTENCE.search(previous) or SALUTATION.match(previous)
    if previous and not (ends or len(previous) <= _MAX):
        return False  # the line before stops mid-sentence: this line goes on with it
    return dated or (len(following) >= BODY_LINE and not _OPENS_BROKEN.search(following))


def is_dated(following: str) -> bool:
    """The line after a title is its date in brackets: a part given on a day of its own."""
    return bool(_DATE_LINE.match(following))
