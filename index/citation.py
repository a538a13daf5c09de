"""A citation to paste, in the form Chinese writing uses:

习近平《在企业家座谈会上的讲话》（2020年7月21日）第三部分“…”指出：“…”
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["citation"]

_PART = re.compile(r"^\s*([一二三四五六七八九十百]+)\s*[、.．]\s*")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")


def citation(
    title: str, date: str | None, speaker: str | None, path: Sequence[str], text: str
) -> str:
    """Speaker, 《title》, （date）, the part the words stand in, and the exact words."""
    head = f"{speaker or ''}《{title.strip('《》 ')}》"
    when = _chinese_date(date)
    if when:
        head += f"（{when}）"
    where = _part(path)
    # quotation marks inside a quotation become single ones, as Chinese style has it
    words = text.strip().replace("“", "‘").replace("”", "’")
    return f"{head}{where}指出：“{words}”"


def _chinese_date(date: str | None) -> str:
    match = _DATE.match(date or "")
    if not match:
        return date or ""
    year, month, day = match.groups()
    return f"{year}年{int(month)}月" + (f"{int(day)}日" if day else "")


def _part(path: Sequence[str]) -> str:
    """第三部分“…” for a numbered part, “…”部分 for an unnumbered one, nothing without one."""
    if not path:
        return ""
    top = path[0].strip()
    match = _PART.match(top)
    if match:
        return f"第{match.group(1)}部分“{top[match.end() :].strip()}”"
    return f"“{top}”部分"
