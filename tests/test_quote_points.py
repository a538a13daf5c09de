"""Named points in every form the quote grammar reads, on small documents written for the
tests (tests/data/points/): joined ordinals, unit words, 最后一…, a list's key words, a speech
named in the request, a paragraph reference, appendix parts, and all candidates."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import speech_id_of

from speechbot.index.ingest import build_speeches
from speechbot.index.library import Library
from speechbot.index.loaders import load_text
from speechbot.index.model import KIND_APPENDIX, Section
from speechbot.index.quote import find_quote

POINTS = Path(__file__).parent / "data" / "points"


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    library = Library(tmp_path_factory.mktemp("points-data"))
    names = ["province-2030.txt", "province-2031.txt", "forum-traditional.txt"]
    outcomes = library.ingest([POINTS / name for name in names])
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    yield library
    library.close()


@pytest.fixture(scope="module")
def province(library):
    return speech_id_of(library, "province-2030.txt")


def _quote(library, point, speech_id=None):
    result = library.quote(point, speech_id=speech_id)
    assert result.quote is not None, (point, result.candidates)
    assert result.quote.text in library.speech(result.quote.speech_id).text
    return result.quote


@pytest.mark.parametrize(
    ("point", "start"),
    [
        ("第二部分的（二）", "（二）守住安全底线"),
        ("第二部分的第二点", "（二）守住安全底线"),
        ("二、（二）", "（二）守住安全底线"),
        ("二 (二)", "（二）守住安全底线"),
        ("第二部分，第二条", "（二）守住安全底线"),
        ("三（一）2", "2.改造传统产业"),
        ("第三部分的第一点的第二项", "2.改造传统产业"),
        ("第一部分的三是", "三是民生福祉不断增进"),
        ("一 三是", "三是民生福祉不断增进"),
        ("第三部分第五项", "（五）办好民生实事"),
        ("最后一部分", "四、加强政府自身建设"),
        ("第三部分最后一点", "（五）办好民生实事"),
        ("第一部分最后一条", "三是民生福祉不断增进"),
        ("重点工作第五项", "（五）办好民生实事"),
        ("两点体会的第一点", "第一，坚持依法行政"),
        ("自身建设的第二点", "第二，坚持廉洁从政"),
        ("最后一个部分", "四、加强政府自身建设"),
        ("倒数第二部分", "三、今年重点任务"),
        ("第三部分倒数第一点", "（五）办好民生实事"),
        ("第二个部分第二点", "（二）守住安全底线"),
        ("第二部份第二点", "（二）守住安全底线"),
        ("第二部分里的第二小点", "（二）守住安全底线"),
        ("第二部分讲的第二点的内容", "（二）守住安全底线"),
        ("第二部分第二点讲了什么？", "（二）守住安全底线"),
        ("第三部分的最后", "（五）办好民生实事"),
        ("第三部分末尾一点", "（五）办好民生实事"),
        # 中/里 with no 的 between steps; 小节, 小标题, 要点 as units
        ("第二部分中第二方面", "（二）守住安全底线"),
        ("第二部分里第二点", "（二）守住安全底线"),
        ("第二部分第二小节", "（二）守住安全底线"),
        ("第三部分第一个小标题", "（一）建设现代化产业体系"),
        ("第二部分的第二个要点", "（二）守住安全底线"),
        ("第二部分之第二点", "（二）守住安全底线"),
        ("第三个部份", "三、今年重点任务"),
        ("第二大点的第二小点", "（二）守住安全底线"),
        # the part holding the list pointed at
        ("重点任务那部分的第二点", "（二）扩大国内需求"),
        ("重点任务这一部分里的最后一点", "（五）办好民生实事"),
        # "第二" of a list numbered 一是、二是
        ("一、第二", "二是改革开放持续深化"),
        ("第一部分中第三", "三是民生福祉不断增进"),
    ],
)
def test_joined_ordinals_units_and_list_words(library, province, point, start):
    quote = _quote(library, point, province)
    assert quote.text.startswith(start)
    assert quote.path[-1] == start.split("。")[0]


def test_paths_stop_at_the_next_point(library, province):
    quote = _quote(library, "第三部分的第一点", province)
    assert quote.path == ("三、今年重点任务", "（一）建设现代化产业体系")
    assert "2.改造传统产业" in quote.text and "（二）扩大国内需求" not in quote.text


@pytest.mark.parametrize(
    ("point", "start"),
    [
        ("第二部分第一點", "（一）推進科技創新"),
        ("貳、（三）", "（三）提升治理能力"),
        ("二（一）2", "2.促進成果轉化"),
        ("第二部分最後一點", "（三）提升治理能力"),
        ("第一部分第二條", "（二）公共服務更加均衡"),
        ("第二部分第三点", "（三）提升治理能力"),
    ],
)
def test_traditional_requests_and_numerals(library, point, start):
    forum = speech_id_of(library, "forum-traditional.txt")
    assert _quote(library, point, forum).text.startswith(start)


def test_a_speech_named_in_the_request(library):
    quote = _quote(library, "示例省2030年政府工作报告第三部分的第二点")
    assert quote.title == "示例省2030年政府工作报告"
    assert quote.text.startswith("（二）扩大国内需求")
    quote = _quote(library, "2031年报告第三部分第一点的第一项")
    assert quote.title == "示例省2031年政府工作报告" and "航空装备" in quote.text
    quote = _quote(library, "2030年报告重点工作第四项")
    assert quote.title == "示例省2030年政府工作报告" and "蓝天碧水" in quote.text
    quote = _quote(library, "2030年报告里重点工作的第四项")
    assert quote.title == "示例省2030年政府工作报告" and "蓝天碧水" in quote.text
    quote = _quote(library, "示例论坛讲话第二部分第二点")
    assert quote.text.startswith("（二）擴大對外開放")


def test_unnamed_speech_offers_every_match(library):
    result = library.quote("第三部分第二点")
    assert result.quote is None
    assert sorted(c.title for c in result.candidates) == [
        "示例省2030年政府工作报告",
        "示例省2031年政府工作报告",
    ]
    assert all(c.path[-1] == "（二）扩大国内需求" for c in result.candidates)


def test_every_candidate_is_returned(library, province):
    speech = library.speech(province)
    assert "过去一年工作回顾" in speech.text
    # fifteen speeches whose parts open with other words (copies of one text count once)
    copies = [
        replace(speech, id=n, text=speech.text.replace("一年", chr(0x4E00 + 100 + n) + "年", 1))
        for n in range(1, 16)
    ]
    result = find_quote("一、", copies, library.analyzer)
    assert result.quote is None and len(result.candidates) == 15
    assert [c.speech_id for c in result.candidates] == list(range(1, 16))


def test_a_paragraph_reference_quotes_that_paragraph_alone(library, province):
    quote = _quote(library, f"{province}:4#2")
    assert quote.text == "各位代表，让我们携手并进，为建设更加美好的示例省而努力奋斗！"
    assert quote.path == ("四、加强政府自身建设",) and str(quote.ref) == f"{province}:4#2"
    section = _quote(library, f"{province}:4")
    assert section.text.startswith("四、加强政府自身建设") and quote.text in section.text
    assert library.quote(f"{province}:4#9").quote is None


def _repath(section: Section, path: tuple[int, ...]) -> None:
    section.path = path
    for position, child in enumerate(section.children, start=1):
        _repath(child, (*path, position))


@pytest.fixture(scope="module")
def with_appendix():
    name = "report-with-appendix.txt"
    (speech,) = build_speeches(load_text((POINTS / name).read_bytes(), name), name)
    assert speech.outline.children[-1].kind == KIND_APPENDIX  # as the outline marks it
    return replace(speech, id=1)


@pytest.mark.parametrize(
    ("point", "start"),
    [
        ("第四部分", "四、建设人民满意政府"),
        ("四、", "四、建设人民满意政府"),
        ("最后一部分", "四、建设人民满意政府"),
        ("附件1 四、", "四、低空经济"),
        ("附件 第四部分", "四、低空经济"),
        ("名词解释的第二条", "二、数据要素"),
        ("名词解释", "附件1"),
    ],
)
def test_appendix_parts_only_when_named(library, with_appendix, point, start):
    result = find_quote(point, [with_appendix], library.analyzer)
    assert result.quote is not None, (point, result.candidates)
    assert result.quote.text.startswith(start)
    if start.startswith("四、低空"):
        assert result.quote.path == ("附件1 名词解释", "四、低空经济")


def test_a_point_is_found_by_its_number_when_the_outline_lacks_one(library):
    forum = deepcopy(library.speech(speech_id_of(library, "forum-traditional.txt")))
    part_two = forum.outline.children[1]
    part_two.children = [c for c in part_two.children if c.ordinal != 2]  # (二) not seen
    _repath(part_two, part_two.path)
    result = find_quote("第二部分第三点", [forum], library.analyzer)
    assert result.quote is not None and result.quote.text.startswith("（三）提升治理能力")


def test_a_list_named_by_its_heading_before_paragraphs_holding_the_words(library, province):
    # "今年重点任务" heads part three; the paragraph leading into 一是…三是 holds 任务 too
    quote = _quote(library, "任务的第二项", province)
    assert quote.text.startswith("（二）扩大国内需求")


def test_a_speech_listed_by_its_file_name_is_named_by_year_and_kind(tmp_path):
    library = Library(tmp_path / "data")
    for year in (2040, 2041):
        body = f"一、第一项工作\n{year}年做好第一项工作。\n二、第二项工作\n做好第二项工作。\n"
        assert library.ingest_bytes(body.encode(), f"sample-report-{year}.txt").ok
    try:
        quote = _quote(library, "2041年报告第二部分")
        assert library.speech(quote.speech_id).source == "sample-report-2041.txt"
        assert quote.text.startswith("二、第二项工作")
    finally:
        library.close()


def test_a_named_speech_that_is_not_there_quotes_nothing(library):
    for point in ["示例市报告第三部分第二点", "2039年报告第三部分第二点"]:
        result = library.quote(point)
        assert result.quote is None and result.candidates == (), point


def test_parts_of_a_speech_whose_top_level_is_first_second(tmp_path):
    library = Library(tmp_path / "data")
    body = (
        "在示例茶话会上的讲话\n同志们：\n今天和大家见面很高兴。\n"
        "第一，回顾一年的收获。大家辛苦了。\n第二，展望新的一年。任务依然繁重。\n"
        "第三，保重身体。祝大家新年快乐。\n"
    )
    sid = library.ingest_bytes(body.encode(), "tea-party.txt").speech_ids[0]
    try:
        assert _quote(library, "第二部分", sid).text.startswith("第二，展望新的一年")
        assert _quote(library, "最后一部分", sid).text.startswith("第三，保重身体")
        assert library.quote("第四部分", speech_id=sid).quote is None
    finally:
        library.close()


def test_a_path_counts_positions_while_a_point_counts_numbers(library):
    forum = deepcopy(library.speech(speech_id_of(library, "forum-traditional.txt")))
    part_two = forum.outline.children[1]
    part_two.children = [c for c in part_two.children if c.ordinal != 1]  # (一) not seen
    _repath(part_two, part_two.path)
    by_path = find_quote("2.2", [forum], library.analyzer).quote
    assert by_path is not None and by_path.text.startswith("（三）提升治理能力")
    by_number = find_quote("第二部分第二点", [forum], library.analyzer).quote
    assert by_number is not None and by_number.text.startswith("（二）擴大對外開放")


def test_a_report_scraped_years_later_is_named_by_the_year_it_was_given(tmp_path):
    # the page is dated 2046; its dateline, spaced out by a PDF layout, says 2036
    scraped = (
        "2036年政府工作报告\n门户网站　2046年02月16日　来源：示例社\n"
        "——2 0 3 6 年3 月5 日在第二十届全国人民代表大会第一次会议上\n各位代表：\n"
        "一、过去五年的工作\n五年来经济稳步增长。\n二、今年的主要任务\n稳住就业和物价。\n"
    )
    later = (
        "2046年政府工作报告\n——2046年3月5日在第二十二届全国人民代表大会第一次会议上\n"
        "各位代表：\n一、2045年工作回顾\n过去一年粮食再获丰收。\n二、2046年工作总体部署\n守住底线。\n"
    )
    library = Library(tmp_path / "data")
    try:
        assert library.ingest_bytes(scraped.encode(), "report-scraped.txt").ok
        assert library.ingest_bytes(later.encode(), "report-later.txt").ok
        dates = {s.source: s.date for s in library.list()}
        assert dates == {"report-scraped.txt": "2036-03-05", "report-later.txt": "2046-03-05"}
        quote = _quote(library, "2046年政府工作报告第一部分")
        assert library.speech(quote.speech_id).source == "report-later.txt"
        assert quote.text.startswith("一、2045年工作回顾")
    finally:
        library.close()


def test_a_speech_held_twice_is_quoted_once_with_its_other_copy(tmp_path, capsys):
    # the same report from two sources: one prints its figures in full-width digits
    body = (
        "2037年政府工作报告\n——2037年3月5日在第二十一届全国人民代表大会第三次会议上\n各位代表：\n"
        "一、{year}年工作回顾\n过去一年，全国粮食产量达到{grain}亿吨，城镇新增就业{jobs}万人，"
        "居民人均可支配收入实际增长{income}%，经济运行总体平稳、稳中有进，发展质量稳步提升。\n"
        "二、{next}年主要任务\n今年要稳住就业和物价，守住不发生系统性风险的底线。\n"
    )
    plain = body.format(year="2036", grain="7", jobs="1200", income="5", next="2037")
    wide = body.format(year="２０３６", grain="７", jobs="１２００", income="５", next="２０３７")
    library = Library(tmp_path / "data")
    try:
        for name, text in (("report-a.txt", plain), ("report-b.txt", wide)):
            assert library.ingest_bytes(text.encode(), name).ok
        ids = {info.source: info.id for info in library.list()}
        quote = _quote(library, "2037年政府工作报告第一部分")
        assert quote.text.startswith(("一、2036年工作回顾", "一、２０３６年工作回顾"))
        other = (
            ids["report-b.txt"] if quote.speech_id == ids["report-a.txt"] else ids["report-a.txt"]
        )
        assert [str(ref) for ref in quote.copies] == [f"{other}:1"]
        # two different sections stay two candidates
        assert library.quote("2037年政府工作报告第三部分").quote is None
    finally:
        library.close()
    from speechbot.index.cli import main

    assert main(["--data", str(tmp_path / "data"), "quote", "2037年政府工作报告第一部分"]) == 0
    assert f"（另一来源的同一讲话：〔{other}:1〕）" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("二、三是", True),
        ("第八部分", True),
        ("十九大报告第八部分第四点", True),
        ("重点工作第五项", True),
        ("第七項質詢", True),
        ("3:1.2#5", True),
        ("第一部分讲了什么", True),  # its text asked for
        ("第一部分有哪些要求", False),  # a question about the part
        ("第二个百年奋斗目标是什么？", False),
        ("稳就业有哪些措施", False),
        ("2024年赤字率", False),
        ("第二个五年计划", False),  # the plan so named
        ("第三个方面", True),
    ],
)
def test_a_message_that_only_names_a_point(text, names):
    from speechbot.index import names_a_point

    assert names_a_point(text) is names
