"""A speech named inside a request: "2024年政府工作报告", "十九大报告", "广东2026年报告",
"《2026年湖南省政府工作报告》", "李明云海大学座谈会讲话", "论十大关系": a title whole, else
a name fitted to every speech (``_speech_fit``) and the speeches it fits best chosen."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ._point_grammar import numeral
from ._speech_fit import (
    KINDS,
    NAME_END,
    YEAR,
    NameFit,
    anniversaries_in_digits,
    congresses,
    file_words,
)
from .analysis import Analyzer, normalise
from .model import KIND_APPENDIX, Section, Speech
from .numerals import digit_string

__all__ = ["Named", "pick_speeches", "plain_name", "titled_parts"]

# the congress a report was made to, as its title says ("…在中国共产党第十九次全国代表大会上的报告")
_TITLE_CONGRESS = re.compile(r"第([一二三四五六七八九十]{1,3})次全国代表大会上?的?(?:政治)?报告")


def plain_name(words: str) -> str:
    """The speech's name as the titles write it: no book-title marks, years in digits
    ("二〇二六年" → "2026年")."""
    text = re.sub(r"[《》〈〉「」『』“”\"'\s:：,，、·—-]", "", normalise(words))
    # "党 十九大": spaces are gone by now, the party's name with them
    # "林彪在中共九大的报告", "在党的全国代表会议上": the party's name wherever it stands
    # before its congress, plenum or conference, which the titles write in full or not at all
    text = re.sub(
        r"(?:中共|中国共产党|党的|党)(?=第|[一二三四五六七八九十]{1,3}[大届]|全国代表会议)",
        "",
        text,
    )
    # "十一大政治报告", "十一大上的政治报告": what a congress's report is called, its title
    # says only 报告
    text = re.sub(r"(?<=[一二三四五六七八九十]大)(上的|上|的)?政治报告", r"\1报告", text)
    text = _CN_YEAR.sub(lambda m: digit_string(m.group(1)) + "年", text)
    # "九七年政府工作报告", "08年报告": a year said by its last two figures, opening the name
    text = _SHORT_YEAR.sub(lambda m: _century(m.group(1)) + "年", text)
    return anniversaries_in_digits(text)


def _century(said: str) -> str:
    figures = said if said.isdigit() else digit_string(said)
    return ("19" if figures >= "50" else "20") + figures


# a title this long opening the words names one speech; shorter ones ("政府工作报告") name a
# kind, unless they are the words whole ("论十大关系")
_TITLE_LEAST = 10
_TITLE_SHORTEST = 4
_JOINER = re.compile(r"^(?:里面|里|当中|中的|中(?![国华央共])|之中|的)")
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})年")
_SHORT_YEAR = re.compile(r"^([〇零○一二三四五六七八九]{2}|\d{2})年(?!\d)")


@dataclass(frozen=True)
class Named:
    """The speeches a request names, and the words it leaves for the list ("重点工作")."""

    speeches: list[Speech]  # those the name fits best (all of them where it names none)
    rest: str = ""
    # those it fits less well: another copy of the speech may be held under a poorer title
    # ("今天，我们在这里隆重集会…"); kept only where its section is a copy of the chosen one's
    also: list[Speech] = field(default_factory=list)


def pick_speeches(
    words: str,
    speeches: Sequence[Speech],
    whole: bool = True,
    analyzer: Analyzer | None = None,
) -> Named:
    """The speeches the words before the first step name ("2024年政府工作报告", "十九大报告",
    "广东2026年报告", "科学家座谈会讲话"), and the words left over for the list.  The
    speeches the name fits best are chosen, all of them where several fit equally; a name
    with a year or a congress that is no speech's names none: better nothing than another."""
    text = plain_name(words)
    if not text:
        return Named(list(speeches))
    # "2026年工作的第六点": words a heading holds name a list there, even with a year in them
    # (compared as the words are, quotes and punctuation left out: "“十四五”时期和2025年…")
    holding = [s for s in speeches if any(text in plain_name(h.heading) for h in s.sections())]
    if holding and not any(kind in text for kind in KINDS):
        return Named(holding, words)
    stem = re.sub(r"(?<=[a-z0-9])(?:txt|md|html?|pdf|docx?)$", "", text.lower())
    if text.isascii() and (named := [s for s in speeches if file_words(s) in (text, stem)]):
        return Named(named)  # "gov-report-2019-derek-s(.txt)": a file's name, whole
    # "论十大关系", "为实现党的二十大确定的目标任务而团结奋斗": a title read whole, though a
    # congress ("十大", "二十大") stands inside it (的 aside: the grammar reads it as a joint)
    bare = text.replace("的", "")
    titled = [(key, s) for s in speeches if len(key := _title_key(s)) >= _TITLE_SHORTEST]
    longest = max(
        (len(key) for key, _ in titled if bare == key or (bare.startswith(key) and _long(key))),
        default=0,
    )
    if longest:
        named = [s for key, s in titled if len(key) == longest and bare.startswith(key)]
        # a longer title opening the same way may be a copy ("…工作报告（全文）")
        also = [s for key, s in titled if len(key) > longest and key.startswith(bare[:longest])]
        return Named(named, _JOINER.sub("", bare[longest:]), also)
    ends = sorted({m.end() for m in NAME_END.finditer(text)}, reverse=True)
    for end in ends:  # the longest name that fits, ending with a year, 报告, 十九大…
        if any(kind in text[end:] for kind in KINDS):
            continue  # "2041年" of "2041年政府工作报告": the words after it name a speech too
        best, also = _best_fits(text[:end], speeches, analyzer)
        # "2019年政府工作报告": the speech so titled, not every 2019 report that fits
        exact = [s for s in best if text[:end] in (plain_name(s.title), file_words(s))]
        # "2019年报告": the report of 2019, not one given in 2020 looking back on 2019
        own = [s for s in best if _its_own(s, text[:end])]
        if best:
            chosen = exact or own or best
            # the others it fits as well may hold copies of the chosen one ("2017 年政府工作
            # 报告（双语全文）" beside "2017年政府工作报告")
            also = [s for s in best if s not in chosen] + also
            # "…报告里2026年重点工作": the list's words without the word that joins them
            return Named(chosen, _JOINER.sub("", text[end:]), also)
    if ends or not whole:
        return Named([])
    if len(speeches) > 1:  # a region or title words alone ("广东第三部分")
        best, also = _best_fits(text, speeches, analyzer)
        if 0 < len(best) < len(speeches):
            return Named([s for s in best if file_words(s) == text] or best, "", also)
    return Named(list(speeches), words)


# a share of the name a speech must hold to be named by it (a year or congress it must hold)
_FITS_LEAST = 0.6


def _best_fits(
    name: str, speeches: Sequence[Speech], analyzer: Analyzer | None
) -> tuple[list[Speech], list[Speech]]:
    """The speeches ``name`` fits best, and the others it fits well enough."""
    fit = NameFit(name, speeches, analyzer)
    scored = [(share, s) for s in speeches if (share := fit(s)) is not None]
    # a day names the speeches given on it, however the words say what they were (an
    # occasion the text never names): among those, the words only choose
    on_day = [(share, s) for share, s in scored if fit.day and s.date == fit.day and share > 0]
    scored = on_day or [(share, s) for share, s in scored if share >= _FITS_LEAST]
    # "1955年政府工作报告": one given in 1955 before one given in 1956 whose title says 1955
    scored = [(share, s) for share, s in scored if _its_own(s, name)] or scored
    top = max((share for share, _ in scored), default=0.0)
    best = [s for share, s in scored if share >= top - 1e-9]
    return best, [s for share, s in scored if share < top - 1e-9]


def _long(key: str) -> bool:
    return len(key) >= _TITLE_LEAST


def _title_key(speech: Speech) -> str:
    return plain_name(speech.title).replace("的", "")


def _its_own(speech: Speech, name: str) -> bool:
    """Every year and congress the name gives is the speech's own: the year it was given
    (else its title's, its file name's), the congress its title or file name names."""
    years = YEAR.findall(name)
    numbers = [numeral(c) for c in congresses(name)]
    if not (years or numbers):
        return False
    dated = YEAR.search(f"{(speech.date or '')[:4]} {speech.title} {speech.source}")
    if any(not dated or dated.group(1) != year for year in years):
        return False
    title = _TITLE_CONGRESS.search(speech.title)
    own = numeral(title.group(1)) if title else None
    source = re.search(r"congress\D*0*(\d{1,2})(?!\d)", speech.source.lower())
    own = own or (int(source.group(1)) if source else None)
    return all(number == own for number in numbers)


# a part's title this short, after a speech's name, names the part ("…上的开幕词", "…的结论")
_PART_TITLE_LONGEST = 6


def titled_parts(
    words: str, speeches: Sequence[Speech], analyzer: Analyzer | None = None
) -> list[tuple[Speech, Section]]:
    """ "毛泽东在…全国代表会议上的开幕词": a speech's name, then the title of one of its top
    parts whole ("开幕词", "结论"), the speech's own name not ending so."""
    text = re.sub(r"[\s\u3000]", "", normalise(words))
    found: list[tuple[Speech, Section]] = []
    for title in sorted({_part_title(c) for s in speeches for c in s.outline.children}, key=len):
        if not 2 <= len(title) <= _PART_TITLE_LONGEST or not text.endswith(title):
            continue
        name = re.sub(r"(?:里面|里|当中|中的|中|的)$", "", text[: -len(title)])
        named = pick_speeches(name, speeches, analyzer=analyzer).speeches if name else []
        if 0 < len(named) < len(speeches):
            found += [(s, c) for s in named for c in s.outline.children if _part_title(c) == title]
    return found


def _part_title(section: Section) -> str:
    if section.kind == KIND_APPENDIX:
        return ""
    return re.sub(r"[\s\u3000]", "", normalise(section.heading))
