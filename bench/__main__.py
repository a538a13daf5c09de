"""The scale benchmark: synthetic archives ingested through the normal path, measured.

    python -m bench --passages 10000,100000,1000000 [--queries 200] [--out bench/results]

Per size: ingest throughput (both cores) against single-core jieba on the same text, index
build time and size, cold load and peak RAM of a serving process, query latency p50/p99 for
1-, 3- and 8-term queries (top 5), and rank-bm25 BM25Okapi over the same tokens in the same
run (timed on a sample of queries at large sizes), with the ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jieba
import numpy as np

from bench import write_results
from bench.generate import Generator
from speechbot.index.library import Library
from speechbot.index.query import build_query
from speechbot.index.search import SearchIndex, SearchSettings

ROOT = Path(__file__).resolve().parents[1]


def folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def jieba_single_core_mbps(files: list[Path], limit_mb: float = 2.0, runs: int = 3) -> float:
    """jieba precise mode on one core, over (a sample of) the same text: the best of
    ``runs`` (this machine's speed drifts by half within an hour; the best run is the
    fairest baseline for a ratio)."""
    text, size = [], 0
    for path in files:
        chunk = path.read_text("utf-8")
        text.append(chunk)
        size += len(chunk.encode())
        if size > limit_mb * 1e6:
            break
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    best = 0.0
    for _ in range(runs):
        started = time.perf_counter()
        for chunk in text:
            tokenizer.lcut(chunk)
        best = max(best, size / 1e6 / (time.perf_counter() - started))
    return best


def queries(generator: Generator, count: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    pool = generator.content
    return {str(n): [" ".join(rng.sample(pool, n)) for _ in range(count)] for n in (1, 3, 8)}


def rank_bm25_baseline(data_dir: Path, query_groups: dict[str, list[str]], sample: int) -> dict:
    from rank_bm25 import BM25Okapi

    library = Library(data_dir)
    corpus = [terms.body.tolist() for _, _, terms in library.store.passage_terms()]
    vocabulary = library.store.vocabulary()
    started = time.perf_counter()
    model = BM25Okapi(corpus)
    build = time.perf_counter() - started
    out = {"build_s": round(build, 2), "sampled_queries": sample}
    for name, group in query_groups.items():
        samples = []
        for query in group[:sample]:
            words = build_query(query, SearchSettings(), analyzer=library.analyzer).words
            terms = [vocabulary[t] for t in words if t in vocabulary]
            t = time.perf_counter()
            scores = model.get_scores(terms)
            np.argpartition(-scores, 5)[:5]
            samples.append((time.perf_counter() - t) * 1000)
        out[f"{name}-term_p50_ms"] = round(statistics.median(samples), 2)
    library.close()
    return out


def run_size(passages: int, args: argparse.Namespace, generator: Generator) -> dict:
    kept = tempfile.mkdtemp(dir=args.tmp) if args.keep else None
    with contextlib.nullcontext(kept) if kept else tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        tmp = Path(tmp)
        if kept:
            print(f"keeping {tmp}", file=sys.stderr)
        started = time.perf_counter()
        files = generator.write_archive(tmp / "archive", passages)
        generated = time.perf_counter() - started
        text_mb = folder_mb(tmp / "archive")
        data = tmp / "data"
        library = Library(data)
        jieba_before = jieba_single_core_mbps(files)
        started = time.perf_counter()
        outcomes = library.ingest(files, workers=args.jobs)
        ingest_s = time.perf_counter() - started
        jieba_after = jieba_single_core_mbps(files)
        # the machine's speed drifts within minutes: the baseline is taken on both sides
        jieba_mbps = (jieba_before + jieba_after) / 2
        assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok][:3]
        stored = len(library.index)
        started = time.perf_counter()
        SearchIndex.build(library.store).save(tmp)  # the index alone, from stored terms
        build_s = time.perf_counter() - started
        library.close()
        index_mb = folder_mb(data / (data / "CURRENT").read_text().strip())
        query_file = tmp / "queries.json"
        groups = queries(generator, args.queries, seed=passages)
        query_file.write_text(json.dumps(groups, ensure_ascii=False), "utf-8")
        serve = subprocess.run(
            [sys.executable, "-m", "bench.serve", str(data), str(query_file)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        serving = json.loads(serve.stdout.strip().splitlines()[-1])
        sample = args.queries if passages <= 100_000 else max(5, args.queries // 20)
        baseline = rank_bm25_baseline(data, groups, sample) if not args.no_baseline else {}
        return {
            "passages": stored,
            "files": len(files),
            "text_mb": round(text_mb, 2),
            "generate_s": round(generated, 1),
            "ingest_s": round(ingest_s, 2),
            "ingest_mb_per_s": round(text_mb / ingest_s, 3),
            "jieba_single_core_mb_per_s": round(jieba_mbps, 3),
            "jieba_before_after_mb_per_s": [round(jieba_before, 3), round(jieba_after, 3)],
            "ingest_vs_jieba_single_core": round(text_mb / ingest_s / jieba_mbps, 2),
            "index_build_s": round(build_s, 2),
            "index_mb": round(index_mb, 1),
            "store_mb": round(folder_mb(data), 1),
            "serving": serving,
            "rank_bm25": baseline,
        }


def print_table(rows: list[dict]) -> None:
    print(
        f"{'passages':>9} {'MB':>7} {'ingest MB/s':>11} {'×jieba1':>7} {'build s':>7} {'index MB':>8}"
        f" {'cold s':>6} {'RSS MB':>7} {'q1 p50/p99':>12} {'q3 p50/p99':>12} {'q8 p50/p99':>12}"
        f" {'bm25 q3':>8} {'ratio q3':>8}"
    )
    for r in rows:
        s = r["serving"]
        q = {n: s[f"{n}-term"] for n in (1, 3, 8)}
        base = r["rank_bm25"].get("3-term_p50_ms")
        ratio = f"{base / q[3]['search_p50_ms']:.0f}×" if base else "-"
        print(
            f"{r['passages']:>9} {r['text_mb']:>7.1f} {r['ingest_mb_per_s']:>11.2f} {r['ingest_vs_jieba_single_core']:>7.2f}"
            f" {r['index_build_s']:>7.1f} {r['index_mb']:>8.1f} {s['cold_load_s']:>6.2f} {s['peak_rss_mb']:>7.0f}"
            + "".join(
                f" {q[n]['search_p50_ms']:>5.1f}/{q[n]['search_p99_ms']:<6.1f}" for n in (1, 3, 8)
            )
            + f" {base if base else '-':>8} {ratio:>8}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", default="10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--tmp", default=None, help="where to build the archives (needs space)")
    parser.add_argument("--keep", action="store_true", help="keep the archives and data dirs")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    generator = Generator(args.seed)
    rows = []
    for size in (int(s) for s in args.passages.split(",")):
        rows.append(run_size(size, args, generator))
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    print_table(rows)
    print(f"written: {write_results(rows, args.out, 'bench')}")


if __name__ == "__main__":
    main()
