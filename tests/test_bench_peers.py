"""bench.peers at a tiny size: every system answers from the same passages (no timing)."""

from __future__ import annotations

import pytest

from bench.generate import CORPUS

pytestmark = pytest.mark.skipif(
    not any(CORPUS.glob("*.txt")), reason="the generator draws words from ../shared/corpus"
)


def test_every_system_finds_a_word_in_the_passages_it_returns(tmp_path):
    from bench.generate import Generator
    from bench.peers import Systems, build_in_child, evict, export_corpus

    generator = Generator(3)
    generator.write_archive(tmp_path / "archive", 300)
    build_in_child("speechbot", tmp_path / "archive", tmp_path / "data")
    corpus = tmp_path / "corpus.jsonl"
    assert export_corpus(tmp_path / "data", corpus) > 200
    build_in_child("tantivy", corpus, tmp_path / "tantivy")
    build_in_child("fts5", corpus, tmp_path / "fts5")
    systems = Systems(tmp_path / "data", tmp_path / "tantivy", tmp_path / "fts5", corpus)
    assert set(systems.search) == {"speechbot", "tantivy", "fts5", "rank-bm25"}
    word = "发展"
    for cold in (False, True):
        for name, search in systems.search.items():
            if cold:
                evict([f for s in systems.folders.values() for f in s])
            texts = search(word)
            assert len(texts) == 5, name
            assert all(word in text for text in texts), (name, texts)
