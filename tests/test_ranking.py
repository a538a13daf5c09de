"""The BM25 core agrees with rank-bm25 where the formulas agree, and selects correctly."""

import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from speechbot.index.ranking import BM25Field, BM25Params, combine, top_k


def _corpus(seed: int, docs: int = 300, vocab: int = 400) -> list[list[str]]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocab)]
    weights = [1 / (i + 1) for i in range(vocab)]  # Zipf-like, as in real text
    return [rng.choices(words, weights, k=rng.randint(3, 60)) for _ in range(docs)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scores_equal_rank_bm25_okapi(seed):
    corpus = _corpus(seed)
    field = BM25Field.build(corpus, BM25Params(k1=1.5, b=0.75, idf="okapi"))
    reference = BM25Okapi(corpus, k1=1.5, b=0.75, epsilon=0.25)
    rng = random.Random(seed + 100)
    for _ in range(20):
        query = rng.sample(sorted(field.vocabulary), 3)
        expected = reference.get_scores(query)
        docs, scores = field.scores(query)
        ours = np.zeros(len(corpus))
        ours[docs] = scores
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4)


def test_lucene_idf_keeps_common_terms_positive():
    # a term in every passage still counts: rank-bm25's Okapi IDF would make it ~0 or negative
    corpus = [["发展", "就业"], ["发展", "消费"], ["发展", "投资"]]
    field = BM25Field.build(corpus)
    docs, scores = field.scores(["发展"])
    assert len(docs) == 3 and (scores > 0).all()


def test_unknown_terms_score_nothing():
    field = BM25Field.build([["a", "b"], ["c"]])
    docs, scores = field.scores(["zzz"])
    assert len(docs) == 0 and len(scores) == 0


def test_top_k_orders_by_score_then_document():
    docs = np.array([5, 1, 9, 3])
    scores = np.array([0.5, 2.0, 2.0, 1.0])
    assert top_k(docs, scores, 3) == [(1, 2.0), (9, 2.0), (3, 1.0)]
    assert top_k(docs, scores, 0) == []


def test_top_k_keeps_the_first_documents_of_a_tie_at_the_cut():
    docs = np.arange(50)[::-1].copy()
    scores = np.ones(50)
    scores[10] = 3.0  # document 39
    assert top_k(docs, scores, 4) == [(39, 3.0), (0, 1.0), (1, 1.0), (2, 1.0)]
    # sums that differ only in a float64's last bits tie in float32
    assert top_k(np.array([7, 2]), np.array([0.1 + 0.2, 0.3]), 1) == [(2, pytest.approx(0.3))]


def test_combine_weights_fields():
    docs, scores = combine(
        [(np.array([0, 1]), np.array([1.0, 1.0]), 1.0), (np.array([1]), np.array([2.0]), 0.5)]
    )
    assert dict(zip(docs.tolist(), scores.tolist(), strict=True)) == {0: 1.0, 1: 2.0}
