"""The grammar of a named point: a request such as "十九大报告第八部分的第四点" read into steps.

    request  := words? step (joiner* words? step)*
    step     := "第" N part-unit              a top-level part        第三部分 第三章
              | "最后一" part-unit             the last top-level part  最后一部分
              | "第" N point-unit             the Nth point below     第二点 第五项 第三个问题
                                                   (N bracketed too: 第(二)部分 第（三）項)
              | "最后一" point-unit            the last point below    最后一点 最后一条
              | N "是"                        一是…                   二是
              | "第" N [，、]?                 第一，…                 第三
              | 首先 | 其次 | 再次 | 最后       首先，…
              | "(" N ")"                     （一） or （1）          (三) （２）
              | N ("、" | ".")                一、 or 1.              四、 2.
              | N                             a bare numeral           三(二)2  "一"
              | appendix                      附件 附件1 名词解释 注释
    N        := 一…九十 两 〇, 壹贰参…拾 (Traditional too), or digits (full-width too)
    joiner   := white space | 的 | punctuation ， ; : / > ›
    words    := any other text: before the first step it may name the speech ("2024年政府工作
                报告", "十九大报告", "广东2026年报告") and then the list the next step counts in
                ("重点工作", "两点体会", "…建议"); between steps, the list of the next step.

The request is normalised first (full-width → half-width, Traditional → Simplified).
Resolving the steps against an outline is quote.py's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .analysis import normalise
from .model import KIND_ENUM, KIND_L1, KIND_L2, KIND_L3, KIND_L4, KIND_PART, Ref
from .numerals import chinese_number

LAST = -1  # the number of "最后一点": the last one (倒数第二点 is -2)

_CN = "一二三四五六七八九十两〇零壹贰叁参肆伍陆柒捌玖拾"
_CN_PLAIN = str.maketrans("两〇壹贰叁参肆伍陆柒捌玖拾", "二零一二三三四五六七八九十")


def numeral(text: str) -> int:
    """一 → 1, 十二 → 12, 两 → 2, 叁 → 3, 7 → 7; 0 when it is not a numeral up to 99.
    Requests write numerals more ways than outlines (两, 〇, simplified capitals)."""
    plain = text.translate(_CN_PLAIN)
    if not (plain.isdigit() or _WELL_FORMED.fullmatch(plain)):  # "十四五" is no numeral
        return 0
    return chinese_number(plain)


_WELL_FORMED = re.compile(r"[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九]")


@dataclass(frozen=True)
class Step:
    """One selector of the chain: which sections it accepts, and the number it wants."""

    kinds: tuple[str, ...] | None  # None: a position among the children ("第二点")
    number: int  # LAST for "最后一…"
    # enums: "shi" (一是), "di" (第一，), "seq:首先"; "appendix:附件"; "position" (in "1.2")
    style: str | None = None
    top: bool = False  # a top-level part of the speech (or of the appendix named before)
    words: str = ""  # key words of the list this step counts in ("重点工作")
    # its kind, else its position: a bare numeral; 第N部分 where the top level is 第一，第二，…
    or_position: bool = False


@dataclass(frozen=True)
class Request:
    speech_words: str  # the words before the first step (speech name and/or list words)
    steps: tuple[Step, ...]


_N = rf"([{_CN}]{{1,4}}|\d{{1,3}})"
_NC = rf"([{_CN}]{{1,4}})"
_PART_UNIT = r"(?:个部分|个部份|大部分|大部份|部分|部份|章|篇)"
_POINT_UNIT = (
    r"(?:个方面|方面|个问题|问题|个小点|小点|小部分|个小标题|小标题|个要点|要点|小节|个大点|大点"
    r"|小项|子项|分项|点|条|项|节|款|块|件事|件|个)"
)
# between steps: punctuation, 的, and words that only say where ("中的", "讲的"), not the
# end of a word ("主旨演讲的第二点", "演说的第一部分")
_JOINER = re.compile(
    r"(?:[\s的,;:/>›|\-—、.]|(?:里面|里|当中|之中|中|(?<![演宣])讲|(?<![演解])说|提到|谈到)的"
    r"|(?:里面|里|当中|之中|中)(?=第|最后|倒数|\()|之(?=第))+"
)
# words after the last step that ask for its text ("…的内容", "…讲了什么")
_ASKING = re.compile(
    r"(?:的)?(?:具体)?(?:内容|原文|全文|是什么|讲了什么|说了什么|写了什么|讲的什么)?[\s?？。!！]*$"
)
_TOP_KINDS = (KIND_PART, KIND_L1)
_APPENDIX = re.compile(r"(附件|附表|附录)(\d{1,2}|[一二三四五六七八九十]{1,3})?|名词解释|注释")
# (pattern, kinds, style, top: "always" | "first" | ""); the numeral is group 1.  Order matters.
_STEPS: list[tuple[re.Pattern[str], tuple[str, ...] | None, str | None, str]] = [
    (re.compile(rf"(?:最后|最末|末尾)一?{_PART_UNIT}"), _TOP_KINDS, None, "always"),
    (re.compile(rf"(?:最后|最末|末尾)一?{_POINT_UNIT}"), None, None, ""),
    (re.compile(rf"倒数第{_N}{_PART_UNIT}"), _TOP_KINDS, "from-end", "always"),
    (re.compile(rf"倒数第{_N}{_POINT_UNIT}"), None, "from-end", ""),
    (re.compile(rf"第{_N}{_PART_UNIT}"), _TOP_KINDS, None, "always"),
    (re.compile(rf"第{_N}{_POINT_UNIT}"), None, None, ""),
    (re.compile(rf"{_NC}是(?![的否])"), (KIND_ENUM,), "shi", ""),
    (re.compile(rf"{_NC}要(?![求素件点])"), (KIND_ENUM,), "yao", ""),
    (re.compile(r"(首先|其次|再次|最后)(?!一)[,]?"), (KIND_ENUM,), "seq", ""),
    # not an ordinal inside a name: 第四次全国代表大会, 第十四届, 第五个五年计划
    (re.compile(rf"第{_N}(?![{_CN}\d次届个年期号批位名轮阶])[,、]?"), (KIND_ENUM,), "di", ""),
    (re.compile(rf"\({_NC}\)"), (KIND_L2,), None, ""),
    (re.compile(r"\((\d{1,2})\)"), (KIND_L4,), None, ""),
    (re.compile(rf"{_NC}[、.](?!\d)"), _TOP_KINDS, None, "first"),
    (re.compile(r"(\d{1,2})(?:、|\.(?!\d))"), (KIND_L3,), None, ""),
]
_BRACKETED_ORDINAL = re.compile(rf"第\({_N}\)(?={_PART_UNIT}|{_POINT_UNIT})")
_LIST_AFTER = 4  # characters of list words after a speech's name and its point ("任务", "重点工作")
_LATIN_END = re.compile(r"[A-Za-z][-_]?$")
# a bare numeral is a step only where a step or the end follows ("三(二)2", "一")
_BARE = re.compile(rf"{_N}(?=$|[\s的,;:/>›|(第]|[{_CN}]+[、是.])")


def parse_request(request: str) -> Request | None:
    """The steps of a request, or None when it names no numbered point."""
    # spaces inside a label ("( 二 )", "一 、") or between steps mean nothing; between
    # two digits they keep the numbers apart
    text = re.sub(r"(?<![0-9])\s+|\s+(?![0-9])", "", normalise(request))
    text = _ASKING.sub("", text) or text
    # "第(二)部分", "第（三）項": the number bracketed as the text prints it, a unit after it
    text = _BRACKETED_ORDINAL.sub(r"第\1", text)
    steps: list[Step] = []
    words = ""
    speech_words: str | None = None
    i = 0
    while i < len(text):
        joiner = _JOINER.match(text, i)
        if joiner:
            words += " " if words else ""
            i = joiner.end()
            continue
        # "十四五规划": no step starts inside a number read as words (第 opens one after a
        # year: "2019第二部分"), nor in a file name's figures ("cpc-congress-report-19")
        inside_number = (words[-1:] in tuple(_CN) or words[-1:].isdigit()) and text[i] != "第"
        in_file_name = text[i].isdigit() and _LATIN_END.search(text, 0, i)
        found = None if inside_number or in_file_name else _step_at(text, i, steps)
        if found is None:
            words += text[i]
            i += 1
            continue
        step, i = found
        if speech_words is None:
            speech_words, words = words.strip(), ""
        steps.append(_with_words(step, words.strip()))
        words = ""
    if not steps:
        return None
    if words.strip():
        # "最后一项重点工作", "第五项重点工作": the words after a point name its list
        last = steps[-1]
        # ("十一大报告中第七项任务": after a speech's name too, a word or two)
        if len(steps) > 1 or last.kinds is not None or (speech_words and len(words) > _LIST_AFTER):
            return None
        steps[-1] = _with_words(last, words.strip())
    return Request(speech_words or "", tuple(steps))


def _step_at(text: str, i: int, steps: list[Step]) -> tuple[Step, int] | None:
    first = not steps or (steps[-1].style or "").startswith("appendix:")
    match = _APPENDIX.match(text, i)
    if match:  # 附件1 → the appendix part whose heading holds "附件1"
        word = match.group(1) or match.group(0)
        return Step(None, numeral(match.group(2) or ""), f"appendix:{word}"), match.end()
    for pattern, kinds, style, top in _STEPS:
        match = pattern.match(text, i)
        if not match:
            continue
        if style == "seq":
            return Step(kinds, 0, f"seq:{match.group(1)}"), match.end()
        number = numeral(match.group(1)) if match.groups() else LAST
        if number == 0:  # "一三是": no numeral; "一" then "三是" is read below
            continue
        if style == "from-end":  # 倒数第二点: the second from the end, -2
            number, style = -number, None
        is_top = top == "always" or (top == "first" and first)
        return Step(kinds, number, style, is_top, or_position=top == "always"), match.end()
    match = _BARE.match(text, i)
    if match and numeral(match.group(1)):
        number = numeral(match.group(1))
        if match.group(1).isdigit():
            return Step((KIND_L3,), number, or_position=True), match.end()
        if first:
            return Step(_TOP_KINDS, number, top=True), match.end()
        return Step((KIND_L2, KIND_ENUM), number, or_position=True), match.end()
    return None


def _with_words(step: Step, words: str) -> Step:
    if not words or (step.style or "").startswith("appendix:"):
        return step
    return Step(step.kinds, step.number, step.style, False, words, step.or_position)


# "区域联动那一项重点工作", "政治体制改革里讲干部人事制度那一条", "讲国防和军队的那一部分":
# a point named by words of its heading, with a demonstrative and a unit, and perhaps the
# list it stands in (before 里/中, or after the unit)
_KEY_TAIL = re.compile(
    r"(?:的)?(?:那|这|哪)一?个?(部分|部份|项|条|点|节|段|方面|块|章)(?:工作|内容|措施|任务)?([^那这]{0,10})$"
)
_KEY_SCOPE = re.compile(r"^(.{2,}?)(?:里面|里|当中|之中|中)(.{2,})$")
_KEY_HEAD = re.compile(r"^(?:讲|谈|说|关于|有关|涉及)")


def keyword_request(request: str) -> tuple[str, str, str] | None:
    """(list words, heading words, unit) of a point named by its words, or None."""
    text = re.sub(r"\s+", "", normalise(request))
    text = _ASKING.sub("", text) or text
    tail = _KEY_TAIL.search(text)
    if tail is None:
        return None
    body, unit, scope = text[: tail.start()], tail.group(1), tail.group(2)
    inner = _KEY_SCOPE.match(body)
    if inner:
        scope, body = inner.group(1), inner.group(2)
    body = _KEY_HEAD.sub("", body).removesuffix("的")
    return (scope, body, unit) if len(body) >= 2 else None


# words of a question about a point, not for its text ("第一部分有哪些要求")
_QUESTION_WORDS = re.compile(
    r"[？?]|什么|哪些|哪个|哪里|哪儿|怎么|怎样|如何|为什么|为何|吗|呢|多少|是否|有没有|讲了|说了|谈了"
    r"|甚麼|哪個|怎樣|為什麼|為何|嗎"
)
_LONGEST_POINT = 40
# "第二个五年计划", "第二个百年奋斗目标": a thing so named, not the second point of a list
_ORDINAL_NAME = re.compile(r"第[一二三四五六七八九十\d]+个(?!方面|问题|部分|层次|要点)")


def names_a_point(text: str) -> bool:
    """``text`` is only the name of a numbered point ("二、三是", "第八部分", "十九大报告
    第八部分", "第七項質詢"), no question about it: a chat may quote it without /quote."""
    # "第二部分讲了什么", "…的内容": asking for its text is naming it
    text = _ASKING.sub("", text.strip()) or text.strip()
    if not text or len(text) > _LONGEST_POINT or _QUESTION_WORDS.search(text):
        return False
    if _ORDINAL_NAME.search(text):
        return False
    return Ref.parse(text) is not None or parse_request(text) is not None
