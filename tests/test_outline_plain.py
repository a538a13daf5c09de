"""Headings printed without numbering, on documents written for these tests: a short line of
its own between a finished sentence and running text is a heading; the short lines a layout
leaves behind (a quotation's piece, a book title, a note in brackets, page links) are not."""

from __future__ import annotations

from speechbot.index.clean import clean
from speechbot.index.outline import parse_outline

BODY = (
    "我们要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，推动高质量发展。"
)


def outline(text: str, plain_headings: bool = True) -> list[tuple[int, str]]:
    root = parse_outline(text, plain_headings=plain_headings)
    return [(len(s.path), s.heading) for s in root.walk() if s.path]


PLAIN_PARTS = f"""各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员提出意见。{BODY}
过去一年工作回顾
{BODY}
——这是稳中有进的一年。{BODY}
——这是开拓创新的一年。{BODY}
今年重点工作
{BODY}
（一）扩大有效需求
{BODY}
（二）建设现代化产业体系
{BODY}
"""


def test_short_lines_between_paragraphs_are_the_top_parts():
    got = outline(PLAIN_PARTS)
    assert (1, "过去一年工作回顾") in got and (1, "今年重点工作") in got
    # the numbered points sit inside the plain part they follow
    assert (2, "（一）扩大有效需求") in got and (2, "（二）建设现代化产业体系") in got
    assert got[0] == (1, "过去一年工作回顾")  # the address above the body is no heading


BROKEN = f"""同志们！
{BODY}
关于路线问题
{BODY}列宁在
一九二〇年的声明
中说过，要团结大多数。{BODY}
我们要学习
共产党宣言
》中的道理。{BODY}
（指某某）
{BODY}
上一页 1 2 3 下一页
形势和任务
同志们！
{BODY}
"""


def test_by_default_title_lines_are_parts_before_any_heading_and_among_their_own():
    got = outline(PLAIN_PARTS, plain_headings=False)
    assert (1, "过去一年工作回顾") in got and (1, "今年重点工作") in got
    assert (2, "（一）扩大有效需求") in got and (2, "（二）建设现代化产业体系") in got


# the 1984 report's layout: each part's title line, then long numbered headings
RESTARTING_PARTS = f"""各位代表：
{BODY}
关于国内建设
一、推进经济体制改革，改变企业吃国家“大锅饭”、职工吃企业“大锅饭”的状况，调动各方面积极性
{BODY}
二、提高投资效益
{BODY}
各位代表！{BODY}
关于外交工作
一、维护世界和平是我国对外政策的主要目标，我们要为缓和国际紧张局势作出不懈的努力
{BODY}
二、发展同各国的关系
{BODY}
"""


def test_by_default_a_title_line_before_the_top_list_restarts_is_a_part():
    got = outline(RESTARTING_PARTS, plain_headings=False)
    assert [(depth, h[:6]) for depth, h in got] == [
        (1, "关于国内建设"),
        (2, "一、推进经济"),
        (2, "二、提高投资"),
        (1, "关于外交工作"),
        (2, "一、维护世界"),
        (2, "二、发展同各"),
    ]


def test_by_default_a_title_line_inside_a_numbered_outline_stays_a_paragraph():
    numbered = f"一、过去一年工作回顾\n{BODY}\n稳住外贸基本盘\n{BODY}\n二、今年重点工作\n{BODY}\n"
    assert [h for _, h in outline(numbered, plain_headings=False)] == [
        "一、过去一年工作回顾",
        "二、今年重点工作",
    ]
    # among plain parts, a line that a list goes on past (（一）… then （二）) is no part
    parts = (
        f"过去一年工作回顾\n{BODY}\n（一）稳定增长\n{BODY}\n稳住外贸基本盘\n{BODY}\n"
        f"（二）深化改革\n{BODY}\n"
    )
    got = outline(f"各位代表：\n{BODY}\n{parts}", plain_headings=False)
    assert got == [(1, "过去一年工作回顾"), (2, "（一）稳定增长"), (2, "（二）深化改革")]


def test_pieces_of_a_broken_layout_are_no_headings():
    got = [heading for _, heading in outline(BROKEN)]
    assert got == ["关于路线问题", "形势和任务"]  # the address between does not hide the last


def test_page_links_are_dropped_by_cleaning():
    (speech,) = clean(BROKEN)
    assert "下一页" not in speech.text


def test_a_lone_first_point_opens_no_list_but_a_second_one_does():
    lone = f"{BODY}\n首先，我提议：\n{BODY}\n{BODY}\n"
    assert outline(lone) == []
    listed = f"{BODY}\n首先，要加强学习。{BODY}\n{BODY}\n第二，要改进作风。{BODY}\n第三，要狠抓落实。{BODY}\n"
    got = outline(listed)
    # 首先 and 第二 are one list: siblings, not 第二 inside 首先
    assert [depth for depth, _ in got] == [1, 1, 1]


def test_a_part_name_above_the_first_paragraph_stays_in_the_text_with_its_date():
    raw = f"""# 在全省工作会议上的讲话
（一九五五年三月）
开幕词
（一九五五年三月二十一日）
全省工作会议各位代表同志们：
{BODY}
结论
（一九五五年三月三十一日）
一 关于这次会议的评价
{BODY}
二 关于今后的任务
{BODY}
"""
    (speech,) = clean(raw, "talk.md")
    assert speech.text.startswith("开幕词")
    assert speech.date == "1955-03-21"
    got = outline(speech.text)
    assert got[:2] == [(1, "开幕词"), (1, "结论")]
    assert (2, "一 关于这次会议的评价") in got


def test_a_bare_numeral_on_its_line_is_a_top_part():
    got = outline(f"各位代表：\n{BODY}\n一\n{BODY}\n二\n{BODY}\n")
    assert [(depth, heading[:1]) for depth, heading in got] == [(1, "一"), (1, "二")]


def test_a_letter_spaced_note_heading_opens_the_appendix():
    raw = f"各位代表：\n{BODY}\n一、总的情况\n{BODY}\n注　　释\n1. 名词一：{BODY}\n2. 名词二：{BODY}\n"
    (speech,) = clean(raw, "x.txt")
    root = parse_outline(speech.text)
    kinds = [(len(s.path), s.kind) for s in root.walk() if s.path]
    assert kinds == [(1, "l1"), (1, "appendix"), (2, "l3"), (2, "l3")]


def test_a_list_of_numbered_parts_inside_a_bracketed_part_stays_inside_it():
    got = outline(
        f"{BODY}\n（一）总的情况\n{BODY}\n一、工业\n{BODY}\n二、农业\n{BODY}\n（二）今后任务\n{BODY}\n"
    )
    assert got == [(1, "（一）总的情况"), (2, "一、工业"), (2, "二、农业"), (1, "（二）今后任务")]


def test_a_point_glued_to_a_photo_credit_in_a_run_on_scrape_gets_its_own_line():
    raw = (
        "抓好五项工作"
        + "。".join([BODY] * 4)
        + "第一，抓好学习。"
        + BODY
        + "图为会议现场。 新华社记者 张三/摄第二，抓好组织。"
        + BODY * 3
    )
    (speech,) = clean(raw, "x.txt")
    assert [heading for _, heading in outline(speech.text)] == ["第一，抓好学习", "第二，抓好组织"]


def test_plain_parts_that_each_restart_the_numbered_list_are_top_parts():
    text = (
        f"各位代表：\n我代表国务院向大会作报告。\n关于国内建设\n{BODY}\n一、改革\n{BODY}\n"
        f"二、开放\n{BODY}\n关于外交工作\n{BODY}\n一、维护和平\n{BODY}\n二、发展友谊\n{BODY}\n"
    )
    got = outline(text)
    assert [d for d, _ in got] == [1, 2, 2, 1, 2, 2]
    assert got[0] == (1, "关于国内建设") and got[3] == (1, "关于外交工作")


def test_a_list_after_a_point_on_its_own_line_is_that_points():
    text = (
        f"（一）去年的情况\n{BODY}\n（二）今年的任务\n第一、关于工业\n{BODY}\n第二、关于文化教育\n{BODY}\n"
        f"（1）办好学校\n{BODY}\n（2）扫除文盲\n{BODY}\n（三）厉行节约\n{BODY}\n"
    )
    got = outline(text)
    assert (3, "（1）办好学校") in got and (3, "（2）扫除文盲") in got
    assert got[-1] == (1, "（三）厉行节约")


def test_plain_subjects_inside_a_bracketed_part_keep_their_lists_and_their_part():
    text = (
        f"（一）经济\n{BODY}\n金融业\n{BODY}\n（二）扶贫\n{BODY}\n在职家庭津贴\n{BODY}\n"
        f"一、第一点\n{BODY}\n二、第二点\n{BODY}\n关爱基金\n{BODY}\n（三）教育\n{BODY}\n"
        f"职业教育\n{BODY}\n一、第一项\n{BODY}\n"
    )
    got = outline(text)
    assert (1, "（三）教育") in got and (2, "关爱基金") in got
    assert (3, "一、第一点") in got and (3, "一、第一项") in got


def test_a_heading_glued_to_its_paragraph_is_cut_where_the_paragraph_begins():
    raw = (
        "开篇"
        + "。".join([BODY] * 5)
        + "一、做好考古工作和历史研究我多次强调，"
        + BODY
        + "二、用好考古和历史研究成果在历史长河中，"
        + BODY * 3
    )
    (speech,) = clean(raw, "x.txt")
    got = [heading for _, heading in outline(speech.text)]
    assert got == ["一、做好考古工作和历史研究", "二、用好考古和历史研究成果"]


def test_a_date_line_is_no_part_and_a_foreword_stands_beside_the_numbered_parts():
    text = (
        f"示例白皮书\n{BODY}\n2022年2月\n{BODY}\n序　言\n{BODY}\n"
        f"一、操弄疫情防控\n{BODY}\n二、固守暴力思维\n{BODY}\n"
    )
    assert outline(text) == [(1, "序　言"), (1, "一、操弄疫情防控"), (1, "二、固守暴力思维")]
    # by default a title line above numbered parts that never start again is left out
    assert outline(text, plain_headings=False) == [(1, "一、操弄疫情防控"), (1, "二、固守暴力思维")]


def test_a_list_restarting_inside_a_point_of_a_plain_part_stays_in_that_point():
    text = (
        f"各位代表：\n{BODY}\n基本任务\n{BODY}\n一、关于发展速度\n{BODY}\n二、关于基本建设\n{BODY}\n"
        f"主要措施\n{BODY}\n第一、严格控制投资规模。{BODY}\n一、投资总规模由国家确定。\n"
        f"二、大中型项目由国家审批。\n第二、整顿现有企业。{BODY}\n"
    )
    got = [(depth, h[:6]) for depth, h in outline(text, plain_headings=False)]
    assert got == [
        (1, "基本任务"),
        (2, "一、关于发展"),
        (2, "二、关于基本"),
        (1, "主要措施"),
        (2, "第一、严格控"),
        (3, "一、投资总规"),
        (3, "二、大中型项"),
        (2, "第二、整顿现"),
    ]


def test_by_default_a_title_line_with_a_date_of_its_own_is_a_part():
    text = (
        f"在全国代表会议上的讲话\n开幕词\n（一九五五年三月二十一日）\n{BODY}\n"
        f"第一，关于五年计划。{BODY}\n第二，关于监察委员会。{BODY}\n"
        f"结论\n（一九五五年三月三十一日）\n{BODY}\n一 关于这次会议的评价\n{BODY}\n"
        f"二 关于目前形势\n{BODY}\n"
    )
    got = [(depth, h[:6]) for depth, h in outline(text, plain_headings=False)]
    assert got == [
        (1, "开幕词"),
        (2, "第一，关于五"),
        (2, "第二，关于监"),
        (1, "结论"),
        (2, "一 关于这次"),
        (2, "二 关于目前"),
    ]
