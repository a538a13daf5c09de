"""The ``ask`` command across speeches: the filters a user can say (year, speech, region,
speaker), every mention of a quoted phrase, one passage per speech side by side, and the
line that says which speeches were searched."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .errors import SpeechbotError
from .library import Library
from .mentions import Mention, Mentions
from .model import Hit
from .scope import Scope, parse_years, speech_year

__all__ = ["add_ask_options", "ask_across", "scope_from_args", "searched_line"]

MENTIONS_PER_PAGE = 20
CONTEXT = 40  # characters shown on either side of a mention


def add_ask_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--speech", type=_speech_ids, help="只在这些讲话中检索（编号，逗号分隔，如 3 或 3,5）"
    )
    parser.add_argument("--year", help="只检索这一年或这几年的讲话，如 2019 或 2018-2020")
    parser.add_argument("--region", action="append", default=[], help="地区，如 广东（可重复）")
    parser.add_argument("--speaker", action="append", default=[], help="讲话人（可重复）")
    parser.add_argument(
        "--exact", action="store_true", help="列出原文中含这个词句的每一段（同问题加引号）"
    )
    parser.add_argument("--page", type=int, default=1, help="--exact 结果的第几页（每页 20 段）")
    parser.add_argument(
        "--per-speech", action="store_true", help="每篇讲话一段最相关的原文，按日期排列，便于对比"
    )
    parser.add_argument(
        "--ranked",
        action="store_true",
        help="“历年…”“各省…”的问题也按相关度列出段落（默认每篇讲话一段、按日期排列）",
    )


def _speech_ids(text: str) -> tuple[int, ...]:
    try:
        ids = tuple(int(part) for part in text.replace("，", ",").split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"讲话编号应是数字，如 3 或 3,5：{text!r}") from None
    if not ids:
        raise argparse.ArgumentTypeError("请给出讲话编号，如 3 或 3,5")
    return ids


def scope_from_args(args: argparse.Namespace) -> Scope:
    return Scope(
        speech_ids=tuple(args.speech or ()),
        years=parse_years(args.year) if args.year else None,
        regions=tuple(r.strip() for r in args.region if r.strip()),
        speakers=tuple(s.strip() for s in args.speaker if s.strip()),
    )


def searched_line(library: Library, scope: Scope) -> tuple[dict[str, Any], str]:
    """(JSON, text) of which speeches a question was asked of: 在 N 篇讲话中检索（2018–2020年，广东）."""
    for speech_id in scope.speech_ids:
        library.info(speech_id)  # a speech that does not exist is an error, not "nothing"
    count = len(library.speeches_in(scope))
    filters = scope.describe()
    text = f"在 {count} 篇讲话中检索" + (f"（{filters}）" if filters else "")
    return {"speeches": count, "filters": filters}, text


def ask_across(library: Library, args: argparse.Namespace, scope: Scope, phrase: str | None) -> int:
    """Every mention of ``phrase``, or else one passage per speech side by side."""
    from .cli import _emit, _hit_json, _hit_text

    searched_json, searched = searched_line(library, scope)
    if phrase:
        if args.page < 1:
            raise SpeechbotError(f"页码从 1 开始：{args.page}")
        offset = (args.page - 1) * MENTIONS_PER_PAGE
        mentions = library.mentions(phrase, scope=scope, offset=offset, limit=MENTIONS_PER_PAGE)
        payload = {"searched": searched_json, **_mentions_json(mentions)}
        _emit(args, payload, f"{searched}\n\n{_mentions_text(mentions, args.page)}")
        return 0
    hits = library.search(args.question, top=args.top, scope=scope, per_speech=True)
    bold = sys.stdout.isatty()
    payload = {"searched": searched_json, "hits": [_hit_json(h) for h in hits]}
    when = {h.speech_id: _when(library, h) for h in hits}
    text = "\n\n".join(
        f"{when[h.speech_id]}\n{_hit_text(n, h, bold)}" for n, h in enumerate(hits, 1)
    )
    _emit(args, payload, f"{searched}\n\n{text or '没有找到相关内容。'}")
    return 0


def _mentions_json(mentions: Mentions) -> dict[str, Any]:
    return {
        "phrase": mentions.phrase,
        "total": mentions.total,
        "occurrences": mentions.occurrences,
        "speeches": mentions.speeches,
        "offset": mentions.offset,
        "mentions": [
            {
                "speech_id": m.speech_id,
                "title": m.title,
                "date": m.date,
                "ref": str(m.ref),
                "path": list(m.path),
                "text": m.text,
                "spans": [list(s) for s in m.spans],
            }
            for m in mentions.items
        ],
    }


def _mentions_text(mentions: Mentions, page: int) -> str:
    phrase = mentions.phrase
    if not mentions.total:
        return f"原文中没有“{phrase}”。"
    first, last = mentions.offset + 1, mentions.offset + len(mentions.items)
    head = (
        f"“{phrase}”见于 {mentions.speeches} 篇讲话的 {mentions.total} 段"
        f"（共 {mentions.occurrences} 处）"
    )
    if not mentions.items:
        return f"{head}；第 {page} 页没有内容。"
    bold = sys.stdout.isatty()
    blocks = [f"{head}，第 {first}–{last} 段："]
    for group in mentions.groups():
        top = group[0]
        date = f"（{top.date}）" if top.date else ""
        lines = [f"#{top.speech_id} {top.title}{date}"]
        lines += [
            f"  〔{m.ref}〕 {' › '.join(m.path) or '正文'}\n     {_context(m, bold)}" for m in group
        ]
        blocks.append("\n".join(lines))
    if last < mentions.total:
        blocks.append(f"下一页：--page {page + 1}")
    return "\n\n".join(blocks)


def _context(mention: Mention, bold: bool) -> str:
    """The paragraph around its mentions, the phrase marked: 「…」 in plain text."""
    from .cli import BOLD, RESET

    text, out, pos = mention.text, [], 0
    opening, closing = (BOLD, RESET) if bold else ("【", "】")
    for start, end in mention.spans:
        if start < pos:
            continue
        gap = text[pos:start]
        if pos == 0 and len(gap) > CONTEXT:
            gap = "…" + gap[-CONTEXT:]
        elif len(gap) > 2 * CONTEXT:
            gap = gap[:CONTEXT] + "…" + gap[-CONTEXT:]
        out += [gap, opening, text[start:end], closing]
        pos = end
    tail = text[pos:]
    out.append(tail if len(tail) <= CONTEXT else tail[:CONTEXT] + "…")
    return "".join(out)


def _when(library: Library, hit: Hit) -> str:
    """The hit's date, else its speech's year (from the file name or title)."""
    if hit.date:
        return hit.date
    year = speech_year(library.info(hit.speech_id))
    return f"{year}年" if year else "日期不详"
