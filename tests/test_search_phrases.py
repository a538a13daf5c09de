"""A phrase that jieba splits into common words, as a user sees it: the passage holding it
whole answers first, though many passages repeating one of its words rank above it by BM25."""

from __future__ import annotations

import pytest

from speechbot.index import Library, LibraryConfig, SearchSettings

THEMES = ["时代", "民族", "奋斗", "科学家", "劳模", "工匠", "雷锋", "长征", "延安", "井冈山", "西柏坡",
          "红船", "焦裕禄", "载人航天", "探月", "女排", "抗洪", "北斗", "塞罕坝", "脱贫攻坚", "丝路",
          "老区", "沂蒙", "大庆", "两弹一星"]  # fmt: skip

SPEECHES = {
    # 精神 and 内涵 over and over, in short paragraphs
    "spirit-talks.txt": "关于精神谱系的讲话\n\n"
    + "\n\n".join(f"{t}精神的内涵十分丰富，要深刻把握{t}精神的内涵。" for t in THEMES),
    # 抗疫 and 伟大, each alone
    "fight-notes.txt": "抗疫工作纪实\n\n"
    + "\n\n".join(f"第{i}批医疗队到达，抗疫物资及时送达。" for i in range(1, 16))
    + "\n\n"
    + "\n\n".join(f"{t}是伟大的事业。" for t in THEMES[:10]),
    # the phrase, once
    "commendation.txt": "在抗疫表彰大会上的讲话\n\n同志们：\n\n在这场同严重疫情的殊死较量中，中国人民"
    "铸就了生命至上、举国同心、舍生忘死、尊重科学、命运与共的伟大抗疫精神。\n",
}
QUESTION = "伟大抗疫精神的内涵是什么"
PHRASE = "伟大抗疫精神"


def _library(folder, settings: SearchSettings) -> Library:
    library = Library(folder / f"data-{settings.backend}-{settings.phrase_candidates}",
                      LibraryConfig(settings=settings))  # fmt: skip
    assert all(o.ok for o in library.ingest(sorted(folder.glob("*.txt"))))
    return library


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speeches")
    for name, text in SPEECHES.items():
        (folder / name).write_text(text + "\n", "utf-8")
    return folder


@pytest.mark.parametrize("backend", ["c", "numpy"])
def test_the_passage_holding_the_phrase_whole_answers_first(folder, backend):
    library = _library(folder, SearchSettings(backend=backend))
    try:
        for top in (1, 3, 10):
            hits = library.search(QUESTION, top=top)
            assert PHRASE in hits[0].text, [h.text[:20] for h in hits]
            assert hits[0].text[slice(*hits[0].spans[0])] in PHRASE  # marked where it stands
        # the rest of the answer as before: the passages holding the words
        assert len(library.search(QUESTION, top=10)) > 1
    finally:
        library.close()


def test_without_the_wider_pool_the_phrase_is_not_among_the_first(folder):
    # the library is one where BM25 alone ranks the phrase too low to be seen
    library = _library(folder, SearchSettings(phrase_candidates=0))
    try:
        assert not any(PHRASE in h.text for h in library.search(QUESTION, top=3))
    finally:
        library.close()


def test_a_phrase_no_passage_holds_changes_nothing(folder):
    # the pairs' words are all there, the pairs are not: the same answer either way
    wide = _library(folder, SearchSettings())
    narrow = _library(folder, SearchSettings(phrase_candidates=0))
    try:
        for question in ("内涵伟大", "抗疫内涵的精神"):
            assert [h.ref for h in wide.search(question, top=5)] == [
                h.ref for h in narrow.search(question, top=5)
            ]
    finally:
        wide.close()
        narrow.close()
