"""Homophone typos: a query word the archive never uses, read as the word it sounds like.

Staff type Chinese with pinyin input methods, so a one-character typo is nearly always a
character with the same sound: "世搏会" for 世博会, "医声" for 医生.  A query word that no
passage contains is matched against the archive's words of the same length that differ
in one character with a shared reading (tones ignored); the most frequent wins.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

_CJK_BASIC = range(0x4E00, 0xA000)


@lru_cache(maxsize=4096)  # some 1,400 readings with tones, over 40,000 characters
def _toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _pinyin_dict() -> dict[int, str]:
    """pypinyin's table of character readings, read without importing the package: its
    ``__init__`` also loads the phrase dictionary, which is large and unused here."""
    spec = importlib.util.find_spec("pypinyin")
    path = Path(spec.origin).parent / "pinyin_dict.py" if spec and spec.origin else None
    if path is None or not path.is_file():
        from pypinyin.pinyin_dict import pinyin_dict

        return pinyin_dict
    module_spec = importlib.util.spec_from_file_location("pypinyin.pinyin_dict", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module.pinyin_dict


@lru_cache(maxsize=1)
def _homophones() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(character → its toneless readings, reading → the characters that have it).  A
    server builds it at start (``prepare``), off its event loop."""
    pinyin_dict = _pinyin_dict()
    readings: dict[str, tuple[str, ...]] = {}
    by_sound: dict[str, list[str]] = {}
    for code, value in pinyin_dict.items():
        if code not in _CJK_BASIC:
            continue
        char = chr(code)
        sounds = tuple(dict.fromkeys(_toneless(r) for r in value.split(",")))
        readings[char] = sounds
        for sound in sounds:
            by_sound.setdefault(sound, []).append(char)
    return readings, {sound: tuple(chars) for sound, chars in by_sound.items()}


def prepare() -> None:
    """Build the table now (a server calls this at start, off its event loop)."""
    _homophones()


def sound_alike(word: str, frequency: Callable[[str], int], limit: int = 1) -> list[str]:
    """Up to ``limit`` words with ``frequency`` > 0 that differ from ``word`` in exactly one
    character of the same sound, most frequent first.  Words of 2–6 CJK characters only."""
    if not 2 <= len(word) <= 6 or not all(ord(ch) in _CJK_BASIC for ch in word):
        return []
    readings, by_sound = _homophones()
    found: dict[str, int] = {}
    for position, char in enumerate(word):
        for sound in readings.get(char, ()):
            for other in by_sound[sound]:
                if other == char:
                    continue
                candidate = word[:position] + other + word[position + 1 :]
                if candidate not in found and (count := frequency(candidate)) > 0:
                    found[candidate] = count
    return sorted(found, key=lambda w: (-found[w], w))[:limit]
