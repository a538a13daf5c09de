"""A serving process: load the index, answer queries, report latency, cold load and peak RAM.

    python -m bench.serve DATA_DIR QUERIES.json [--warm-up]   → one JSON line on stdout

Cold load is process start (interpreter, imports, jieba, index) to the first answer,
with what the bot prepares before its first answer (the same-sounding characters, Cilin).
``--warm-up``: with all the bot prepares (``Library.warm_up``, bot/app.py: the index's map
of two characters and the English dictionary too).
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from dataclasses import replace

STARTED = time.perf_counter()


def _status_mb() -> dict[str, float]:
    """The sizes in /proc/self/status (Linux), in MB: VmHWM, RssAnon, RssFile…"""
    out = {}
    for line in open("/proc/self/status", encoding="ascii"):
        name, _, value = line.partition(":")
        if value.strip().endswith(" kB"):
            out[name] = round(int(value.split()[0]) / 1024, 1)
    return out


def memory_report() -> dict[str, float]:
    """Peak RSS, and what the process holds at the end: its own memory (RssAnon) and the
    pages of mapped files (RssFile: the index's postings it has touched, clean page cache
    the kernel can reclaim).  VmHWM, not ru_maxrss: getrusage keeps the parent's figure
    across fork+exec, which would charge the benchmark driver's memory to the server."""
    status = _status_mb()
    peak = status.get("VmHWM")
    if peak is None:
        peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    report = {"peak_rss_mb": peak}
    for name in ("RssAnon", "RssFile"):
        if name in status:
            report[f"rss_{name[3:].lower()}_mb"] = status[name]
    return report


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    from speechbot.index import typos
    from speechbot.index.library import Library
    from speechbot.index.query import build_query
    from speechbot.index.thesaurus import cilin_synonyms

    data_dir, queries_path = sys.argv[1], sys.argv[2]
    whole_warm_up = "--warm-up" in sys.argv[3:]
    groups: dict[str, list[str]] = json.loads(open(queries_path, encoding="utf-8").read())
    library = Library(data_dir)
    if whole_warm_up:
        library.warm_up()  # bot/app.py
    else:
        typos.prepare()  # as the bot does at start (bot/app.py), not on a user's question
        cilin_synonyms()
    library.search(groups["1"][0], top=5)
    cold = time.perf_counter() - STARTED
    cold_cpu = time.process_time()  # the process's CPU time so far, less hit on a busy machine
    report = {
        "cold_load_s": round(cold, 3),
        "cold_load_cpu_s": round(cold_cpu, 3),
        "passages": len(library.index),
    }
    settings = library.config.settings
    index = library.index
    k = 5 * settings.candidates  # as many as search ranks for a top 5
    for name, queries in groups.items():
        end_to_end, engine, numpy_loop = [], [], []
        for query in queries:
            t = time.perf_counter()
            library.search(query, top=5)
            end_to_end.append((time.perf_counter() - t) * 1000)
            built = build_query(query, settings, analyzer=library.analyzer, archive=index)
            for backend, times in (("auto", engine), ("numpy", numpy_loop)):
                chosen = replace(settings, backend=backend)
                t = time.perf_counter()
                index.rank(built, chosen, k)
                times.append((time.perf_counter() - t) * 1000)
        report[f"{name}-term"] = {
            "search_p50_ms": round(statistics.median(end_to_end), 3),
            "search_p99_ms": round(percentile(end_to_end, 0.99), 3),
            "rank_p50_ms": round(statistics.median(engine), 3),
            "rank_p99_ms": round(percentile(engine, 0.99), 3),
            # the same ranking with the MaxScore loop in numpy (the kernel's baseline)
            "rank_numpy_p50_ms": round(statistics.median(numpy_loop), 3),
            "rank_numpy_p99_ms": round(percentile(numpy_loop, 0.99), 3),
        }
    report.update(memory_report())
    print(json.dumps(report))


if __name__ == "__main__":
    main()
