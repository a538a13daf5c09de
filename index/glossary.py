"""English policy terms read as the Chinese words the speeches use.

A small bilingual glossary (``data/glossary_en.txt``: ``english phrase = 中文 中文`` a line)
lets a question typed in English find what the archive says: "What is the 2024 deficit
target?" searches 赤字率.  Phrases match case-insensitively, the longest first, with
plurals and -ing/-ed endings folded on both sides ("entrepreneurs" = "entrepreneur").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .analysis import DATA_DIR

__all__ = [
    "ENGLISH_FUNCTION_WORDS",
    "GLOSSARY_PATH",
    "EnglishReading",
    "bare_years",
    "chinese_numeral",
    "glossary_words",
    "read_english",
]

GLOSSARY_PATH = DATA_DIR / "glossary_en.txt"

# a word: letters or digits with inner apostrophes, hyphens, ampersands or points
# (covid-19, r&d, pm2.5, people's); only words with letters count as English
_WORD = re.compile(r"[a-z0-9]+(?:['’\-&.][a-z0-9]+)*", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# words of an English question that say nothing of its subject
ENGLISH_FUNCTION_WORDS = frozenset(
    """a about above after all also am an and any are as at be been before being but by can
    could did do does doing for from had has have how i if in into is it its me much many my
    of on or our say said says should tell told than that the their them there these they this
    those to was we were what when where which who whom why will with would you your
    he him his she her hers itself theirs
    please show find give get got know want need mean means make made like just very then
    now so not no only other own same too us one ones way ways kind thing things matter
    important main key""".split()
)
_KEEP_FINAL_S = ("ss", "us", "is", "ics")
_BARE_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.%年])")  # "in 2019"


@dataclass(frozen=True)
class EnglishReading:
    """What the glossary made of a question."""

    found: tuple[tuple[str, tuple[str, ...]], ...]  # (english phrase as typed, its Chinese)
    mostly_english: bool  # over twice as many Latin letters as Chinese characters

    @property
    def unread(self) -> bool:
        """A question in English of which the glossary knows nothing."""
        return self.mostly_english and not self.found


def fold(word: str) -> str:
    """A word without its case, possessive, plural or -ing/-ed ending."""
    word = word.lower().replace("’", "'")
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP_FINAL_S):
        word = word[:-1]
    for ending in ("ing", "ed"):
        if len(word) - len(ending) >= 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


@functools.cache
def _glossary() -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    """folded phrase → its Chinese words, and the longest phrase's length in words."""
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for line in GLOSSARY_PATH.read_text("utf-8").splitlines():
        if line.lstrip().startswith("#") or "=" not in line:
            continue
        english, chinese = line.split("=", 1)
        key = tuple(fold(m.group()) for m in _words(english))
        if key and chinese.split():
            known = table.get(key, ())
            table[key] = (*known, *(w for w in chinese.split() if w not in known))
    for english, chinese in ordinal_names():
        key = tuple(fold(m.group()) for m in _words(english))
        table.setdefault(key, chinese)
    return table, max(map(len, table), default=0)


# --- numbered congresses, plans and plenums, by rule -----------------------------------

_ORDINAL_WORDS = """first second third fourth fifth sixth seventh eighth ninth tenth eleventh
    twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth
    twentieth twenty-first""".split()
CONGRESSES = 21  # 一大 … 二十一大; the plans stop at 十五五, a committee has up to 7 plenums
_PLANS, _PLENUMS = 15, 7
_CONGRESS = ("party congress", "national congress", "cpc national congress", "congress")
_PLENARY = ("plenary session", "plenum", "plenary meeting")
_COMMITTEE = ("central committee", "cpc central committee")


def glossary_words(word: str) -> tuple[str, ...]:
    """The Chinese the glossary gives a single (folded) English word."""
    return _glossary()[0].get((word,), ())


def chinese_numeral(n: int) -> str:
    """1 → 一, 14 → 十四, 20 → 二十, 21 → 二十一."""
    digits = "一二三四五六七八九"
    if n <= 10:
        return (digits + "十")[n - 1]
    tens = "十" if n < 20 else digits[n // 10 - 1] + "十"
    return tens + (digits[n % 10 - 1] if n % 10 else "")


def _ordinals(n: int) -> tuple[str, str]:
    """17 → ("seventeenth", "17th")."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return _ORDINAL_WORDS[n - 1], f"{n}{suffix}"


def ordinal_names() -> list[tuple[str, tuple[str, ...]]]:
    """The party's numbered congresses, central committees and their plenums, the
    five-year plans and the National People's Congresses, in English as the reports' Chinese
    names them: "17th Party Congress" → 十七大 第十七次全国代表大会, "third plenary session of
    the 11th Central Committee" → 十一届三中全会, "Seventh Five-Year Plan" → 七五计划
    第七个五年计划."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for n in range(1, CONGRESSES + 1):
        c = chinese_numeral(n)
        congress = (f"{c}大", f"第{c}次全国代表大会") if n >= 10 else (f"第{c}次全国代表大会",)
        plan = f"{c}五" if n >= 10 else f"{c}五计划"
        for ordinal in _ordinals(n):
            out += [(f"{ordinal} {name}", congress) for name in _CONGRESS]
            out += [(f"{ordinal} {name}", (f"{c}届中央委员会",)) for name in _COMMITTEE]
            out.append((f"{ordinal} national people's congress", (f"{c}届全国人大",)))
            out.append((f"{ordinal} npc", (f"{c}届全国人大",)))
            if n <= _PLANS:
                planned = (plan, f"第{c}个五年计划", f"第{c}个五年规划")
                out.append((f"{ordinal} five-year plan", planned))
            if n <= _PLENUMS:
                out += [(f"{ordinal} {name}", (f"{c}中全会",)) for name in _PLENARY]
    for plenum in range(1, _PLENUMS + 1):
        for committee in range(1, CONGRESSES + 1):
            name = f"{chinese_numeral(committee)}届{chinese_numeral(plenum)}中全会"
            for p_ordinal in _ordinals(plenum):
                for c_ordinal in _ordinals(committee):
                    for plenary in _PLENARY:
                        for body in _COMMITTEE:
                            english = f"{p_ordinal} {plenary} of the {c_ordinal} {body}"
                            out.append((english, (name,)))
    return out


def read_english(text: str) -> EnglishReading:
    """The glossary's phrases in ``text``, longest first, each word used once."""
    table, longest = _glossary()
    words = _split_compounds(_words(text), _known_words())
    folded = [fold(m.group()) for m in words]
    found: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            chinese = table.get(tuple(folded[i : i + size]))
            if chinese and _adjacent(text, words[i : i + size]):
                found.append((text[words[i].start() : words[i + size - 1].end()], chinese))
                i += size
                break
        else:
            i += 1
    english = [m for m in words if _LATIN.search(m.group())]
    letters = sum(len(_LATIN.findall(m.group())) for m in english)
    mostly = letters > 2 * len(_CJK.findall(text))  # "GDP增长" is a Chinese question
    return EnglishReading(tuple(found), mostly)


@functools.cache
def _known_words() -> frozenset[str]:
    """Every folded word of the glossary's phrases."""
    return frozenset(word for key in _glossary()[0] for word in key)


_PIECE = re.compile(r"[a-z0-9]+(?:['’][a-z0-9]+)*", re.IGNORECASE)


def _split_compounds(words: list[re.Match[str]], known: frozenset[str]) -> list[re.Match[str]]:
    """A hyphenated word the glossary does not know as one is read as its pieces
    ("China-Central Asia" → china, central, asia; "non-fossil" stays, a glossary word)."""
    out: list[re.Match[str]] = []
    for match in words:
        word = match.group()
        if "-" not in word or fold(word) in known:
            out.append(match)
            continue
        out.extend(_PIECE.finditer(match.string, match.start(), match.end()))
    return out


def _adjacent(text: str, words: list[re.Match[str]]) -> bool:
    """Words of one phrase: only spaces, hyphens or a comma between them."""
    return all(
        not text[a.end() : b.start()].strip(" ,-") for a, b in zip(words, words[1:], strict=False)
    )


def bare_years(text: str) -> list[int]:
    """The years an English question names without 年 ("grain output in 2019")."""
    return [int(year) for year in _BARE_YEAR.findall(text)]
