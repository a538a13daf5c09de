"""Headings printed as a paragraph's bold lead sentence, the bold lost in the text we get:
"扎实有效去产能。今年要再压减…" under "（一）…" in a government report. Each such paragraph
opens a point of its own, titled by that sentence.

One short sentence at the head of a paragraph is common prose ("人命关天。"), so a section's
paragraphs are read as lead points only when most of them open that way: a parallel run is
what an author means as a list. outline.py runs ``add_lead_headings`` on the parsed tree.
"""

from __future__ import annotations

import re

from ._numbering import ADDRESS, TURN
from .model import KIND_APPENDIX, KIND_ROOT, KIND_STYLED, Paragraph, Section

__all__ = ["add_lead_headings", "lead_sentence"]

# a title is a short clause: no comma, colon or semicolon, closed by a full stop, and the
# paragraph goes on after it
_LEAD = re.compile(r"^([^。！？!?，,；;：:\"()（）《》\s]{4,24})。(?=\S{10})")
# what opens a sentence of running text, not a title ("我们…", "今年…", "这是…")
_PROSE = re.compile(r"^(?:我们|我|今年|明年|去年|这|那|但|而|因此|所以|同时|此外|总之|其中|要)")
# a judgement ("改善民生是经济发展的根本目的") or an event, not the name of a task
_CLAIM = re.compile(r"是|即将|已经|正在")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MIN_RUN = 3  # lead paragraphs in one section before they count as a list
_SHARE = 0.6  # of the section's paragraphs after the first lead


def lead_sentence(paragraph: str) -> str:
    """The paragraph's lead sentence (without its full stop), or "" when it has none."""
    match = _LEAD.match(paragraph)
    if not match or _PROSE.match(paragraph) or ADDRESS.match(paragraph) or TURN.match(paragraph):
        return ""
    if _CLAIM.search(match.group(1)):
        return ""
    return match.group(1)


def add_lead_headings(root: Section, text: str) -> None:
    """Turn runs of lead paragraphs into unnumbered points of the section that holds them."""
    for section in list(root.walk()):
        # a title line's own text (_subtitles.py) is read as it stands: its few paragraphs
        # opening on short sentences are no list
        titled = section.kind == KIND_STYLED and section.ordinal > 0 and not section.run_in
        if section.kind not in (KIND_ROOT, KIND_APPENDIX) and not titled:
            _split(section, text)


def _split(section: Section, text: str) -> None:
    # numbered points of its own on their lines are the section's structure: leave it be
    if any(not child.run_in for child in section.children):
        return
    own = sorted(section.paragraphs, key=lambda p: p.start)
    # the text run into the heading's own line is the section's opening, not a point
    # (read on past the paragraph's end: "稳住房地产市场。" may stand before a run-in 一是…)
    leads = [p for p in own if lead_sentence(text[p.start : p.end + 12])]
    leads = [p for p in leads if "\n" in text[section.heading_end : p.start]]
    if len(leads) < _MIN_RUN:
        return
    # a translation between the paragraphs (a bilingual page) neither leads nor breaks a run
    after = [p for p in own if p.start >= leads[0].start and _CJK.search(p.text)]
    if len(leads) < _SHARE * len(after):
        return
    kept: list[Paragraph] = [p for p in own if p.start < leads[0].start]
    points: list[Section] = []
    # a paragraph that is no lead and opens a run-in list after the last lead ("…今年再办好15件
    # 民生实事。一是…" closing the section) may be the last point's or the section's: filed with
    # the section, whose it surely is; between two leads it is the point's, as the run goes on
    closed: list[int] = []
    last_lead = max(p.start for p in leads)
    for paragraph in after:
        title = (
            lead_sentence(text[paragraph.start : paragraph.end + 12]) if paragraph in leads else ""
        )
        if title:
            point = Section(
                KIND_STYLED,
                "",
                0,
                title,
                (),
                paragraph.start,
                paragraph.start + len(title),
                paragraph.end,
                run_in=True,
            )
            points.append(point)
        elif paragraph.start > last_lead and _opens_list(section, paragraph):
            closed.append(paragraph.start)
            kept.append(paragraph)
            continue
        if ADDRESS.match(paragraph.text) or TURN.match(paragraph.text):
            kept.append(paragraph)  # "各位代表！" speaks to the hall, not within a point
        elif closed and closed[-1] > points[-1].start:
            kept.append(paragraph)  # after a list of the section's own, before the next lead
        else:
            points[-1].paragraphs.append(paragraph)
    # run-in points (一是…二是…) of a lead paragraph belong to it
    for child in section.children:
        owner = next((p for p in reversed(points) if p.start <= child.start), None)
        if owner is None:
            return  # a run-in list before the first lead: leave the section as parsed
    own_lists: list[Section] = []
    for child in section.children:
        owner = next(p for p in reversed(points) if p.start <= child.start)
        if any(owner.start < at <= child.start for at in closed):
            own_lists.append(child)
        else:
            owner.children.append(child)
    section.paragraphs = kept
    section.children = sorted([*points, *own_lists], key=lambda s: s.start)


def _opens_list(section: Section, paragraph: Paragraph) -> bool:
    """The paragraph runs straight into a run-in point of the section (its 一是 follows it)."""
    return any(c.run_in and 0 <= c.start - paragraph.end <= 1 for c in section.children)
