"""What a speech says about itself: a title a user can cite, the date it was given, the speaker.

The title comes from the text, never from a file name or a news dateline: a title line, a
title run into the first paragraph ("新华社…电 X——在…上的讲话（2024年9月20日）习近平"), a
report's own words ("各位代表…我代表国务院…" → "2019年政府工作报告"), the occasion of its opening
sentence, and at worst its first words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._council import council_business, opens_on_turn
from ._occasion_dates import occasion_date
from .numerals import chinese_number, digit_string

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
# PDF layouts space out digits ("1 9 9 8 年3 月5 日"): a date is read with them joined
_SPACED_DIGITS = re.compile(r"(?<=\d)[ \u3000\u00a0](?=\d)")


def _digits_joined(text: str) -> str:
    return _SPACED_DIGITS.sub("", text.translate(_FULLWIDTH))


_DATE_ISO = re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?")
_DATE_CN = re.compile(
    r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
# "2019年3月5日在第十三届全国人民代表大会第二次会议上": the day the speech was given.
_DATE_GIVEN = re.compile(
    r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月"
    r"[一二三四五六七八九十]{1,3}日)(?:[和至、]\d{1,2}日)?[，,\s]*(?:上午|下午|晚上)?[，,\s]*在"
)
_PAGE_DATE = re.compile(
    r"[\s\u3000]*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?[\s\u3000\d:：时分]*"
)
_DATELINE = re.compile(r"^(?:新华社|中新社)?[^\s，。]{0,12}\d{1,2}月\d{1,2}日电")
_DATELINE_ANYWHERE = re.compile(r"(?:新华社|中新社)[^\s，。电]{1,16}电")

_SPEECH_KIND = (
    r"(?:书面讲话|主旨讲话|重要讲话|讲话|书面演讲|主旨演讲|演讲|演说|主旨发言|发言|致辞|祝酒辞|贺词|"
    r"工作报告|报告)"
)
# A title with its date in brackets: "X——在…上的讲话（2024年9月20日，北京）".
_TITLE_DATED = re.compile(
    r"(?P<title>[^。！？：\n（(]{4,120}?" + _SPEECH_KIND + r")\s*"
    r"[（(](?P<date>[^）)\n]{0,4}\d{4}\s*年[^）)\n]{2,30})[）)]"
)
_TITLE_AUTHOR = re.compile(r"^(?P<title>[^。！？：\n]{4,60}?)\s*※\s*(?=[\u4e00-\u9fff]{2})")
# a photo caption run into the title: "新华社记者 姚大伟 摄在全国政协…"
_CAPTION = re.compile(r"^.*?(?:记者|新华社发)[^。！？]{0,20}?摄[)）]?")
_TITLE_QUOTED = re.compile(r"发表题为《(?P<title>[^》]{2,60})》的")
# a news lead naming an address of a yearly kind: "发表了二〇二四年新年贺词"
_TITLE_ANNOUNCED = re.compile(
    r"发表了?(?P<year>\d{4}|[〇零○一二三四五六七八九]{4})年(?P<kind>新年贺词|新年献词|新春贺词)"
)
_ROLE_NAME = re.compile(
    r"[\s\u3000\u00a0]*(?:[^\s\u3000，。！？：]{0,24}?(?:主席|总书记|总理|书记|省长|市长|区长|县长|校长|局长|部长)"
    r"[\s\u3000\u00a0]*)?(?P<who>[\u4e00-\u9fff]{2,3})"
)
_NAME_STOP = "同尊各女大朋全当行总主先今在首"

_SPEAKER_TITLE = re.compile(
    r"^(?P<who>[\u4e00-\u9fff]{2,4})在(?P<occ>.{2,60}?)上的(?:讲话|致辞|报告|发言)$"
)
_OPENING = re.compile(
    r"(?:今天|这次|今年)[，,]?我们(?:在这里)?(?:隆重)?召开(?:一个|一次|这次)?(?P<occ>[^，。！；]{4,40}?)[，。！；]"
    r"|很高兴出席(?:今天的)?(?P<occ2>[^，。！；]{4,30}?)[，。！；]"
    r"|值此(?P<occ3>[^，。！；]{4,40}?)(?P<verb>开幕|召开|举行)之际"
    r"|隆重集会[，,]纪念(?P<occ4>[^，。！；]{4,40}?)[，。！；]"
)
_REPORTING = re.compile(r"我(?:现在)?代表(?P<body>国务院|[^，。、\s]{0,10}人民政府)")
_REPORT_ON = re.compile(
    r"作(?P<title>关于[^，。；]{2,40}?的报告)|(?:發表|发表|宣讀|宣读)(?P<named>施政報告|施政报告|財政預算案|财政预算案)"
)
_CONGRESS = re.compile(
    r"在(?P<region>[^，。\s第]{2,16}?(?:省|市|区|县|州|盟|旗))?第[一二三四五六七八九十]+届"
    r"(?:全国)?人民代表大会第[一二三四五六七八九十]+次会议上"
)
# "我代表中央委员会向第十次全国代表大会作报告", or a report opening "中国共产党第九次全国代表
# 大会，将是…" after "同志们！": the report to that congress
_PARTY_CONGRESS = re.compile(
    r"向(?:中国共产党|党的)?第([一二三四五六七八九十]{1,3})次全国代表大会作(?:政治)?报告"
    r"|^同志们[！!：:]\s*中国共产党第([一二三四五六七八九十]{1,3})次全国代表大会[，,]"
    # "我代表第十四届中央委员会向大会作报告": the outgoing committee's, to the next congress
    r"|我(?:现在)?(?:代表|受)第?([一二三四五六七八九十]{1,3})届中央委员会(?:委托)?[，,]?向大会作(?:政治)?报告"
)
# "第十三届全国人民代表大会第二次会议听取和审议了…所作的政府工作报告": that session's resolution
_RESOLUTION_ON = re.compile(
    r"^(?P<body>[^，。\n]{2,30}?(?:人民代表大会|代表大会|委员会)第[一二三四五六七八九十]{1,3}次"
    r"(?:全体)?会议)听取(?:和|并)?审议了[^。]{0,40}?(?:所作的)?(?P<report>[^，。、的]{2,20}?报告)"
)
# "我就《…的建议》起草的有关情况向全会作说明": an explanation of that document
_EXPLAINING = re.compile(
    r"我就(?P<doc>《[^》]{4,80}》)[^。]{0,20}?(?:向[^。]{1,10})?作(?:简要)?说明"
)
# "央视网消息（新闻联播）：" / "人民网消息：": a news page's lead, no part of the speech
_NEWS_LEAD = re.compile(r"^[^，。：:\s]{1,12}(?:网|台|社|报)消息(?:[（(][^）)]{0,12}[)）])?[：:]")
_CHAPTER = re.compile(r"^[壹貳參肆伍陸柒捌玖拾贰叁陆]{1,2}\s*[、．.]\s*\S.{0,20}$")
# a numbered heading is no opening sentence to name a speech by
_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,2}[、.．])"
)
# a Hong Kong address named by its kind alone: the year makes it citable
_KIND_ONLY = ("施政報告", "施政报告", "財政預算案", "财政预算案")
_LICENCE = re.compile(r"本作品|著作权|版权|公有领域|Public domain|许可")
_ADDRESS_LINE = re.compile(r"^[^。！？]{0,80}[：:！!]$")
_NAME_LINE = re.compile(
    r"^(?P<role>.{0,16}?(?:省长|市长|主席|总理|书记|部长|局长|区长|县长)[\s\u3000]*)?(?P<who>[\u4e00-\u9fff](?:[\s\u3000]?[\u4e00-\u9fff]){1,3})$"
)


@dataclass
class Metadata:
    title: str
    date: str | None = None
    speaker: str | None = None
    occasion: str | None = None


def find_date(text: str) -> str | None:
    """The first date written as 2016-12-20, 2016年12月20日, ２０１６年… or 二〇一六年十二月二十日."""
    text = _digits_joined(text)
    candidates = []
    for match in _DATE_ISO.finditer(text):
        year, month, day = (int(g) for g in match.groups())
        candidates.append((match.start(), year, month, day))
    for match in _DATE_CN.finditer(text):
        year = int(digit_string(match.group(1)))  # 二〇一六, with ○/O for the zero
        month, day = chinese_number(match.group(2)), chinese_number(match.group(3))
        candidates.append((match.start(), year, month, day))
    for _, year, month, day in sorted(candidates):
        if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def is_dateline(line: str) -> bool:
    return bool(_DATELINE.match(line.strip(" \u3000\u00a0").translate(_FULLWIDTH)))


def describe(
    header: list[str], body: list[str], hint: str | None, elsewhere: str, filename: str = ""
) -> Metadata:
    """Title, date, speaker and occasion of one speech.  ``header`` holds its leading title
    lines, ``body`` the rest; ``elsewhere`` is text around it (page chrome, the file's tail)
    whose dates are only a last resort.  A year in ``filename`` only completes a title that
    names a kind of address and nothing else ("施政報告" → "2017年施政報告")."""
    header_text = "\n".join(header)
    window = header_text + "\n" + "\n".join(body[:12])[:3000]
    dated = _TITLE_DATED.search(_without_datelines(window))
    date = (
        _given_date(window)
        or (find_date(dated.group("date")) if dated else None)
        or find_date(header_text)
        or _bracketed_date(body[:4])
        or find_date(_without_licence(elsewhere))
    )
    title, speaker = _title(header, hint, window, dated)
    speaker = speaker or _header_speaker(title, header) or _role_and_name(window[:400])
    occasion = _occasion(title, header_text, window)
    if title is None and _is_government_report(window):
        title = _report_title(window, date, None)
    if title is None and (said := _occasion_in_opening(body)):
        occasion = occasion or said
        title = f"在{said}上的讲话"
    if title is None and (congress := _PARTY_CONGRESS.search(window[:600].strip())):
        number = congress.group(1) or congress.group(2) or _next(congress.group(3))
        title = f"在中国共产党第{number}次全国代表大会上的报告"
    opening = window[:600].strip()
    if title is None and (resolution := _RESOLUTION_ON.search(opening)):
        title = f"{resolution.group('body')}关于{resolution.group('report')}的决议"
    if title is None and (explained := _EXPLAINING.search(opening)):
        title = f"关于{explained.group('doc')}的说明"
    if title is None and (report := _REPORT_ON.search(window)):
        title = report.group("title") or report.group("named")
    if (title is None or opens_on_turn(title)) and (business := council_business(body)):
        title = business
    year = date[:4] if date else _year_in(filename)
    if title in _KIND_ONLY and year:
        title = f"{year}年{title}"
    if title and re.sub(r"\s+", "", title) == "政府工作报告" and _is_government_report(window):
        title = _report_title(window, date, title)
    date = date or occasion_date(title or "", window[:600])
    return Metadata(_unspaced(title or _first_words(body)), date, speaker, occasion)


def _next(numeral: str) -> str:
    """ "十四" → "十五", "十九" → "二十": the congress after the committee's."""
    tens, ones = divmod(chinese_number(numeral) + 1, 10)
    digits = "零一二三四五六七八九"
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + digits[ones].strip("零")


def _year_in(filename: str) -> str | None:
    match = re.search(r"(?<!\d)(19[4-9]\d|20\d\d)(?!\d)", filename)
    return match.group(1) if match else None


def _without_licence(text: str) -> str:
    """Page furniture without its licence notes: "本作品来自1949年10月1日之后的…文件" dates
    the licence, not the speech."""
    return "\n".join(line for line in text.split("\n") if not _LICENCE.search(line))


def _bracketed_date(lines: list[str]) -> str | None:
    """A date on a line of its own in brackets under a part's name ("开幕词" / "（一九五五年
    三月二十一日）"): the day that part was given."""
    for line in lines:
        if re.fullmatch(r"[（(][^()（）]{6,20}[)）]", line.strip()):
            return find_date(line)
    return None


def _without_datelines(text: str) -> str:
    return _DATELINE_ANYWHERE.sub("\n", text)


def _given_date(window: str) -> str | None:
    match = _DATE_GIVEN.search(_digits_joined(window))
    return find_date(match.group(1)) if match else None


def _title(
    header: list[str], hint: str | None, window: str, dated: re.Match | None
) -> tuple[str | None, str | None]:
    if hint and not is_dateline(hint):
        return _without_site_name(hint.strip()), None
    lines = []
    for line in header:
        if is_dateline(line) or (not lines and _PAGE_DATE.fullmatch(line)):
            if lines:
                break
            continue  # a page's own date or dateline above the title
        if (
            not _looks_like_title(line)
            or line.startswith(("——", "—", "――", "（", "("))
            or find_date(line)
        ):
            break
        if any(_same_title(earlier, line) for earlier in lines):
            # a page title repeated by its heading ("1983年国务院政府工作报告" / "1983年政府工作报告")
            earlier = next(x for x in lines if _same_title(x, line))
            if line.startswith(earlier):
                lines[lines.index(earlier)] = line
            continue
        lines.append(_unspaced(line))
    if lines:
        authored = _TITLE_AUTHOR.match(lines[0])
        if authored:
            return authored.group("title").strip(), _name(lines[0], authored.end())
        return " ".join(lines[:3]), None
    if dated:
        title = _CAPTION.sub("", dated.group("title")).strip(" \u3000\u00a0")
        return title, _speaker_after(window, dated)
    authored = _TITLE_AUTHOR.match(window.lstrip())
    if authored:
        return authored.group("title").strip(), _name(window.lstrip(), authored.end())
    quoted = _TITLE_QUOTED.search(window[:600])
    if quoted:
        return quoted.group("title"), None
    announced = _TITLE_ANNOUNCED.search(window[:600])
    if announced:
        year = announced.group("year")
        year = year if year.isascii() else digit_string(year)
        return f"{year}年{announced.group('kind')}", None
    return None, None


def _unspaced(line: str) -> str:
    """ "市 長 施 政 報 告" → "市長施政報告": a layout's letter-spaced title, as it is cited."""
    if re.fullmatch(r"(?:[\u3400-\u9fff] ){2,}[\u3400-\u9fff]", line):
        return line.replace(" ", "")
    return line


def _same_title(one: str, other: str) -> bool:
    """One title line repeats the other, perhaps in fewer words: its characters in order."""
    short, long = sorted((one.replace(" ", ""), other.replace(" ", "")), key=len)
    rest = iter(long)
    return long.startswith(short) or (
        len(short) >= 0.6 * len(long) and all(c in rest for c in short)
    )


def _without_site_name(title: str) -> str:
    """ "X--校长专栏-绍兴市第一中学" → "X": a web page's title carries its site's name."""
    return re.sub(r"--[^-]{1,16}-[^-]{1,24}$", "", title).strip() or title


def _speaker_after(window: str, dated: re.Match) -> str | None:
    """The name after a dated title: "（2024年9月20日）习近平", "…主席　习近平"."""
    text = _without_datelines(window)
    match = _ROLE_NAME.match(text, dated.end())
    return _name(text, match.start("who")) if match else None


def _name(text: str, start: int) -> str | None:
    """A personal name of two or three characters at ``start``, run into what follows
    ("习近平同志们：", "李强　各位代表")."""
    who = text[start : start + 3]
    if len(who) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", who[:2]):
        return None
    if len(who) == 3 and who[2] in _NAME_STOP or not re.match(r"[\u4e00-\u9fff]", who[2:]):
        return who[:2]
    return who


def _looks_like_title(line: str) -> bool:
    return (
        4 <= len(line) <= 60
        and not re.search(r"[。，；！？：:]$|记者.{0,12}摄", line)
        and not re.match(r"^(同志们|各位|[一二三四五六七八九十]+、|[（(])", line)
    )


def _header_speaker(title: str | None, header: list[str]) -> str | None:
    if title and (match := _SPEAKER_TITLE.match(title)):
        return match.group("who")
    # "省长　王予波" before a bare short line: a page's "首页" above the title is no name
    named = [m for i, line in enumerate(header) if i > 0 and (m := _NAME_LINE.match(line))]
    for match in sorted(named, key=lambda m: m.group("role") is None):
        return re.sub(r"[\s\u3000]", "", match.group("who"))
    # "国务院总理" on one line, "李　强" on the next
    for prev, line in zip(header, header[1:], strict=False):
        if re.search(r"(总理|省长|市长|主席|书记)[\s\u3000]*$", prev) and re.fullmatch(
            r"[\u4e00-\u9fff][\s\u3000]?[\u4e00-\u9fff]{1,3}", re.sub(r"[\s\u3000]+$", "", line)
        ):
            return re.sub(r"[\s\u3000]", "", line)
    # "…会议上国务院总理 李克强" at the end of a title line
    for line in header:
        if match := re.search(
            r"(?:总理|省长|市长|主席|书记)[\s\u3000\u00a0]*([\u4e00-\u9fff]{2,3})$", line
        ):
            return match.group(1)
    return None


def _role_and_name(text: str) -> str | None:
    """ "…会议上 陕西省省长 赵刚": a title of office, a space, a name."""
    match = re.search(
        r"(?:总理|省长|市长|区长|县长|主席)[\s\u3000\u00a0]+([\u4e00-\u9fff]{2,3})(?=[\s\u3000\u00a0]|$)",
        text,
    )
    return match.group(1) if match else None


def _occasion(title: str | None, header_text: str, window: str) -> str | None:
    if title and (match := _SPEAKER_TITLE.match(title)):
        return match.group("occ")
    for text in (header_text, title or "", window[:400]):
        if match := re.search(r"在(?P<occ>[^，。\n]{2,60}?)上(?:的(?:讲话|报告|致辞))?", text):
            return match.group("occ")
    return None


def _occasion_in_opening(body: list[str]) -> str | None:
    opening = "".join(body[:3])[:300]
    match = _OPENING.search(opening)
    if not match:
        return None
    if match.group("occ3"):  # "值此…年会开幕之际": its opening
        return match.group("occ3") + ("开幕式" if match.group("verb") == "开幕" else "")
    if match.group("occ4"):  # "今天，我们在这里隆重集会，纪念…"
        return f"纪念{match.group('occ4')}大会"
    return match.group("occ") or match.group("occ2")


def _is_government_report(window: str) -> bool:
    return "各位代表" in window and bool(_REPORTING.search(window))


def _report_title(window: str, date: str | None, fallback: str | None) -> str | None:
    """ "各位代表：现在，我代表国务院，向大会报告政府工作" → "2019年政府工作报告"; a province's report
    names its congress ("在广东省第十四届人民代表大会…") → "广东省2026年政府工作报告"."""
    year = int(date[:4]) if date else _year_reviewed(window)
    if year is None:
        return fallback
    congress = _CONGRESS.search(re.sub(r"\s+", "", window))
    region = congress.group("region") if congress and congress.group("region") else ""
    return f"{region}{year}年政府工作报告"


def _year_reviewed(window: str) -> int | None:
    """ "一、2018年工作回顾": a report reviews the year before the one it is given in."""
    window = window.translate(_FULLWIDTH)
    match = re.search(r"(?m)^一、(\d{4})年.{0,12}工作回顾", window) or re.search(
        r"(?:刚刚过去的|过去的一年是|回顾)(\d{4})年", window
    )
    return int(match.group(1)) + 1 if match else None


def _first_words(body: list[str]) -> str:
    """The opening words of the first sentence that is not a form of address or a greeting."""
    if body and (letter := re.match(r"^(?:回信|复信)(?P<to>[^：:]{2,30})[：:]$", body[0])):
        return f"给{letter.group('to')}的回信"
    if body and _CHAPTER.match(body[0]):
        return body[0]  # "肆、文化": an excerpt named by the chapter it opens with
    for line in body:
        if not line.strip() or _ADDRESS_LINE.match(line) or _NUMBERED.match(line):
            continue
        line = _NEWS_LEAD.sub("", _without_datelines(line).strip()).strip()
        address = re.match(r"^[^。！？：:]{0,80}(?:先生|女士|同事|朋友|同志|代表)们?[：:]", line)
        for words in re.split(r"[。！？；]", line[address.end() if address else 0 :]):
            words = words.strip()
            if len(words) >= 8:
                return words[:24] + ("…" if len(words) > 24 else "")
    return "未命名"
