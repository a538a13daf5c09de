"""Questions across speeches on the shared archive (../shared/corpus + corpus-more):
every mention of a phrase against a plain scan of every stored passage (the baseline, same
run, same answers checked), one passage per speech against a plain search, and a filtered
search against an unfiltered one.

    python -m bench.across [--data DIR] [--runs 5]

Without ``--data`` the two folders are ingested into a temporary directory first.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from speechbot.index import Library, Scope
from speechbot.index import mentions as mentions_module

SHARED = Path(__file__).resolve().parents[2] / "shared"
PHRASES = [
    "雄安新区",
    "雄安",
    "高质量发展",
    "一带一路",
    "赤字率",
    "GDP",
    "PM2.5",
    "5G",
    "2020",
    "的",
]
QUESTIONS = ["赤字率", "地区生产总值增长目标", "粮食产量", "稳就业", "科技创新", "乡村振兴"]


def timed(call, runs: int) -> tuple[float, object]:
    """Median milliseconds of ``runs`` calls, and the last answer."""
    times, answer = [], None
    for _ in range(runs):
        started = time.perf_counter()
        answer = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), answer


def every_passage(index, analyzer, wanted, speech_ids):
    rows = np.arange(len(index.passage_ids))
    return rows[np.isin(np.asarray(index.speech_ids), list(speech_ids))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", help="a library of the shared archive (else ingested now)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data = args.data or scratch
        library = Library(data)
        if not args.data:
            library.ingest([SHARED / "corpus", SHARED / "corpus-more"], workers=2)
        library.warm_up()
        print(f"{len(library.list())} speeches, {len(library.index):,} passages\n")
        print("| phrase | paragraphs | speeches | mentions ms | scan ms | same |")
        print("|---|---:|---:|---:|---:|---|")
        narrowing = mentions_module._candidate_rows
        for phrase in PHRASES:
            ours, found = timed(lambda p=phrase: library.mentions(p, limit=10_000), args.runs)
            mentions_module._candidate_rows = every_passage
            try:
                scan, baseline = timed(lambda p=phrase: library.mentions(p, limit=10_000), 1)
            finally:
                mentions_module._candidate_rows = narrowing
            same = [m.ref for m in found.items] == [m.ref for m in baseline.items]
            print(
                f"| {phrase} | {found.total} | {found.speeches} | {ours:.0f} | {scan:.0f} | {same} |"
            )
        print("\n| question | plain top 5 ms | per speech top 10 ms | 2018–2020 ms | speeches |")
        print("|---|---:|---:|---:|---:|")
        years = Scope(years=(2018, 2020))
        for question in QUESTIONS:
            plain, _ = timed(lambda q=question: library.search(q, top=5), args.runs)
            side, hits = timed(
                lambda q=question: library.search(q, top=10, per_speech=True), args.runs
            )
            scoped, _ = timed(lambda q=question: library.search(q, top=5, scope=years), args.runs)
            print(f"| {question} | {plain:.1f} | {side:.1f} | {scoped:.1f} | {len(hits)} |")
        library.close()


if __name__ == "__main__":
    main()
