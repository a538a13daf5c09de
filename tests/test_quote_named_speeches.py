"""A speech named inside a request and asked of the whole library: the speech whose own name
(title, occasion, speaker) fits the words best, not one whose opening mentions the same
meeting; a speaker the speech does not write; a short title read whole ("论十大关系"); a copy
held under a poorer title; two speeches named equally offered both; a list under a title line
of its own ("结论的第二部分")."""

from __future__ import annotations

import pytest
from conftest import filler_speeches, library_fixture

BODY = "要坚持实事求是，一切从实际出发，把各项工作做细做实。"


def symposium(meeting: str, parts: tuple[str, ...], opening: str = "") -> str:
    lines = [f"在{meeting}上的讲话", "（2031年5月4日）", f"同志们：{opening}今天召开{meeting}。"]
    for number, title in zip("一二三四", parts, strict=False):
        lines += [
            f"{number}、{title}",
            BODY,
            f"第一，{title}要抓早。{BODY}",
            f"第二，{title}要抓实。{BODY}",
        ]
    return "\n".join(lines) + "\n"


SPEECHES = {
    **filler_speeches(),
    # its title does not say who gave it; another speech's title does
    "scientists.txt": symposium("云海科学家座谈会", ("认清形势", "破解难题", "弘扬精神")),
    "li-ming.txt": "李明：" + symposium("云海科技工作者座谈会", ("立德树人", "办好学校")),
    # its opening names the scientists' symposium too
    "experts.txt": symposium(
        "云海青年专家座谈会", ("稳住增长", "扩大开放", "改善民生"), "前不久召开了云海科学家座谈会。"
    ),
    # a short title that holds a numeral and 大 ("十大"), beside a tenth congress's report
    "ten.txt": "论十大关系\n（二〇三一年四月二十五日）\n下面我讲两个问题。\n"
    + "".join(f"{n} {t}的关系\n{BODY}\n" for n, t in (("一", "工业和农业"), ("二", "沿海和内地"))),
    "congress-10.txt": "在第十次全国代表大会上的报告\n一、形势\n"
    + BODY
    + "\n二、任务\n"
    + BODY
    + "\n",
    # the same speech from a page whose first line is its text: no title was found
    "scientists-page.txt": "同志们："
    + symposium("云海科学家座谈会", ("认清形势", "破解难题", "弘扬精神")).split("同志们：", 1)[1],
    # a report, and the same report from a page whose title says more
    **{
        name: f"{title}\n各位代表：\n一、过去一年的工作\n{BODY * 3}\n二、今年的任务\n{BODY * 3}\n"
        for name, title in (
            ("report-2039.txt", "2039年云海省政府工作报告"),
            ("report-2039-page.txt", "2039年云海省政府工作报告（全文）"),
        )
    },
    # plenary sessions, named in full in their titles
    **{
        f"plenum-{n}.txt": f"在云海人民党第{n}届中央委员会第二次全体会议上的报告\n"
        + "".join(f"{c}、{t}\n{BODY}\n" for c, t in zip("一二", topics, strict=True))
        for n, topics in (("七", ("形势", "任务")), ("八", ("成绩", "部署")))
    },
    # anniversaries, in digits and in words
    "sez-40th.txt": symposium("庆祝云海特区建立40周年大会", ("回顾历程", "总结经验", "展望未来")),
    "university-100th.txt": symposium("庆祝云海大学建校一百周年大会", ("百年辉煌", "立德树人")),
    # a page with no title: its first words stand for one, cut
    "bay-page.txt": "女士们，先生们，同志们：今天，我们在这里隆重集会，庆祝海湾等经济特区建立40周年，"
    "总结经济特区建设经验，在更高起点上推进改革开放。\n"
    + "".join(f"{c}、{t}\n{BODY}\n" for c, t in zip("一二", ("伟大奇迹", "宝贵经验"), strict=True)),
    # a council's record of a year no report is held for: 政府, 工作 and 报告 in its opening
    "council-2041.txt": "会议过程正式纪录\n2041年1月16日\n主席：本会现在开会。政府当局今天提交"
    "施政报告，议员将就政府的工作提出质询。\n一、施政报告\n" + BODY + "\n二、质询\n" + BODY + "\n",
    # the report given in 2050, its title short of 报告, and one of 2051 whose title says 2050
    "report-2050.txt": "2050年云海省政府工作\n（2050年1月20日）\n各位代表：\n现在，我代表省人民政府，"
    f"向大会报告工作。\n一、过去一年的工作\n{BODY}\n二、今年的任务\n{BODY}\n",
    "report-2051.txt": "2051年云海省政府工作报告关于2050年预算执行情况的报告\n（2051年1月20日）\n"
    f"各位代表：\n一、2050年预算执行情况\n{BODY}\n二、2051年预算草案\n{BODY}\n",
    # a report whose opening names a later plenum
    "work-report.txt": "在云海工作会议上的报告\n同志们：\n党的十九届二中全会以来，我们做了大量工作。\n"
    f"一、工作回顾\n{BODY}\n二、工作部署\n{BODY}\n",
    # two speeches at the same meeting, in two years
    "forum-2030.txt": symposium("云海发展论坛", ("回顾", "展望")).replace("2031年", "2030年"),
    "forum-2032.txt": symposium("云海发展论坛", ("成绩", "任务")).replace("2031年", "2032年"),
    # a speech whose conclusions are a title line over numbered parts
    "conclusions.txt": "在云海文艺座谈会上的讲话\n引言\n"
    + BODY
    + "\n结　　论\n"
    + "".join(
        f"{n}\n{t}的问题。{BODY}\n" for n, t in zip("一二三", ("立场", "态度", "对象"), strict=True)
    )
    + "注　释\n〔1〕见本书第一卷。\n",
}


library = library_fixture(SPEECHES)


@pytest.mark.parametrize(
    ("point", "source", "path"),
    [
        # the speaker is not in the speech; 科学家 tells it from the other 座谈会 speeches
        (
            "李明在云海科学家座谈会上的讲话第二部分第一点",
            "scientists.txt",
            ("二、破解难题", "第一，破解难题要抓早"),
        ),
        # its opening names the scientists' symposium; its own title does not
        ("云海科学家座谈会讲话第三部分", "scientists.txt", ("三、弘扬精神",)),
        ("青年专家座谈会讲话的第二部分", "experts.txt", ("二、扩大开放",)),
        ("论十大关系的第二部分", "ten.txt", ("二 沿海和内地的关系",)),
        ("七届二中全会报告第二部分", "plenum-七.txt", ("二、任务",)),
        ("云海特区建立四十周年庆祝大会讲话第三部分", "sez-40th.txt", ("三、展望未来",)),
        ("云海大学建校100周年讲话的第二部分", "university-100th.txt", ("二、立德树人",)),
        ("海湾经济特区建立40周年庆祝大会讲话第二部分", "bay-page.txt", ("二、宝贵经验",)),
        ("2050年云海省政府工作报告第二部分", "report-2050.txt", ("二、今年的任务",)),
        ("党的八届二中全会报告第一部分", "plenum-八.txt", ("一、成绩",)),
        ("十大报告第二部分", "congress-10.txt", ("二、任务",)),
        ("2032年云海发展论坛讲话第二部分", "forum-2032.txt", ("二、任务",)),
        ("云海文艺座谈会讲话结论的第二部分", "conclusions.txt", ("二",)),
    ],
)
def test_the_speech_named_best_is_quoted(library, point, source, path):
    result = library.quote(point)
    assert result.quote is not None, (point, result.candidates)
    assert library.speech(result.quote.speech_id).source == source
    shown = result.quote.path[-len(path) :]  # the quoted heading and those above it
    assert len(shown) == len(path) and all(map(str.startswith, shown, path)), shown


def test_a_copy_under_a_poorer_title_is_named_beside_the_quote(library):
    result = library.quote("云海科学家座谈会讲话第三部分")
    assert result.quote is not None
    copies = {library.speech(ref.speech_id).source for ref in result.quote.copies}
    assert copies == {"scientists-page.txt"}


def test_the_speech_titled_as_named_is_quoted_with_its_copy_beside(library):
    result = library.quote("2039年云海省政府工作报告第二部分")
    assert result.quote is not None
    assert library.speech(result.quote.speech_id).source == "report-2039.txt"
    assert result.quote.path == ("二、今年的任务",)
    copies = {library.speech(ref.speech_id).source for ref in result.quote.copies}
    assert copies == {"report-2039-page.txt"}


def test_a_speech_not_held_is_not_found_in_another(library):
    # "better nothing than another speech": the record holds the words, not the name
    result = library.quote("2041年政府工作报告第一部分")
    assert result.quote is None and result.candidates == ()


def test_a_plenum_is_not_the_tail_of_another(library):
    # the work report's opening names the 十九届二中全会, no report to the 九届二中全会
    result = library.quote("九届二中全会报告第一部分")
    assert result.quote is None and result.candidates == ()


def test_two_speeches_named_equally_are_both_offered(library):
    result = library.quote("云海发展论坛讲话第二部分")
    assert result.quote is None
    offered = {library.speech(c.speech_id).source: c.path for c in result.candidates}
    assert offered == {"forum-2030.txt": ("二、展望",), "forum-2032.txt": ("二、任务",)}


def test_a_list_under_a_title_line_is_counted_after_it(library):
    speech_id = next(s.id for s in library.list() if s.source == "conclusions.txt")
    result = library.quote("结论的第三部分", speech_id=speech_id)
    assert result.quote is not None
    assert result.quote.path == ("三",)
    assert "对象的问题" in result.quote.text
