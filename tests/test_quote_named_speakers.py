"""A speech named by who gave it, where the speech records no speaker (a collection's page:
the name is not written in it, though other speeches' openings write it); the party's name
before its conference however it is said; the month it was given, a year by its last two
figures, a year of a congress's undated report; the list's words after the point; a part
titled alone after the speech's name ("…上的开幕词"); points
counted below parts headed by titles alone or below a lone part."""

from __future__ import annotations

import pytest
from conftest import filler_speeches, library_fixture

BODY = "要坚持实事求是，一切从实际出发，把各项工作做细做实。"


def parts(numbers: str, titles: tuple[str, ...]) -> str:
    return "".join(f"{n}、{t}\n{BODY}\n" for n, t in zip(numbers, titles, strict=True))


SPEECHES = {
    **filler_speeches(),
    # no speaker recorded: its title and date only
    "conference.txt": "在中国共产党全国代表会议上的讲话\n（2031年3月21日）\n同志们：\n"
    + parts("一二三", ("关于会议的评价", "关于五年计划", "关于目前形势")),
    # its opening names the speaker and the conference
    "review.txt": "在云海宣传工作会议上的讲话\n（2031年6月2日）\n同志们：王大明同志在全国代表会议"
    "上的讲话，我们要认真学习。\n" + parts("一二三", ("学习讲话", "统一思想", "狠抓落实")),
    # two speeches at one forum, one recording who gave it
    "forum-li.txt": "李明：在云海青年论坛上的讲话\n（2031年9月1日）\n同志们：\n"
    + parts("一二", ("青年成长", "青年创业")),
    "forum-page.txt": "在云海青年论坛上的讲话\n（2031年9月1日）\n同志们：\n"
    + parts("一二", ("立德树人", "服务社会")),
    # two parts headed by titles alone, numbered 一、二、 beneath them
    "report-2033.txt": "2033年云海省政府工作报告\n各位代表：\n关于省内建设\n"
    + parts("一二三四五", ("改革流通体制", "发展农业", "办好特区", "稳定就业", "重视人才"))
    + "关于对外交往\n"
    + parts("一二", ("坚持开放", "扩大交流")),
    # the year before, its parts numbered plainly
    "report-2032.txt": "2032年云海省政府工作报告\n各位代表：\n"
    + parts("一二三四五", ("稳定增长", "深化改革", "扩大开放", "改善民生", "建设政府")),
    # a congress's report with no date: its year is not known
    "congress-12.txt": "在云海人民党第十二次全国代表大会上的报告\n同志们：\n"
    + parts("一", ("形势",))
    + "二、任务\n今后要完成三项任务。\n"
    + "".join(
        f"第{n}，{t}。{BODY}\n"
        for n, t in zip("一二三", ("发展经济", "改善民生", "扩大开放"), strict=True)
    ),
    # a keynote address and a keynote talk at one forum
    "keynote.txt": "在云海经济论坛上的主旨演讲\n（2036年5月1日）\n女士们，先生们：\n"
    + parts("一二", ("把握机遇", "共促发展")),
    "keynote-talk.txt": "在云海经济论坛上的主旨讲话\n（2036年5月1日）\n女士们，先生们：\n"
    + parts("一二", ("深化合作", "开放包容")),
    # an opening address and conclusions, each under its own title line
    "union.md": "# 在云海工会代表大会上的讲话\n\n　　开幕词\n\n（2037年2月1日）\n\n"
    + f"　　同志们：大会今天开幕。\n\n　　第一，审议报告。{BODY}\n\n　　第二，选举委员。{BODY}\n\n"
    + "　　结论\n\n（2037年2月3日）\n\n"
    + f"　　一 关于大会的评价\n\n　　{BODY}\n\n　　二 关于今后的工作\n\n　　{BODY}\n",
    # a lone part holding seven points
    "plenum.txt": "在云海人民党第九届中央委员会第三次全体会议上的讲话\n（2034年11月15日）\n"
    "一、几点意见\n现在，我讲几点意见。\n"
    + "".join(
        f"第{n}点，{t}问题。{BODY}\n"
        for n, t in zip(
            "一二三四五六七", ("成绩", "统筹", "国际", "文化", "闹事", "法制", "农业"), strict=True
        )
    ),
}


library = library_fixture(SPEECHES)


@pytest.mark.parametrize(
    ("point", "source", "start"),
    [
        # the speaker is not recorded; another speech's opening writes the name
        ("王大明在党的全国代表会议上的讲话第二部分", "conference.txt", "二、关于五年计划"),
        ("2031年党的全国代表会议上王大明讲话的第三部分", "conference.txt", "三、关于目前形势"),
        ("王主席2031年在中共全国代表会议上讲话第一部分", "conference.txt", "一、关于会议的评价"),
        # the month it was given
        ("2031年3月王大明在全国代表会议上的讲话第二部分", "conference.txt", "二、关于五年计划"),
        # a name before 在 and a plenum: the speech of that plenum
        ("王大明在九届三中全会上的讲话第五点", "plenum.txt", "第五点，闹事问题"),
        # the speaker recorded goes before a speech that records none
        ("李明在云海青年论坛上的讲话第二部分", "forum-li.txt", "二、青年创业"),
        # no top part is the fifth: the fifth part numbered below them
        ("2033年云海省政府工作报告的第五部分", "report-2033.txt", "五、重视人才"),
        # a year said by its last two figures
        ("三三年云海省政府工作报告的第五部分", "report-2033.txt", "五、重视人才"),
        # a year and a congress, of a report whose year is not known
        ("2035年十二大报告第二部分", "congress-12.txt", "二、任务"),
        # 演讲的 is no joiner (讲的: "what it says")
        ("在云海经济论坛上的主旨演讲的第二部分", "keynote.txt", "二、共促发展"),
        # the list's words after the point, after the speech's name
        ("王大明在十二大上的政治报告中第三项任务", "congress-12.txt", "第三，扩大开放"),
    ],
)
def test_the_speech_so_named_is_quoted(library, point, source, start):
    result = library.quote(point)
    assert result.quote is not None, (point, result.candidates)
    assert library.speech(result.quote.speech_id).source == source
    assert result.quote.text.startswith(start), result.quote.text[:40]


def test_a_month_not_its_own_names_no_speech(library):
    result = library.quote("2031年5月在中国共产党全国代表会议上的讲话第二部分")
    assert result.quote is None and result.candidates == ()


def test_a_part_titled_alone_after_the_speech_name(library):
    result = library.quote("王大明在云海工会代表大会上的开幕词")
    assert result.quote is not None, result.candidates
    assert library.speech(result.quote.speech_id).source == "union.md"
    assert result.quote.path == ("开幕词",)
    assert "第二，选举委员" in result.quote.text


def test_a_point_numbered_past_ninety_nine_after_stray_words_is_no_error(library):
    result = library.quote("\x1b100")
    assert result.quote is None and result.candidates == ()
