"""Quoting a named point of a real speech returns that section verbatim, with its path."""

from __future__ import annotations

import pytest
from conftest import speech_id_of

from speechbot.index.positions import text_at


@pytest.fixture(scope="module")
def epidemic(corpus_library):
    return speech_id_of(corpus_library, "speech-2020-02-epidemic-and-economy-deployment.txt")


@pytest.fixture(scope="module")
def poverty(corpus_library):
    return speech_id_of(corpus_library, "speech-2020-03-poverty-alleviation-symposium.txt")


def _quote(library, point, speech_id):
    result = library.quote(point, speech_id=speech_id)
    assert result.quote is not None, (point, result.candidates)
    quote = result.quote
    speech = library.speech(quote.speech_id)
    assert quote.text in speech.text  # verbatim, nothing rewritten
    return quote


@pytest.mark.parametrize("point", ["一、", "一", "第一部分", "1", " 一 、"])
def test_part_one_by_every_form(corpus_library, epidemic, point):
    quote = _quote(corpus_library, point, epidemic)
    assert quote.text.startswith("一、关于前一段疫情防控工作")
    assert quote.path == ("一、关于前一段疫情防控工作",)
    assert "二、关于当前加强疫情防控重点工作" not in quote.text  # stops at the next part
    assert "一是及时制定疫情防控战略策略" in quote.text  # sub-points included


def test_point_inside_part(corpus_library, epidemic):
    quote = _quote(corpus_library, "二、第三", epidemic)
    assert quote.text.startswith("第三，科学调配医疗力量和重要物资")
    assert quote.path[0].startswith("二、") and quote.path[1].startswith("第三，")
    assert "第四，" not in quote.text


def test_enumerated_point_by_path_and_ref(corpus_library, epidemic):
    quote = _quote(corpus_library, "1.2", epidemic)
    assert quote.text.startswith("二是加强对武汉和湖北防疫的统一指挥")
    again = _quote(corpus_library, str(quote.ref), None)
    assert again.text == quote.text and str(again.ref) == f"{epidemic}:1.2"


def test_part_and_point_words(corpus_library, poverty):
    quote = _quote(corpus_library, "第一部分第二点", poverty)
    assert quote.text.startswith("第二，贫困群众收入水平大幅度提高")
    quote = _quote(corpus_library, "二、三是", poverty)
    assert quote.text.startswith("三是扶贫项目停工")


def test_bracketed_numbers_full_and_half_width(corpus_library):
    sid = speech_id_of(corpus_library, "gov-report-2026-beijing.txt")
    for point in ["三、(二)", "三、（二）", "三、（ 二 ）"]:
        quote = _quote(corpus_library, point, sid)
        assert quote.text.startswith("（二）增强内需主导能力")


def test_ambiguous_point_offers_candidates(corpus_library):
    sid = speech_id_of(corpus_library, "gov-report-2018.txt")
    result = corpus_library.quote("（一）", speech_id=sid)
    assert result.quote is None and len(result.candidates) >= 2
    assert all(c.path[-1].startswith("（一）") for c in result.candidates)
    # across the whole library "一、" exists in many speeches: candidates, never a guess
    result = corpus_library.quote("一、")
    assert result.quote is None and len({c.speech_id for c in result.candidates}) > 1


def test_heading_key_words(corpus_library):
    sid = speech_id_of(corpus_library, "quality-conference-speech.txt")
    quote = _quote(corpus_library, "区长质量奖", sid)
    assert quote.text.startswith("一是区长质量奖的引领作用日益显现")
    assert quote.path[0].startswith("一、")


def test_not_found(corpus_library, epidemic):
    result = corpus_library.quote("第九部分", speech_id=epidemic)
    assert result.quote is None and result.candidates == ()
    result = corpus_library.quote("完全不存在的标题词语", speech_id=epidemic)
    assert result.quote is None and result.candidates == ()


@pytest.mark.parametrize(
    ("point", "source", "start"),
    [
        ("十九大报告第八部分第四点", "cpc-congress-report-19.txt", "（四）坚决打赢脱贫攻坚战"),
        ("二十大报告最后一部分", "cpc-congress-report-20.txt", "十五、坚定不移全面从严治党"),
        ("2024年政府工作报告第三部分第七条", "gov-report-2024.txt", "（七）坚持不懈抓好“三农”工作"),
        (
            "广东2026年报告第三部分的第二点",
            "gov-report-2026-guangdong.txt",
            "（二）坚持实体经济为本",
        ),
    ],
)
def test_speech_named_in_the_request(corpus_library, point, source, start):
    quote = _quote(corpus_library, point, None)
    assert quote.speech_id == speech_id_of(corpus_library, source)
    assert quote.text.startswith(start)


def test_paragraph_reference_quotes_one_paragraph(corpus_library, epidemic):
    section = _quote(corpus_library, f"{epidemic}:1", None)
    paragraph = _quote(corpus_library, f"{epidemic}:1#1", None)
    assert paragraph.path == section.path and str(paragraph.ref) == f"{epidemic}:1#1"
    assert paragraph.text in section.text and len(paragraph.text) < len(section.text)
    assert "\n" not in paragraph.text


def test_a_list_named_with_its_count_and_this_year(corpus_library, corpus_dir):
    # the heading says the year, the paragraph leading in says how many points: "今年" and the
    # count are both the list's (the answer as a position: line 61, its first 20 characters)
    speech_id = speech_id_of(corpus_library, "gov-report-2026-xizang.txt")
    quote = _quote(corpus_library, "今年八个方面重点工作的第三个", speech_id)
    assert quote.text.startswith(text_at(corpus_dir / "gov-report-2026-xizang.txt", 61, 0, 20))
