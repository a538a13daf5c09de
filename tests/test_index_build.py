"""The index build reads the store a chunk of passages at a time and merges sorted runs on
disk: whatever the chunk and merge sizes, its files are those of building every field from
whole columns at once, and it leaves nothing behind in the data directory."""

from __future__ import annotations

import os
import sqlite3
import time

import numpy as np
import pytest
from conftest import SAMPLES

from speechbot.index._postings import CompactField
from speechbot.index.fields import FIELDS
from speechbot.index.library import Library
from speechbot.index.passage_index import SearchIndex
from speechbot.index.ranking import BM25Field

OUTLINES = SAMPLES.parent / "tests" / "data" / "outline"


def _files(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _one_shot(store, params, stopchars):
    """Every field from its whole column at once (the reference)."""
    _, _, columns = store.term_columns(stopchars)
    vocabulary = store.vocabulary()
    return {
        name: CompactField.from_field(BM25Field.from_flat(*columns[name], vocabulary, params))
        for name in FIELDS
    }


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    data = tmp_path_factory.mktemp("build") / "data"
    library = Library(data)
    library.ingest([SAMPLES, *sorted(OUTLINES.iterdir())])
    library.close()
    return data


@pytest.mark.parametrize("renumbered", [False, True])
@pytest.mark.parametrize(("chunk", "merge"), [(1 << 22, None), (3000, 500), (1, 7)])
def test_a_chunked_build_writes_the_files_of_a_one_shot_build(
    data, tmp_path, chunk, merge, renumbered
):
    if renumbered:  # the first speech's passages numbered after every other's
        copy = tmp_path / "copy"
        copy.mkdir()
        (copy / "speechbot.sqlite3").write_bytes((data / "speechbot.sqlite3").read_bytes())
        with sqlite3.connect(copy / "speechbot.sqlite3") as db:
            db.execute("UPDATE passages SET id = id + 100000 WHERE speech_id = 1")
        data = copy
    library = Library(data)
    settings, stopchars = library.config.settings.bm25, library.analyzer.stopchars
    built = SearchIndex.build(library.store, settings, stopchars, chunk=chunk, merge=merge)
    assert not list(data.glob(".build-*"))  # the runs are removed
    whole = SearchIndex.build(library.store, settings, stopchars, chunk=1 << 40, merge=1 << 40)
    one_shot = _one_shot(library.store, settings, stopchars)
    library.close()
    assert len(built) > 100 and len(set(built.speech_ids.tolist())) > 5
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    built.save(tmp_path / "a")
    whole.save(tmp_path / "b")
    for name, field in one_shot.items():
        field.save(tmp_path / "c", name, vocabulary=False)
    a, b, c = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert a == b
    assert {name: a[name] for name in c} == c


@pytest.mark.parametrize("chars", [True, False])
def test_the_chunks_put_end_to_end_are_the_whole_columns(data, chars):
    library = Library(data)
    store = library.store
    pids, sids, columns = store.term_columns(library.analyzer.stopchars)
    rows_pids, rows_sids, documents = store.passage_rows()
    chunks = list(store.term_chunks(documents, 500, library.analyzer.stopchars, chars=chars))
    library.close()
    assert len(chunks) > 3
    assert pids.tolist() == rows_pids.tolist() and sids.tolist() == rows_sids.tolist()
    fields = FIELDS if chars else ("body", "head")
    assert all(set(chunk.columns) == set(fields) for chunk in chunks)
    for name in fields:
        ids, lengths = columns[name]
        starts = np.cumsum(lengths) - lengths
        for chunk in chunks:
            part_ids, part_lengths = chunk.columns[name]
            assert part_lengths.tolist() == lengths[chunk.rows].tolist()
            spans = zip(starts[chunk.rows], part_lengths, strict=True)
            expected = [ids[s : s + n] for s, n in spans]
            assert part_ids.tolist() == np.concatenate(expected).tolist()


def test_runs_left_by_a_killed_build_are_removed_and_a_running_build_s_are_not(data, tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "speechbot.sqlite3").write_bytes((data / "speechbot.sqlite3").read_bytes())
    abandoned, running = copy / ".build-killed", copy / ".build-running"
    for folder in (abandoned, running):
        folder.mkdir()
        (folder / "body.docs").write_bytes(b"\0" * 64)
    old = time.time() - 7 * 3600
    os.utime(abandoned / "body.docs", (old, old))
    library = Library(copy)
    SearchIndex.build(library.store, library.config.settings.bm25, library.analyzer.stopchars)
    library.close()
    assert not abandoned.exists()
    assert (running / "body.docs").exists()
