"""Damaged or half-written index files: the manifest's sizes and hashes catch them before
any answer, and the index is rebuilt from the store (the source of truth)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import SAMPLES

from speechbot.index._postings import FORMAT, StaleIndexError
from speechbot.index.cli import main
from speechbot.index.folders import _write_manifest
from speechbot.index.library import Library
from speechbot.index.passage_index import SearchIndex

QUESTIONS = ["老旧小区改造惠及多少户居民", "青年科技人才", "城市更新 资金"]


def _answers(library):
    return [[(str(h.ref), h.text) for h in library.search(q)] for q in QUESTIONS]


@pytest.fixture
def data(tmp_path):
    data = tmp_path / "data"
    library = Library(data)
    library.ingest([SAMPLES])
    library.close()
    return data


def _published(data):
    return data / (data / "CURRENT").read_text().strip()


def _truncate(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _zero_postings(path):
    array = np.load(path)
    array[:] = 0
    np.save(path, array)  # same size, same header: only the postings differ


def _shuffle_postings(path):
    array = np.load(path)
    np.random.default_rng(16).shuffle(array)
    np.save(path, array)


DAMAGE = {
    "truncated .npy": ("body.data.npy", _truncate),
    "truncated vocab.json": ("vocab.json", _truncate),
    "zeroed postings": ("body.data.npy", _zero_postings),
    "shuffled postings": ("body.data.npy", _shuffle_postings),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_is_rebuilt_and_answers_as_before(data, damage, capsys):
    library = Library(data)
    expected = _answers(library)
    library.close()
    assert all(expected)
    damaged = _published(data)
    name, harm = DAMAGE[damage]
    harm(damaged / name)

    code = main(["--data", str(data), "ask", QUESTIONS[0]])
    captured = capsys.readouterr()
    assert code == 0 and "Traceback" not in captured.err
    assert expected[0][0][1] in captured.out  # the same best passage, quoted
    library = Library(data)
    assert _answers(library) == expected
    library.close()
    # a whole index was published again in its place
    republished = _published(data)
    assert republished != damaged
    manifest = json.loads((republished / "MANIFEST.json").read_text())
    assert manifest[name]["size"] == (republished / name).stat().st_size


def test_an_index_without_a_manifest_is_not_trusted(data):
    library = Library(data)
    expected = _answers(library)
    library.close()
    (_published(data) / "MANIFEST.json").unlink()
    _zero_postings(_published(data) / "chars.data.npy")
    library = Library(data)
    assert _answers(library) == expected
    library.close()


def _as_format_1(folder):
    """The published index made to look as an index of format 1 would: no meta files (the
    manifest written again, so that only the format is wrong)."""
    for meta in folder.glob("*.meta.json"):
        meta.unlink()
    _write_manifest(folder)


def _as_other_format(folder):
    for meta in folder.glob("*.meta.json"):
        meta.write_text(json.dumps({**json.loads(meta.read_text()), "format": 1}))
    _write_manifest(folder)


@pytest.mark.parametrize("old", [_as_format_1, _as_other_format])
def test_an_index_of_an_older_format_is_rebuilt_from_the_store(data, old):
    library = Library(data)
    expected = _answers(library)
    library.close()
    stale = _published(data)
    old(stale)
    with pytest.raises(StaleIndexError):
        SearchIndex.load(stale)
    library = Library(data)
    assert _answers(library) == expected  # searches still answer, the same
    library.close()
    migrated = _published(data)
    assert migrated != stale
    assert json.loads((migrated / "body.meta.json").read_text())["format"] == FORMAT
    SearchIndex.load(migrated)


def test_a_large_index_file_is_checked_by_its_size_and_edges(tmp_path):
    from speechbot.index.folders import EDGE, _check_manifest

    folder = tmp_path / "index-1"
    folder.mkdir()
    big = folder / "body.data.npy"
    big.write_bytes(bytes(range(256)) * (EDGE // 64))  # four times the edges
    _write_manifest(folder)
    assert _check_manifest(folder) is None
    data = bytearray(big.read_bytes())
    data[-3] ^= 0xFF  # the last bytes of a half-written file
    big.write_bytes(bytes(data))
    assert _check_manifest(folder) == "body.data.npy: content differs"
    data[-3] ^= 0xFF
    data[5] ^= 0xFF  # its header
    big.write_bytes(bytes(data))
    assert _check_manifest(folder) == "body.data.npy: content differs"
    big.write_bytes(bytes(data[: len(data) // 2]))
    assert _check_manifest(folder) == "body.data.npy: size differs"
