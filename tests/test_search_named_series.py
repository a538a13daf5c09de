"""A question naming one speech of a yearly series on the same topic (by the ordinal of
its meeting, by its occasion's words) finds that speech's passage first, though a later
speech of the series, looking back on it, repeats the question's words more often."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import filler_speeches, library_fixture

SPEECHES = {
    "expo-1.txt": """在第一届云海博览会开幕式上的致辞

——2031年11月5日

女士们，先生们：

云海博览会是开放合作的平台。本届展会的意向成交额为三百亿元，欢迎各方采购商参会。
""",
    "expo-2.txt": """在第二届云海博览会开幕式上的致辞

——2032年11月5日

女士们，先生们：

本届展会设立数字贸易专区，意向成交额达到五百亿元，采购商来自四十个国家。
""",
    "expo-3.txt": """在第三届云海博览会开幕式上的致辞

——2033年11月5日

女士们，先生们：

回顾上一届，博览会意向成交额五百亿元，创下纪录。本届展会意向成交额有望再创新高。
""",
    "river-forum.txt": """在云海河流保护座谈会上的讲话

——2033年6月1日

同志们：

河流保护要坚持生态优先，湿地面积恢复到一千公顷，成交额无从谈起。
""",
}


library = library_fixture(SPEECHES | filler_speeches())


@pytest.mark.parametrize(
    "question, source, words",
    [
        ("第二届云海博览会的意向成交额是多少", "expo-2.txt", "五百亿元"),
        ("第一届云海博览会成交额多少", "expo-1.txt", "三百亿元"),
    ],
)
def test_the_meeting_named_by_its_ordinal_answers_first(library, question, source, words):
    hit = library.search(question, top=3)[0]
    assert hit.source == source and words in hit.text


def test_without_the_names_reading_a_later_review_would_come_first(library):
    # the same question, the lift read by the speech field alone: the third expo's review,
    # repeating 成交额, wins; the test above thus tests the reading
    settings = library.config.settings
    library.set_search_settings(replace(settings, name_fit_weight=0.0))
    try:
        hit = library.search("第二届云海博览会的意向成交额是多少", top=1)[0]
    finally:
        library.set_search_settings(settings)
    assert hit.source == "expo-3.txt"


def test_a_question_naming_no_speech_is_answered_as_before(library):
    hit = library.search("湿地面积恢复到多少", top=1)[0]
    assert hit.source == "river-forum.txt"
