"""Which speeches a question is asked of: every one, or those a user named by id, year,
region or speaker.  A scope restricts ranking (``SearchIndex.rank``) and the every-mention
listing; each answer can say which speeches it searched (``Scope.describe``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import SpeechbotError
from .glossary import bare_years, read_english
from .model import Hit
from .normalise import normalise
from .store import SpeechInfo

__all__ = [
    "Scope",
    "asks_side_by_side",
    "date_order",
    "parse_years",
    "scope_in_question",
    "speech_year",
]


@dataclass(frozen=True)
class Scope:
    """A filter over speeches; an empty scope admits every speech.  Within one kind the
    choices are alternatives (广东 or 浙江), across kinds all must hold."""

    speech_ids: tuple[int, ...] = ()
    years: tuple[int, int] | None = None  # first and last year, both included
    regions: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.speech_ids or self.years or self.regions or self.speakers)

    def admits(self, info: SpeechInfo) -> bool:
        if self.speech_ids and info.id not in self.speech_ids:
            return False
        if self.years:
            year = speech_year(info)
            if year is None or not self.years[0] <= year <= self.years[1]:
                return False
        if self.regions and not any(_names(region, _region_text(info)) for region in self.regions):
            return False
        if self.speakers and not any(_names(s, info.speaker or "") for s in self.speakers):
            return False
        return True

    def select(self, speeches: Iterable[SpeechInfo]) -> list[SpeechInfo]:
        return [info for info in speeches if self.admits(info)]

    def unsaid(self, question: str) -> str:
        """The question without the years and regions that name this scope: what to look
        for in its speeches ("2019年广东的赤字率" → "的赤字率")."""
        if self.years:
            first, last = self.years

            def named(match: re.Match) -> str:
                said = int(match.group(1)), int(match.group(2) or match.group(1))
                return "" if first <= min(said) and max(said) <= last else match.group(0)

            question = _SAID_YEARS.sub(named, question)
        for region in self.regions:
            question = re.sub(rf"{re.escape(region)}(?:省|市|特别行政区)?", "", question)
        return question.strip()

    def describe(self) -> str:
        """The filter in words: "2018–2020年，广东"; "" for every speech."""
        parts = []
        if self.speech_ids:
            parts.append("、".join(f"#{i}" for i in self.speech_ids))
        if self.years:
            first, last = self.years
            parts.append(f"{first}年" if first == last else f"{first}–{last}年")
        parts += ["、".join(x) for x in (self.regions, self.speakers) if x]
        return "，".join(parts)


def parse_years(text: str) -> tuple[int, int]:
    """ "2019" → (2019, 2019); "2018-2020", "2018–2020", "2018至2020年" → (2018, 2020)."""
    match = re.fullmatch(r"\s*(\d{4})年?\s*(?:[-–—~～至到]\s*(\d{4})年?)?\s*", text or "")
    if not match:
        raise SpeechbotError(f"年份应写作 2019 或 2018-2020：{text!r} (a year or a range)")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    return (first, last) if first <= last else (last, first)


# provinces and large cities a question may name; a name counts only when a speech carries it
PLACES = (
    "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 "
    "湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 香港 澳门 台湾 "
    "深圳 广州 杭州 南京 苏州 武汉 成都 西安 厦门 青岛 宁波 大连 沈阳 长沙 郑州 济南 合肥 "
    "福州 昆明 南宁 哈尔滨 长春 石家庄 太原 呼和浩特 南昌 贵阳 兰州 西宁 银川 乌鲁木齐 拉萨 海口"
).split()
# 2019年, 2018–2020年, 2018到2020年, 2018年至2020年
_SAID_YEARS = re.compile(r"(?<!\d)((?:19|20)\d\d)年?\s*(?:[-–—~～至到]\s*((?:19|20)\d\d))?年")


def scope_in_question(text: str, speeches: Iterable[SpeechInfo]) -> Scope | None:
    """The years and regions a question names that some speech has ("2019年广东的赤字率"
    → 2019–2020年，广东: a single year takes in the next year's speeches, whose reports review
    it), or None: a soft filter a caller may try before every speech."""
    speeches = list(speeches)
    text = _as_said(text or "")
    years_held = {speech_year(info) for info in speeches} - {None}
    said = []
    for match in _SAID_YEARS.finditer(text or ""):
        first, last = sorted((int(match.group(1)), int(match.group(2) or match.group(1))))
        if any(first <= year <= last for year in years_held):
            said += [first, last]
            if match.group(2) is None and first + 1 in years_held:
                said.append(first + 1)  # a year's results stand in the next year's review
    words = normalise("".join((text or "").split()))
    regions = tuple(
        place
        for place in PLACES
        if place in words and any(_names(place, _region_text(info)) for info in speeches)
    )
    scope = Scope(years=(min(said), max(said)) if said else None, regions=regions)
    return scope or None


# a question about every year or every region ("历年赤字率", "各省地区生产总值增长目标"):
# 历年/历届/历次 anywhere, 每年/各省… only leading the question ("区里每年单位能耗" is one fact)
_ACROSS_ANYWHERE = re.compile(r"历年|历届|历次|逐年")
_ACROSS_LEADING = re.compile(
    r"(?:(?:请|请问|看看|比较|对比)\s*)?(?:每年|每一年|各年|各省|各省份|各地|各市|各区|各国)"
)


_ACROSS_ENGLISH = re.compile(
    r"\b(?:every|each) (?:year|province|region)s?\b|\bover the years\b|\byear by year\b"
    r"|\ball (?:the )?(?:years|provinces|regions)\b",
    re.IGNORECASE,
)


def asks_side_by_side(question: str) -> bool:
    """A question that compares years or regions: one best passage per speech answers it."""
    text = "".join((question or "").split())
    return bool(
        _ACROSS_ANYWHERE.search(text)
        or _ACROSS_LEADING.match(text)
        or _ACROSS_ENGLISH.search(question or "")
    )


def _as_said(text: str) -> str:
    """A question mostly in English, with the Chinese of the places the glossary reads and
    its bare years as years ("Guangdong GDP 2019" → … 广东 2019年)."""
    reading = read_english(text)
    if not reading.mostly_english:
        return text
    chinese = [word for _, words in reading.found for word in words]
    years = [f"{year}年" for year in bare_years(text)]
    return " ".join([text, *chinese, *years])


def speech_year(info: SpeechInfo) -> int | None:
    """The speech's year: from its date, else from a year in its file name or title."""
    if info.date:
        return int(info.date[:4])
    for text in (Path(info.source).stem, info.title):
        named = re.search(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", text)
        if named:
            return int(named.group(1))
    return None


def _region_text(info: SpeechInfo) -> str:
    """Where a speech's region is written: its title, occasion, part and file name."""
    return " ".join(x for x in (info.title, info.occasion, info.part, info.source) if x)


def _names(wanted: str, text: str) -> bool:
    wanted = normalise("".join(wanted.split()))
    return bool(wanted) and wanted in normalise("".join(text.split()))


def date_order(info: SpeechInfo | None, hit: Hit | None) -> tuple:
    """Oldest first; a speech known only by its file name's year within that year; undated
    last."""
    date = (info.date if info else None) or (hit.date if hit else None)
    if not date and info is not None and (year := speech_year(info)):
        date = f"{year}"
    speech = info.id if info else hit.speech_id if hit else 0
    return (date is None, date or "", speech)
