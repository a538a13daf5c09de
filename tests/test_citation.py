"""A citation to paste, in the form Chinese writing uses."""

from __future__ import annotations

from speechbot.index import Library, citation, cite


def test_a_citation_names_speaker_title_date_part_and_the_exact_words():
    text = citation(
        "在企业家座谈会上的讲话",
        "2020-07-21",
        "习近平",
        ("三、希望大家勇于创新",),
        "企业家要做创新发展的探索者、组织者、引领者。",
    )
    assert text == (
        "习近平《在企业家座谈会上的讲话》（2020年7月21日）第三部分“希望大家勇于创新”指出："
        "“企业家要做创新发展的探索者、组织者、引领者。”"
    )


def test_quotations_inside_the_words_become_single_and_missing_parts_are_left_out():
    text = citation("《政府工作报告》", None, None, (), "坚持“两个毫不动摇”。")
    assert text == "《政府工作报告》指出：“坚持‘两个毫不动摇’。”"


def test_deeper_headings_follow_the_part(tmp_path):
    from conftest import SAMPLES

    library = Library(tmp_path / "data")
    try:
        library.ingest([SAMPLES])
        (hit,) = library.search("老旧小区改造惠及多少户居民", top=1)
        assert cite(library.info(hit.speech_id), hit) == (
            "《在全市城市更新工作会议上的讲话》（2025年3月18日）"
            "第一部分“充分肯定城市更新取得的成效”中“(一)老旧小区改造全面提速”指出："
            "“全年新开工改造老旧小区126个,惠及居民4.8万户,完成投资23.5亿元,同比增长12.6%。"
            "加装电梯310部,新增停车位5200个。”"
        )
    finally:
        library.close()
