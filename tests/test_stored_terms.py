"""The passages' term ids as stored (one frame per speech, field by field) read back two
ways, per passage and per field, agree, in passage id order even when the ids of one
speech's passages come after another's."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from conftest import SAMPLES

from speechbot.index.analysis import Analyzer
from speechbot.index.char_field import CharField
from speechbot.index.library import Library
from speechbot.index.packing import pack_term_ids, unpack_term_ids
from speechbot.index.stored_terms import field_major


def test_field_major_puts_each_passages_ids_field_by_field():
    # two passages: body 2, head 1, chars 3; body 1, head 0, chars 2
    ids = np.array([10, 11, 20, 30, 31, 32, 12, 33, 34])
    counts = np.array([[2, 1, 3], [1, 0, 2]])
    assert ids[field_major(counts)].tolist() == [10, 11, 12, 20, 30, 31, 32, 33, 34]
    assert field_major(np.zeros((0, 3), np.int64)).tolist() == []


def test_term_ids_come_back_each_run_sorted_whatever_their_size():
    rng = np.random.default_rng(7)
    for top in (3, 200, 1 << 14, 1 << 21, (1 << 31) - 1):
        lengths = rng.integers(0, 12, 40)
        lengths[[0, 5, -1]] = 0  # empty runs first, inside and last
        ids = rng.integers(0, top, int(lengths.sum()))
        back = unpack_term_ids(pack_term_ids(ids, lengths), lengths)
        cut = np.cumsum(lengths)[:-1]
        assert [r.tolist() for r in np.split(back, cut)] == [
            sorted(r.tolist()) for r in np.split(ids, cut)
        ]
    empty = np.zeros(0, np.int64)
    assert unpack_term_ids(pack_term_ids(empty, empty), empty).tolist() == []
    with pytest.raises(ValueError):
        unpack_term_ids(pack_term_ids(np.arange(5), [5]), [6])


def _per_passage(store) -> dict[int, tuple[int, list, list, list]]:
    return {
        pid: (sid, t.body.tolist(), t.head.tolist(), t.chars.tolist())
        for pid, sid, t in store.passage_terms()
    }


def _from_columns(store) -> dict[int, tuple[int, list, list, list]]:
    pids, sids, columns = store.term_columns()
    assert pids.tolist() == sorted(pids.tolist())
    split = {}
    for name, (values, lengths) in columns.items():
        assert len(lengths) == len(pids)
        split[name] = [v.tolist() for v in np.split(values, np.cumsum(lengths)[:-1])]
    return {
        int(pid): (int(sid), split["body"][i], split["head"][i], split["chars"][i])
        for i, (pid, sid) in enumerate(zip(pids, sids, strict=True))
    }


def test_term_columns_and_passage_terms_agree_in_any_id_order(tmp_path):
    library = Library(tmp_path / "data")
    library.ingest([SAMPLES])
    per_passage = _per_passage(library.store)
    assert len(per_passage) > 20 and all(body for _, body, _, _ in per_passage.values())
    assert _from_columns(library.store) == per_passage
    library.close()

    # the first speech's passages renumbered after every other's
    with sqlite3.connect(tmp_path / "data" / "speechbot.sqlite3") as db:
        db.execute("UPDATE passages SET id = id + 100000 WHERE speech_id = 1")
    library = Library(tmp_path / "data")
    per_passage = _per_passage(library.store)
    assert max(per_passage) > 100000
    assert _from_columns(library.store) == per_passage
    library.close()


def test_the_character_field_is_made_from_the_text_as_the_analyzer_makes_it(tmp_path):
    # latin words, numbers with decimals, full-width and traditional characters, stop
    # characters, a rare CJK character beyond the basic block, words across lines
    own = tmp_path / "own.txt"
    own.write_text(
        "字符测试讲话\n一、ＧＤＰ增长3.5%的原因\n我們的GDP增长了3.5%，PM2.5下降。\n"
        "㐀字与𠀀字，5G基站，abc_def x86。\n",
        encoding="utf-8",
    )
    library = Library(tmp_path / "data")
    library.ingest([SAMPLES, own])
    terms = {tid: term for term, tid in library.store.vocabulary().items()}
    texts = {
        (p.speech_id, p.start): p.text
        for info in library.list()
        for p in library.speech(info.id).passages(library.config.reading.passage_chars)
    }
    seen = 0
    for _, sid, t in library.store.passage_terms(library.analyzer.stopchars):
        expected = library.analyzer.chars(texts[(sid, t.start)])
        assert [terms[i] for i in t.chars.tolist()] == expected
        seen += bool(expected)
    assert seen > 20
    library.close()


def test_passages_that_cut_a_word_or_overlap_get_the_characters_of_their_own_text():
    analyzer = Analyzer()
    text = "GDP增长3.5%，ab3.5cd的PM2.5和5G。\n另一段x86与𠀀字"
    # edges inside "3.5", "ab3.5cd" and "PM2.5", overlapping windows, an empty passage
    spans = [(0, 6), (6, 14), (12, 20), (20, 20), (20, 27), (25, len(text))]
    terms = sorted({t for a, b in spans for t in analyzer.chars(text[a:b])})
    vocabulary = {term: i for i, term in enumerate(terms)}
    field = CharField(vocabulary, analyzer.stopchars)
    starts, ends = (np.array(x, np.int64) for x in zip(*spans, strict=True))
    ids, counts = field.speech(text, starts, ends)
    names = {i: t for t, i in vocabulary.items()}
    got = [[names[i] for i in part.tolist()] for part in np.split(ids, np.cumsum(counts)[:-1])]
    assert got == [analyzer.chars(text[a:b]) for a, b in spans]
    assert field.unknown == 0
