"""A speech named inside a request: "2024年政府工作报告", "十九大报告", "广东2026年报告",
"《2026年湖南省政府工作报告》", "李明云海大学座谈会讲话". The words are read as a year, a congress,
a kind of speech and the words between, each fitted to a speech's title and opening lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ._point_grammar import numeral
from .analysis import Analyzer, normalise
from .model import Speech
from .numerals import digit_string

__all__ = ["pick_speeches"]

_YEAR = re.compile(r"((?:19|20)\d\d)年?")
_CONGRESS = re.compile(
    r"第([一二三四五六七八九十]{1,3}|\d{1,2})次全国代表大会"
    r"|([一二三四五六七八九十]{1,3}|(?<!\d)\d{1,2})大"
)
# the congress a report was made to, as its title says ("…在中国共产党第十九次全国代表大会上的报告")
_TITLE_CONGRESS = re.compile(r"第([一二三四五六七八九十]{1,3})次全国代表大会上?的?(?:政治)?报告")
# a speech's kind, and how a file name still standing for the title spells it
_KINDS = {
    "报告": "report",
    "讲话": "speech",
    "致辞": "speech",
    "演讲": "speech",
    "发言": "speech",
    "决议": "resolution",
    "公报": "communique",
    "贺信": "letter",
}
_NAME_END = re.compile(
    rf"(?:19|20)\d\d年?|第[一二三四五六七八九十]{{1,3}}次全国代表大会|[一二三四五六七八九十]{{1,3}}大"
    rf"|(?<!\d)\d{{1,2}}大"
    rf"|{'|'.join(_KINDS)}"
)


def _plain_name(words: str) -> str:
    """The speech's name as the titles write it: no book-title marks, years in digits
    ("二〇二六年" → "2026年")."""
    text = re.sub(r"[《》〈〉「」『』“”\"'\s:：,，、·—-]", "", normalise(words))
    # "党 十九大": spaces are gone by now, the party's name with them
    text = re.sub(r"^(?:中共|中国共产党|党的|党)(?=第|[一二三四五六七八九十]{1,3}大)", "", text)
    return _CN_YEAR.sub(lambda m: digit_string(m.group(1)) + "年", text)


# a title this long names one speech; shorter ones ("政府工作报告") name a kind
_TITLE_LEAST = 10
_JOINER = re.compile(r"^(?:里面|里|当中|中的|中(?![国华央共])|之中|的)")
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})年")


def pick_speeches(
    words: str,
    speeches: Sequence[Speech],
    whole: bool = True,
    analyzer: Analyzer | None = None,
) -> tuple[list[Speech], str]:
    """The speeches the words before the first step name ("2024年政府工作报告", "十九大报告",
    "广东2026年报告"), and the words left over for the list ("重点工作").  A name with a
    year or a kind that fits no speech names none: better nothing than another speech."""
    text = _plain_name(words)
    if not text:
        return list(speeches), ""
    # "2026年工作的第六点": words a heading holds name a list there, even with a year in them
    # (compared as the words are, quotes and punctuation left out: "“十四五”时期和2025年…")
    holding = [s for s in speeches if any(text in _plain_name(h.heading) for h in s.sections())]
    if holding and not any(kind in text for kind in _KINDS):
        return holding, words
    stem = re.sub(r"(?<=[a-z0-9])(?:txt|md|html?|pdf|docx?)$", "", text.lower())
    if text.isascii() and (named := [s for s in speeches if _file_words(s) in (text, stem)]):
        return named, ""  # "gov-report-2019-derek-s(.txt)": a file's name, whole
    ends = sorted({m.end() for m in _NAME_END.finditer(text)}, reverse=True)
    for end in ends:  # the longest name that fits, ending with a year, 报告, 十九大…
        fits = _name_test(text[:end], analyzer)
        chosen = [s for s in speeches if fits(s)]
        # "2019年政府工作报告": the speech so titled, not every 2019 report that fits
        exact = [s for s in chosen if text[:end] in (_plain_name(s.title), _file_words(s))]
        # "2019年报告": the report of 2019, not one given in 2020 looking back on 2019
        own = [s for s in chosen if _its_own(s, text[:end])]
        if chosen:
            # "…报告里2026年重点工作": the list's words without the word that joins them
            return exact or own or chosen, _JOINER.sub("", text[end:])
    # "为实现党的二十大确定的目标任务而团结奋斗": a title read whole, though a congress ("二十大")
    # stands inside it that the speech's opening does not spell out (的 aside: the grammar
    # reads it as a joint between steps)
    bare = text.replace("的", "")
    titled = [(key, s) for s in speeches if len(key := _title_key(s)) >= _TITLE_LEAST]
    longest = max((len(key) for key, _ in titled if bare.startswith(key)), default=0)
    if longest:
        named = [s for key, s in titled if len(key) == longest and bare.startswith(key)]
        return named, _JOINER.sub("", bare[longest:])
    if ends or not whole:
        return [], ""
    if len(speeches) > 1:  # a region or title words alone ("广东第三部分")
        fits = _name_test(text, analyzer)
        chosen = [s for s in speeches if fits(s)]
        if 0 < len(chosen) < len(speeches):
            return [s for s in chosen if _file_words(s) == text] or chosen, ""
    return list(speeches), words


def _title_key(speech: Speech) -> str:
    return _plain_name(speech.title).replace("的", "")


def _name_test(name: str, analyzer: Analyzer | None = None):
    """Whether every part of ``name`` fits a speech: its year, congress, kind ("报告") and
    the words between them, as written in its title or opening lines (punctuation aside),
    or word by word ("习近平北京大学座谈会讲话")."""
    years = _YEAR.findall(name)
    congresses = [(f"第{_spelled(c)}次全国代表大会", numeral(c)) for c in _congresses(name)]
    kinds = [m.group(0) for m in _NAME_END.finditer(name) if m.group(0) in _KINDS]
    pieces = [p for p in _NAME_END.split(name) if p]

    def fits(speech: Speech) -> bool:
        opening = normalise(f"{speech.title} {speech.part or ''} {speech.text[:400]}")
        hay = _PUNCTUATION.sub("", opening)
        # "云海省2031年政府工作报告" is named "2031年云海省政府工作报告" too: the year apart
        hay = f"{hay} {_YEAR.sub('', hay)}"
        bare = _without_admin(hay)
        words: set[str] | None = None

        def piece_fits(piece: str) -> bool:
            nonlocal words
            # a region written without its 省 / 市 fits one written with it, not another
            if piece in hay or (piece == _without_admin(piece) and piece in bare):
                return True
            if piece.isascii():  # "gov-report": the words of a file name
                return piece in _file_words(speech)
            if analyzer is None:
                return False
            terms = set(analyzer.terms(piece))
            if len(terms) < 2:
                return False
            words = words if words is not None else set(analyzer.index_terms(opening))
            return terms <= words

        source = speech.source.lower()
        # the opening words name other years too: a year is the speech's date or title's
        dated = f"{(speech.date or '')[:4]} {speech.title} {source}"
        return (
            all(year in dated for year in years)
            and all(
                phrase in hay or re.search(rf"congress\D*0*{number}(?!\d)", source)
                for phrase, number in congresses
            )
            and all(kind in hay or _KINDS[kind] in source for kind in kinds)
            and all(piece_fits(piece) for piece in pieces)
        )

    return fits


_PUNCTUATION = re.compile(r"[^\w]")


def _without_admin(text: str) -> str:
    """ "山西省政府工作报告" → "山西政府工作报告": where a request names a region without its 省 / 市."""
    return _ADMIN.sub("", text)


_ADMIN = re.compile(r"(?<=[\u4e00-\u9fff])(?:省|市|自治区|特别行政区)(?=[\u4e00-\u9fff\d]|$)")


def _congresses(name: str) -> list[str]:
    return [c for pair in _CONGRESS.findall(name) for c in pair if c]


def _spelled(numeral_: str) -> str:
    """ "19" → "十九", as a congress is written in a title."""
    if not numeral_.isdigit():
        return numeral_
    tens, ones = divmod(int(numeral_), 10)
    digits = "零一二三四五六七八九"
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (
        digits[ones] if ones else ""
    )


def _file_words(speech: Speech) -> str:
    """The file name's letters and digits ("gov-report-2019.txt" → "govreport2019")."""
    stem = re.sub(r"\.[a-z0-9]{1,5}$", "", speech.source.lower())
    return re.sub(r"[^a-z0-9]", "", stem)


def _its_own(speech: Speech, name: str) -> bool:
    """Every year and congress the name gives is the speech's own: the year it was given
    (else its title's, its file name's), the congress its title or file name names."""
    years = _YEAR.findall(name)
    congresses = [numeral(c) for c in _congresses(name)]
    if not (years or congresses):
        return False
    dated = _YEAR.search(f"{(speech.date or '')[:4]} {speech.title} {speech.source}")
    if any(not dated or dated.group(1) != year for year in years):
        return False
    title = _TITLE_CONGRESS.search(speech.title)
    own = numeral(title.group(1)) if title else None
    source = re.search(r"congress\D*0*(\d{1,2})(?!\d)", speech.source.lower())
    own = own or (int(source.group(1)) if source else None)
    return all(number == own for number in congresses)
