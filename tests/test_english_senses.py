"""An English word the glossary lacks is read in the senses of the speech the question
names: the "rates" of the 2019 report it names are that report's 费率, though the archive's
other speeches say 速度 and 比率 far more often."""

from __future__ import annotations

from conftest import filler_speeches, library_fixture

SPEECHES = {
    "2019-report.txt": "2019年工作报告\n\n各位代表：\n\n"
    "城镇职工基本养老保险单位缴费费率降至16%。\n\n"
    "经济运行总体平稳，就业形势稳定。\n",
    **{
        f"plenum-{n}.txt": f"在第{n}次全会上的讲话\n\n同志们：\n\n"
        "发展速度加快，速度和质量并重，保持合理速度。\n\n"
        "企业负债比率下降，比率保持合理。\n"
        for n in "一二三"
    },
    **filler_speeches(),
}

library = library_fixture(SPEECHES)


def test_a_word_is_read_in_the_sense_of_the_speech_named(library):
    """The word "rates" is 速度 or 比率 in most speeches, 费率 in the report named: the report's
    passage on the rates comes first."""
    hit = library.search("Which rates did the 2019 report cut?")[0]
    assert "缴费费率降至16%" in hit.text
