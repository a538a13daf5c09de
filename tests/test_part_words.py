"""Any run of characters a user types finds the longer words that hold it, where the index
does not split it out of them ("雄安" of 雄安新区)."""

from __future__ import annotations

from conftest import library_fixture, library_of

from speechbot.index.partwords import words_containing
from speechbot.index.query import build_query

SPEECHES = {
    "hebei-report.txt": """2026年河北省政府工作报告

各位代表：

雄安新区拔节生长，一批央企总部迁入。

高标准高质量建设雄安新区，推进京津冀协同发展。

白洋淀水清岸绿。
""",
}


library = library_fixture(SPEECHES)


class _Words:
    def words(self):
        return ["雄安新区", "新区", "进博会", "雄安", "安新"]


def test_words_containing_a_run_of_characters():
    vocabulary = _Words()
    assert words_containing(vocabulary, "雄安") == ["雄安新区"]
    assert words_containing(vocabulary, "进博") == ["进博会"]
    assert words_containing(vocabulary, "雄") == []


def test_a_part_of_a_word_finds_the_word(library):
    texts = [hit.text for hit in library.search("雄安", top=5)]
    assert len(texts) == 2 and all("雄安新区" in text for text in texts)


def test_a_word_the_index_splits_out_brings_no_longer_word(library):
    # the index holds 新区 wherever 雄安新区 is written: the longer word would add nothing
    def words(question):
        settings = library.config.settings
        return build_query(
            question, settings, analyzer=library.analyzer, archive=library.index
        ).words

    assert "雄安新区" not in words("新区")
    assert "雄安新区" in words("雄安")


def test_a_sub_word_is_told_apart_as_the_whole_list_tells_it(library):
    analyzer = library.analyzer
    for word in ["雄安新区", "京津冀协同发展", "白洋淀", "高质量", "2026年", "新区", "一批央企"]:
        for part in {word[i:j] for i in range(len(word)) for j in range(i + 1, len(word) + 1)}:
            assert analyzer.holds_subword(word, part) == (part in analyzer.subwords(word)), part


def test_the_word_found_is_marked(library):
    hit = library.search("雄安", top=1)[0]
    assert "雄安新区" in [hit.text[start:end] for start, end in hit.spans]


def test_a_word_glued_to_a_lone_character_is_still_found(tmp_path):
    # the segmenter reads "怎么提雄安" as 怎么 / 提雄安, a word no passage holds; its
    # characters alone would find any passage holding 提 and 安
    speeches = dict(SPEECHES)
    speeches["safety.txt"] = """2025年安全生产工作会议上的讲话

同志们：

提高安全生产水平，提升安居工程质量，提前安排安置。
"""
    library = library_of(tmp_path, speeches)
    try:
        texts = [hit.text for hit in library.search("怎么提雄安", top=2)]
    finally:
        library.close()
    assert len(texts) == 2 and all("雄安新区" in text for text in texts)
