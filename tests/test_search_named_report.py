"""A question naming one speech by its year and kind ("2031年政府工作报告") finds that
speech first, though the next year's report, reviewing that year, says the year and the
question's words more often; the review comes second."""

from __future__ import annotations

from conftest import filler_speeches, library_fixture

SPEECHES = {
    "gov-report-2031.txt": """2031年政府工作报告

——2031年3月5日在云海省人民代表大会上

各位代表：

一、今年工作安排

今年要稳住粮食产量，扩大冬小麦种植面积，推广节水灌溉。
""",
    "gov-report-2032.txt": """2032年政府工作报告

——2032年3月5日在云海省人民代表大会上

各位代表：

一、过去一年工作回顾

2031年，冬小麦粮食产量再创新高，粮食产量增产百分之三，节水灌溉面积扩大。

二、今年工作安排

今年要建设高标准农田，发展设施农业。
""",
    "new-year-2031.txt": """2031年新年贺词

亲爱的朋友们：

新年好！粮食产量又是一个丰收年，冬小麦长势喜人。
""",
}


library = library_fixture(SPEECHES | filler_speeches())


def test_a_year_and_a_kind_find_that_years_report_before_the_next_years_review(library):
    hits = library.search("2031年政府工作报告里冬小麦粮食产量怎么说", top=3)
    sources = [hit.source for hit in hits]
    assert sources[0] == "gov-report-2031.txt" and "稳住粮食产量" in hits[0].text
    assert sources[1] == "gov-report-2032.txt"


def test_two_years_named_to_compare_find_both_reports(library):
    hits = library.search("2031年和2032年政府工作报告里冬小麦粮食产量怎么说", top=2)
    assert {hit.source for hit in hits} == {"gov-report-2031.txt", "gov-report-2032.txt"}


def test_a_year_asked_about_still_finds_the_next_years_review(library):
    # no speech named: what happened in 2031 is told by the 2032 report
    hit = library.search("2031年冬小麦增产多少", top=1)[0]
    assert hit.source == "gov-report-2032.txt" and "增产百分之三" in hit.text
