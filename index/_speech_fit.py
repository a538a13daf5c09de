"""How well a speech's name, as a request writes it, fits one speech: a share from 0 to 1.

A name is read as years, congresses, plenums, a kind of speech ("报告", "讲话") and the words
between them.  Years, congresses and plenums must be the speech's own and a province or city
must be written in it (None when they are not: a 2019 report is never "the 2018 report");
they only filter.  The share is of the kind and the words, each counting by its length and by
how few speeches hold it ("科学家" tells speeches apart, "习近平" or "座谈会" hardly): in full
in the speech's own name (title, occasion, speaker, part), word by word, so that a name missing
a word still fits ("习近平在科学家座谈会上的讲话": the speaker is not written in that speech);
in its opening lines only as written, at 0.85, as they also name other meetings and scatter
common words ("政府…工作…报告" in a council's record) — word by word there only where the speech
has no title of its own."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Protocol

from ._point_grammar import numeral
from .analysis import Analyzer, normalise
from .numerals import spelled_integer
from .scope import PLACES

__all__ = [
    "KINDS",
    "NAME_END",
    "OPENING",
    "YEAR",
    "NameFit",
    "Nameable",
    "anniversaries_in_digits",
    "congresses",
    "file_words",
    "spelled",
]

YEAR = re.compile(r"((?:19|20)\d\d)年?")
# "十九大" is a congress where a word about it follows, not where a noun does: "三大原则",
# "四大举措" count a list
_AFTER_CONGRESS = (
    r"(?![\u4e00-\u9fff])|(?=的|上|以来|以后|后|前|期间|和|与|及|第|精神|开幕|闭幕|政治|党章|代表"
    r"|通过|提出|作出|召开|文件|报告|讲话|致辞|演讲|发言|决议|公报|贺信)"
)
_CONGRESS = re.compile(
    r"第([一二三四五六七八九十]{1,3}|\d{1,2})次全国代表大会"
    rf"|([一二三四五六七八九十]{{1,3}}|(?<!\d)\d{{1,2}})大(?:{_AFTER_CONGRESS})"
)
# a speech's kind, and how a file name still standing for the title spells it
KINDS = {
    "报告": "report",
    "讲话": "speech",
    "致辞": "speech",
    "演讲": "speech",
    "发言": "speech",
    "决议": "resolution",
    "公报": "communique",
    "贺信": "letter",
}
# a plenary session of a central committee: 七届二中全会, 第十一届中央委员会第三次全体会议
_PLENUM = (
    r"第?([一二三四五六七八九十]{1,3})届(?:中央委员会)?第?([一二三四五六七八九十]{1,2})"
    r"(?:中全会|次全体会议)"
)
NAME_END = re.compile(
    rf"{_PLENUM}|(?:19|20)\d\d年?|第[一二三四五六七八九十]{{1,3}}次全国代表大会"
    rf"|[一二三四五六七八九十]{{1,3}}大(?:{_AFTER_CONGRESS})"
    rf"|(?<!\d)\d{{1,2}}大(?:{_AFTER_CONGRESS})"
    rf"|{'|'.join(KINDS)}"
)
_DAY = re.compile(r"((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日")
_MONTH = re.compile(r"((?:19|20)\d\d)年(\d{1,2})月")
# who gave it, as a request writes it: a name before 在 ("毛泽东在…上的讲话"), a name and
# the title of an office ("李克强总理2014年…报告", "毛主席1955年…"), a name between the
# occasion and the kind ("在…会议上毛泽东讲话")
_ROLES = r"同志|总书记|总理|主席|委员长"
_SPEAKER = re.compile(
    rf"^[\u4e00-\u9fff]{{2,3}}?(?:{_ROLES})?(?=在)|^[\u4e00-\u9fff]{{1,3}}?(?:{_ROLES})$"
    rf"|(?<=[会议]上)[\u4e00-\u9fff]{{2,3}}$"
)
OPENING = 400  # characters of the text read as the speech's opening lines
_IN_OPENING = 0.85  # what a word found only in the opening counts, against its own name's 1
_PUNCTUATION = re.compile(r"[^\w]")
_REGION = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:省|市|自治区|特别行政区)")
_ADMIN = re.compile(r"(?<=[\u4e00-\u9fff])(?:省|市|自治区|特别行政区)(?=[\u4e00-\u9fff\d]|$)")


class Nameable(Protocol):
    """What a name is fitted to: a ``Speech``, or its metadata and opening lines alone."""

    title: str
    text: str
    date: str | None
    speaker: str | None
    occasion: str | None
    source: str
    part: str | None


class NameFit:
    """How well ``name`` fits each of ``speeches``: ``fit(speech)`` is the share of the name
    the speech holds (1: all of it in its own name), or None when a year or congress of the
    name is not the speech's.  A word counts by its length and by how few of the speeches
    hold it: "科学家" tells speeches apart, "习近平" or "座谈会" hardly."""

    def __init__(self, name: str, speeches: Sequence[Nameable], analyzer: Analyzer | None) -> None:
        self.years = YEAR.findall(name)
        # "2020年6月2日…的讲话": the day it was given, as its date is stored
        self.day = next((f"{y}-{int(m):02d}-{int(d):02d}" for y, m, d in _DAY.findall(name)), None)
        # "1955年3月": the month it was given, where its date is known; no word of its name
        self.months = [f"{y}-{int(m):02d}" for y, m in _MONTH.findall(name)]
        name = re.sub(r"(?<=年)\d{1,2}月(?:\d{1,2}日)?", "", name)
        self.congresses = [(f"第{spelled(c)}次全国代表大会", numeral(c)) for c in congresses(name)]
        self.plenums = [
            (
                f"第{m.group(1)}届中央委员会第{m.group(2)}次全体会议",
                f"{m.group(1)}届{m.group(2)}中全会",
            )
            for m in re.finditer(_PLENUM, name)
        ]
        self.kinds = [m.group(0) for m in NAME_END.finditer(name) if m.group(0) in KINDS]
        self.pieces = [p for p in NAME_END.split(name) if p]
        self.analyzer = analyzer
        self.hays = {id(s): (_Hay(_own_name(s)), _Hay(s.text[:OPENING])) for s in speeches}
        self.terms = {p: self._terms(p) for p in self.pieces}
        # the speaker's words: many speeches record no speaker, and their text (a Mao
        # collection's page) need not write the name, which other speeches' openings do
        self.speakers = {
            t
            for p in self.pieces
            if (said := _SPEAKER.search(p))
            for t in self._terms(said.group(0))
        }
        words = {*self.years, *(c for c, _ in self.congresses), *self.kinds}
        words.update(short for _, short in self.plenums)
        words.update(t for terms in self.terms.values() for t in terms)
        # a long word may be held by its parts only ("庆祝大会" in "庆祝…大会"): it counts
        # then as much as those parts tell speeches apart, not as the whole word would
        self.parts = {t: self._parts(t) for terms in self.terms.values() for t in terms}
        words.update(p for parts in self.parts.values() for p in parts)
        self.weight = {w: self._weight(w, speeches) for w in words}

    def _terms(self, piece: str) -> list[str]:
        if self.analyzer is None or piece.isascii():
            return [piece]
        return list(dict.fromkeys(self.analyzer.terms(piece))) or [piece]

    def _parts(self, term: str) -> set[str]:
        if self.analyzer is None:
            return set()
        return set(self.analyzer.index_terms(term)) - {term}

    def _weight(self, word: str, speeches: Sequence[Nameable]) -> float:
        held = sum(
            word in own.plain or word in opening.plain for own, opening in self.hays.values()
        )
        return len(word) * math.log(1 + len(speeches) / (1 + held))

    def __call__(self, speech: Nameable) -> float | None:
        own, opening = self.hays[id(speech)]
        source = speech.source.lower()
        # the opening words name other years too: a year is the speech's date or title's
        dated = f"{(speech.date or '')[:4]} {speech.title} {source}"
        if not all(year in dated for year in self.years):
            # "1977年十一大报告": a speech of no known year named by its congress or plenum
            # may be of that year; one known to be of another year is not
            if not (self.congresses or self.plenums) or YEAR.search(dated):
                return None
        if speech.date and any(not speech.date.startswith(month) for month in self.months):
            return None
        for phrase, number in self.congresses:
            said = re.search(rf"congress\D*0*{number}(?!\d)", source)
            if not (said or phrase in own.plain or phrase in opening.plain):
                return None
        for spelled_out, short in self.plenums:
            # "十届三中全会" is not the tail of "二十届三中全会"
            said = rf"{re.escape(spelled_out)}|(?<![一二三四五六七八九十]){re.escape(short)}"
            if not any(re.search(said, hay.plain) for hay in (own, opening)):
                return None
        if not all(self._region_held(piece, own, opening) for piece in self.pieces):
            return None
        # the year, congress and plenum only filter: the share is of the words
        w, held, total = self.weight, 0.0, 0.0
        for kind in self.kinds:
            total += w[kind]
            if kind in own.plain or KINDS[kind] in source:
                held += w[kind]
            elif kind in opening.plain:
                held += w[kind] * _IN_OPENING
        for piece in self.pieces:
            terms = self.terms[piece]
            total += sum(w[t] for t in terms)
            if piece.isascii():  # "gov-report": the words of a file name
                held += w[piece] * (piece in file_words(speech))
            elif own.has(piece):
                held += sum(w[t] for t in terms)
            elif len(terms) > 1 or opening.has(piece) or self._unknown_speaker(terms, speech):
                # the opening counts as written, never word by word: "政府…工作…报告" scattered
                # over a council's record is no 政府工作报告
                floor = _IN_OPENING if opening.has(piece) else 0.0
                # unless the speech has no title, only its first words cut ("今天，我们在这里
                # 隆重集会，庆祝深圳等经济特区建立…"): then its opening is all the name it has
                named = ((own, 1.0), (opening, _IN_OPENING)) if _untitled(speech) else ((own, 1.0),)
                # a name where no speaker is recorded may be the speaker's, as an opening
                # word may be the speech's: counted as such, below a speaker recorded
                unknown = _IN_OPENING if speech.speaker is None else 0.0
                held += sum(
                    w[t] * max(floor, self._held(t, named), unknown * (t in self.speakers))
                    for t in terms
                )
        return held / total if total else 1.0

    def _unknown_speaker(self, terms: list[str], speech: Nameable) -> bool:
        return speech.speaker is None and any(t in self.speakers for t in terms)

    @staticmethod
    def _region_held(piece: str, own: _Hay, opening: _Hay) -> bool:
        """A province or city the name gives is written in the speech ("广东2026年政府工作
        报告" names no other province's report), and not as another kind of region
        ("示例市" is not "示例省")."""
        said = f"{own.plain} {opening.plain}"
        if any(place in piece and place not in said for place in PLACES):
            return False
        region = _REGION.match(piece)
        if region is None or region.group(0) in said:
            return True
        return not re.search(rf"{region.group(1)}(?:省|市|自治区|特别行政区)", said)

    def _held(self, term: str, hays: tuple[tuple[_Hay, float], ...]) -> float:
        """What the word counts, from 0 to 1: as much as the best text holding it is worth;
        a long word held by its parts only as much as they weigh ("四川省政府" in
        "四川省人民政府")."""
        analyzer = self.analyzer
        if analyzer is None:
            return 0.0
        best = 0.0
        parts, w = self.parts[term], self.weight
        for hay, worth in hays:
            words = hay.words(analyzer)
            if term in words:
                best = max(best, worth)
            elif parts:
                held = sum(w[p] for p in parts & words) / w[term] if w[term] else 0.0
                best = max(best, worth * min(1.0, held))
        return best


def _untitled(speech: Nameable) -> bool:
    """Its title is its first words, cut (metadata.py found no title)."""
    return speech.title.endswith("…")


def anniversaries_in_digits(text: str) -> str:
    """ "四十周年" → "40周年", "一百三十周年" → "130周年": titles write an anniversary either
    way ("改革开放40周年", "建党一百周年"), requests too."""
    return _ANNIVERSARY.sub(lambda m: str(_hundreds(m.group(1))), text)


_ANNIVERSARY = re.compile(r"([一二三四五六七八九十百零〇两]+)(?=周年|周岁)")


def _hundreds(numeral_: str) -> int:
    hundreds, said, rest = numeral_.replace("两", "二").partition("百")
    if not said:
        return spelled_integer(numeral_)
    rest = rest.lstrip("零〇")
    value = (spelled_integer(hundreds) if hundreds else 1) * 100
    return value + (spelled_integer(rest) if rest else 0)


class _Hay:
    """Text a name is looked for in: without punctuation, without its years, without
    省 / 市; its words computed when first needed."""

    def __init__(self, text: str) -> None:
        self.text = anniversaries_in_digits(normalise(text))
        plain = _PUNCTUATION.sub("", self.text)
        # "云海省2031年政府工作报告" is named "2031年云海省政府工作报告" too: the year apart
        self.plain = f"{plain} {YEAR.sub('', plain)}"
        self.bare = _ADMIN.sub("", self.plain)
        self._words: set[str] | None = None

    def has(self, piece: str) -> bool:
        """The piece stands in the text; a region without its 省 / 市 fits one written with
        it, not another."""
        return piece in self.plain or (piece == _ADMIN.sub("", piece) and piece in self.bare)

    def words(self, analyzer: Analyzer) -> set[str]:
        if self._words is None:
            self._words = set(analyzer.index_terms(self.text))
        return self._words


def _own_name(speech: Nameable) -> str:
    fields = (speech.title, speech.occasion, speech.speaker, speech.part)
    return " ".join(field for field in fields if field)


def congresses(name: str) -> list[str]:
    return [c for pair in _CONGRESS.findall(name) for c in pair if c]


def spelled(numeral_: str) -> str:
    """ "19" → "十九", as a congress is written in a title."""
    if not numeral_.isdigit() or int(numeral_) > 99:  # "第100": no congress, written as is
        return numeral_
    tens, ones = divmod(int(numeral_), 10)
    digits = "零一二三四五六七八九"
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (
        digits[ones] if ones else ""
    )


def file_words(speech: Nameable) -> str:
    """The file name's letters and digits ("gov-report-2019.txt" → "govreport2019")."""
    stem = re.sub(r"\.[a-z0-9]{1,5}$", "", speech.source.lower())
    return re.sub(r"[^a-z0-9]", "", stem)
