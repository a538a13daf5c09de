"""Lists named with their count, on reports written for these tests: a list run into its
paragraph ("采取以下措施：（一）…（二）…"), a count the text writes in figures ("以下4个元素")
or after the list ("这三条工作标准"), "三大原则" (a count, not a congress), "今年" for the
report's year, a point the speech names itself ("要承担的第三件事情"), and a speech named by
the day it was given."""

from __future__ import annotations

import pytest
from conftest import filler_speeches, library_fixture, quoted

BODY = "要坚持稳中求进工作总基调，推动高质量发展，把各项工作做细做实。"

REPORT = f"""2031年云海省政府工作报告
各位代表：
一、过去一年的工作
{BODY}
要把农业搞上去，省政府在发展山区农业方面，采取以下措施：（一）建设高标准农田，提高粮食单产。（二）发展林下经济，增加农民收入。（三）加强农技推广，培训新型农民。为了保证以上措施的落实，省财政适当增加投入。
衡量各项工作，根据全省人民的意志，标准可以大致规定如下：（一）有利于发展生产；（二）有利于改善民生；（三）有利于保护生态。这三条工作标准中，最重要的是改善民生。
二、民生工作
{BODY}
云海津贴将建基于以下三大原则：
(1) 以家庭为单位，与就业挂钩；
(2) 设有入息审查，水平较为宽松；及
(3) 计划简单易明。
三、住房工作
{BODY}
住房方面，我的住房政策有以下4个元素：
(1) 住房不是简单的商品；
(2) 以置业为主导；
(3) 聚焦供应，加快建设；
(4) 善用现有房屋。
四、2031年重点工作
{BODY}
围绕以上目标，重点抓好三个方面工作。
（一）稳住经济增长
{BODY}
（二）扩大对外开放
{BODY}
（三）增进民生福祉
{BODY}
"""

ADDRESS = f"""就职演说
各位来宾：
今天，我们要为云海打造更好的未来。未来，新政府要做到以下几件事情。
第一、产业的转型
新政府要承担的第一件事情，是产业的转型。{BODY}
第二、社会安全网
新政府要承担的第二件事情，是强化社会安全网。{BODY}
第三、公平与正义
新政府要承担的第三件事情，就是社会的公平与正义。{BODY}
结语
{BODY}
"""


def symposium(day: str, subject: str, points: tuple[str, ...]) -> str:
    lines = [f"{subject}", f"（{day}）", f"同志们：今天我们来谈{subject}。"]
    lines += [f"第{n}，{p}。{BODY}" for n, p in zip("一二三四", points, strict=False)]
    return "\n".join(lines) + "\n"


SPEECHES = {
    **filler_speeches(),
    "report.txt": REPORT,
    "address.txt": ADDRESS,
    # two speeches of one year on near subjects; neither says at what meeting it was given
    "health-0602.txt": symposium(
        "2031年6月2日", "构建强大的公共卫生体系", ("健全机制", "改革体制")
    ),
    "health-0923.txt": symposium(
        "2031年9月23日", "办好人民满意的卫生事业", ("守住底线", "深化改革")
    ),
}


library = library_fixture(SPEECHES)


@pytest.mark.parametrize(
    ("point", "opening"),
    [
        # a count in figures in the text, in words in the request (Traditional too)
        ("住房政策四个元素的第三个", "(3) 聚焦供应"),
        ("住房政策四個元素的第二個", "(2) 以置业为主导"),
        # 三大 counts the principles: no third congress
        ("云海津贴三大原则的第二项", "(2) 设有入息审查"),
        # "今年" is the report's year; the count stands in the paragraph leading in
        ("今年三个方面重点工作的第二个", "（二）扩大对外开放"),
    ],
)
def test_a_list_named_with_its_count(library, point, opening):
    quote = quoted(library, point, "report.txt")
    assert quote.text.startswith(opening), quote.text[:40]


@pytest.mark.parametrize(
    ("point", "opening"),
    [
        # its point alone, not the paragraph
        ("发展山区农业那几项措施里的第二项", "（二）发展林下经济，增加农民收入。"),
        # the count after the list, not before it
        ("三条工作标准的第三条", "（三）有利于保护生态"),
    ],
)
def test_a_list_run_into_its_paragraph(library, point, opening):
    quote = quoted(library, point, "report.txt")
    assert quote.text.startswith(opening), quote.text[:40]


def test_a_run_in_list_point_stops_at_the_next(library):
    quote = quoted(library, "发展山区农业那几项措施里的第一项", "report.txt")
    assert quote.text == "（一）建设高标准农田，提高粮食单产。"
    assert quote.path[-2:] == ("一、过去一年的工作", "（一）建设高标准农田")


@pytest.mark.parametrize(
    ("point", "heading"),
    [
        ("新政府要承担的第三件事", "第三、公平与正义"),
        ("新政府要承擔的第二件事", "第二、社会安全网"),
    ],
)
def test_a_point_the_speech_names_itself(library, point, heading):
    quote = quoted(library, point, "address.txt")
    assert quote.path[-1] == heading


def test_a_speech_named_by_its_day(library):
    # the meeting is named in the request only: the day tells the speech
    result = library.quote("2031年6月2日专家座谈会上讲公共卫生体系的讲话，第二点")
    assert result.quote is not None, result.candidates
    assert library.speech(result.quote.speech_id).source == "health-0602.txt"
    assert result.quote.text.startswith("第二，改革体制")


def test_a_day_no_speech_was_given_names_none(library):
    result = library.quote("2031年7月1日专家座谈会上讲公共卫生体系的讲话，第二点")
    assert result.quote is None and result.candidates == ()
