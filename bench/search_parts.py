"""Where a warm ``Library.search`` spends its time: each step's share, on a kept library.

    python -m bench.search_parts --data D [--queries 100] [--package speechbot] [--cpu]

D is a library (e.g. ``bench.generate``'s archive ingested once).  The questions are those of
``bench.peers`` (1, 3 and 8 content words), asked once each (as bench.peers's warm pass),
with the steps below wrapped in timers (times of nested steps overlap: Store.passages holds
the reading of texts).  ``--package`` times another copy of the code in the same way: an
older tree's ``index`` copied to P/NAME/index (with its compiled ``_maxscore``, an empty
P/NAME/__init__.py), run with PYTHONPATH=P and ``--package NAME``.  ``--cpu``: each step's
CPU time (``time.process_time``) instead of wall time, less hit when other work shares the
cores.  ``--io``: each step's read system calls (``/proc/self/io``), the pages SQLite reads
past its own cache: where the archive is larger than the page cache, each may be a disk read.
``--cold-store``: the store's file dropped from the page cache before each question (the
index kept), as when the archive outgrows the memory: its reads are then the disk's.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import statistics
import time
from collections import defaultdict
from pathlib import Path

from bench.__main__ import queries
from bench.generate import Generator

STEPS = {
    "search": ("build_query", "match_spans", "_continuation", "near_duplicate", "text_fingerprint",
               "prefer_figures", "prefer_phrases", "prefer_same_figures", "prefer_places",
               "prefer_years", "asked_figures", "word_groups", "prefer_covering"),
    "store": ("passages", "passage_places", "_spans", "_layouts_of", "_headings_of", "_headings_from", "_span",
              "_layout"),
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=200_000)
    parser.add_argument("--package", default="speechbot")
    parser.add_argument("--cpu", action="store_true", help="CPU time, not wall time")
    parser.add_argument("--io", action="store_true", help="read system calls, not time")
    parser.add_argument("--cold-store", action="store_true", help="store read from the disk")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    clock = _reads if args.io else time.process_time if args.cpu else time.perf_counter
    index = f"{args.package}.index"
    search = importlib.import_module(f"{index}.search")
    store = importlib.import_module(f"{index}.store")
    passage_index = importlib.import_module(f"{index}.passage_index")
    library_class = importlib.import_module(f"{index}.library").Library
    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)

    def wrap(owner, name: str, label: str) -> None:
        if not hasattr(owner, name):
            return
        inner = getattr(owner, name)

        @functools.wraps(inner)
        def timed(*a, **k):
            started = clock()
            try:
                return inner(*a, **k)
            finally:
                spent[label] += clock() - started
                calls[label] += 1

        setattr(owner, name, timed)

    for name in STEPS["search"]:
        wrap(search, name, name)
    for name in STEPS["store"]:
        wrap(store.Store, name, f"Store.{name}")
    wrap(passage_index.SearchIndex, "rank", "SearchIndex.rank")
    library = library_class(Path(args.data))
    library.warm_up()
    groups = queries(Generator(7), args.queries, seed=args.seed)
    for group in groups.values():  # as bench.peers: first use's work is not a query's
        library.search(group[0], top=5)
    spent.clear()
    calls.clear()
    times = []
    for group in groups.values():
        for question in group:
            if args.cold_store:
                _drop(Path(args.data) / "speechbot.sqlite3")
            started = clock()
            library.search(question, top=5)
            times.append((clock() - started) * 1000)
    n = len(times)
    times.sort()
    report = {
        "package": args.package,
        "clock": "reads" if args.io else "cpu" if args.cpu else "wall",
        "cold_store": args.cold_store,
        "searches": n,
        "mean_ms": round(sum(times) / n, 3),
        "p50_ms": round(statistics.median(times), 3),
        "p99_ms": round(times[min(n - 1, int(n * 0.99))], 3),
        "steps_ms_per_search": {k: round(v / n * 1000, 3) for k, v in spent.items()},
        "calls_per_search": {k: round(calls[k] / n, 1) for k in spent},
    }
    print(f"{args.package}: {n} searches, p50 {report['p50_ms']:.2f} ms, p99 "
          f"{report['p99_ms']:.2f} ms, mean {report['mean_ms']:.2f} ms")  # fmt: skip
    for label in sorted(spent, key=lambda k: -spent[k]):
        print(f"  {label:<22} {spent[label] / n * 1000:7.3f} ms  {calls[label] / n:5.1f} calls")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), "utf-8")


def _drop(path: Path) -> None:
    """The file's pages out of the page cache (clean pages: nothing is lost)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


_IO: list[int] = []  # /proc/self/io kept open, and how many times it was read


def _reads() -> float:
    """Read system calls so far, in thousands (printed as calls, as ms are), less those of
    this count itself (one each)."""
    if not _IO:
        _IO.extend([os.open("/proc/self/io", os.O_RDONLY), 0])
    text = os.pread(_IO[0], 1024, 0)
    _IO[1] += 1
    return (int(text.split(b"syscr:")[1].split()[0]) - _IO[1]) / 1000


if __name__ == "__main__":
    main()
