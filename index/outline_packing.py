"""A speech's outline as the store keeps it (schema 8): its numbers as LEB128 integers and
its words as one JSON list, in one zstd frame.

The outline's dictionary (``schema.section_to_dict``) is mostly positions in the text, each
written out in JSON: here each position is kept as its difference from the one before it,
in the order a reader meets them (a section's start and heading end, its paragraphs, its
sections, then its end), so most take a byte or two.  A paragraph's number is kept as its
difference from its place (it is its place).  A title is mostly the start of its heading's
text after the label: then only its length is kept, and it is read from the text.
"""

from __future__ import annotations

import json

import numpy as np

from .packing import leb128, pack, unleb128, unpack

__all__ = ["pack_outline", "unpack_outline"]


def _zigzag(value: int) -> int:
    return value * 2 if value >= 0 else -value * 2 - 1


def _unzigzag(value: int) -> int:
    return value >> 1 if not value & 1 else -((value + 1) >> 1)


def _heading_words(section: dict, text: str) -> str:
    """Where a section's title is read from: its heading line after the label."""
    return text[section["s"] : section["h"]][len(section["l"]) :].lstrip()


def pack_outline(root: dict, text: str) -> bytes:
    """``root`` (``schema.section_to_dict``) of the speech whose text is ``text``."""
    words: list[list[str]] = []
    numbers: list[int] = []
    at = 0

    def position(value: int) -> None:
        nonlocal at
        numbers.append(_zigzag(value - at))
        at = value

    def walk(section: dict) -> None:
        title = section["t"]
        if _heading_words(section, text).startswith(title):
            words.append([section["k"], section["l"]])
            numbers.append(len(title) + 1)
        else:
            words.append([section["k"], section["l"], title])
            numbers.append(0)
        numbers.append(_zigzag(section["o"]))
        numbers.append(int(section["r"]))
        position(section["s"])
        position(section["h"])
        numbers.append(len(section["p"]))
        for place, (index, start, end) in enumerate(section["p"], start=1):
            numbers.append(_zigzag(index - place))
            position(start)
            position(end)
        numbers.append(len(section["c"]))
        for child in section["c"]:
            walk(child)
        position(section["e"])

    walk(root)
    text = json.dumps(words, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    head = leb128(np.array([len(text)], np.uint64)).tobytes()
    return pack(head + text + leb128(np.array(numbers, np.uint64)).tobytes())


def unpack_outline(frame: bytes, text: str) -> dict:
    data = np.frombuffer(unpack(frame), np.uint8)
    size_end = int(np.flatnonzero(data < 0x80)[0]) + 1
    (size,) = unleb128(data[:size_end]).tolist()
    words = iter(json.loads(data[size_end : size_end + size].tobytes().decode("utf-8")))
    numbers = iter(unleb128(data[size_end + size :]).tolist())
    at = 0

    def position() -> int:
        nonlocal at
        at += _unzigzag(next(numbers))
        return at

    def walk() -> dict:
        kind, label, *title = next(words)
        title_size = next(numbers)
        ordinal = _unzigzag(next(numbers))
        run_in = bool(next(numbers))
        start, heading_end = position(), position()
        if title_size:
            section = {"s": start, "h": heading_end, "l": label}
            title = [_heading_words(section, text)[: title_size - 1]]
        paragraphs = []
        for place in range(1, next(numbers) + 1):
            index = _unzigzag(next(numbers)) + place
            paragraphs.append([index, position(), position()])
        children = [walk() for _ in range(next(numbers))]
        end = position()
        return {
            "k": kind, "l": label, "o": ordinal, "t": title[0], "s": start, "h": heading_end,
            "e": end, "r": run_in, "p": paragraphs, "c": children,
        }  # fmt: skip

    return walk()
