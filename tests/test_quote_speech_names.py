"""A speech named inside a request: the one whose own year or congress it is, not one that
looks back on it; figures written with zeros, a file's name, spaces between the words."""

from __future__ import annotations

import pytest
from conftest import library_fixture

SPEECHES = {
    # given in 2040, its title names the year it reviews
    "review-2039.txt": (
        "示例中学2039年度领导班子述职报告\n（2040年1月16日）\n一、2039年工作回顾\n"
        "一年来，学校各项工作稳步推进。\n二、2040年工作打算\n新的一年要继续努力。\n"
    ),
    "district-2039.txt": (
        "示例区2039年政府工作报告\n——2039年2月1日在示例区第五届人民代表大会第三次会议上\n"
        "各位代表：\n一、2038年工作回顾\n过去一年经济平稳运行。\n二、2039年工作安排\n今年要稳住就业。\n"
    ),
    # a congress report with no title line, its number in its file name written with a zero
    "congress-report-015.txt": (
        "同志们：\n\n现在，我代表第十四届中央委员会向大会作报告。\n\n一、过去五年的工作\n\n"
        "五年来改革开放取得新进展。\n\n二、今后的任务\n\n要坚持改革开放不动摇。\n"
    ),
    # another report whose opening names that congress
    "gov-report-2038.txt": (
        "各位代表：\n第十五次全国代表大会的召开，开启了新的征程。现在，我代表国务院，向大会报告"
        "政府工作。\n一、过去一年的工作\n经济稳定增长。\n二、今年的任务\n继续深化改革。\n"
    ),
}


library = library_fixture(SPEECHES)


@pytest.mark.parametrize(
    ("point", "source", "start"),
    [
        ("2039年报告第二部分", "district-2039.txt", "二、2039年工作安排"),
        ("2039年的报告 第一部分", "district-2039.txt", "一、2038年工作回顾"),
        ("十五大报告第二部分", "congress-report-015.txt", "二、今后的任务"),
        ("党 十五大报告 第一部分", "congress-report-015.txt", "一、过去五年的工作"),
        ("15大报告第一部分", "congress-report-015.txt", "一、过去五年的工作"),
        ("congress-report-015 第二部分", "congress-report-015.txt", "二、今后的任务"),
        ("gov-report-2038.txt第二部分", "gov-report-2038.txt", "二、今年的任务"),
        ("gov-report-2038第一部分", "gov-report-2038.txt", "一、过去一年的工作"),
    ],
)
def test_the_speech_a_request_names_is_quoted(library, point, source, start):
    result = library.quote(point)
    assert result.quote is not None, (point, result.candidates)
    assert library.speech(result.quote.speech_id).source == source
    assert result.quote.text.startswith(start)
