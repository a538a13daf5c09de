"""Among the best candidates, the passage holding every word of the question, and holding
them close together, is shown first: BM25 alone ranks a short passage repeating one of the
words, or one holding them sentences apart, above it."""

from __future__ import annotations

from dataclasses import replace

from conftest import filler_speeches, library_fixture

from speechbot.index import SearchSettings

FILLER = "各区要压实责任，细化措施，确保各项工作落到实处。"

REPEATING = {
    "flood-meeting.txt": f"""在全市防汛工作会议上的讲话

同志们：

一、备足物资

防汛物资要提前备足，防汛物资要分类存放，防汛物资要定期检查。

今年汛期，各区要备好防汛物资，组织应急演练。{FILLER * 6}
""",
    **filler_speeches(),
}

SCATTERED = {
    "flood-meeting.txt": """在全市防汛工作会议上的讲话

同志们：

一、汛前准备

城区防汛物资已经入库。低洼小区要逐一排查，地下车库要备好挡水板，老旧房屋要落实转移预案，各街道在汛前组织应急演练。

山区各乡镇备足防汛物资，组织应急演练，排查地质灾害隐患点，落实群测群防责任人，确保转移路线畅通、场所可用。
""",
    **filler_speeches(),
}

QUESTION = "防汛物资和应急演练"
BM25_ALONE = replace(SearchSettings(), coverage_weight=0.0, proximity_weight=0.0)


repeating = library_fixture(REPEATING)


scattered = library_fixture(SCATTERED)


def test_the_passage_holding_every_word_comes_before_one_repeating_a_word(repeating):
    first, second = repeating.search(QUESTION, top=2)
    assert first.text.startswith("今年汛期，各区要备好防汛物资，组织应急演练。")
    assert second.text.startswith("防汛物资要提前备足")


def _first_by_bm25_alone(library, question: str):
    library.set_search_settings(BM25_ALONE)
    try:
        return library.search(question, top=1)[0]
    finally:
        library.set_search_settings(SearchSettings())


def test_bm25_alone_ranks_the_repeating_passage_first(repeating):
    # what the order above corrects (the fixture is a real case of it)
    assert _first_by_bm25_alone(repeating, QUESTION).text.startswith("防汛物资要提前备足")


def test_words_in_one_sentence_come_before_words_sentences_apart(scattered):
    first, second = scattered.search(QUESTION, top=2)
    assert first.text.startswith("山区各乡镇备足防汛物资，组织应急演练")
    assert second.text.startswith("城区防汛物资已经入库")
    # one section's second and first paragraphs, as their references say
    assert (str(first.ref), str(second.ref)) == (f"{first.ref.section}#2", f"{first.ref.section}#1")


def test_bm25_alone_ranks_the_scattered_passage_first(scattered):
    assert _first_by_bm25_alone(scattered, QUESTION).text.startswith("城区防汛物资已经入库")


def test_a_word_naming_the_speech_counts_for_no_passage(repeating):
    # "防汛工作会议" names the speech: its passages are chosen by the rest of the question
    first = repeating.search("防汛工作会议讲的防汛物资和应急演练", top=1)[0]
    assert first.text.startswith("今年汛期，各区要备好防汛物资，组织应急演练。")
