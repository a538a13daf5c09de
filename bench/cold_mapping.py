"""Cold searches with and without SQLite's memory mapping of the store, in one run.

    python -m bench.cold_mapping --data D [--queries 60]

D is a library (e.g. ``bench.peers --build speechbot ARCHIVE D``).  Before each search every
file of D is dropped from the page cache (``bench.peers.evict``); the two settings of
``PRAGMA mmap_size`` alternate query by query, so the machine's drift hits both.  The
questions are ``bench.peers``'s (3 content words).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench.__main__ import queries
from bench.generate import Generator
from bench.peers import evict
from speechbot.index.library import Library

SETTINGS = {"mapped (1 GiB)": 2**30, "not mapped": 0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--cold", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    library = Library(args.data)
    library.warm_up()
    times: dict[str, list[float]] = {name: [] for name in SETTINGS}
    for number, question in enumerate(queries(Generator(7), args.queries, seed=11)["3"]):
        order = list(SETTINGS) if number % 2 else list(reversed(SETTINGS))
        for name in order:
            library.store._db.execute(f"PRAGMA mmap_size={SETTINGS[name]}")
            if args.cold:
                evict([args.data])
            started = time.perf_counter()
            library.search(question)
            times[name].append(1000 * (time.perf_counter() - started))
    for name, values in times.items():
        values.sort()
        p90 = values[int(0.9 * (len(values) - 1))]
        print(f"{name:15} p50 {statistics.median(values):7.1f} ms   p90 {p90:7.1f} ms")


if __name__ == "__main__":
    main()
