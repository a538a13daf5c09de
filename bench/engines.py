"""Compare BM25 engines on the same tokens: ours, rank-bm25 BM25Okapi, bm25s.

    python -m bench.engines --passages 10000,100000

Passages are synthetic: words drawn by their frequency in ../shared/corpus (tokenised with
our analyzer), 20-120 words each, deterministic by seed.  Prints median top-5 latency per
engine and the ratio against rank-bm25, measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter
from pathlib import Path

import numpy as np

from speechbot.index.analysis import Analyzer
from speechbot.index.ranking import BM25Field, top_k

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def word_distribution(analyzer: Analyzer) -> tuple[list[str], list[int]]:
    counts: Counter[str] = Counter()
    for path in sorted(CORPUS.glob("*.txt")):
        counts.update(analyzer.terms(path.read_text("utf-8")))
    words, freqs = zip(*counts.most_common(), strict=True)
    return list(words), list(freqs)


def timed(fn, queries) -> float:
    samples = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passages", default="10000,100000")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    analyzer = Analyzer()
    words, freqs = word_distribution(analyzer)
    print(
        f"{'passages':>10} {'ours ms':>9} {'rank-bm25 ms':>13} {'bm25s ms':>9}"
        f" {'rank/ours':>10} {'bm25s/ours':>11}"
    )
    for size in (int(s) for s in args.passages.split(",")):
        ours_ms, rank_ms, bm25s_ms = measure(size, words, freqs, args.queries, args.seed)
        print(
            f"{size:>10} {ours_ms:>9.2f} {rank_ms:>13.2f} {bm25s_ms:>9.2f}"
            f" {rank_ms / ours_ms:>10.1f} {bm25s_ms / ours_ms:>11.1f}"
        )


def measure(size: int, words: list[str], freqs: list[int], n_queries: int, seed: int):
    """Median top-5 latency (ms) of ours, rank-bm25 and bm25s on one synthetic archive."""
    import bm25s
    from rank_bm25 import BM25Okapi

    rng = random.Random(seed)
    docs = [rng.choices(words, freqs, k=rng.randint(20, 120)) for _ in range(size)]
    queries = [rng.sample(words[50:3000], 3) for _ in range(n_queries)]
    ours = BM25Field.build(docs)
    ours_ms = timed(lambda q: top_k(*ours.scores(q), 5), queries)

    rank = BM25Okapi(docs)
    sample = queries[: max(5, n_queries // 10)] if size > 50000 else queries  # it is slow
    rank_ms = timed(lambda q: np.argpartition(-rank.get_scores(q), 5)[:5], sample)

    vocab = {w: i for i, w in enumerate(words)}

    def tokenized(batch):
        return bm25s.tokenization.Tokenized(ids=[[vocab[w] for w in d] for d in batch], vocab=vocab)

    retriever = bm25s.BM25()
    retriever.index(tokenized(docs), show_progress=False)
    bm25s_ms = timed(
        lambda q: retriever.retrieve(tokenized([q]), k=5, show_progress=False), queries
    )
    return ours_ms, rank_ms, bm25s_ms


if __name__ == "__main__":
    main()
