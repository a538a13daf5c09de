"""A citation to paste, in the form Chinese writing uses:

    习近平《在企业家座谈会上的讲话》（2020年7月21日）第三部分“…”指出：“…”

``citation`` builds it from plain values; ``cite`` from a speech's metadata and a search hit
or a quote.  The words are the speech's own: double quotation marks inside them become
single ones, as a quotation within a quotation is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Hit
from .quote import Quote
from .store import SpeechInfo

__all__ = ["cite", "citation"]

_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# 一、 / 第一部分 / 第一章 at the head of a top-level heading: "第一部分“heading words”"
_TOP_LABEL = re.compile(
    r"^(?:第([一二三四五六七八九十百]+)(?:部分|章)|([一二三四五六七八九十百]+)、)\s*"
)


def citation(
    title: str, date: str | None, speaker: str | None, path: Sequence[str], text: str
) -> str:
    """The citation of ``text`` (verbatim words) from the speech ``title`` given on ``date``
    (ISO, or as written) by ``speaker``, in the section whose headings are ``path``."""
    head = f"{speaker or ''}《{_title(title)}》"
    if date:
        head += f"（{_chinese_date(date)}）"
    return f"{head}{_path(path)}指出：“{_words(text)}”"


def cite(info: SpeechInfo, item: Hit | Quote) -> str:
    """The citation of a search hit's paragraph or a quote's words from the speech ``info``."""
    return citation(info.title, info.date, info.speaker, item.path, item.text)


def _title(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        title = title[1:-1]
    return title.replace("《", "〈").replace("》", "〉")


def _chinese_date(date: str) -> str:
    match = _ISO_DATE.fullmatch(date.strip())
    if not match:
        return date.strip()
    year, month, day = match.groups()
    out = f"{year}年"
    if month:
        out += f"{int(month)}月"
        if day:
            out += f"{int(day)}日"
    return out


def _path(path: Sequence[str]) -> str:
    parts = []
    for level, heading in enumerate(path):
        heading = re.sub(r"\s+", " ", heading).strip()
        label = _TOP_LABEL.match(heading) if level == 0 else None
        if label and heading[label.end() :]:
            number = label.group(1) or label.group(2)
            parts.append(f"第{number}部分“{_words(heading[label.end() :])}”")
        elif heading:
            parts.append(f"“{_words(heading)}”")
    return "中".join(parts)


def _words(text: str) -> str:
    text = "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())
    return text.replace("“", "‘").replace("”", "’")
