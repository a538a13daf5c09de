"""The numbering the outline recognises: heading patterns by level, run-in points (一是…二是…,
第一，…, 首先…最后), dash-led points and appendix lines, and how points are cut out of a
paragraph. outline.py decides where each goes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .model import KIND_ENUM, KIND_L1, KIND_L2, KIND_L3, KIND_L4, KIND_PART, Paragraph, Section
from .numerals import CAPITAL_NUMERALS, chinese_number

CN = "一二三四五六七八九十"
CN_VALUE = {c: i for i, c in enumerate(CN, start=1)}
# the capital numerals Taiwan documents number their top parts with (壹、貳、參、)
CAPITAL = CAPITAL_NUMERALS


# (kind, sub-kind for nesting, pattern); the numeral is group 1.  Order matters.
HEADINGS: list[tuple[str, str, re.Pattern[str]]] = [
    (KIND_PART, "part", re.compile(rf"^第([{CN}]{{1,3}})(?:部分|章|篇)[\s、，,：:]*")),
    # "第一个问题：深刻认识…": the parts of a speech that names them so (with the colon: a
    # "第二方面，…" in running text is a point of the paragraph's own part)
    (KIND_PART, "wenti", re.compile(rf"^第([{CN}]{{1,3}})个(?:问题|方面)[：:]\s*")),
    (KIND_PART, "capital", re.compile(rf"^([{CAPITAL}]{{1,2}})\s*[、．.]\s*")),
    (KIND_ENUM, "di", re.compile(rf"^第([{CN}]{{1,3}})[，,、：:]\s*")),
    # "第一是为工人的，…": the same points with 是 (outline.py wants a 第二是 to follow)
    (KIND_ENUM, "di", re.compile(rf"^第([{CN}]{{1,3}})是(?![的否])\s*")),
    # points named with a unit word: "第二点：关于整风。", and the articles of an agreement or
    # a law, "第一条" › "第三款　…" › "第一项　…" (numbered on through the text, not per parent)
    (KIND_ENUM, "dian", re.compile(rf"^第([{CN}]{{1,3}})[点點](?:[，,、：:]|\s|$)\s*")),
    (KIND_ENUM, "tiao", re.compile(rf"^第([{CN}]{{1,3}})[条條](?:[：:]?\s|[：:]?$)\s*")),
    (KIND_ENUM, "kuan", re.compile(rf"^第([{CN}]{{1,3}})款(?:[：:]?\s|[：:]?$)\s*")),
    (KIND_ENUM, "xiang", re.compile(rf"^第([{CN}]{{1,3}})[项項](?:[：:]?\s|[：:]?$)\s*")),
    (KIND_ENUM, "shi", re.compile(rf"^([{CN}]{{1,3}})是(?![的否])")),
    # "一要加快传统产业提质…" / "二要…": the same points with 要
    (KIND_ENUM, "yao", re.compile(rf"^([{CN}]{{1,2}})要(?![求素件点])")),
    (KIND_L1, "l1", re.compile(rf"^([{CN}]{{1,3}})\s*[、．.]\s*")),
    (KIND_L2, "l2", re.compile(rf"^[（(]\s*([{CN}]{{1,3}})\s*[)）]\s*")),
    (KIND_L3, "l3", re.compile(r"^(\d{1,2})\s*(?:[.．](?!\d)|、)\s*")),
    (KIND_L4, "l4", re.compile(r"^[（(]\s*(\d{1,2})\s*[)）]\s*")),
    (KIND_L4, "note", re.compile(r"^[〔［\[](\d{1,3})[〕］\]]\s*")),
    (KIND_ENUM, "seq", re.compile(r"^(首先|其次|再次|最后)[，,]\s*")),
]
# "一" alone on its line: a part whose title (if any) is its first sentence
BARE_NUMERAL = re.compile(rf"[{CN}]{{1,3}}")
# "四 镇压反革命": a numeral and a space before a short title on a line of its own
SPACED_L1 = re.compile(rf"^([{CN}]{{1,3}})[ \u3000]+(?=[^\s，。；、])")
# paragraphs looked at after "…。一是…" for the "二是" that shows a list has begun
LOOKAHEAD = 6
SEQ = {"首先": 1, "其次": 2, "再次": 3, "最后": 4}
# the first characters a numbered heading can start with (most lines are not headings)
HEADING_FIRST = frozenset(CN + CAPITAL + "第（(〔［[0123456789０１２３４５６７８９首其再最")
# an unnumbered heading ("plain") found before any numbered one holds the numbered ones
RANK = {"appendix": -1, "part": 0, "capital": 0, "h1": 1, "plain": 1.5, "l1": 2, "h2": 3, "l2": 4}
RANK.update({"h3": 5, "l3": 6, "l4": 7, "note": 7, "di": 8, "shi": 9, "seq": 10, "dash": 11})
# a council's numbered question ("7. 梁美芬議員：", at the top, above the record's unnumbered
# lines) and a speaker's turn that opens a list
RANK.update({"question": 1.4, "turn": 1.8})
RANK.update({"yao": 9, "wenti": 0.5, "tiao": 7.2, "kuan": 7.4, "xiang": 7.6, "dian": 7.8})
# 附件 / 名词解释 / 注释 on a line of their own open the appendix: its numbering starts afresh
APPENDIX = re.compile(
    r"^(?:附件\s*[0-9一二三四五六七八九十]*|附录\s*[0-9一二三四五六七八九十]*|名词解释|名词注释|"
    r"注\s*释|註\s*釋|附注)\s*[:：]?\s*(.{0,40})$"
)
# "表1、…一覽表：": the caption of a table, whose numbered cells are no headings
TABLE_CAPTION = re.compile(rf"^表\s*[\d{CN}]{{1,3}}\s*[、．.：:\s]")
# "——经济运行稳中向好。…": a list of points led by dashes (at least two in a row)
DASH = re.compile(r"^[—－-]{2}(?=\S)")

SENTENCE_END = re.compile(r"[。！？!?]|[：:](?=.)")
CLAUSE_END = re.compile(r"[，,；;。：:！？]")
# An address to the audience returns from the points to the main line of the speech.
ADDRESS = re.compile(
    r"^(?:各位代表|各位委员|各位委員|同志们|同志們|女士们|女士們|朋友们|朋友們)[，,、！!：:]"
)
# A transcript's turn ("主席：…", "陳志全議員：…"), its stage directions ("(有議員高聲叫喊)") and
# the chair's address ("主席，各位議員…"): no point of the speech holds them
TURN = re.compile(
    r"^(?:主席[：:，,、]|[^\s，。：:（(]{0,10}(?:議員|议员|司長|司长|局長|局长|行政長官|行政长官)[：:]"
    r"|[（(][^（）()]{0,40}(?:叫喊|拍掌|擊桌|击桌|離開|离开|步入|起立|肅靜|肃静|鼓掌)[^（）()]{0,20}[)）]$)"
)
# who takes the floor in a turn: "主席" (the chair), a member or an official; "" for a stage
# direction or the chair addressed ("主席，各位議員…")
_TURN_SPEAKER = re.compile(
    r"^(主席(?=[：:])|[^\s，。：:（(]{0,10}(?:議員|议员|司長|司长|局長|局长|行政長官|行政长官)(?=[：:]))"
)


def turn_speaker(line: str) -> str | None:
    """Who speaks in a transcript's turn, or None when the line is no turn."""
    if not TURN.match(line):
        return None
    found = _TURN_SPEAKER.match(line)
    return found.group(1) if found else ""


ADDRESS_ALONE = re.compile(
    r"^(?:各位代表|各位委员|各位委員|同志们|同志們|女士们|女士們|朋友们|朋友們)[，,、！!：:]?$"
)
RUN_IN_ENUMS = [
    # (?<![^…]): after one of these marks or at the start of the line (one lookbehind
    # instead of an alternation: a third faster, and these scan every line)
    ("shi", re.compile(rf"(?<![^：:。；;，,！])([{CN}]{{1,2}})是(?![的否])")),
    ("di", re.compile(rf"(?<![^：:。；;！])第([{CN}]{{1,2}})[，,、]")),
    # "必须确定：第一是国营工业的生产，第二是…": after a comma too, as 一是
    ("di", re.compile(rf"(?<![^：:。；;，,！])第([{CN}]{{1,2}})是(?![的否])")),
    ("seq", re.compile(r"(?<![^：:。；;！])(首先|其次|再次|最后)[，,]")),
    # "…再上新台阶。（1）全面完成消债任务。…（2）…": numbered sub-points inside a paragraph
    ("paren", re.compile(r"(?<![^：:。；;！])[（(](\d{1,2})[)）](?=[^\d%])")),
    # "…采取以下措施：（一）…。（二）…": a list of the paragraph, numbered as sub-parts are
    ("cparen", re.compile(rf"(?<![^：:。；;！])[（(]([{CN}]{{1,2}})[)）]")),
]


def point_number(numeral: str, found: int) -> int:
    """The number of a point: 一/二… as written; 首先/其次/再次 by position; 最后 is the next."""
    if numeral == "最后":
        return found + 1 if found else 0
    return SEQ.get(numeral) or chinese_number(numeral)


def run_in_style(line: str) -> str | None:
    return _run_in(line)[0]


# "一要…；二要…" in one line: a paragraph, not a heading (一要 is read on its own line only)
_YAO_IN_LINE = ("yao", re.compile(rf"(?<![^：:。；;！])([{CN}]{{1,2}})要(?![求素件点])"))


def next_enum_in_line(line: str, sub: str, ordinal: int, after: int) -> bool:
    return any(
        point_number(m.group(1), ordinal) == ordinal + 1
        for enum_sub, pattern in [*RUN_IN_ENUMS, _YAO_IN_LINE]
        if enum_sub == sub
        for m in pattern.finditer(line, after)
    )


def point_sections(
    text: str, start: int, end: int, points: list[tuple[int, int, int]]
) -> list[Section]:
    """One run-in point section for each (offset, label length, ordinal) of text[start:end]."""
    out = []
    for n, (offset, label_len, ordinal) in enumerate(points):
        p_start = start + offset
        p_end = start + points[n + 1][0] if n + 1 < len(points) else end
        body = text[p_start + label_len : p_end]
        clause = CLAUSE_END.search(body)
        title = tidy(body[: clause.start()] if clause and clause.start() <= 40 else body[:20])
        label = text[p_start : p_start + label_len]
        head_end = p_start + label_len + len(title)
        # "（2）" and "（二）" are asked for as such
        kind = KIND_ENUM if label[:1] not in "（(" else KIND_L4 if label[1:2].isdigit() else KIND_L2
        point = Section(kind, label, ordinal, title, (), p_start, head_end, p_end, run_in=True)
        point.paragraphs.append(Paragraph(0, p_start, p_end, text[p_start:p_end]))
        out.append(point)
    return out


def run_in_points(line: str) -> list[tuple[int, int, int]]:
    """(offset, label length, ordinal) of 一是/二是…, 第一，/第二，… or 首先/其次/最后."""
    return _run_in(line)[1]


def _run_in(line: str) -> tuple[str | None, list[tuple[int, int, int]]]:
    for sub, pattern in RUN_IN_ENUMS:
        found = run_in_points_of(line, pattern)
        if len(found) >= 2:
            return sub, found
    # "首先要增加投入。…二是保护耕地…三是…": a list whose first point is 首先
    lead = _FIRST_WORD.search(line)
    for sub, pattern in RUN_IN_ENUMS[:3] if lead else ():
        rest = run_in_points_of(line[lead.end() :], pattern, first=2)
        if len(rest) >= 2:
            return sub, [(lead.start(), 2, 1)] + [(lead.end() + at, n, k) for at, n, k in rest]
    return None, []


_FIRST_WORD = re.compile(r"(?<![^：:。；;，,！])首先(?![，,])")


def run_in_points_of(
    line: str, pattern: re.Pattern[str], first: int = 1
) -> list[tuple[int, int, int]]:
    found: list[tuple[int, int, int]] = []
    for match in pattern.finditer(line):
        ordinal = point_number(match.group(1), first - 1 + len(found))
        if ordinal == first + len(found):
            found.append((match.start(), match.end() - match.start(), ordinal))
    return found


def tidy(title: str) -> str:
    return title.strip().rstrip("：:。；;，,").strip()


def heading_extent(
    line: str, kind: str, label_end: int, sub: str = ""
) -> tuple[int, str, int | None]:
    """(heading length, title, where the run-in paragraph starts or None).  An enumerated
    point ("一是…") and a numbered note ("〔1〕亭子间是…") keep their first sentence in the
    paragraph: it is the point, or the note's definition, not a title above a text."""
    keeps_sentence = kind == KIND_ENUM or sub == "note"
    rest = line[label_end:]
    if not SENTENCE_END.search(rest[:-1]) and len(rest) <= 50:
        if rest.endswith(("。", "！", "？", "；")) and (
            kind == KIND_ENUM
            or (kind in (KIND_L3, KIND_L4) and (len(rest) >= 15 or CLAUSE_END.search(rest[:-1])))
        ):
            # "二是…调整。", "(3) 由政府牽頭，推動…。": the whole point is one sentence, a passage
            return len(line), tidy(rest), 0
        return len(line), tidy(rest), None  # a heading line of its own
    match = SENTENCE_END.search(rest)
    if match and match.start() <= 60:
        head = label_end + match.end()
        return head, tidy(rest[: match.start()]), 0 if keeps_sentence else head
    clause = CLAUSE_END.search(rest)
    cut = clause.start() if clause and clause.start() <= 60 else min(len(rest), 30)
    return label_end + cut, tidy(rest[:cut]), 0 if keeps_sentence else label_end + cut


def lead_title(paragraph: str) -> str:
    """A title for a bare label from the paragraph after it: its first sentence or clause."""
    sentence = re.match(r"[^。；;！？!?]*", paragraph).group(0)
    if len(sentence) <= 40:
        return tidy(sentence)
    clause = re.match(r"[^，,：:]*", paragraph).group(0)
    return tidy(clause) if len(clause) <= 30 else ""


def styled_levels(lines: Iterable[str]) -> dict[str, int]:
    levels = {}
    for item in lines:
        level, sep, body = item.partition("\t")
        if sep and level.isdigit():
            levels[body.strip()] = int(level)
        else:
            levels[item.strip()] = 1
    return levels


def nonblank_lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, surrounding blanks trimmed."""
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            yield start, end


def mostly_chinese(text: str) -> bool:
    """Chinese, or Chinese with its English translation (five letters or so to a character)."""
    return 20 * len(_CJK.findall(text)) > len(_LATIN.findall(text))


def translated(title: str) -> bool:
    """A title in Latin letters, not Chinese ones ("We formulated…", not "GDP增长6%左右")."""
    return len(_LATIN.findall(title)) > max(3, 2 * len(_CJK.findall(title)))


_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
