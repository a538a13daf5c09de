"""Text into Telegram HTML messages: escaping, and packing balanced fragments into messages
of at most 4096 characters, cut only between fragments, paragraphs or sentences, so that a
tag or an entity is never cut in half."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

__all__ = ["LIMIT", "esc", "fit", "split_plain"]

LIMIT = 4096  # Telegram's longest message


def esc(text: str) -> str:
    """Escape for Telegram HTML; drops characters Telegram rejects (lone surrogates, NUL)."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)
    return html.escape(text, quote=False)


def split_plain(text: str, limit: int = 3000) -> list[str]:
    """Plain text → pieces at paragraph (then sentence) boundaries, each ≤ ``limit`` escaped."""
    pieces: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            continue
        while len(esc(paragraph)) > limit:
            cut = _cut_point(paragraph, limit)
            pieces.append(paragraph[:cut])
            paragraph = paragraph[cut:]
        pieces.append(paragraph)
    return pieces


def fit(blocks: Sequence[str], joiner: str = "\n\n", limit: int = LIMIT) -> list[str]:
    """Pack balanced HTML blocks into messages of at most ``limit`` characters."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        if len(block) > limit:  # only plain escaped text can be this long; cut between entities
            block = _cut_escaped(block, limit)
        candidate = f"{current}{joiner}{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
        else:
            messages.append(current)
            current = block
    if current:
        messages.append(current)
    return messages or [""]


def _cut_point(text: str, limit: int) -> int:
    """Where to cut ``text`` so that the first part, escaped, is at most ``limit // 2`` long:
    after the last sentence end that fits, else as late as fits.  Counting escaped length
    matters: "&" becomes five characters."""
    room, end = limit // 2, 0
    for char in text:
        room -= len(esc(char))
        if room < 0:
            break
        end += 1
    window = text[: max(end, 1)]
    ends = [m.end() for m in re.finditer(r"[。！？!?；;]", window)]
    return ends[-1] if ends else len(window)


def _cut_escaped(block: str, limit: int) -> str:
    cut = block[: limit - 1]
    amp = cut.rfind("&")
    if amp > cut.rfind(";"):
        cut = cut[:amp]
    lt = cut.rfind("<")
    if lt > cut.rfind(">"):
        cut = cut[:lt]
    return re.sub(r"<(b|i|code)>[^<]*$", "", cut) + "…"
