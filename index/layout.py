"""Text laid out for print or scraped several times, back to the paragraphs that were written.

Lines broken inside a sentence by a page layout are joined again, a table of contents, page
numbers, running headers and continuation marks ("（下转第四版）") are dropped, and an article a scrape holds
several times is kept once.  Words are never rewritten: only line breaks and furniture go,
and a heading's label loses the spaces a layout put inside it ("(三 )" → "(三)").
"""

from __future__ import annotations

import re
from collections import Counter

from .metadata import find_date

_TERMINAL = "。！？；：…”’」』!?;:.）)】"
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、．.]|[壹貳贰參叁肆伍陸陆柒捌玖拾]{1,2}、|[（(]\s*[一二三四五六七八九十\d０-９]+\s*[)）]|[\d０-９]+\s*[.、．]"
    r"|第[一二三四五六七八九十]+[部分章节条，,、]|[一二三四五六七八九十]是|——|―|附件|名词解释|注释"
    r"|[（(](?:[ivxlcIVXLC]{1,5}|[a-zA-Z])[)）])"
)
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页|/\s*\d+)?[-—–\s]*$")
# A layout breaks after these without ending anything: "遵守" / "宪法" / "和" / "法律"
# (and their Traditional forms: a Taiwanese report breaks after 與 and 將 as well).
_OPEN_END = "的和与及或对把将在为向从以并與對將為從"
_CJK = re.compile(r"[\u4e00-\u9fff，、“（《]")
_OPEN_START = "的了之而是"
_FRAGMENT = 8  # a line this short, mid-sentence, is a piece of the line before
_MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|div|p|table|span|td|li|h[1-6])[\s>/]",
    re.IGNORECASE,
)


def looks_like_html(data: bytes) -> bool:
    """Markup in a file named .txt or .md: a document element, or tags throughout."""
    head = data[:16384]
    if re.search(rb"<(?:!doctype\s+html|html[\s>])", head, re.IGNORECASE):
        return True
    return len(_MARKUP.findall(head)) >= 8


_LABEL_IN_BRACKETS = re.compile(r"^([（(])\s*([一二三四五六七八九十\d０-９]{1,3})\s*([)）])")
_LABEL_BEFORE_MARK = re.compile(
    r"^([一二三四五六七八九十]{1,3}|[\d０-９]{1,2})\s*([、．.])(?![\d０-９])"
)
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def normalise_label(line: str) -> str:
    """ "(三 )", "（ 三）", "三 、", "１．" at the start of a line: the label as the outline
    reads it (no spaces inside, ASCII digits); the words after it stay as they are."""
    for pattern in (_LABEL_IN_BRACKETS, _LABEL_BEFORE_MARK):
        match = pattern.match(line)
        if match:
            label = "".join(match.groups()).translate(_FULLWIDTH_DIGITS)
            return label + line[match.end() :]
    return line


def rejoin(lines: list[str]) -> list[str]:
    """Join lines a layout broke; in a print layout, drop page numbers and running headers."""
    laid_out = _is_print_layout(lines)
    if laid_out:
        furniture = _running_headers(lines)
        # the first line is the title, however often the pages repeat it, unless it is dated
        # ("立法會 ─ 2012年 11月 21日")
        keep = 1 if lines and not find_date(lines[0]) else 0
        lines = lines[:keep] + [
            x for x in lines[keep:] if not _PAGE_NUMBER.match(x) and x not in furniture
        ]
    width = _line_width(lines) if laid_out else 0
    out: list[str] = []
    last = ""  # the last line as the layout broke it (out[-1] may hold several)
    running_on = False  # that line continued a sentence: a short piece after it does too
    for line in lines:
        line = normalise_label(line)
        if out and _continues(out[-1], last, line, width, running_on):
            out[-1] += line
            running_on = True
        else:
            out.append(line)
            running_on = False
        last = line
    return out


# "壹、前言........ 1": an entry of a table of contents, its page number after a dot leader
_CONTENTS_ENTRY = re.compile(r"[.．·…‥]{4,}\s*(?:[\dIVXivx]{1,4})?\s*$")
_CONTENTS_TITLE = re.compile(r"^(?:目\s*[录錄]|contents)$", re.IGNORECASE)
_CONTENTS_GAP = 3  # lines between two entries still inside the table (an entry broken in two)


def drop_contents(lines: list[str]) -> tuple[list[str], list[str]]:
    """A table of contents (three entries or more with dot leaders, few lines apart) is not
    the text: its entries would be read as headings and passages.  Returns (kept, dropped)."""
    entries = [i for i, line in enumerate(lines) if _CONTENTS_ENTRY.search(line)]
    drop: set[int] = set()
    block: list[int] = []
    for i in [*entries, None]:
        if block and (i is None or i - block[-1] > _CONTENTS_GAP + 1):
            if len(block) >= 3:
                first = block[0]
                if first > 0 and _CONTENTS_TITLE.match(lines[first - 1].strip()):
                    first -= 1
                drop.update(range(first, block[-1] + 1))
            block = []
        if i is not None:
            block.append(i)
    drop.update(_contents_repeated(lines))
    kept = [line for i, line in enumerate(lines) if i not in drop]
    return kept, [lines[i] for i in sorted(drop)]


def _contents_repeated(lines: list[str]) -> set[int]:
    """ "目录" then short lines printed again further down (a web page's contents, no page
    numbers): the entries, three or more, that each recur later as a line of their own."""
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if not _CONTENTS_TITLE.match(line.strip()):
            continue
        entries: list[int] = []
        for j in range(i + 1, len(lines)):
            entry = lines[j].strip()
            if not entry:
                continue
            if len(entry) > 40 or not any(x.strip() == entry for x in lines[j + 1 :]):
                break
            entries.append(j)
        if len(entries) >= 3:
            drop.update(range(i, entries[-1] + 1))
    return drop


def drop_repeated(lines: list[str], min_chars: int = 80) -> tuple[list[str], list[str]]:
    """A run of lines that repeats an earlier run (two lines or more, at least ``min_chars``
    long) is another copy of the article: dropped, with the short lines (title, address)
    that open it.  Lines of a later copy that the first lacks are kept, so a teaser followed
    by the full article reads as the full article once."""
    kept: list[str] = []
    dropped: list[str] = []
    first_at: dict[str, int] = {}
    i = 0
    while i < len(lines):
        start = first_at.get(lines[i]) if len(lines[i]) >= 20 else None
        if start is not None:
            j, k, chars = i, start, 0
            while j < len(lines) and k < len(kept) and lines[j] == kept[k]:
                chars += len(lines[j])
                j, k = j + 1, k + 1
            if chars >= min_chars and j - i >= 2:
                opening = 0  # the copy's own opening lines, kept before its first long line
                while (
                    start - opening > 0
                    and len(kept) - opening - 1 >= k
                    and kept[-opening - 1] == kept[start - opening - 1]
                ):
                    opening += 1
                if opening:
                    dropped.extend(kept[-opening:])
                    del kept[-opening:]
                dropped.extend(lines[i:j])
                i = j
                continue
        first_at.setdefault(lines[i], len(kept))
        kept.append(lines[i])
        i += 1
    return kept, dropped


def _continues(previous: str, last: str, line: str, width: int, running_on: bool) -> bool:
    if _HEADING_START.match(line) or _HEADING_START.match(previous):
        return False
    if previous[-1] in _TERMINAL:
        return False
    if previous[-1] in _OPEN_END or line[0] in _OPEN_START:
        return True
    # a piece of a sentence on a line of its own ("“十二五”规划" after "…战略布局，"), and
    # the line after such a piece
    if running_on and len(last) <= _FRAGMENT:
        return True
    if len(line) <= _FRAGMENT and line[-1] not in _TERMINAL and previous[-1] in "，、":
        return True
    if not width:
        return False  # a line ending in "，" outside a print layout is the author's (a toast)
    # in a print layout, a line filling the measure runs on and a short one ends a paragraph
    return len(last) >= 0.75 * width


def _is_print_layout(lines: list[str]) -> bool:
    """Most longer lines stop without punctuation, at about the same width."""
    long = [x for x in lines if len(x) >= 15]
    if len(long) < 10:
        return False
    open_ended = sum(1 for x in long if _CJK.match(x[-1]) and not _HEADING_START.match(x))
    return open_ended >= 0.4 * len(long)


def _line_width(lines: list[str]) -> int:
    lengths = sorted(len(x) for x in lines if len(x) >= 10)
    return lengths[int(len(lengths) * 0.8)] if lengths else 0


def _running_headers(lines: list[str]) -> set[str]:
    """Short lines repeated on many pages, without punctuation: "立法會 ─ 2012年11月21日"."""
    pages = max(1, sum(1 for x in lines if _PAGE_NUMBER.match(x)))
    counts = Counter(
        x for x in lines if len(x) <= 40 and x[-1] not in _TERMINAL and not re.search("[，,。]", x)
    )
    return {
        x for x, n in counts.items() if n >= 3 and n >= 0.3 * pages and not _HEADING_START.match(x)
    }
