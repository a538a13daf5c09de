"""Title lines without numbers inside a numbered part: a Hong Kong policy address prints
"(五) 土地房屋與交通運輸", then "土地供應" / "短中期土地供應" / paragraphs / "檢討土地用途" / …,
each a short line of its own. Those lines are the part's points, the ones a reader counts
("第五部分第一點" is 土地供應).

Their levels show only in two ways: a part whose title names some of them ("(三) 扶貧安老助弱"
over 扶貧 / 安老 / 助弱) holds the others under those; a title line right above another, with no
text between, holds it (安老 › 安老服務計劃方案), and title lines after such a chain stand beside
its last one. Where titles nest and the part's title names none of them, whether a title after
a chain returns to the part's first level is a reader's guess: the part keeps no titles (a
wrong path is worse than none). Layout fragments ("年度" between two halves of a sentence),
table cells and columns of labels are no titles. A title line is counted by its place among
its siblings: its ``ordinal`` is that place, as a numbered point's is its number.
outline.py runs ``add_subtitles`` on the parsed tree, before the lead sentences.
"""

from __future__ import annotations

import re

from ._numbering import TABLE_CAPTION, TURN
from .model import KIND_L1, KIND_L2, KIND_PART, KIND_STYLED, Paragraph, Section

__all__ = ["add_subtitles", "lift"]

# a short title: words, 、 and quotes, a space between two phrases ("精簡程序 改善機制"); no
# sentence mark, no number at its head, no bracket (stage directions, dates)
_TITLE = re.compile(r"[\u4e00-\u9fff“”\"《》][\u4e00-\u9fff“”\"《》、+\d ]{1,15}")
# captions of a table or a map, which stand on their own lines too
_CAPTION = re.compile(r"^(?:表|圖|图|地圖|地图)\s*\d")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LEAST = 3  # title lines in a part before they count as its points
_BODY = 20  # characters of the paragraph after a title that make it running text
_CHAIN_MOST = 3  # title lines in a row: 土地供應 › 短中期計劃 › 政府賣地 at most
_TITLE_MOST = 15  # characters of a part's title that still read as a title, as _TITLE's
_CLAUSE = re.compile(r"[，；。]")
_SENTENCE_END = re.compile(r"[。！？!?][”」』\"]?\s*$")


def add_subtitles(root: Section, text: str) -> None:
    for part in list(root.children):
        if part.kind in (KIND_PART, KIND_L1, KIND_L2) and not part.run_in:
            if _titled(part):
                _split(part, text)
            else:
                _give_back(root, part)


def _titled(part: Section) -> bool:
    """Whether the part's heading reads as a title.  A long one broken at a clause ("(二) 寬減
    2012-2013年度 75%的利得稅，上限為 1萬元，有關扣減": a budget's relief measure, its line broken
    by the PDF) is an item of a list, not a part with points."""
    return not (len(_CJK.findall(part.title)) > _TITLE_MOST and _CLAUSE.search(part.title))


def _give_back(root: Section, item: Section) -> None:
    """Title lines after a list's item (迎接未來的挑戰, 政府收入 after the relief measures) head
    the speech's text again: from the first of them on, the text is the speech's, not the
    item's, whose heading would otherwise stand over every passage that follows."""
    titles = _titles(item)
    if titles is None:
        return
    for lifted in lift(item, titles[0].start):
        if isinstance(lifted, Paragraph):
            root.paragraphs.append(lifted)
        else:
            root.children.append(lifted)
    root.paragraphs.sort(key=lambda p: p.start)
    root.children.sort(key=lambda s: s.start)


def lift(section: Section, cut: int) -> list[Paragraph | Section]:
    """Take out of ``section``'s tree what starts at ``cut`` or after (sections whole)."""
    out: list[Paragraph | Section] = [p for p in section.paragraphs if p.start >= cut]
    section.paragraphs = [p for p in section.paragraphs if p.start < cut]
    kept = []
    for child in section.children:
        if child.start >= cut:
            out.append(child)
        else:
            kept.append(child)
            out.extend(lift(child, cut))
    section.children = kept
    return out


def _longest_run(marks: list[Paragraph | Section], titles: list[Paragraph]) -> int:
    longest = run = 0
    for mark in marks:
        run = run + 1 if mark in titles else 0
        longest = max(longest, run)
    return longest


def _text(item: Paragraph | Section) -> str:
    return item.text if isinstance(item, Paragraph) else item.heading


def _ends_sentence(item: Paragraph | Section) -> bool:
    return bool(_SENTENCE_END.search(_text(item)))


def _is_title(item: Paragraph | Section) -> bool:
    if not isinstance(item, Paragraph):
        return False
    line = item.text.strip()
    return (
        bool(_TITLE.fullmatch(line))
        and line.count(" ") <= 1  # "經常門 資本門 合計": a table's header
        and len(_CJK.findall(line)) >= 2
        and not _CAPTION.match(line)
        and not TURN.match(line)
    )


def _marks(part: Section) -> list[Paragraph | Section]:
    """The part's paragraphs and sections below it, in the order of the text."""
    below = [s for s in part.walk() if s is not part]
    return sorted(
        [*(p for s in part.walk() for p in s.paragraphs), *below], key=lambda item: item.start
    )


def _titles(part: Section) -> list[Paragraph] | None:
    """The title lines inside ``part`` that make a list of its points, or None."""
    marks = _marks(part)
    if any(isinstance(m, Paragraph) and TABLE_CAPTION.match(m.text) for m in marks):
        return None  # "表1、…一覽表：": the short lines of its cells ("年度", "施政重點與期程") are no titles
    # a title stands between whole sentences and is followed by running text or another
    # title: a layout's broken line ("年度" between two halves of a sentence) is none
    titles = [
        m
        for n, m in enumerate(marks)
        if isinstance(m, Paragraph)
        and _is_title(m)
        and (n == 0 or _is_title(before := marks[n - 1]) or _ends_sentence(before))
        and n + 1 < len(marks)
        and (_is_title(nxt := marks[n + 1]) or len(_text(nxt)) >= _BODY)
    ]
    if len(titles) < _LEAST or _longest_run(marks, titles) > _CHAIN_MOST:
        return None  # a run of label lines is a table's column ("警政支出" / "債務支出" / …)
    return titles


def _split(part: Section, text: str) -> None:
    titles = _titles(part)
    if titles is None:
        return
    marks = _marks(part)
    following = {id(m): marks[n + 1] if n + 1 < len(marks) else None for n, m in enumerate(marks)}
    chained = {id(t) for t in titles if following[id(t)] in titles}
    # "(三) 扶貧安老助弱" over 扶貧 / 安老 / 助弱: the title names the groups the others stand in
    named = {id(t) for t in titles if t.text.strip() in part.title}
    groups = named if len(named) >= 2 else set()
    if chained and not groups:
        # titles nested with no word of the part's to say under which: where a title after a
        # chain ("推動行人及單車友善環境" after 其他公共交通 › …) stands is the reader's guess
        return
    items: list[Paragraph | Section] = [*part.paragraphs, *part.children]
    # a title line inside a point ("二、…" then "(1)…(3)" then "關愛基金") ends that point:
    # what follows it is the part's again
    lifted = True
    while lifted:
        lifted = False
        for item in [i for i in items if isinstance(i, Section)]:
            inner = [p for s in item.walk() for p in s.paragraphs if p in titles]
            if inner:
                items.extend(lift(item, min(p.start for p in inner)))
                lifted = True
    items.sort(key=lambda item: item.start)
    part.paragraphs, part.children = [], []
    # the open title sections, outermost first; depth 0 is the part itself
    open_: list[Section] = [part]
    leaf_depth = 1
    previous_title = False
    for item in items:
        if isinstance(item, Paragraph) and item in titles:
            if id(item) in groups:
                depth = 1
            elif previous_title:
                depth = len(open_)  # under the title just before it
            elif id(item) in chained:
                depth = 2 if groups else 1  # a new chain starts at the first level below
            else:
                depth = min(leaf_depth, len(open_))
            del open_[depth:]
            parent = open_[-1]
            title = item.text.strip()
            start = item.start + item.text.index(title)
            section = Section(
                KIND_STYLED,
                "",
                sum(c.kind == KIND_STYLED for c in parent.children) + 1,
                title,
                (),
                start,
                start + len(title),
                item.end,
            )
            parent.children.append(section)
            open_.append(section)
            leaf_depth = depth + 1 if id(item) in groups else depth
            previous_title = True
            continue
        previous_title = False
        owner = open_[-1]
        if isinstance(item, Section):
            owner.children.append(item)
        else:
            owner.paragraphs.append(item)
