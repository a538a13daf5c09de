"""A question saying 去年/今年 without naming a year means the year before each speech's
own, or its own: "江苏去年经济增长多少" is answered by the review in a report of 2026."""

from __future__ import annotations

import pytest
from conftest import library_fixture, library_of

REPORTS = {
    "province-a-2026.txt": """甲省2026年政府工作报告

——2026年1月18日在甲省第十四届人民代表大会第四次会议上

各位代表：

一、工作回顾

刚刚过去的2025年，全省上下砥砺奋进，生产总值增长5.3%。

二、主要目标

今年全省经济社会发展的主要预期目标是：地区生产总值增长5%左右，地区生产总值总量迈上新台阶，城镇新增就业60万人。
""",
    "province-b-2026.txt": """乙省2026年政府工作报告

——2026年1月20日在乙省第十四届人民代表大会第四次会议上

各位代表：

一、工作回顾

过去五年，全省地区生产总值年均增长5.8%，地区生产总值总量跨上新台阶。

二、主要目标

今年地区生产总值增长5%以上，居民收入增长与经济增长同步。
""",
}


library = library_fixture(REPORTS)


def test_last_year_is_the_year_before_the_report(library):
    hit = library.search("甲省去年地区生产总值增长多少", top=1)[0]
    assert hit.source == "province-a-2026.txt"
    assert "刚刚过去的2025年" in hit.text and "增长5.3%" in hit.text


def test_this_year_is_the_reports_own(library):
    hit = library.search("乙省今年地区生产总值增长多少", top=1)[0]
    assert hit.source == "province-b-2026.txt" and "今年地区生产总值增长5%以上" in hit.text


TARGETS = {
    "report-2018.txt": """2018年政府工作报告

——2018年3月5日在第十三届全国人民代表大会第一次会议上

各位代表：

一、回顾

刚刚过去的2017年，城镇新增就业1351万人，超过预期目标，城镇新增就业创新高，就业形势保持稳定。

二、安排

今年城镇新增就业1100万人以上。
""",
    "report-2017.txt": """2017年政府工作报告

——2017年3月5日在第十二届全国人民代表大会第五次会议上

各位代表：

一、回顾

过去一年，城镇新增就业1314万人。

二、安排

今年的预期目标是：城镇新增就业1100万人以上，居民消费价格涨幅3%左右。
""",
}


reports = library_fixture(TARGETS)


def test_a_years_target_is_that_years_plan_not_the_next_review(reports):
    hit = reports.search("2017年城镇新增就业目标", top=1)[0]
    assert hit.source == "report-2017.txt" and "今年的预期目标" in hit.text


# a year asked about is told by the next year's review, though its paragraph names no year:
# a 2018 report, beside a speech of 2017
REVIEWS = {
    "report-2018.txt": """2018年政府工作报告

——2018年3月5日在第十三届全国人民代表大会第一次会议上

各位代表：

一、回顾

经济运行稳中向好，粮食产量达到1.2万亿斤，实际使用外资1363亿美元。

二、安排

今年要稳定粮食播种面积，积极有效利用外资。
""",
    "speech-2017.txt": """在全省农业工作会议上的讲话（2017年2月10日）

同志们：

粮食生产是农业工作的重中之重，粮食产量关系国计民生，要把粮食产量稳定在合理水平，提高粮食产量的质量。
""",
}


@pytest.fixture(scope="module")
def reviews(tmp_path_factory):
    from conftest import filler_speeches

    speeches = {**REVIEWS, **filler_speeches()}
    library = library_of(tmp_path_factory.mktemp("reviews"), speeches)
    yield library
    library.close()


def test_a_years_figure_is_told_by_the_next_years_review(reviews):
    hit = reviews.search("2017年粮食产量多少", top=1)[0]
    assert hit.source == "report-2018.txt" and "粮食产量达到1.2万亿斤" in hit.text


@pytest.mark.parametrize(
    ("question", "reviewed"),
    [
        ("2017年粮食产量多少", (2017,)),
        ("2013年政府工作面临的主要困难", (2013,)),
        ("2018年政府工作报告里粮食产量", ()),  # the year names the report
        ("2019年新年贺词说了什么", ()),
        ("2017年城镇新增就业目标", ()),  # a plan: that year's own report
    ],
)
def test_which_years_the_next_years_speeches_review(question, reviewed):
    from speechbot.index.analysis import Analyzer
    from speechbot.index.query import build_query
    from speechbot.index.settings import SearchSettings

    query = build_query(question, SearchSettings(), analyzer=Analyzer())
    assert query.reviewed_years == reviewed


def _passage(text: str, headings: tuple[str, ...]):
    from speechbot.index.store_reading import StoredPassage

    return StoredPassage(
        1, (1,), 1, text, headings, "丙市2026年政府工作报告", "2026-01-15", "c.txt"
    )


@pytest.mark.parametrize("relative", [True, False])
def test_the_paragraph_naming_the_year_before_those_only_headed_by_it(relative):
    """A review part's heading ("一、2025年工作回顾") names the year for every paragraph
    below it; the paragraph whose own words name it comes first, the others still above
    a paragraph of another year."""
    from speechbot.index.rerank import prefer_relative_year, prefer_years

    stored = {
        1: _passage(
            "全市工业增加值突破1万亿元，地区生产总值能耗持续下降。", ("一、2025年工作回顾",)
        ),
        2: _passage(
            "刚刚过去的2025年，全市地区生产总值达到33757.93亿元。", ("一、2025年工作回顾",)
        ),
        3: _passage("全市地区生产总值增长5%左右。", ("二、2026年主要目标",)),
    }
    ranked = [(1, 10.0), (2, 10.0), (3, 10.0)]
    if relative:
        order = prefer_relative_year(ranked, stored, -1, 0.5)
    else:
        order = prefer_years(ranked, stored, [2025], 0.5)
    assert [pid for pid, _ in order] == [2, 1, 3]
