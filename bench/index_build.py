"""The index build alone, from a library's store: its peak RSS and time, and optionally
tracemalloc's peak and where it was reached; the built index saved to a folder, to compare
its files with another build's (``cmp``).

    python -m bench.index_build DATA [--save DIR] [--trace]

DATA is a library (``speechbot --data DATA ingest ...``, or the ``data`` folder of
``python -m bench.peers --build speechbot ARCHIVE DATA``).  The peak RSS is the process's
VmHWM, reset (``/proc/self/clear_refs``) once the library is open, so it is the build's;
``scratch_peak_mb`` the most the build's runs took on disk at once (sampled every 0.2 s).
"""

from __future__ import annotations

import argparse
import json
import threading
import time
import tracemalloc
from pathlib import Path

from bench.serve import memory_report
from speechbot.index.library import Library
from speechbot.index.passage_index import SearchIndex


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _watch_scratch(data: Path, stop: threading.Event, peak: list[int]) -> None:
    while not stop.wait(0.2):
        try:
            size = sum(f.stat().st_size for f in data.glob(".build-*/*"))
        except OSError:  # removed while summed
            continue
        peak[0] = max(peak[0], size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("--save", help="write the built index's files to this folder")
    parser.add_argument("--trace", action="store_true", help="tracemalloc's peak (slower)")
    args = parser.parse_args()
    library = Library(args.data)
    report = {"before_mb": memory_report()["peak_rss_mb"], "peak_reset": _reset_peak()}
    if args.trace:
        tracemalloc.start(8)
    stop, peak = threading.Event(), [0]
    watch = threading.Thread(target=_watch_scratch, args=(Path(args.data), stop, peak))
    watch.start()
    started = time.perf_counter()
    index = SearchIndex.build(
        library.store, library.config.settings.bm25, library.analyzer.stopchars
    )
    report["build_s"] = round(time.perf_counter() - started, 2)
    stop.set()
    watch.join()
    report["scratch_peak_mb"] = round(peak[0] / 2**20, 1)
    if args.trace:
        report["traced_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    report["peak_rss_mb"] = memory_report()["peak_rss_mb"]
    report["passages"] = len(index)
    if args.save:
        Path(args.save).mkdir(parents=True, exist_ok=True)
        index.save(Path(args.save))
    library.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
