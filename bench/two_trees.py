"""This tree's ``Library.search`` against an older copy's, each on its own data directory,
warm and cold, alternating query by query, and whether they answer the same.

    python -m bench.two_trees --data D --old-data OLD_D --old-package NAME [--queries 100]
        [--package NAME] [--fresh] [--no-cold] [--words 1|3|8] [--joined]

OLD_D is the same library as the older code keeps it (e.g. D before a migration: copy it,
then open the copy with this tree); the older code is its ``index`` copied to
P/NAME/index (with its compiled ``_maxscore``, an empty P/NAME/__init__.py), run with
PYTHONPATH=P.  The questions are ``bench.peers``'s (1, 3 and 8 content words); cold: every
file of both directories is dropped from the page cache before each search
(``bench.peers.evict``).  The CPU time of each search (``time.process_time``) is less hit
than wall time when other work shares the cores.  The two answer the same when every
search's 5 hits have the same references, scores and texts (``differ``); ``references
differ`` counts the searches whose 5 references, in order, are not the same, ``first
differs`` those whose first is not.  ``--package``: this tree is another copy too (as the older
one), to time one step of a series against the one before.  ``--fresh``: the warm pass asks
each question for the first time, as ``bench.peers``'s does (the pages warmed by other
questions, seed + 1): what a memo of a question's words can save shows only as words recur.
``--no-cold``: the warm pass alone.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import time
from pathlib import Path

from bench.__main__ import queries
from bench.generate import Generator
from bench.peers import evict
from bench.serve import percentile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--old-data", required=True, type=Path)
    parser.add_argument("--old-package", required=True)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=200_000)
    parser.add_argument("--package", default="speechbot", help="this tree's copy")
    parser.add_argument("--fresh", action="store_true", help="warm pass: unasked questions")
    parser.add_argument("--no-cold", action="store_true")
    parser.add_argument("--words", type=int, choices=(1, 3, 8), help="only questions this long")
    parser.add_argument(
        "--joined",
        action="store_true",
        help="each question's words typed together, as a user types them (they form word pairs)",
    )
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    trees = {
        "this tree": importlib.import_module(f"{args.package}.index.library").Library(args.data),
        "older": importlib.import_module(f"{args.old_package}.index.library").Library(
            args.old_data
        ),
    }
    for library in trees.values():
        library.warm_up()

    def asked(seed: int) -> list[str]:
        groups = queries(Generator(7), args.queries, seed=seed)
        chosen = [q for n, group in groups.items() if args.words in (None, int(n)) for q in group]
        return [q.replace(" ", "") for q in chosen] if args.joined else chosen

    questions = asked(args.seed)
    warming = questions
    if args.fresh:
        warming = asked(args.seed + 1)
        for path in (args.data, args.old_data):  # every page in the cache, as after a build
            for file in path.rglob("*"):
                if file.is_file():
                    with open(file, "rb") as pages:
                        while pages.read(1 << 20):
                            pass
    for question in warming:  # warm: every page the questions need is in the cache
        for library in trees.values():
            library.search(question, top=5)
    # differ: any hit's reference, score or text; of which the references in order, the first
    report: dict = {"questions": len(questions), "differ": 0, "references differ": 0}
    report["first differs"] = 0
    for kind in ("warm",) if args.no_cold else ("warm", "cold"):
        times: dict[str, list[float]] = {name: [] for name in trees}
        cpu: dict[str, list[float]] = {name: [] for name in trees}
        for number, question in enumerate(questions):
            names = list(trees) if number % 2 else list(reversed(trees))
            answers = []
            for name in names:
                if kind == "cold":
                    evict([args.data, args.old_data])
                started, used = time.perf_counter(), time.process_time()
                hits = trees[name].search(question, top=5)
                times[name].append(1000 * (time.perf_counter() - started))
                cpu[name].append(1000 * (time.process_time() - used))
                answers.append([(str(h.ref), h.score, h.text) for h in hits])
            if kind == "warm":
                report["differ"] += answers[0] != answers[1]
                references = [[ref for ref, _, _ in answer] for answer in answers]
                report["references differ"] += references[0] != references[1]
                report["first differs"] += references[0][:1] != references[1][:1]
        for name, values in times.items():
            report[f"{name} {kind} p50 ms"] = round(statistics.median(values), 3)
            report[f"{name} {kind} p99 ms"] = round(percentile(values, 0.99), 3)
            report[f"{name} {kind} CPU mean ms"] = round(statistics.mean(cpu[name]), 3)
    for key, value in report.items():
        print(f"{key:24} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), "utf-8")


if __name__ == "__main__":
    main()
