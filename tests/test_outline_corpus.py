"""The outline of real speeches, and the promise that parsing loses no text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speechbot.index.clean import clean
from speechbot.index.outline import parse_outline, spans

LEVEL_ONE = {
    "gov-report-2018.txt": [
        "过去五年工作回顾",
        "2018年经济社会发展总体要求和政策取向",
        "对2018年政府工作的建议",
    ],
    "gov-report-2024.txt": [
        "2023年工作回顾",
        "2024年经济社会发展总体要求和政策取向",
        "2024年政府工作任务",
    ],
    "gov-report-2010.txt": ["2009年工作回顾", "2010年主要任务"],
    "gov-report-2026-beijing.txt": [
        "2025年工作回顾",
        "“十四五”时期发展成就和“十五五”时期主要目标任务",
        "2026年重点工作",
    ],
    "speech-2020-02-epidemic-and-economy-deployment.txt": [
        "关于前一段疫情防控工作",
        "关于当前加强疫情防控重点工作",
        "关于统筹推进疫情防控和经济社会发展工作",
        "关于加强党对统筹推进疫情防控和经济社会发展工作的领导",
    ],
    "speech-2020-03-poverty-alleviation-symposium.txt": [
        "我国脱贫攻坚取得决定性成就",
        "高度重视打赢脱贫攻坚战面临的困难挑战",
        "确保高质量完成脱贫攻坚目标任务",
        "加强党对打赢脱贫攻坚战的领导",
    ],
    "speech-2020-07-entrepreneurs-symposium.txt": [
        "保护和激发市场主体活力",
        "弘扬企业家精神",
        "集中力量办好自己的事",
    ],
    "quality-conference-speech.txt": ["肯定成绩,正视问题,切实增强做好质量工作的使命感和责任感"],
}


def _outline(corpus_dir, name):
    part = clean((corpus_dir / name).read_text("utf-8"), name)[0]
    return part, parse_outline(part.text)


@pytest.mark.parametrize("name", sorted(LEVEL_ONE))
def test_level_one_headings(corpus_dir, name):
    _, root = _outline(corpus_dir, name)
    assert [c.title for c in root.children] == LEVEL_ONE[name]
    numerals = "一二三四五六七八九十"
    assert [c.label for c in root.children] == [
        f"{numerals[i]}、" for i in range(len(root.children))
    ]


def test_cpc_report_has_thirteen_parts_with_numbered_points(corpus_dir):
    _, root = _outline(corpus_dir, "cpc-congress-report-19.txt")
    assert len(root.children) == 13
    third = root.children[2]
    assert [c.label for c in third.children][:3] == ["（一）", "（二）", "（三）"]
    assert (
        third.children[0].title == "坚持党对一切工作的领导"
    )  # run-in heading, sentence after it is text
    assert third.children[0].paragraphs[0].text.startswith("党政军民学")


def test_nested_list_restarting_at_one(corpus_dir):
    # 1955: "三、… （一）… 第一，… 一、二、三、四、" — the inner 一、 list belongs to 第一，
    _, root = _outline(corpus_dir, "gov-report-1955.txt")
    assert len(root.children) == 4  # the inner lists do not become top-level parts
    first = root.children[2].children[0]
    assert first.label == "（一）" and first.children[0].label == "第一，"
    assert [c.label for c in first.children[0].children] == ["一、", "二、", "三、", "四、"]
    assert [c.label for c in root.children[2].children][:3] == ["（一）", "（二）", "（三）"]


def test_seed_speech_points(corpus_dir):
    _, root = _outline(corpus_dir, "quality-conference-speech.txt")
    part = root.children[0]
    titles = [c.title for c in part.children]
    assert "区长质量奖的引领作用日益显现" in titles  # a heading line of its own
    assert "进一步深入做好质量兴区、品牌战略和标准化引领战略的工作" in titles  # run in: 一是…;二是…


@pytest.mark.parametrize(
    "name",
    [
        "gov-report-2019.txt",
        "speech-2020-09-scientists-symposium.txt",
        "gov-report-2026-sichuan.txt",
    ],
)
def test_second_level(corpus_dir, name):
    _, root = _outline(corpus_dir, name)
    assert any(len(c.children) >= 3 for c in root.children)


def test_corpus_parsing_loses_no_text(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        for part in clean(path.read_text("utf-8"), path.name):
            assert _recovered(part.text, parse_outline(part.text)), path.name


def _recovered(text: str, root) -> bool:
    pieces = spans(root)
    ordered = all(a[1] <= b[0] for a, b in zip(pieces, pieces[1:], strict=False))
    joined = "".join(text[a:b] for a, b in pieces)
    return ordered and re.sub(r"\s", "", joined) == re.sub(r"\s", "", text)


HEADINGS = [
    "一、",
    "二、",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "（1）",
    "第一部分",
    "第二章",
    "一是",
    "二是",
    "第一，",
    "第二,",
    "首先，",
    "最后，",
]
words = st.text(
    alphabet="质量发展改革工作要坚持推进，。；：、的了一二三是第", min_size=0, max_size=80
)
lines = st.lists(st.tuples(st.sampled_from(HEADINGS + [""] * 5), words), max_size=40)


@given(lines=lines)
def test_any_structure_loses_no_text(lines):
    text = "\n".join(label + body for label, body in lines)
    assert _recovered(text, parse_outline(text))


def test_small_texts_levels_and_numbering():
    text = (
        "第一部分 总体要求\n一、指导思想\n（一）坚持稳中求进。要统筹发展和安全。\n1．加强统筹\n正文一。\n"
        "(1)细化措施\n正文二。\n(二)突出重点\n一是抓项目；二是抓服务。\n第二部分 主要任务\n二、重点工作\n正文三。\n"
    )
    root = parse_outline(text)
    part_one, part_two = root.children
    assert part_one.heading == "第一部分 总体要求" and part_two.path == (2,)
    l2 = part_one.children[0].children[0]
    assert l2.title == "坚持稳中求进" and l2.paragraphs[0].text == "要统筹发展和安全。"
    assert (
        l2.children[0].heading == "1．加强统筹"
        and l2.children[0].children[0].heading == "(1)细化措施"
    )
    second = part_one.children[0].children[1]
    assert second.label == "(二)" and [c.label for c in second.children] == ["一是", "二是"]
    assert second.children[1].paragraphs[0].text == "二是抓服务。"
