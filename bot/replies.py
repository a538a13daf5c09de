"""What a user action returns, whatever sends it (Telegram or the terminal chat), and the
user's text made safe to read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

__all__ = ["InlineAnswer", "Reply", "clean_input"]


@dataclass
class Reply:
    html: str
    keyboard: InlineKeyboardMarkup | None = None
    edit: bool = False  # replace the message the button was on
    document: tuple[str, bytes] | None = None  # (file name, bytes) sent as a file, html its caption


@dataclass(frozen=True)
class InlineAnswer:
    """One passage offered in inline mode."""

    title: str
    description: str
    html: str


def clean_input(text: str) -> str:
    """User text: surrogates and control characters out, length bounded."""
    text = (text or "").encode("utf-8", "ignore").decode("utf-8")
    text = re.sub(r"[\x00-\x1f\u200e\u200f\u202a-\u202e\u2066-\u2069]", " ", text)
    return text.strip()[:500]
