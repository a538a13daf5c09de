"""A long paragraph is searched in windows of whole sentences: a hit whose matched words stand
at the end of its window shows the paragraph's next sentences too, so it holds the answer."""

from __future__ import annotations

from conftest import filler_speeches, library_of

from speechbot.index import Library
from speechbot.index.model import sentence_windows

FILLER = "我们要坚持稳中求进，扎实推进各项工作，不断取得新的成效。" * 10
SPEECH = (
    "在抗疫表彰大会上的讲话\n\n同志们：\n\n"
    + FILLER
    + "伟大抗疫精神的内涵十分丰富、意义重大。"
    + "它就是生命至上，举国同心，舍生忘死，尊重科学，命运与共，这是我们战胜风险挑战的力量源泉。"
    + "这一精神必将激励我们继续前进。\n"
)


def test_the_next_sentences_of_the_paragraph_are_shown_with_the_hit(tmp_path):
    (tmp_path / "speech.txt").write_text(SPEECH, "utf-8")
    library = Library(tmp_path / "data")
    assert library.ingest([tmp_path / "speech.txt"])[0].ok
    hit = library.search("伟大抗疫精神的内涵", top=1)[0]
    assert "伟大抗疫精神的内涵十分丰富" in hit.text
    assert "生命至上，举国同心，舍生忘死，尊重科学，命运与共" in hit.text
    assert hit.text in SPEECH  # verbatim, one stretch of the paragraph
    library.close()


def _one_line_report(middle: int) -> str:
    """A scrape that lost its breaks: a whole report in one paragraph, far longer than a
    window, the same subject met at its start and again ``middle`` sentences later."""
    other = "".join(f"第{n}项其他工作按计划推进，群众满意度继续提高。" for n in range(middle))
    return (
        "政府工作报告\n\n各位代表："
        + "过去一年，我们深化行政审批制度改革，分批取消和下放了416项行政审批事项。"
        + other
        + "今年要继续深化行政审批制度改革，再取消和下放一批行政审批事项。"
        + other
        + "\n"
    )


def test_far_windows_of_a_one_line_report_are_each_shown(tmp_path):
    library = library_of(tmp_path, {"report.txt": _one_line_report(60), **filler_speeches()})
    hits = library.search("取消和下放行政审批事项", top=5)
    texts = [h.text for h in hits if h.source == "report.txt"]
    assert any("分批取消和下放了416项行政审批事项" in t for t in texts)
    assert any("再取消和下放一批行政审批事项" in t for t in texts)
    assert all(t in _one_line_report(60) for t in texts)  # verbatim stretches
    library.close()


def test_a_window_beside_one_shown_is_not_shown_again(tmp_path):
    # the two sentences fall in two windows side by side
    library = library_of(tmp_path, {"report.txt": _one_line_report(12), **filler_speeches()})
    hits = [h for h in library.search("取消和下放行政审批事项", top=5) if h.source == "report.txt"]
    assert len(hits) == 1
    library.close()


DEFINED = "它的内涵就是生命至上，举国同心，舍生忘死，尊重科学，命运与共。"
NAMED = "这就是伟大抗疫精神，我们要深刻把握伟大抗疫精神。"


def test_a_definition_ending_the_window_before_the_words_matched_is_shown_with_them(tmp_path):
    # the definition ends one window, the name it defines opens the next
    paragraph = FILLER[:280] + DEFINED + NAMED + FILLER
    windows = sentence_windows(paragraph, 320)
    assert DEFINED in paragraph[: windows[0][1]] and NAMED in paragraph[windows[1][0] :]
    speech = "在抗疫表彰大会上的讲话\n\n同志们：\n\n" + paragraph + "\n"
    library = library_of(tmp_path, {"speech.txt": speech, **filler_speeches()})
    hit = library.search("伟大抗疫精神的内涵", top=3)[0]
    assert DEFINED + NAMED in hit.text  # one stretch, in the paragraph's order
    assert hit.text in speech and len(hit.text) <= 700
    assert {hit.text[a:b] for a, b in hit.spans} >= {"伟大抗疫精神", "内涵"}
    library.close()


def test_two_windows_apart_are_shown_as_two_stretches_in_order(tmp_path):
    paragraph = FILLER[:280] + DEFINED + FILLER + FILLER[:28] + NAMED + FILLER
    windows = sentence_windows(paragraph, 320)
    assert DEFINED in paragraph[: windows[0][1]] and paragraph[windows[2][0] :].startswith(NAMED)
    speech = "在抗疫表彰大会上的讲话\n\n同志们：\n\n" + paragraph + "\n"
    library = library_of(tmp_path, {"speech.txt": speech, **filler_speeches()})
    hits = [h for h in library.search("伟大抗疫精神的内涵", top=3) if h.source == "speech.txt"]
    assert len(hits) == 1
    first, second = hits[0].text.split("……")
    assert DEFINED in first and NAMED in second
    assert first in speech and second in speech and len(hits[0].text) <= 700
    library.close()
