"""A figure the question spells in characters ("四十条", "两万五千公里") finds the passage
stating it in digits ("40条", "2万5千公里"), as a figure typed in digits does; numerals
that name or order things (十五大, 第十四个五年规划) are no figure."""

from __future__ import annotations

import pytest
from conftest import library_fixture

from speechbot.index.analysis import Analyzer
from speechbot.index.query import build_query
from speechbot.index.rerank import asked_figures
from speechbot.index.settings import SearchSettings

SPEECHES = {
    "opening-2020.txt": """在开放论坛上的讲话

各位来宾：

一、开放

外商投资负面清单条目大幅减少。

全国外资准入负面清单由40条减到33条，试验区增至21个。

二、交通

高铁运营里程从9000多公里增加到2万5千公里。

高速铁路里程跃居世界第一。
""",
}


library = library_fixture(SPEECHES)


def test_a_count_spelled_finds_it_in_digits(library):
    hit = library.search("外商投资负面清单从四十条减到了多少条", top=1)[0]
    assert "由40条减到33条" in hit.text


def test_a_length_spelled_finds_digits_with_a_spelled_magnitude(library):
    hit = library.search("高速铁路运营里程达到两万五千公里", top=1)[0]
    assert "增加到2万5千公里" in hit.text


@pytest.mark.parametrize(
    ("question", "figures"),
    [
        ("负面清单从四十条减到多少条", ["40"]),
        ("增长百分之五", ["5%"]),
        ("十五大的主题是什么", []),
        ("第十四个五年规划的目标", []),
    ],
)
def test_which_spelled_numerals_are_figures(question, figures):
    assert asked_figures(question) == figures


def test_an_ordinal_is_not_searched_as_a_figure():
    query = build_query("第十四个五年规划增长百分之五", SearchSettings(), analyzer=Analyzer())
    assert "14" not in query.words and "5%" in query.words


@pytest.mark.parametrize(
    ("question", "figure", "searched"),
    [
        ("十五大的主题", "15", False),  # a name
        ("再给企业减税八千多亿", "8000", True),
        ("增长三点五", "3.5", True),
        ("五十四万亿元", "54万亿", True),
    ],
)
def test_only_numerals_that_count_are_searched_as_figures(question, figure, searched):
    query = build_query(question, SearchSettings(), analyzer=Analyzer())
    assert (figure in query.words) is searched
