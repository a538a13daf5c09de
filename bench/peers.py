"""Ours against the peers on one synthetic archive, in one run.

    python -m bench.peers --passages 10000,100000 [--queries 200] [--out bench/results]

The archive is ingested by speechbot; the peers index the same passages: our analyzer's body
terms joined by spaces (tantivy: whitespace tokenizer, frequencies, no positions; SQLite
FTS5: the ascii tokenizer, which splits on ASCII separators only) with the passage's text
stored. rank-bm25 BM25Okapi holds the same terms in memory. Each system but rank-bm25 is
built in a child process (its peak RSS is that child's VmHWM; rank-bm25's is the serving
process's RSS growth while it builds). Queries are asked in turn of every system (the order
rotates), so the machine's drift hits all: end to end (question in, 5 passages' text out;
the peers' time includes analysing the question with our analyzer) and the ranking alone
(the query's terms ready), warm, then cold: before each query every index file's pages are
dropped from the page cache (madvise on this process's mappings, then posix_fadvise).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench import write_results
from bench.__main__ import folder_mb, queries
from bench.generate import Generator
from bench.serve import memory_report, percentile

ROOT = Path(__file__).resolve().parents[1]
SYSTEMS = ("speechbot", "tantivy", "fts5", "rank-bm25")
FTS5_LIMIT = 100_000
RANK_BM25_LIMIT = 1_100_000  # it holds every token as a string: 8.6 GB at 918k passages


# --- building, each in a child process -------------------------------------------------


def build_speechbot(archive: Path, dest: Path) -> dict:
    from speechbot.index.library import Library

    started = time.perf_counter()
    library = Library(dest)
    outcomes = library.ingest(sorted(archive.glob("*.txt")), workers=2)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok][:3]
    library.close()
    return {"build_s": time.perf_counter() - started}


def corpus_lines(corpus: Path):
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def build_tantivy(corpus: Path, dest: Path) -> dict:
    import tantivy

    started = time.perf_counter()
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True)
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    builder.add_bytes_field("text", stored=True)
    dest.mkdir(parents=True)
    index = tantivy.Index(builder.build(), path=str(dest))
    writer = index.writer(heap_size=200_000_000, num_threads=2)
    for pid, terms, text in corpus_lines(corpus):
        writer.add_document(tantivy.Document(id=pid, body=terms, text=text.encode()))
    writer.commit()
    writer.wait_merging_threads()
    return {"build_s": time.perf_counter() - started}


def build_fts5(corpus: Path, dest: Path) -> dict:
    started = time.perf_counter()
    dest.mkdir(parents=True)
    db = sqlite3.connect(dest / "fts.db")
    db.execute("CREATE VIRTUAL TABLE p USING fts5(body, text UNINDEXED, tokenize='ascii')")
    with db:
        db.executemany("INSERT INTO p(rowid, body, text) VALUES (?, ?, ?)", corpus_lines(corpus))
        db.execute("INSERT INTO p(p) VALUES ('optimize')")
    db.close()
    return {"build_s": time.perf_counter() - started}


BUILDERS = {"speechbot": build_speechbot, "tantivy": build_tantivy, "fts5": build_fts5}


def build_in_child(system: str, source: Path, dest: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.peers", "--build", system, str(source), str(dest)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    if done.returncode:  # the child's own error, not only its exit status
        sys.stderr.write(done.stderr[-20_000:])
        raise SystemExit(f"building {system} failed (exit {done.returncode})")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["disk_mb"] = round(folder_mb(dest), 1)
    return report


def export_corpus(data: Path, out: Path) -> int:
    """Every passage as [id, body terms joined by spaces, text], one JSON line each, read a
    chunk of passages at a time (whole term columns would not fit at 10M passages)."""
    from speechbot.index.library import Library

    library = Library(data)
    store = library.store
    names = {i: t for t, i in store.vocabulary().items()}
    pids, _, documents = store.passage_rows()
    with open(out, "w", encoding="utf-8") as lines:
        for chunk in store.term_chunks(documents, 1 << 22, chars=False):
            ids, lengths = chunk.columns["body"]
            ends = np.cumsum(lengths)
            part = pids[chunk.rows].tolist()
            for start in range(0, len(part), 2000):
                stored = store.passages(part[start : start + 2000])
                for n, pid in enumerate(part[start : start + 2000], start):
                    body = ids[ends[n] - lengths[n] : ends[n]].tolist()
                    terms = " ".join(names[t] for t in body)
                    lines.write(
                        json.dumps([pid, terms, stored[pid].text], ensure_ascii=False) + "\n"
                    )
    library.close()
    return len(pids)


# --- serving ---------------------------------------------------------------------------

_libc = ctypes.CDLL(None, use_errno=True)
_libc.madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
MADV_DONTNEED = 4


def evict(folders: list[Path]) -> None:
    """Drop every file's pages under ``folders`` from the page cache. Pages this process
    maps are let go first (posix_fadvise leaves mapped pages in place); they are clean and
    read-only, so the next touch reads them from disk again."""
    files = {str(f.resolve()) for d in folders for f in d.rglob("*") if f.is_file()}
    for line in open("/proc/self/maps", encoding="ascii", errors="replace"):
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and fields[5].strip() in files:
            start, end = (int(x, 16) for x in fields[0].split("-"))
            _libc.madvise(start, end - start, MADV_DONTNEED)
    for path in files:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


class Systems:
    """Each system as two calls: (question → 5 texts) and (terms → 5 ids)."""

    def __init__(
        self, data: Path, tantivy_dir: Path, fts_dir: Path | None, corpus: Path, bm25: bool = True
    ):
        import tantivy

        from speechbot.index.library import Library
        from speechbot.index.query import build_query

        self.library = Library(data)
        settings = self.library.config.settings
        self.library.warm_up()  # what a server loads at start (the index, the look-up tables)
        self.library.search("经济", top=5)
        vocabulary = self.library.store.vocabulary()

        def terms(question: str) -> list[str]:
            words = build_query(question, settings, analyzer=self.library.analyzer).words
            return [w for w in words if w in vocabulary]

        self.terms = terms
        index = self.library.index
        k = 5 * settings.candidates

        self.search = {"speechbot": lambda q: [h.text for h in self.library.search(q, top=5)]}
        self.rank = {"speechbot": lambda built: index.rank(built, settings, k)}
        # what the ranking is given, made before it is timed: our query (with its look-ups)
        self.prepared = {
            "speechbot": lambda q: build_query(
                q, settings, analyzer=self.library.analyzer, archive=index
            )
        }
        self.folders = {"speechbot": [data], "tantivy": [tantivy_dir]}

        t_index = tantivy.Index.open(str(tantivy_dir))
        t_index.reload()
        searcher = t_index.searcher()
        schema = t_index.schema

        def t_rank(words: list[str]):
            query = tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", w, "freq"))
                    for w in words
                ]
            )
            return [address for _, address in searcher.search(query, 5).hits]

        self.rank["tantivy"] = t_rank
        self.search["tantivy"] = lambda q: [
            searcher.doc(a)["text"][0].decode() for a in t_rank(terms(q))
        ]

        if fts_dir is not None:
            db = sqlite3.connect(fts_dir / "fts.db")

            def f_top(column: str, words: list[str]) -> list:
                if not words:  # FTS5 rejects an empty match
                    return []
                match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
                return db.execute(
                    f"SELECT {column} FROM p WHERE p MATCH ? ORDER BY rank LIMIT 5", (match,)
                ).fetchall()

            self.rank["fts5"] = lambda words: f_top("rowid", words)
            self.search["fts5"] = lambda q: [row[0] for row in f_top("text", terms(q))]
            self.folders["fts5"] = [fts_dir]
        if bm25:
            self._rank_bm25(corpus, terms)
        for system in self.search:
            self.prepared.setdefault(system, terms)

    def _rank_bm25(self, corpus: Path, terms) -> None:
        from rank_bm25 import BM25Okapi

        before = memory_report()
        rss_before = before.get("rss_anon_mb", 0.0)
        started = time.perf_counter()
        texts, tokens = [], []
        for _, body, text in corpus_lines(corpus):
            tokens.append(body.split(" "))
            texts.append(text)
        model = BM25Okapi(tokens)
        del tokens
        self.bm25_build = {
            "build_s": round(time.perf_counter() - started, 2),
            "peak_rss_mb": round(memory_report().get("rss_anon_mb", 0.0) - rss_before, 1),
            "disk_mb": None,
        }

        def b_rank(words: list[str]):
            return np.argpartition(-model.get_scores(words), 5)[:5]

        self.rank["rank-bm25"] = b_rank
        self.search["rank-bm25"] = lambda q: [texts[i] for i in b_rank(terms(q))]


def measure(systems: Systems, groups: dict[str, list[str]], sample: int, cold: bool) -> dict:
    names = list(systems.search)
    times = {s: {g: {"search": [], "rank": []} for g in groups} for s in names}
    folders = [f for s in names for f in systems.folders.get(s, [])]
    turn = 0
    for group, questions in groups.items():
        for n, question in enumerate(questions):
            turn += 1
            order = names[turn % len(names) :] + names[: turn % len(names)]
            for system in order:
                if system == "rank-bm25" and n >= sample:
                    continue
                for kind in ("search", "rank"):
                    if cold:
                        evict(folders)
                    arg = question if kind == "search" else systems.prepared[system](question)
                    t = time.perf_counter()
                    (systems.search if kind == "search" else systems.rank)[system](arg)
                    times[system][group][kind].append((time.perf_counter() - t) * 1000)
    out = {}
    for system, by_group in times.items():
        report = {}
        for kind in ("search", "rank"):
            pooled = [v for g in by_group.values() for v in g[kind]]
            report[f"{kind}_p50_ms"] = round(statistics.median(pooled), 3)
            report[f"{kind}_p99_ms"] = round(percentile(pooled, 0.99), 3)
            for group, values in by_group.items():
                report[f"{group}-term_{kind}_p50_ms"] = round(statistics.median(values[kind]), 3)
        report["queries"] = len(pooled)
        out[system] = report
    return out


def run_size(passages: int, args: argparse.Namespace, generator: Generator) -> dict:
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        tmp = Path(tmp)
        generator.write_archive(tmp / "archive", passages)
        text_mb = folder_mb(tmp / "archive")
        built = {"speechbot": build_in_child("speechbot", tmp / "archive", tmp / "data")}
        corpus = tmp / "corpus.jsonl"
        stored = export_corpus(tmp / "data", corpus)
        built["tantivy"] = build_in_child("tantivy", corpus, tmp / "tantivy")
        fts = tmp / "fts5" if stored <= FTS5_LIMIT else None
        if fts:
            built["fts5"] = build_in_child("fts5", corpus, fts)
        systems = Systems(tmp / "data", tmp / "tantivy", fts, corpus, stored <= RANK_BM25_LIMIT)
        if stored <= RANK_BM25_LIMIT:
            built["rank-bm25"] = systems.bm25_build
        groups = queries(generator, args.queries, seed=passages)
        sample = max(3, args.queries // (4 if stored <= 20_000 else 20))
        for question in (group[0] for group in groups.values()):
            for search in systems.search.values():  # lazy first-use work is not a query's
                search(question)
        warm = measure(systems, groups, sample, cold=False)
        cold = measure(systems, groups, sample, cold=True)
        rows = {
            s: {**{k: v for k, v in built[s].items()}, "warm": warm[s], "cold": cold[s]}
            for s in warm
        }
        return {"passages": stored, "text_mb": round(text_mb, 1), "systems": rows}


def print_table(results: list[dict]) -> None:
    head = (
        f"{'passages':>9} {'system':<10} {'disk MB':>8} {'build s':>8} {'peak MB':>8}"
        f" {'warm p50/p99':>15} {'rank p50/p99':>15} {'cold p50/p99':>15}"
        f" {'cold rank p50/p99':>17}  ratio to ours (warm p50, cold p50, disk)"
    )
    print(head)
    for result in results:
        ours = result["systems"]["speechbot"]
        for name, r in result["systems"].items():
            w, c = r["warm"], r["cold"]
            disk = f"{r['disk_mb']:,.0f}" if r["disk_mb"] is not None else "(RAM)"
            ratios = [
                f"{w['search_p50_ms'] / ours['warm']['search_p50_ms']:.2f}×",
                f"{c['search_p50_ms'] / ours['cold']['search_p50_ms']:.2f}×",
                f"{r['disk_mb'] / ours['disk_mb']:.2f}×" if r["disk_mb"] else "-",
            ]
            print(
                f"{result['passages']:>9} {name:<10} {disk:>8} {r['build_s']:>8.1f}"
                f" {r['peak_rss_mb']:>8.0f}"
                f" {w['search_p50_ms']:>7.2f}/{w['search_p99_ms']:<7.1f}"
                f" {w['rank_p50_ms']:>7.2f}/{w['rank_p99_ms']:<7.1f}"
                f" {c['search_p50_ms']:>7.2f}/{c['search_p99_ms']:<7.1f}"
                f" {c['rank_p50_ms']:>8.2f}/{c['rank_p99_ms']:<8.1f}  " + " ".join(ratios)
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", default="10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tmp", default=None, help="where to build the archives (needs space)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--build", nargs=3, metavar=("SYSTEM", "SOURCE", "DEST"), help="internal")
    args = parser.parse_args()
    if args.build:
        system, source, dest = args.build
        report = BUILDERS[system](Path(source), Path(dest))
        report["build_s"] = round(report["build_s"], 2)
        report["peak_rss_mb"] = memory_report()["peak_rss_mb"]
        print(json.dumps(report))
        return
    generator = Generator(args.seed)
    results = []
    for size in (int(s) for s in args.passages.split(",")):
        results.append(run_size(size, args, generator))
        print(json.dumps(results[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    print_table(results)
    print(f"written: {write_results(results, args.out, 'peers')}")


if __name__ == "__main__":
    main()
