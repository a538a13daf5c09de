"""Copies of one section: a speech held twice, from two sources ("一、2009年工作回顾" /
"一、２００９年工作回顾"), is quoted once, with where its other copies stand."""

from __future__ import annotations

import re

from .analysis import normalise
from .model import KIND_ROOT, Ref, Section, Speech

__all__ = ["one_per_copy", "quoted_text", "with_copies"]


def one_per_copy(
    found: list[tuple[Speech, Section]],
) -> tuple[list[tuple[Speech, Section]], tuple[Ref, ...]]:
    """The matches less those that open with another match's text (a speech held twice, from
    two sources: "一、2009年工作回顾" / "一、２００９年工作回顾"), and the references of the first
    match's copies: the user gets one section, and where the other copies stand."""
    if len(found) < 2:
        return found, ()
    kept: dict[str, tuple[Speech, Section]] = {}
    copies: list[Ref] = []
    for speech, section in found:
        key = _copy_key(speech, section)
        if key not in kept:
            kept[key] = (speech, section)
        elif kept[key] is next(iter(kept.values())):
            copies.append(Ref(speech.id or 0, section.path))
    return list(kept.values()), tuple(copies) if len(kept) == 1 else ()


def _copy_key(speech: Speech, section: Section) -> str:
    """What two copies of a section share: their opening characters (a short section's under
    the same title)."""
    key = _COPY_KEY.sub("", normalise(quoted_text(speech, section)))[:_COPY_CHARS]
    if len(key) >= _COPY_LEAST:
        return key
    if len(key) >= _COPY_LEAST // 4:
        return f"{_COPY_KEY.sub('', normalise(speech.title))}|{key}"
    return f"{speech.id}:{section.path}"


_COPY_KEY = re.compile(r"[\s\u3000\W_]+")
_COPY_CHARS = 120  # characters opening two matches that make them copies (editions differ later)
_COPY_LEAST = 60


def with_copies(
    found: list[tuple[Speech, Section]], elsewhere: list[tuple[Speech, Section]]
) -> list[tuple[Speech, Section]]:
    """The matches in the speeches named best, and those in speeches named less well where
    they are copies of them (the same speech from another source, with a poorer title):
    the user is told where the other copies stand, never offered another speech."""
    keys = {_copy_key(s, sec) for s, sec in found}
    return found + [(s, sec) for s, sec in elsewhere if _copy_key(s, sec) in keys]


def quoted_text(speech: Speech, section: Section) -> str:
    return speech.text[section.start : section.end] if section.kind != KIND_ROOT else speech.text
