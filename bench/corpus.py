"""Ingest the shared corpus and measure: ingest time, index size, query latency, top-3 hit rate.

    python -m bench.corpus

Baseline in the same run: rank-bm25 BM25Okapi over plain jieba tokens of each passage
(no stopwords, no headings, no character field), on the same passages and questions.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from pathlib import Path

import jieba
from rank_bm25 import BM25Okapi

from speechbot.index.evaluate import read_cases
from speechbot.index.library import Library

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
QUESTIONS = ROOT / "tests" / "data" / "questions.jsonl"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def main() -> None:
    cases = read_cases(QUESTIONS, CORPUS.parent)
    files = sorted(CORPUS.glob("*.txt"))
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        library = Library(tmp)
        ready = time.perf_counter()
        outcomes = library.ingest(files)
        ingest = time.perf_counter() - ready
        failed = [o.error for o in outcomes if not o.ok]
        size = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file())
        index_size = sum(f.stat().st_size for f in Path(tmp).glob("index-*/*"))
        passages = sum(s.passages for s in library.list())
        latencies, found = [], 0
        for case in cases:
            t = time.perf_counter()
            hits = library.search(case.question, top=3)
            latencies.append((time.perf_counter() - t) * 1000)
            found += any(
                h.source == case.doc and squash(case.answer_contains) in squash(h.text)
                for h in hits
            )
        # baseline: rank-bm25 over plain jieba tokens of the same passages
        rows = []
        for info in library.list():
            speech = library.speech(info.id)
            rows += [(info.source, p.text) for p in speech.passages()]
        naive = BM25Okapi([jieba.lcut(text) for _, text in rows])
        base_found, base_ms = 0, []
        for case in cases:
            t = time.perf_counter()
            scores = naive.get_scores(jieba.lcut(case.question))
            top = sorted(range(len(rows)), key=lambda i: -scores[i])[:3]
            base_ms.append((time.perf_counter() - t) * 1000)
            base_found += any(
                rows[i][0] == case.doc and squash(case.answer_contains) in squash(rows[i][1])
                for i in top
            )
        library.close()
    print(f"files: {len(files)} ({megabytes:.2f} MB of text), failed: {len(failed)} {failed}")
    print(f"library start (jieba init): {ready - start:.2f} s")
    print(f"ingest: {ingest:.2f} s ({megabytes / ingest:.2f} MB/s), passages: {passages}")
    print(f"data dir: {size / 1e6:.2f} MB (index files {index_size / 1e6:.2f} MB)")
    print(
        f"query latency (top 3, incl. highlighting): median {statistics.median(latencies):.2f} ms,"
        f" max {max(latencies):.2f} ms"
    )
    print(f"question set top-3 hit rate: {found}/{len(cases)} = {found / len(cases):.2f}")
    print(
        f"baseline rank-bm25 + plain jieba: top-3 {base_found}/{len(cases)} = {base_found / len(cases):.2f},"
        f" median {statistics.median(base_ms):.2f} ms"
    )


if __name__ == "__main__":
    main()
