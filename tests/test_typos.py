"""Homophone typos: a word no passage has is read as the archive's word that sounds alike."""

from __future__ import annotations

from speechbot.index.typos import sound_alike

ARCHIVE = {"世博会": 12, "医生": 40, "医院": 90, "攻坚战": 30, "世界": 500}


def test_one_character_of_the_same_sound_is_corrected():
    frequency = lambda word: ARCHIVE.get(word, 0)  # noqa: E731
    assert sound_alike("世搏会", frequency) == ["世博会"]
    assert sound_alike("医声", frequency) == ["医生"]  # not 医院: 声 and 院 sound different
    assert sound_alike("功坚战", frequency) == ["攻坚战"]


def test_no_guess_without_a_same_sounding_word():
    frequency = lambda word: ARCHIVE.get(word, 0)  # noqa: E731
    assert sound_alike("医疗", frequency) == []
    assert sound_alike("博", frequency) == []  # single characters: the character field's job
    assert sound_alike("gdp", frequency) == []


def test_typed_words_with_a_typo_find_the_passage(corpus_library):
    hits = corpus_library.search("上海世搏会", top=3)
    assert "上海世博会即将拉开帷幕" in hits[0].text
    assert any(hits[0].text[a:b] == "上海世博会" for a, b in hits[0].spans)  # highlighted
    hits = corpus_library.search("全科医声队伍建设", top=3)
    assert "全科医生" in hits[0].text


def test_only_the_first_unknown_words_are_read_as_typos(corpus_library, monkeypatch):
    from speechbot.index import expansion

    weights = {"世搏会": 1.0, "医声": 1.0}
    frequency = corpus_library.index.fields["body"].document_frequency
    assert set(expansion.sound_alike_terms(frequency, weights, 0.7)) == {"世博会", "医生"}
    monkeypatch.setattr(expansion, "MAX_TYPO_WORDS", 1)  # a pasted page is not a typo
    assert set(expansion.sound_alike_terms(frequency, weights, 0.7)) == {"世博会"}
