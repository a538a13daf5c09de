"""An English word the glossary does not know is read through CC-CEDICT: "tourists" finds
the speech's 游客, "permanent member" its 常任理事国 (the words the archive holds, the most
frequent first)."""

from __future__ import annotations

from conftest import library_fixture, library_of

SPEECHES = {
    "forum-2024.txt": """在合作论坛上的讲话

各位朋友：

一、人文交流

未来五年，双方力争实现一千万游客互访，旅游合作不断深化。

二、经贸合作

双方贸易额稳步增长，投资合作取得新进展。
""",
    "forum-1942.txt": """在座谈会上的讲话

同志们：

我们的文艺是为人民大众的，首先是为工农兵的。

我们要团结一切可以团结的力量。
""",
    "un-2020.txt": """在联合国大会上的讲话

各位代表：

中国是安理会常任理事国中唯一的发展中国家。

联合国要践行多边主义，维护国际公平正义。
""",
}


library = library_fixture(SPEECHES)


def test_an_english_word_the_glossary_lacks_finds_its_chinese(library):
    hit = library.search("How many tourists?", top=1)[0]
    assert "一千万游客互访" in hit.text


def test_the_dictionary_reads_what_the_glossary_left(library):
    hit = library.search("Which permanent member is a developing country?", top=1)[0]
    assert "常任理事国中唯一的发展中国家" in hit.text


def test_a_phrase_with_a_function_word_inside_is_read_whole(library):
    hit = library.search("Whom should literature and art serve?", top=1)[0]
    assert "我们的文艺是为人民大众的" in hit.text


def test_a_slang_or_derogatory_sense_is_not_searched(tmp_path):
    """CC-CEDICT glosses 大笨象 "(slang) elephant": a question about elephants finds the
    speech's 大象, not a passage that only quotes the nickname."""
    speeches = {
        "wildlife.txt": "在生态保护会议上的讲话\n\n同志们：\n\n云南的亚洲大象种群稳步增长。\n",
        "village.txt": "在乡村会议上的讲话\n\n同志们：\n\n村里的孩子们把公园的滑梯叫作大笨象。\n",
    }
    library = library_of(tmp_path, speeches)
    try:
        hits = library.search("How many elephants are there?", top=5)
        assert hits and "亚洲大象种群" in hits[0].text
        assert not any("大笨象" in hit.text for hit in hits)
    finally:
        library.close()


def test_a_servers_next_start_reads_the_tables_its_first_start_kept(tmp_path, monkeypatch):
    from speechbot.index import _english_dictionary as english

    monkeypatch.setattr(english, "_prepared", None)
    english.prepare(tmp_path)
    words = english.dictionary_words(("tourist",)), english.name_words("Taoyuan")
    assert "游客" in words[0] and "桃园" in words[1]
    (kept,) = tmp_path.glob("english-*.marshal")

    def unread():
        raise AssertionError("CC-CEDICT read again")

    monkeypatch.setattr(english, "_prepared", None)
    monkeypatch.setattr(english, "_tables", unread)
    english.prepare(tmp_path)
    assert (english.dictionary_words(("tourist",)), english.name_words("Taoyuan")) == words

    # a damaged copy is made again, not trusted
    monkeypatch.undo()
    monkeypatch.setattr(english, "_prepared", None)
    kept.write_bytes(b"\x00damaged")
    english.prepare(tmp_path)
    assert (english.dictionary_words(("tourist",)), english.name_words("Taoyuan")) == words
    assert kept.read_bytes() != b"\x00damaged"
