"""Questions about a year and about figures find the text that says it in other words: a
report's "去年" is the year before it, and older reports spell figures in characters."""

from __future__ import annotations

import pytest

from speechbot.index import Library
from speechbot.index.analysis import Analyzer
from speechbot.index.ingest import Reading, analyse_bytes
from speechbot.index.numbers import spelled_figures
from speechbot.index.rerank import asked_figures

REPORTS = {
    "report-2018.txt": """2018年政府工作报告

——2018年3月5日在第十三届全国人民代表大会第一次会议上

各位代表：

一、过去一年工作回顾

去年粮食产量达到六千一百亿斤，比上年增产百分之三点二。

二、今年工作安排

今年粮食产量保持在一万二千亿斤以上，财政赤字二千三百八十亿元。
""",
    "report-2017.txt": """2017年政府工作报告

——2017年3月5日在第十二届全国人民代表大会第五次会议上

各位代表：

一、过去一年工作回顾

过去一年，棉花产量有所下降，油料生产保持稳定。

二、今年工作安排

今年要继续抓好粮食生产，稳定种植面积，提高单产水平。
""",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, "utf-8")
    library = Library(folder / "data")
    assert all(o.ok for o in library.ingest(sorted(folder.glob("*.txt"))))
    yield library
    library.close()


def test_a_year_finds_the_next_report_that_reviews_it(library):
    hit = library.search("2017年粮食产量", top=1)[0]
    assert hit.source == "report-2018.txt" and "去年粮食产量达到" in hit.text


@pytest.mark.parametrize(
    ("question", "spelled"),
    [("2380亿元", "二千三百八十亿元"), ("1.2万亿斤", "一万二千亿斤"), ("3.2%", "百分之三点二")],
)
def test_a_figure_typed_in_digits_finds_it_spelled_out(library, question, spelled):
    hits = library.search(question, top=1)
    assert hits and spelled in hits[0].text


def test_the_text_of_a_year_says_last_year_for_it(library):
    # the 2018 report's "去年" is 2017: a question naming 2017 and the figure finds it
    hits = library.search("2017年的粮食", top=1)
    assert hits and "去年粮食产量达到" in hits[0].text


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("从五十四万亿元增长到八十万亿元", ["54万亿", "80万亿"]),
        ("达到一万二千亿斤", ["12000亿", "1.2万亿"]),
        ("增长百分之十四点四", ["14.4%"]),
        ("三千五百万人", ["3500万"]),
        ("十三五规划", []),  # a name, not a figure
        ("二是加强管理，十分重要", []),
        ("一九五七年", []),  # a year: spelled_years' job
    ],
)
def test_spelled_figures(text, figures):
    assert spelled_figures(text) == figures


def test_a_year_asked_for_its_target_finds_that_years_plans(library):
    # "今年" in the 2018 report is 2018: a target for 2018 stands there, not in a review
    hits = library.search("2018年粮食产量目标", top=1)
    assert hits and "今年粮食产量保持在" in hits[0].text


def test_a_year_asked_for_its_results_finds_the_next_years_review(library):
    hits = library.search("2017年粮食产量是多少", top=1)
    assert hits and "去年粮食产量达到" in hits[0].text


@pytest.mark.parametrize(
    ("question", "figures"),
    [
        ("粮食产量3650亿斤", ["3650亿"]),
        ("零售物价上升17.8%", ["17.8%"]),
        ("2018年城镇新增就业目标", []),  # a year: prefer_years' job
        ("第5次会议", []),
    ],
)
def test_the_figures_a_question_types(question, figures):
    assert asked_figures(question) == figures


def test_a_figure_typed_prefers_the_passage_stating_it_in_characters(library):
    hit = library.search("粮食产量6100亿斤", top=1)[0]
    assert "六千一百亿斤" in hit.text


def test_an_undated_reports_last_year_is_read_from_its_file_name():
    # no date line: what its 去年 stands for comes from the year in its file name
    text = "政府工作报告\n\n各位代表：\n\n去年棉花产量有所恢复，油料生产保持稳定。\n"
    (record,) = analyse_bytes(text.encode(), "gov-report-2019.txt", Analyzer(), Reading())
    assert record.date is None
    assert "2018年" in record.vocabulary


def test_a_count_spelled_in_the_question_finds_it_in_digits(tmp_path):
    # "三百六十一处": the segmenter reads 三百六十 / 一处, which a passage on 三百六十万吨 holds
    from conftest import library_of

    library = library_of(
        tmp_path,
        {
            "heritage.txt": "文化工作报告\n\n各位议员：\n\n全市登录的文化资产共计 361 处，数量居全省首位。\n",
            "steel.txt": "工业工作报告\n\n各位代表：\n\n钢铁年产能力将为三百六十万吨，新增一处仓库，共有三百六十个。\n",
        },
    )
    try:
        hit = library.search("文化资产一共有三百六十一处吗", top=1)[0]
    finally:
        library.close()
    assert "361 处" in hit.text


@pytest.mark.parametrize("said", ["上一年", "过去一年"])
def test_the_year_before_a_named_report_is_its_review_and_names_no_other_report(library, said):
    # 2017年, the year "上一年" stands for, is what the 2018 report tells as 去年; the 2017
    # report is not the one asked about
    hits = library.search(f"2018年政府工作报告里{said}粮食产量多少", top=1)
    assert hits and hits[0].source == "report-2018.txt" and "去年粮食产量达到" in hits[0].text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("大会召开以来的五年", "以来的5年"),  # typed in characters, written in digits
        ("大会召开以来的3年", "以来的三年"),  # and the other way round
        ("大会召开以来的十四年", "以来的14年"),
    ],
)
def test_a_count_of_years_is_found_either_way_it_is_written(tmp_path, question, said):
    from conftest import library_of

    files = {
        f"{n}.txt": f"工作报告\n\n各位代表：\n\n大会召开以来的{count}，各项事业取得新进展。\n"
        for n, count in enumerate(["8年", "5年", "七年", "三年", "二十年", "14年"])
    }
    library = library_of(tmp_path, files)
    try:
        hit = library.search(question, top=1)[0]
        assert said in hit.text, hit.text
    finally:
        library.close()
