"""Compact postings: every block decodes to the documents and impacts it
was made from, saved files load back the same, and an index of another format or other BM25
parameters is refused as stale."""

import json

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from speechbot.index import _postings
from speechbot.index._block_codec import PATCHED
from speechbot.index._postings import BLOCK, CompactField, StaleIndexError
from speechbot.index.ranking import BM25Field, BM25Params


@st.composite
def postings(draw):
    """Terms with ascending documents, gaps from 0 to 2**31 (every width of 0–32 bits),
    some with a few far larger than the rest (blocks patched)."""
    n_terms = draw(st.integers(1, 6))
    docs, indptr = [], [0]
    for _ in range(n_terms):
        size = draw(st.sampled_from([0, 1, 2, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 5]))
        bits = draw(st.integers(0, 31))
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        gaps = rng.integers(0, 2**bits, size, dtype=np.int64)
        large = rng.random(size) < draw(st.sampled_from([0.0, 0.01, 0.05, 0.3]))
        gaps[large] = rng.integers(0, 2 ** draw(st.integers(0, 30)), int(large.sum()))
        term = np.cumsum(gaps + 1) - 1
        term = term[term < 2**31 - 1]
        docs.append(term)
        indptr.append(indptr[-1] + len(term))
    docs = np.concatenate(docs).astype(np.int32)
    # each term's impacts up to its own top: every impact width of 0–8 bits
    tops = np.repeat(draw(st.lists(st.sampled_from([1, 2, 3, 5, 64, 65, 255]), min_size=n_terms,
                                   max_size=n_terms)), np.diff(indptr))  # fmt: skip
    rng = np.random.default_rng(len(docs))
    quantised = (1 + rng.integers(0, 1 << 30, len(docs)) % tops).astype(np.uint8)
    return docs, np.array(indptr, np.int64), quantised


@settings(deadline=None, max_examples=60)
@given(postings(), st.sampled_from([1, 100, 1 << 22]))
def test_every_block_decodes_to_what_it_was_made_from(case, chunk):
    docs, indptr, quantised = case
    saved, _postings._CHUNK = _postings._CHUNK, chunk  # chunks cut anywhere between blocks
    try:
        arrays = _postings._encode(docs, indptr, quantised)
    finally:
        _postings._CHUNK = saved
    field = CompactField({}, int(docs.max(initial=0)) + 1, 1.0, arrays, BM25Params())
    patched = False
    for tid in range(len(indptr) - 1):
        got_docs, got_impacts = field.postings(tid)
        term = docs[indptr[tid] : indptr[tid + 1]]
        np.testing.assert_array_equal(got_docs, term)
        np.testing.assert_array_equal(got_impacts, quantised[indptr[tid] : indptr[tid + 1]])
        blocks = slice(field.blockptr[tid], field.blockptr[tid + 1])
        ends = np.minimum(np.arange(BLOCK, len(term) + BLOCK, BLOCK), len(term)) - 1
        np.testing.assert_array_equal(field.lasts[blocks], term[ends])
        if len(term):
            assert field.bmax[blocks].max() == got_impacts.max() == field.tmax[tid]
        patched |= bool((field.widths[blocks] & PATCHED).any())
    assert field.data[-8:].tolist() == [0] * 8  # the decoder reads 8 bytes at any value
    event("a block patched" if patched else "no block patched")


def test_a_block_s_few_large_gaps_are_patched_and_equal_impacts_take_no_bits():
    docs = np.arange(BLOCK, dtype=np.int32)
    docs[64:] += 1 << 20  # one gap of 2**20, every other 0
    quantised = np.full(BLOCK, 4, np.uint8)
    arrays = _postings._encode(docs, np.array([0, BLOCK]), quantised)
    assert arrays["widths"].tolist() == [PATCHED | 0]
    # 2 bytes of header, the exception's place and its 21 bits, the smallest impact
    assert len(arrays["data"]) == 2 + 1 + 3 + 1 + 8
    field = CompactField({}, int(docs[-1]) + 1, 1.0, arrays, BM25Params())
    got_docs, got_impacts = field.postings(0)
    assert got_docs.tolist() == docs.tolist() and got_impacts.tolist() == quantised.tolist()


def _field(documents, params=BM25Params()):
    return CompactField.from_field(BM25Field.build(documents, params))


def test_impacts_are_quantised_to_8_bits_with_one_scale():
    documents = [["a"] * (i % 7 + 1) + ["b"] * (i % 3) for i in range(500)]
    built = BM25Field.build(documents)
    field = CompactField.from_field(built)
    for tid in built.vocabulary.values():
        docs, quantised = field.postings(tid)
        lo, hi = built.indptr[tid], built.indptr[tid + 1]
        np.testing.assert_array_equal(docs, built.docs[lo:hi])
        # the nearest step, but never 0 (0 reads as "absent"): impacts below half a step
        # count one step
        exact = built.impacts[lo:hi]
        expected = np.maximum(exact, field.scale)
        assert (quantised >= 1).all()
        np.testing.assert_allclose(quantised * field.scale, expected, atol=field.scale * 0.501)
    assert field.maxima.max() == pytest.approx(built.impacts.max(), rel=1e-6)


def test_save_and_load_round_trip(tmp_path):
    field = _field([[f"w{(i * j) % 50}" for j in range(i % 30 + 1)] for i in range(700)])
    field.save(tmp_path, "body")
    loaded = CompactField.load(tmp_path, "body")
    assert loaded.vocabulary == field.vocabulary and loaded.n_docs == field.n_docs
    for query in (["w1", "w5"], ["w30"], ["w0"]):
        a, b = field.scores(query), loaded.scores(query)
        np.testing.assert_array_equal(a[0], b[0])
        np.testing.assert_array_equal(a[1], b[1])
    meta = json.loads((tmp_path / "body.meta.json").read_text())
    assert meta["format"] == _postings.FORMAT
    assert not list(tmp_path.glob("*.tfs.npy")) and not list(tmp_path.glob("*.len.npy"))


def test_an_older_format_or_other_parameters_are_stale(tmp_path):
    field = _field([["a", "b"], ["b"]])
    field.save(tmp_path, "body")
    with pytest.raises(StaleIndexError, match="parameters"):
        CompactField.load(tmp_path, "body", BM25Params(k1=2.0))
    meta = tmp_path / "body.meta.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "format": 1}))
    with pytest.raises(StaleIndexError, match="format 1"):
        CompactField.load(tmp_path, "body")
    meta.unlink()  # format 1 had no meta file
    with pytest.raises(StaleIndexError, match="format 1"):
        CompactField.load(tmp_path, "body")


def test_a_term_s_documents_for_mentions():
    field = _field([["x"] if i % 3 else ["y", "x"] for i in range(1000)])
    np.testing.assert_array_equal(field.term_docs(field.vocabulary["y"]), np.arange(0, 1000, 3))
    assert field.document_frequency("x") == 1000 and field.document_frequency("z") == 0


def test_the_saved_files_do_not_depend_on_how_many_postings_are_handled_at_once(
    tmp_path, monkeypatch
):
    documents = [[f"w{(i * j) % 40}" for j in range(i % 25 + 1)] for i in range(900)]
    _field(documents).save(tmp_path, "whole")
    monkeypatch.setattr(_postings, "_CHUNK", 37)  # impacts and blocks cut at odd places
    _field(documents).save(tmp_path, "cut")
    for file in [f"{part}.npy" for part in _postings._PARTS] + ["meta.json", "vocab.json"]:
        assert (tmp_path / f"whole.{file}").read_bytes() == (tmp_path / f"cut.{file}").read_bytes()
