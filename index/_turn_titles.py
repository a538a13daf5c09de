"""Title lines of a speech read in a council's record: a budget or a policy address without
numbered parts ("引言" / "2013年經濟表現" / … / "結語"), after the sitting's questions.

The record's questions number their own points ("(一)…(二)…" under each member's question),
so the speech's unnumbered titles are not the outline's parts when outline.py reads the lines
(a short line is a part only where it breaks no outline). Afterwards they are found among the
paragraphs left at the top of the record: a stretch of them that holds three titles or more
(a short line between whole sentences, running text after it) is a speech with parts. Each
title holds the paragraphs after it up to the next title or the next turn ("主席：…"), where
the speech, or its interruption, ends. The titles stay flat: which of them nest ("經濟發展" ›
"環球經濟格局") the lines do not say.
"""

from __future__ import annotations

import re

from ._numbering import TURN, turn_speaker
from ._subtitles import lift
from .model import KIND_STYLED, Paragraph, Section

__all__ = ["add_turn_titles"]

# a short title: words, digits ("2013年經濟展望"), quotes, 、 and one space between phrases
_TITLE = re.compile(r"[\u4e00-\u9fff“”\"《》\d][\u4e00-\u9fff“”\"《》、\d ]{1,17}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# captions, notes and appendices stand on their own lines too
_NOT_TITLE = re.compile(
    r"^(?:表|圖|图|地圖|地图|附件|附表|註|注|單位|单位)|[年月日]$|^\d+年$|(?:議員|议员)$"
)
# a paragraph ends on a sentence mark, or on the figure it points to ("…4.7%。 (圖三 )")
_SENTENCE_END = re.compile(r"(?:[。！？!?：:；;][”」』\"]?|[（(][^（）()]{1,8}[)）])\s*$")
_BODY = 20  # characters of the paragraph after a title that make it running text
_LEAST = 3  # titles in a turn before they are its parts
_INTERRUPTION = 12  # paragraphs of a member's interruption before the speech goes on


def add_turn_titles(root: Section) -> None:
    """Make the title lines among ``root``'s own paragraphs its parts (see the module)."""
    if not root.children:
        return  # no numbered outline: outline.py's plain headings have had their say
    titled = _titled(_turns(root))
    if not titled:
        return
    # a point of the speech ("(五) 將長者醫療券…") holds the paragraphs after it, titles and
    # all ("基礎建設" / …): in a speech with titles, they are the speech's again
    starts = [turn[0][0].start if turn[0] else 0 for turn in titled]
    for section in list(root.children):
        if any(a <= section.start for a in starts):
            _release_titles(root, section)
    made: list[Section] = []
    for turn in _titled(_turns(root)):
        found = [_titles(stretch) for stretch in turn]
        made.extend(
            s for stretch, t in zip(turn, found, strict=True) for s in _sections(stretch, t)
        )
    if not made:
        return
    held = {id(p) for section in made for p in section.paragraphs}
    held |= {id(p) for p in root.paragraphs if any(p.start == s.start for s in made)}
    root.paragraphs = [p for p in root.paragraphs if id(p) not in held]
    root.children = sorted([*root.children, *made], key=lambda s: s.start)


def _turns(root: Section) -> list[list[list[Paragraph]]]:
    """A turn ("財政司司長：…" up to the next "主席：…") as its stretches of paragraphs between
    the numbered sections left at the top ("首先，…" run in, "(一) 多元經濟。…")."""
    items: list[Paragraph | Section] = sorted(
        [*root.paragraphs, *root.children], key=lambda item: item.start
    )
    turns: list[list[list[Paragraph]]] = [[[]]]
    for item in items:
        if isinstance(item, Section):
            turns[-1].append([])
        elif turn_speaker(item.text) not in (None, "", "主席"):
            # another speaker's turn; not "主席，曾經有人說…" (the chair addressed) nor the
            # chair's "主席：財政司司長，請繼續發言。" in the middle of the speech
            turns.append([[item]])
        else:
            turns[-1][-1].append(item)
    return turns


def _count(turn: list[list[Paragraph]]) -> int:
    return sum(len(_titles(stretch)) for stretch in turn)


def _titled(turns: list[list[list[Paragraph]]]) -> list[list[list[Paragraph]]]:
    """The turns holding a speech with titles, and those where it goes on: its speaker's
    again ("財政司司長：多謝主席。"), or a member's interruption ("陳議員：拒絕…" / "主席：…請繼續
    發言。") after which the speech goes on unannounced."""
    out = []
    speaker = None  # who gives the speech with titles, while it goes on
    for turn in turns:
        count = _count(turn)
        lines = [p for stretch in turn for p in stretch]
        who = turn_speaker(lines[0].text) if lines else None
        first = next((n for n, p in enumerate(lines) if _titles([p, *lines[n + 1 : n + 2]])), None)
        goes_on = speaker is not None and count > 0
        goes_on = goes_on and (who == speaker or (first is not None and first <= _INTERRUPTION))
        if count >= _LEAST or goes_on:
            out.append(turn)
            speaker = speaker if goes_on and who != speaker and count < _LEAST else who
    return out


def _release_titles(root: Section, section: Section) -> None:
    """Give back to ``root`` what follows the first title line inside ``section``."""
    inside = sorted((p for s in section.walk() for p in s.paragraphs), key=lambda p: p.start)
    if not inside:
        return
    # the paragraph after it, at the top: "結語" / "主席，自回歸以來…" (the chair addressed, which
    # outline.py does not leave inside a point) is a title with its text
    after = [p for p in root.paragraphs if p.start > inside[-1].start][:1]
    first = next((n for n in _titles(inside + after) if n < len(inside)), None)
    if first is None:
        return
    for item in lift(section, inside[first].start):
        (root.children if isinstance(item, Section) else root.paragraphs).append(item)
    root.paragraphs.sort(key=lambda p: p.start)


def _titles(stretch: list[Paragraph]) -> list[int]:
    """Where the titles of a stretch stand: between whole sentences, running text after."""
    return [
        n
        for n, p in enumerate(stretch)
        if _is_title(p.text)
        and (n == 0 or _SENTENCE_END.search(stretch[n - 1].text) or _is_title(stretch[n - 1].text))
        and n + 1 < len(stretch)
        and len(stretch[n + 1].text) >= _BODY
    ]


def _sections(stretch: list[Paragraph], titles: list[int]) -> list[Section]:
    out = []
    for k, n in enumerate(titles):
        head = stretch[n]
        section = Section(KIND_STYLED, "", 0, head.text.strip(), (), head.start, head.end, head.end)
        stop = titles[k + 1] if k + 1 < len(titles) else len(stretch)
        for p in stretch[n + 1 : stop]:
            if turn_speaker(p.text):
                break  # the chair's next business, or an interruption: no text of the title
            section.paragraphs.append(p)
        out.append(section)
    return out


def _is_title(text: str) -> bool:
    line = text.strip()
    return (
        bool(_TITLE.fullmatch(line))
        and line.count(" ") <= 1
        and len(_CJK.findall(line)) >= 2
        and not _NOT_TITLE.search(line)
        and not TURN.match(line)
    )
