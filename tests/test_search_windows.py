"""A long paragraph is searched in windows of whole sentences: a hit whose matched words stand
at the end of its window shows the paragraph's next sentences too, so it holds the answer."""

from __future__ import annotations

from speechbot.index import Library

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
