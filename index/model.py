"""The one data model: Speech → Section tree → Paragraph, each with a stable reference.

A reference is written ``S:P`` or ``S:P#N``: speech id ``S``, the section's path ``P``
(1-based positions in the outline, dots between levels, e.g. ``2.3`` is the third point
of part two) and optionally the paragraph ``N`` inside that section.  ``3:2`` is part two
of speech 3, ``3:2.1#2`` its first point's second paragraph, ``3:0`` the speech as a whole.
References never change once a speech is stored (speech ids are never reused).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Section kinds, from the outermost level inwards.
KIND_ROOT = "root"  # the speech itself
KIND_PART = "part"  # 第一部分 / 第一章
KIND_L1 = "l1"  # 一、
KIND_L2 = "l2"  # （一）
KIND_L3 = "l3"  # 1. / 1、
KIND_L4 = "l4"  # （1）
KIND_ENUM = "enum"  # 一是… / 第一，… / 首先…其次…最后
KIND_STYLED = "styled"  # a heading known only from a document style (docx "Heading 2")
# 附件 / 名词解释 / 注释 after the main text: its own numbering restarts, and a request for
# "第四部分" means the main text's 四、, never the appendix's
KIND_APPENDIX = "appendix"


@dataclass(frozen=True, slots=True)
class Ref:
    """A stable, human-typable address of a section or paragraph."""

    speech_id: int
    path: tuple[int, ...] = ()
    paragraph: int | None = None

    def __str__(self) -> str:
        body = ".".join(map(str, self.path)) if self.path else "0"
        tail = f"#{self.paragraph}" if self.paragraph is not None else ""
        return f"{self.speech_id}:{body}{tail}"

    @property
    def section(self) -> Ref:
        """The reference of the section holding this paragraph (itself for a section)."""
        return Ref(self.speech_id, self.path)

    _PATTERN = re.compile(r"^\s*(\d+)\s*[:：]\s*(0|\d+(?:\.\d+)*)\s*(?:#\s*(\d+))?\s*$")

    @classmethod
    def parse(cls, text: str) -> Ref | None:
        """Parse ``3:2.1#2`` (also the command form ``/q_3_2_1p2``); None when it is not a ref."""
        match = cls._PATTERN.match(text)
        if match:
            speech, body, para = match.groups()
            path = () if body == "0" else tuple(int(p) for p in body.split("."))
            if any(p == 0 for p in path):
                return None
            return cls(int(speech), path, int(para) if para else None)
        command = re.fullmatch(r"\s*(?:/?q_)(\d+)((?:_\d+)*)(?:p(\d+))?(?:@\w+)?\s*", text)
        if command:
            speech, rest, para = command.groups()
            path = tuple(int(p) for p in rest.split("_") if p)
            if any(p == 0 for p in path):
                return None
            return cls(int(speech), path, int(para) if para else None)
        return None

    def command(self) -> str:
        """The tappable Telegram command form, e.g. ``q_3_2_1`` (paragraphs: ``q_3_2_1p2``)."""
        body = "_".join(str(p) for p in (self.speech_id, *self.path))
        tail = f"p{self.paragraph}" if self.paragraph is not None else ""
        return f"q_{body}{tail}"


@dataclass(slots=True)
class Paragraph:
    """A paragraph of verbatim text: ``text == speech.text[start:end]``."""

    index: int  # 1-based position among its section's own paragraphs
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Section:
    """A node of the outline.  ``text[start:end]`` is the whole section, heading included."""

    kind: str
    label: str  # the numbering as written: "一、", "（二）", "一是", "第一，", "" for the root
    ordinal: int  # the number the label stands for (0 when it has none)
    title: str  # heading words without the label; "" when the label stands alone
    path: tuple[int, ...]  # 1-based positions from the root; () for the root
    start: int
    heading_end: int  # text[start:heading_end] is the heading line (label + title)
    end: int
    run_in: bool = False  # the heading is the start of its first paragraph ("一是…；二是…")
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    @property
    def heading(self) -> str:
        # "第二部分 下一步的重点任务", "附件1 民生实事": a word-like label, or one ending in a
        # digit or a numeral, needs a space; "一、" and "（二）" do not
        spaced = self.label.endswith(("部分", "章", "篇")) or self.label[-1:].isdigit()
        # "四 镇压反革命"; an unnumbered heading has no label ("" is in every string)
        spaced = spaced or (self.label != "" and self.label[-1] in "一二三四五六七八九十")
        spacer = " " if self.title and spaced else ""
        return f"{self.label}{spacer}{self.title}"

    def walk(self):
        """This section and every section below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(slots=True)
class Speech:
    """One speech: cleaned verbatim text, metadata, and its outline."""

    title: str
    text: str  # the cleaned text every span points into
    outline: Section
    date: str | None = None  # ISO yyyy-mm-dd when known
    speaker: str | None = None
    occasion: str | None = None
    source: str = ""  # file name the speech came from
    part: str | None = None  # "范文（二）" when the file held several speeches
    id: int | None = None  # assigned by the store

    def sections(self):
        return self.outline.walk()

    def section(self, path: tuple[int, ...]) -> Section | None:
        node = self.outline
        for position in path:
            if not 1 <= position <= len(node.children):
                return None
            node = node.children[position - 1]
        return node

    def passages(self, max_chars: int = 320) -> list[Passage]:
        """Every paragraph with its heading path, in document order.  A paragraph longer
        than ``max_chars`` (scrapes that lost their breaks) is cut at sentence ends into
        several passages that keep the paragraph's reference."""
        out: list[Passage] = []
        self._collect(self.outline, [], out, max_chars)
        return out

    def _collect(self, node: Section, headings: list[str], out: list[Passage], limit: int) -> None:
        for para in node.paragraphs:
            for start, end in sentence_windows(para.text, limit):
                out.append(
                    Passage(
                        self.id or 0,
                        node.path,
                        para.index,
                        para.start + start,
                        para.start + end,
                        para.text[start:end],
                        tuple(headings),
                    )
                )
        for child in node.children:
            self._collect(child, [*headings, child.heading], out, limit)


_SENTENCE = re.compile(r"[^。！？!?；;]*(?:[。！？!?；;]+[”’」』）)]*|$)")


def sentence_windows(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) windows of whole sentences, each up to ``limit`` characters if it can."""
    if len(text) <= limit:
        return [(0, len(text))]
    windows: list[tuple[int, int]] = []
    start = end = 0
    for match in _SENTENCE.finditer(text):
        if match.start() == match.end():
            continue
        if match.end() - start > limit and end > start:
            windows.append((start, end))
            start = end
        end = match.end()
    if end > start:
        windows.append((start, end))
    return windows


@dataclass(frozen=True, slots=True)
class Passage:
    """The unit of search: a paragraph (or a window of a long one) plus where it stands."""

    speech_id: int
    section_path: tuple[int, ...]
    paragraph: int  # index of the paragraph in its section
    start: int  # span in the speech text
    end: int
    text: str
    headings: tuple[str, ...]  # headings from the top level down to its section

    @property
    def ref(self) -> Ref:
        return Ref(self.speech_id, self.section_path, self.paragraph)


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result, ready to print or quote back."""

    speech_id: int
    title: str
    date: str | None
    source: str
    ref: Ref
    path: tuple[str, ...]  # heading path from the top level down
    text: str  # the verbatim paragraph
    spans: tuple[tuple[int, int], ...]  # matched character spans in ``text``
    score: float
