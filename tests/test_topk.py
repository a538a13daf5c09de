"""Pruned top k (MaxScore) returns what scoring every posting returns."""

import importlib.util
import json
import random
import shutil
import subprocess
import sysconfig
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speechbot.index import _postings, topk
from speechbot.index._block_codec import PATCHED
from speechbot.index._postings import CompactField
from speechbot.index.errors import SpeechbotError
from speechbot.index.passage_index import EXHAUSTIVE_LIMIT
from speechbot.index.query import build_query
from speechbot.index.ranking import BM25Field, BM25Params, combine, top_k
from speechbot.index.settings import SearchSettings
from speechbot.index.topk import GroupList, TermList, max_score_top_k

EVAL = Path(__file__).parent / "eval"


def _corpus(seed: int, docs: int, vocab: int = 60) -> list[list[str]]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocab)]
    weights = [1 / (i + 1) for i in range(vocab)]
    return [rng.choices(words, weights, k=rng.randint(1, 40)) for _ in range(docs)]


def _compact(documents) -> CompactField:
    return CompactField.from_field(BM25Field.build(documents))


def _exhaustive(lists, k):
    docs, scores = combine([(*lst.everything(), 1.0) for lst in lists])
    return top_k(docs, scores, k)


BOTH = pytest.mark.parametrize("backend", ["c", "numpy"])


@settings(deadline=None, max_examples=40)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 25))
def test_every_width_of_impacts_ranks_as_scoring_everything(seed, k):
    # impacts of every block width (0 to 8 bits), lists long and short, blocks patched
    # (a few large gaps among small ones) and not
    rng = np.random.default_rng(seed)
    n_docs, indptr, docs, impacts = 3000, [0], [], []
    for top in (1, 2, 3, 9, 100, 255):
        size = int(rng.integers(1, 900))
        term = np.sort(rng.choice(n_docs, size, replace=False))
        docs.append(term)
        impacts.append(rng.integers(1, top + 1, size))
        indptr.append(indptr[-1] + size)
    # runs of neighbours with a few jumps between: blocks patched
    jumps = np.unique(np.r_[np.arange(100, 250), np.arange(1200, 1290), rng.choice(n_docs, 9)])
    docs.append(jumps)
    impacts.append(rng.integers(1, 40, len(jumps)))
    indptr.append(indptr[-1] + len(jumps))
    arrays = _postings._encode(
        np.concatenate(docs).astype(np.int32),
        np.array(indptr, np.int64),
        np.concatenate(impacts).astype(np.uint8),
    )
    names = {f"t{i}": i for i in range(len(indptr) - 1)}
    field = CompactField(names, n_docs, 0.01, arrays, BM25Params())
    assert (field.widths & PATCHED).any()
    lists = [TermList(field, tid, float(rng.choice([0.1, 0.4, 1.0]))) for tid in names.values()]
    expected = _exhaustive(lists, k)
    for backend in ("c", "numpy"):
        assert top_k(*max_score_top_k(lists, k, n_docs, backend=backend), k) == expected
    assert field.offsets.dtype == np.int32 and field.indptr.dtype == np.int32
    field.offsets = field.offsets.astype(np.int64)  # as an index saved wider reads them
    assert top_k(*max_score_top_k(lists, k, n_docs, backend="c"), k) == expected


def _tied_corpus(seed: int, docs: int) -> list[list[str]]:
    """Few distinct documents, each repeated: many passages score exactly the same."""
    rng = random.Random(seed)
    kinds = _corpus(seed, rng.randint(1, 6), vocab=8)
    return [rng.choice(kinds) for _ in range(docs)]


def test_the_compiled_kernel_is_built():
    # setup.py builds it on install; without it searches fall back to the slower numpy loop
    assert topk._maxscore is not None


@settings(deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_docs=st.integers(1, 400),
    n_terms=st.integers(1, 12),
    k=st.integers(1, 25),
    tied=st.booleans(),
)
def test_max_score_equals_scoring_everything(seed, n_docs, n_terms, k, tied):
    # C, numpy and every posting scored give the same documents and scores, in the same
    # order, ties included (in document order)
    field = _compact(_tied_corpus(seed, n_docs) if tied else _corpus(seed, n_docs))
    rng = random.Random(seed)
    terms = rng.sample(sorted(field.vocabulary), min(n_terms, len(field.vocabulary)))
    lists = [TermList(field, field.vocabulary[t], rng.choice([0.1, 0.4, 1.0])) for t in terms]
    expected = _exhaustive(lists, k)
    for backend in ("c", "numpy"):
        got = top_k(*max_score_top_k(lists, k, n_docs, backend=backend), k)
        assert got == expected, backend
    assert not _accumulator_dirty()


@settings(deadline=None, max_examples=25)
@given(
    seed=st.integers(0, 10_000),
    n_docs=st.integers(4_000, 60_000),
    n_terms=st.integers(2, 30),
    k=st.sampled_from([1, 5, 20]),
)
def test_the_kernel_equals_scoring_everything_over_many_windows(seed, n_docs, n_terms, k):
    # thousands of documents: up to several of the kernel's 8192-document windows, lists
    # that turn into lookups part way, and a lift of a few groups
    _check_kernel(seed, n_docs, n_terms, k)


def _check_kernel(seed, n_docs, n_terms, k):
    field = _compact(_corpus(seed, n_docs, vocab=400))
    rng = random.Random(seed)
    terms = rng.sample(sorted(field.vocabulary), min(n_terms, len(field.vocabulary)))
    lists = [TermList(field, field.vocabulary[t], rng.choice([0.1, 0.4, 1.0])) for t in terms]
    cuts = sorted(rng.sample(range(n_docs), 6))
    lift = GroupList(
        np.array(cuts[0::2]), np.array(cuts[1::2]), np.array([1.0, 0.5, 0.2]), weight=3.0
    )
    docs, scores = combine([(*lst.everything(), 1.0) for lst in lists])
    scores = scores + lift.lookup(docs)
    expected = top_k(docs, scores, k)
    for backend in ("c", "numpy"):
        assert top_k(*max_score_top_k(lists, k, n_docs, lift, backend), k) == expected


@pytest.fixture(scope="module")
def plain_c_kernel(tmp_path_factory):
    """The kernel built without its SSE2 code, as on other processors."""
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        pytest.skip("no C compiler")
    source = Path(topk.__file__).with_name("_maxscore.c")
    target = tmp_path_factory.mktemp("plain") / f"_maxscore{sysconfig.get_config_var('EXT_SUFFIX')}"
    include = sysconfig.get_paths()["include"]
    command = [compiler, "-O2", "-DMAXSCORE_PLAIN_C", "-shared", "-fPIC", f"-I{include}"]
    subprocess.run([*command, str(source), "-o", str(target)], check=True)
    spec = importlib.util.spec_from_file_location("_maxscore", target)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", [3, 11, 29])
def test_the_plain_c_kernel_equals_scoring_everything(plain_c_kernel, monkeypatch, seed):
    monkeypatch.setattr(topk, "_maxscore", plain_c_kernel)
    _check_kernel(seed, n_docs=30_000, n_terms=12, k=20)
    test_a_frequent_light_word_counts_where_a_rare_one_brings_documents_in()


def _accumulator_dirty() -> bool:
    acc = getattr(topk._scratch, "acc", None)
    return acc is not None and bool(acc.any())


@BOTH
def test_a_lift_raises_matches_of_a_group_but_adds_no_document(backend):
    field = _compact([["a"], ["b"], ["a", "b"], ["c"], ["a"]])
    lists = [TermList(field, field.vocabulary["a"], 1.0)]
    # documents 3 and 4 form a lifted group: 4 matches "a" and rises, 3 matches nothing
    lift = GroupList(np.array([3]), np.array([5]), np.array([1.0]), weight=10.0)
    docs, scores = max_score_top_k(lists, 3, 5, lift, backend=backend)
    ranked = top_k(docs, scores, 3)
    assert ranked[0][0] == 4 and 3 not in docs
    assert sorted(doc for doc, _ in ranked) == [0, 2, 4]


@BOTH
def test_skipped_lists_are_still_counted_for_the_top_documents(backend):
    # "a" is rare and scores high; "z" is in every document and cannot lift a new one
    field = _compact([["a", "b"], ["z"], ["z", "z"], ["a", "z"], *[["z"]] * 50])
    lists = [TermList(field, field.vocabulary[t], 1.0) for t in ("a", "z")]
    docs, scores = max_score_top_k(lists, 1, field.n_docs, backend=backend)
    assert top_k(docs, scores, 1)[0][0] == 3  # "a" + "z" beats "a" alone (same length)


def test_a_frequent_light_word_counts_where_a_rare_one_brings_documents_in():
    # "z" is in most documents at a low weight: once the top 5 fill up, it only adds to the
    # documents "a" brings in, searched document by document (it has far more postings in
    # each window); "b" is a lighter rare word that joins some of them
    rng = random.Random(7)
    documents = []
    for i in range(40_000):
        words = ["z"] * rng.randint(0, 3) + ["x"] * rng.randint(1, 20)
        if i % 97 == 0:
            words.append("a")
        if i % 291 == 0:
            words.append("b")
        documents.append(words)
    field = _compact(documents)
    weights = {"a": 1.0, "b": 0.5, "z": 0.3}
    lists = [TermList(field, field.vocabulary[t], w) for t, w in weights.items()]
    expected = _exhaustive(lists, 5)
    got = top_k(*max_score_top_k(lists, 5, len(documents), backend="c"), 5)
    assert got == expected
    assert all(d % 97 == 0 for d, _ in got)


def _widen(field, block):
    field.widths[block] = 40  # wider than any gap can be


def _move_last(field, block):
    field.lasts[block] = 10**6  # beyond the 3 documents


def _misplace(field, block):
    field.offsets[block] = len(field.data) - 8  # its bytes would run past the data


def _garble(field, block):
    field.data[field.offsets[block]] = 0xFF  # the gaps no longer end at the last document


@pytest.mark.parametrize("damage", [_widen, _move_last, _misplace, _garble])
def test_a_damaged_block_is_an_error_not_a_stray_read_or_write(damage):
    field = _compact([["a"], ["a", "b"], ["b"]])
    damage(field, int(field.blockptr[field.vocabulary["b"]]))
    lists = [TermList(field, field.vocabulary[t], 1.0) for t in ("a", "b")]
    with pytest.raises(ValueError, match="damaged"):
        max_score_top_k(lists, 2, 3, backend="c")
    assert not _accumulator_dirty()  # the next query starts from zero
    good = _compact([["a"], ["a", "b"], ["b"]])
    ranked = top_k(*max_score_top_k([TermList(good, good.vocabulary["b"], 1.0)], 1, 3), 1)
    assert ranked[0][0] == 2


@pytest.fixture(scope="module")
def questions():
    cases = []
    for path in sorted(EVAL.glob("cases-*.jsonl")):
        cases += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    return [c["question"] for c in cases if "question" in c]


def test_the_corpus_ranks_the_same_pruned_or_not(corpus_library, questions):
    """Every evaluation question, including those that name a speech (its passages are
    lifted), ranks the same passages with the same scores either way."""
    library = corpus_library
    index = library.index
    settings_ = library.config.settings
    analyzer = library.analyzer
    compared = 0
    try:
        for question in questions:
            query = build_query(question, settings_, analyzer=analyzer, archive=index)
            index.exhaustive_limit = 10**12
            expected = index.rank(query, settings_, 20)
            index.exhaustive_limit = -1
            for backend in ("c", "numpy"):
                got = index.rank(query, replace(settings_, backend=backend), 20)
                np.testing.assert_allclose(
                    [s for _, s in got], [s for _, s in expected], rtol=1e-5, err_msg=question
                )
                # the same passages in the same order, unless two scores tie (float32 sums)
                same = [d for d, _ in got[:3]] == [d for d, _ in expected[:3]]
                tied = len({round(s, 3) for _, s in expected[:4]}) < len(expected[:4])
                assert same or tied, (backend, question)
            compared += 1
    finally:
        index.exhaustive_limit = EXHAUSTIVE_LIMIT
    assert compared >= 100


def test_the_backend_is_chosen_in_the_settings_and_logged_once(monkeypatch, caplog):
    field = _compact([["a"], ["a", "b"], ["b"]])
    lists = [TermList(field, field.vocabulary["b"], 1.0)]
    monkeypatch.setattr(topk, "_announced", set())
    with caplog.at_level("INFO", logger="speechbot.index.topk"):
        for backend in ("numpy", "numpy", "c", "auto"):
            assert top_k(*max_score_top_k(lists, 1, 3, backend=backend), 1)[0][0] == 2
    assert [r.getMessage() for r in caplog.records] == [
        "MaxScore kernel: numpy",
        "MaxScore kernel: C (index/_maxscore.c)",
    ]
    with pytest.raises(SpeechbotError, match="auto、c、numpy"):
        SearchSettings(backend="fortran")


def test_a_kernel_built_from_older_sources_is_not_called(tmp_path, caplog):
    # the installed module was built from the sources beside it: it is kept
    built = topk._maxscore
    assert topk.current_kernel(built) is built
    # after index/_maxscore.c changes, the same module is refused and the reason logged
    for name in topk.KERNEL_SOURCES:
        (tmp_path / name).write_bytes(Path(topk.__file__).with_name(name).read_bytes())
    with (tmp_path / "_maxscore.c").open("a") as source:
        source.write("/* changed */\n")
    with caplog.at_level("WARNING", logger="speechbot.index.topk"):
        assert topk.current_kernel(built, tmp_path) is None
    assert "build it again" in caplog.text
    # a wheel ships no sources: its module is trusted
    assert topk.current_kernel(built, tmp_path / "none") is built


def test_without_the_c_kernel_auto_runs_numpy_and_c_is_an_error(monkeypatch):
    monkeypatch.setattr(topk, "_maxscore", None)
    assert topk.use_c_kernel("auto") is False
    with pytest.raises(SpeechbotError, match="numpy"):
        topk.use_c_kernel("c")


@BOTH
@settings(deadline=None, max_examples=30)
@given(seed=st.integers(0, 10_000), n_docs=st.integers(1, 900))
def test_which_documents_a_list_holds_is_its_postings(backend, seed, n_docs):
    # the blocks a document may stand in are the only ones read: the answer is the list's
    field = _compact(_corpus(seed, n_docs))
    rng = np.random.default_rng(seed)
    for word, tid in field.vocabulary.items():
        truth = field.term_docs(tid)
        docs = np.unique(np.r_[rng.integers(0, n_docs, 30), rng.choice(truth, 5)])
        assert (topk.holds(field, tid, docs, backend) == np.isin(docs, truth)).all(), word
