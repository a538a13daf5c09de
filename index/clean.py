"""Raw text → cleaned text without web debris, plus metadata; splits files holding several speeches.

Cleaning only removes debris (page chrome, share buttons, "小编…整理…仅供参考", comment
counters, news credits) and restores paragraph breaks that scrapes lost; every other
character stays as written, so quotes are verbatim to the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import drop_contents, drop_repeated, rejoin
from .metadata import describe, find_date

__all__ = ["CleanText", "clean", "find_date"]


# Whole lines that are page chrome, wherever they stand.
_CHROME_LINE = re.compile(
    r"^(<!--|-->|-{3,}|来源[：:]\s*\[.*\]\(\S+\)|当前位置[：:].*|.{0,12}首页\s*(?:>|&gt;|›|»).*|中央政府门户网站.{0,40}|下载|打印|全屏|收藏|分享[：:]?.*|【字[号体].*|加大|还原|减小|[大中小]|】|打印本页|关闭窗口|(?:上一页)?[\s\u00a0\d]*下一页"
    r"|相关报道[：:]?|来源[：:].{0,20}|[^\s]{2,8}日报|时间[：:].{0,30}|发布时间[：:].*|编辑[：:].{0,20}"
    r"|责任编辑[：:].{0,20}|Public domain|false|true|.{0,40}的?评论\s*\d*\s*条评论|.{0,30}记者.{0,20}摄|\d{4}年\d{2}月\d{2}日\s*\d{2}时\d{2}分)$"
)
# Sentences inside a line that are debris: news credits and editors' blurbs.
# Each with a word it cannot match without: a line lacking it is not scanned (the first
# pattern tries every position of a line, a quarter of the time spent cleaning).
_DEBRIS_INLINE = [
    ("小编", re.compile(r"[^。！？\n]*小编[^。！？\n]*(?:仅供参考|整理)[^。！？\n]*[。！？]?")),
    ("新华社", re.compile(r"（\s*新华社[^（）]{0,20}电\s*）")),
    # continuation marks of a newspaper page: "（下转第四版）", "（紧接第一版）"
    (
        "版",
        re.compile(
            r"[（(]\s*(?:下转|上接|紧接|转|接)\s*第?[一二三四五六七八九十\d]{1,3}\s*版\s*[)）]"
        ),
    ),
    (
        "人民日报",
        re.compile(r"《\s*人民日报\s*》\s*（\s*\d{4}年\d{1,2}月\d{1,2}日\s*\d*\s*版\s*）"),
    ),
]
# After one of these lines at the end of a page, the rest is page furniture.
_TAIL_MARKER = re.compile(
    r"^(?:【E-mail推荐|相关报道|打印本页|关闭窗口|责任编辑|扫一扫|相关附件|相关链接|本作品(?:是|来自))"
)

_VARIANT = re.compile(
    r"^(?P<title>.{0,40}?)(?P<label>范文\s*[（(]?[一二三四五六七八九十\d]+[)）]?)\s*[:：]?$"
)

# Headings that scrapes glue into the running text; a break is restored before them (after
# a sentence, or after a photo's credit "新华社记者 鞠鹏/摄").
_RUN_IN_HEADING = re.compile(
    r"(?<=[。！？!?”摄])\s*(?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]"
    r"|第[一二三四五六七八九十]{1,3}(?:[，,、]|个问题[：:]|点[：:])|[一二三四五六七八九十]{1,2}是"
    r"|同志们[、，,！!]|各位代表[！!，,]|——(?=[\u4e00-\u9fff])))"
)


@dataclass
class CleanText:
    """One speech's cleaned text and what cleaning learnt about it."""

    text: str
    title: str
    date: str | None = None
    speaker: str | None = None
    occasion: str | None = None
    part: str | None = None
    dropped: list[str] = field(default_factory=list)  # debris removed, for inspection


def clean(raw: str, filename: str = "", title_hint: str | None = None) -> list[CleanText]:
    """Clean ``raw`` and split it into speeches (one unless the file holds variants)."""
    raw, front = _front_matter(raw)
    title_hint = title_hint or front.get("title")
    lines, dropped = _drop_debris(_restore_breaks(raw))
    lines, contents = drop_contents(lines)
    lines, repeated = drop_repeated(rejoin(lines))
    dropped += contents + repeated
    parts = _split_variants(lines)
    speeches = []
    for label, variant_title, body in parts:
        header, body = _split_header(_split_run_in_title(body))
        elsewhere = "\n".join(dropped) + "\n" + raw[-300:]
        meta = describe(header, body, title_hint or variant_title, elsewhere, filename)
        text = "\n".join(body).strip("\n")
        title = f"{meta.title} {label}" if label else meta.title
        speeches.append(
            CleanText(text, title, meta.date, meta.speaker, meta.occasion, label, dropped)
        )
    return [s for s in speeches if s.text.strip()] or speeches[:1]


def _front_matter(raw: str) -> tuple[str, dict[str, str]]:
    """A Markdown page's "---" block of fields (layout, title, date, tags): not the speech."""
    match = re.match(r"\ufeff?---\n((?:[\w-]+:.*\n){1,30})---\n", raw.replace("\r\n", "\n"))
    if not match:
        return raw, {}
    fields = dict(re.findall(r"^([\w-]+):\s*\"?(.*?)\"?\s*$", match.group(1), re.M))
    return raw.replace("\r\n", "\n")[match.end() :], fields


def _restore_breaks(raw: str) -> list[str]:
    """Lines of text with paragraph breaks that scrapes lost put back."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    # a scraper wrote no-break spaces out as "<U+00A0>"
    text = text.replace("<U+00A0>", "\u00a0")
    # Scrapes mark paragraphs with two ideographic spaces; indentation at line start too.
    # A word spaced out letter by letter ("注　　释") is one line, not paragraphs.
    text = "\n".join(
        line if _LETTER_SPACED.match(line) else re.sub(r"[ \t]*\u3000{2,}[ \t]*", "\n", line)
        for line in text.split("\n")
    )
    raw_lines = [line.strip(" \t\u3000\u00a0") for line in text.split("\n")]
    # a scrape repeating its article holds each line several times: count it once
    total = sum(len(line) for line in set(raw_lines))
    lines = []
    for line in raw_lines:
        # A run-on scrape holds most of the file in one line, headings glued in.  A long
        # paragraph of a well-formed file ("…：一是…；二是…") is left whole.
        if len(line) > 300 and len(line) > total / 2:
            for part in _RUN_IN_HEADING.split(line):
                lines.extend(_unglue_heading(part.strip()))
        else:
            lines.append(line)
    return _join_broken_lines([line for line in lines if line])


_LETTER_SPACED = re.compile(
    r"^[\s\u00a0]*[\u4e00-\u9fff](?:[ \u3000\u00a0]+[\u4e00-\u9fff]){1,7}[\s\u00a0]*$"
)
_GLUED_LABEL = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])"
)
# Words that open a paragraph: "…市场主体活力改革开放以来，…" starts one at "改革开放以来".
_PARAGRAPH_CUES = re.compile(
    r"党的十[八九]大以来|改革开放以来|新中国成立以来|[^，。]{0,4}疫情发生后|近年来|今年以来"
    r"|在充分肯定|我在|我们|我国|我(?:多次|曾经|反复|一直|常说|讲过|说过)|当前|这次"
    r"|在[^，。]{2,10}(?:中|上|里)$"  # "…研究成果在历史长河中，": where the sentence stands
    r"|(?<!\d)\d{4}年$"  # "…总体部署2014年，我国…": a sentence opening on its year
)
# Words headings end with ("…的重大战略意义", "…办好自己的事").
_HEADING_ENDERS = re.compile(
    r"工作|问题|意义|精神|的领导|建设|成就|挑战|任务|活力|的事|战略|体系|能力"
    r"|过程|框架|情况|原则|要求|目标|回顾|部署"
)
# A sentence does not start with these ("…科学成就离不开…" does not end a heading at 成就).
_NOT_SENTENCE_START = "不离是的了和与及也都已就才将把被得之而并中上下"


def _unglue_heading(piece: str) -> list[str]:
    """ "一、弘扬企业家精神改革开放以来，…": the heading to a line of its own.  Scrapes lost
    the break after a heading line, so its title runs straight into the paragraph."""
    label = _GLUED_LABEL.match(piece)
    if not label:
        return [piece]
    clause_end = re.search(r"[，,；;。：:！？]", piece[label.end() :])
    clause = piece[label.end() : label.end() + clause_end.start()] if clause_end else ""
    if len(clause) <= 12:
        return [piece]
    # a no-break space the page set between the title and its paragraph
    space = re.search(r"(?<=[\u4e00-\u9fff])[\u00a0\u3000](?=[\u4e00-\u9fff])", clause)
    cut = space.start() if space and space.start() >= 4 else _glued_title_end(clause)
    if cut is None:
        return [piece]
    return [piece[: label.end() + cut], piece[label.end() + cut :]]


def _glued_title_end(clause: str) -> int | None:
    """Where a heading glued to its paragraph ends: before a word that opens paragraphs, or
    after the last heading-final word that leaves a plausible sentence start behind."""
    cue = _PARAGRAPH_CUES.search(clause, 6)
    ends = [
        m.end()
        for m in _HEADING_ENDERS.finditer(clause)
        if 6 <= m.end() <= len(clause) - 4 and clause[m.end()] not in _NOT_SENTENCE_START
    ]
    if cue:
        # "建议稿起草过程“十四五”时期是我国…": the sentence began before the cue, at the
        # heading's last word
        before = [end for end in ends if end <= cue.start()]
        return before[-1] if before else cue.start()
    if len(clause) <= 18:
        return None
    return ends[-1] if ends else None


_TERMINAL = "。！？；：…”’」』!?;:"
_CONTINUATION = re.compile(r"^[，。；：、！？）》」』”,.;:!?)]")


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Join lines a hyperlink broke: "…所作的" / "政府工作报告" / "。会议…", "（PM" / "2.5）"."""
    out: list[str] = []
    for line in lines:
        continues = _CONTINUATION.match(line) or (
            out and re.search(r"[A-Za-z]$", out[-1]) and re.match(r"^[\d.]+", line)
        )
        if not (out and continues):
            out.append(line)
            continue
        out[-1] += line
        # the fragment just completed may itself continue a sentence the line before broke
        if len(out) >= 2 and len(out[-2]) > 20 and out[-2][-1] not in _TERMINAL:
            tail = out.pop()
            out[-1] += tail
    return out


def _drop_debris(lines: list[str]) -> tuple[list[str], list[str]]:
    kept: list[str] = []
    dropped: list[str] = []
    for i, line in enumerate(lines):
        if _TAIL_MARKER.match(line) and sum(len(x) for x in lines[i + 1 :]) < 3000:
            dropped.extend(lines[i:])
            break
        if _CHROME_LINE.match(line):
            dropped.append(line)
            continue
        for word, pattern in _DEBRIS_INLINE:
            if word in line:
                for match in pattern.finditer(line):
                    dropped.append(match.group(0))
                line = pattern.sub("", line)
        line = line.strip()
        if line:
            kept.append(line)
    return kept, dropped


def _split_variants(lines: list[str]) -> list[tuple[str | None, str | None, list[str]]]:
    """Split at "…范文（一）：" lines; the text before the first one is a shared preamble."""
    marks = [(i, m) for i, line in enumerate(lines) if (m := _VARIANT.match(line))]
    if not marks:
        return [(None, None, lines)]
    preamble_title = lines[0] if marks[0][0] > 0 else None
    parts = []
    for n, (i, match) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
        title = match.group("title").strip() or preamble_title
        label = re.sub(r"\s+", "", match.group("label"))
        parts.append((label, title, lines[i + 1 : end]))
    return parts


_ADDRESS = re.compile(r"^(同志们|各位|女士们|尊敬的|亲爱的|朋友们|回信)")
# "中国共产党全国代表会议各位代表同志们:": an address after the audience's name opens the speech
_ADDRESS_LATE = re.compile(r"^[^。！？，]{0,30}(?:同志们|各位代表|朋友们)[：:！!]$")
# the name of a speech's part above its first paragraph ("开幕词", "结论"): a heading, kept
_PART_NAME = re.compile(r"^(?:开幕词|闭幕词|结论|结束语|前言|引言|导言|序言)$")
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分"
    r"|[一二三四五六七八九十]{1,3}$"  # "一" alone on its line: the first part, no title's
    r"|[壹貳參肆伍陸柒捌玖拾贰叁陆]{1,2}\s*[、．.])"  # Taiwan's top parts: "肆、文化"
)
# "1.张三（副校长）" over the first of several reports: a numbered line, not a byline, when a
# line below goes on with the next number
_ARABIC_LABEL = re.compile(r"^(\d{1,2})[.．、](?![\d.．])\s*\S")


_RUN_IN_TITLE = re.compile(
    r"^(?P<title>在[^，。]{2,60}?上的(?:讲话|致辞|报告))\s*(?P<date>[（(][^）)]{6,20}[)）])?\s*"
    r"(?P<who>[\u4e00-\u9fff]{2,4})?(?=同志们|各位|女士们|尊敬的)"
)


def _split_run_in_title(body: list[str]) -> list[str]:
    """ "在…大会上的讲话（2020年11月24日）习近平同志们：…" on one line: the title to a line of its
    own, so that the header logic sees it."""
    if body and (match := _RUN_IN_TITLE.match(body[0])):
        head = [match.group("title")]
        if match.group("date"):
            head.append(match.group("date"))
        if match.group("who"):
            head.append(match.group("who"))
        return [*head, body[0][match.end() :], *body[1:]]
    return body


def _split_header(body: list[str]) -> tuple[list[str], list[str]]:
    """Leading title/date/speaker lines before the address ("同志们：") or first heading."""
    for i, line in enumerate(body[:10]):
        if (
            _ADDRESS.match(line)
            or _ADDRESS_LATE.match(line)
            or _HEADING_START.match(line)
            or _PART_NAME.match(re.sub(r"\s+", "", line))  # "引　　言" spaced out
            or _opens_numbered_list(line, body[i + 1 :])
            or (len(line) >= 8 and line.endswith("。"))  # a sentence: the speech has begun
            or len(line) > 60
        ):
            return body[:i], body[i:]
    return [], body


def _opens_numbered_list(line: str, below: list[str]) -> bool:
    match = _ARABIC_LABEL.match(line)
    if not match:
        return False
    following = f"{int(match.group(1)) + 1}"
    return any((m := _ARABIC_LABEL.match(x)) is not None and m.group(1) == following for x in below)
