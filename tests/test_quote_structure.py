"""Named points against outlines of kinds the tuned documents lack, on documents written for
these tests: words with a year that a heading holds name a list, not a speech; "第四点" below
parts printed without numbers; a numbered point over a dash-led one of the same number; and the
title and date of a party congress report that has no title line."""

from __future__ import annotations

from pathlib import Path

import pytest

from speechbot.index.clean import clean
from speechbot.index.library import Library, LibraryConfig

BODY = "要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，推动高质量发展。"

PROVINCE = f"""云海省2031年政府工作报告
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。{BODY}
一、2030年和五年工作回顾
——经济实力跃升。{BODY}
——创新动能增强。{BODY}
——开放水平提高。{BODY}
——民生持续改善。{BODY}
（一）稳增长
{BODY}
（二）促改革
{BODY}
（三）扩开放
{BODY}
（四）惠民生
{BODY}
一是就业稳定。二是收入增长。三是保障加强。四是服务提升。五是养老完善。六是托育扩容。
二、关于2031年工作
（一）扩大内需
{BODY}
（二）产业升级
{BODY}
（三）科技创新
{BODY}
（四）城乡融合
{BODY}
（五）生态保护
{BODY}
（六）社会治理
{BODY}
"""

CONGRESS = f"""同志们！
中国共产党第八次全国代表大会，现在开幕了。{BODY}
路线问题
{BODY}
形势和任务
同志们！
{BODY}
首先，要搞好学习。{BODY}
第二，要加强团结。{BODY}
第三，要改进作风。{BODY}
第四，要发展生产。{BODY}
本作品来自1949年10月1日（含）之后的中国共产党文件，属于公有领域。
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("structure-docs")
    (folder / "province-2031.txt").write_text(PROVINCE, "utf-8")
    (folder / "congress-8.txt").write_text(CONGRESS, "utf-8")
    # the congress report prints its parts without numbers
    config = LibraryConfig(plain_headings=True)
    library = Library(tmp_path_factory.mktemp("structure-data"), config)
    outcomes = library.ingest(sorted(folder.iterdir()))
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    yield library
    library.close()


def _id(library, source):
    return next(info.id for info in library.list() if info.source == source)


def _start(library, point, source):
    result = library.quote(point, speech_id=_id(library, source))
    assert result.quote is not None, (point, [c.path for c in result.candidates])
    return result.quote.text.split("\n")[0][:8]


def test_a_year_in_words_a_heading_holds_names_the_list_not_the_speech(library):
    assert _start(library, "2031年工作的第六点", "province-2031.txt") == "（六）社会治理"


def test_a_numbered_point_wins_over_a_dash_point_of_the_same_number(library):
    assert _start(library, "第一部分第四点", "province-2031.txt") == "（四）惠民生"


def test_a_point_that_starts_its_line_wins_over_a_run_in_one(library):
    # "一是…六是" run into one paragraph, and （一）…（四） on lines of their own: 第二点
    assert _start(library, "第一部分第二点", "province-2031.txt") == "（二）促改革"


def test_a_point_below_parts_printed_without_numbers(library):
    assert _start(library, "第四点", "congress-8.txt") == "第四，要发展生产"
    assert _start(library, "形势和任务的第二点", "congress-8.txt") == "第二，要加强团结"


def test_a_congress_report_without_a_title_line_is_named_after_its_congress():
    (speech,) = clean(CONGRESS, "congress-8.txt")
    assert speech.title == "在中国共产党第八次全国代表大会上的报告"
    # the congress's opening day, not the licence's 1949年10月1日
    assert speech.date == "1956-09-15"


def test_a_congress_report_named_in_the_request(library):
    result = library.quote("八大报告第三点")
    assert result.quote is not None
    assert result.quote.text.startswith("第三，要改进作风")


@pytest.mark.parametrize(
    "point",
    [
        "《2031年云海省政府工作报告》第二部分第三点",  # book-title marks
        "二〇三一年云海省政府工作报告第二部分第三点",  # the year in Chinese numerals
        "云海政府工作报告第二部分第三点",  # the province without 省
    ],
)
def test_ways_of_naming_a_speech(library, point):
    result = library.quote(point)
    assert result.quote is not None, (point, result.candidates)
    assert result.quote.text.startswith("（三）科技创新")


def test_a_speech_named_before_the_words_of_a_heading(library):
    result = library.quote("八大报告形势和任务")
    assert result.quote is not None and result.quote.text.startswith("形势和任务")


def test_an_exact_title_wins_over_other_speeches_the_name_fits(tmp_path):
    part = (
        "一、回顾\n"
        + BODY
        + "\n二、任务\n（一）扩大内需\n"
        + BODY
        + "\n（二）科技创新\n"
        + BODY
        + "\n"
    )
    (tmp_path / "a.txt").write_text("2032年政府工作报告\n各位代表：\n" + part, "utf-8")
    (tmp_path / "b.txt").write_text("云海市某区2032年政府工作报告\n各位代表：\n" + part, "utf-8")
    library = Library(tmp_path / "data")
    try:
        assert all(o.ok for o in library.ingest([tmp_path / "a.txt", tmp_path / "b.txt"]))
        result = library.quote("2032年政府工作报告第二部分第二点")
        assert result.quote is not None and result.quote.title == "2032年政府工作报告"
    finally:
        library.close()


def test_a_speech_named_word_by_word_or_with_its_title_punctuation_dropped(tmp_path):
    text = (
        "李明：在云海大学师生座谈会上的讲话\n同学们：\n"
        + BODY
        + "\n第一，立志。"
        + BODY
        + "\n第二，求知。"
        + BODY
        + "\n第三，力行。"
        + BODY
        + "\n"
    )
    (tmp_path / "talk.txt").write_text(text, "utf-8")
    (tmp_path / "other.txt").write_text(PROVINCE, "utf-8")
    library = Library(tmp_path / "data")
    try:
        assert all(o.ok for o in library.ingest([tmp_path / "talk.txt", tmp_path / "other.txt"]))
        for point in ["李明在云海大学师生座谈会上的讲话第三点", "李明云海大学座谈会讲话第三点"]:
            result = library.quote(point)
            assert result.quote is not None, point
            assert result.quote.text.startswith("第三，力行")
    finally:
        library.close()


def test_ordinals_inside_a_speech_name_are_no_steps(library):
    for point in ["中共第八次全国代表大会报告第三点", "第八次全国代表大会报告形势和任务的第三点"]:
        result = library.quote(point)
        assert result.quote is not None, point
        assert result.quote.text.startswith("第三，要改进作风")


def test_a_point_led_by_its_title_sentence_is_quoted_with_its_path(tmp_path):
    # tests/data/outline/lead-sentences.txt: （一） holds three paragraphs led by a short title
    # sentence, the bold of the printed report lost
    source = Path(__file__).parent / "data" / "outline" / "lead-sentences.txt"
    library = Library(tmp_path / "data")
    try:
        assert library.ingest([source])[0].ok
        speech_id = _id(library, source.name)
        result = library.quote("第二部分（一）的第二点", speech_id=speech_id)
        assert result.quote is not None
        assert result.quote.path == ("二、2032年重点工作", "（一）扩大有效需求", "扩大有效投资")
        assert result.quote.text.startswith("扩大有效投资。滚动实施重大项目三百个")
        result = library.quote("第二部分第二点的最后一点", speech_id=speech_id)
        assert result.quote is not None and result.quote.path[-1] == "建设和美乡村"
    finally:
        library.close()


def test_a_bracketed_sub_point_run_into_a_paragraph_is_quoted_alone(tmp_path):
    source = Path(__file__).parent / "data" / "outline" / "paren-run-in.txt"
    library = Library(tmp_path / "data")
    try:
        assert library.ingest([source])[0].ok
        result = library.quote("第一部分一是的（2）", speech_id=_id(library, source.name))
        assert result.quote is not None
        assert result.quote.path[-1] == "（2）提高生均公用经费标准"
        assert (
            result.quote.text
            == "（2）提高生均公用经费标准。小学、初中分别提高到每年六百元、八百元。"
        )
    finally:
        library.close()
