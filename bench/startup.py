"""Command line start-up: wall time of each command over N runs, this tree against an older
copy of it timed in the same run, interleaved (so a busy machine slows both alike); with the
CPU time (user + system), which a machine shared with other work inflates less.

    python -m bench.startup --data D [--old /tmp/cli2-old] [--runs 10]

D is a library (e.g. the 26 speeches: ``speechbot --data D ingest ../shared/corpus/*.txt``).
The old tree is a plain copy of the repository (``cp -r``); it runs on this venv's packages.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = (
    ("--help",),
    ("list",),
    ("ask", "雄安新区建设"),
    ("quote", "二、"),
    ("outline", "1"),
)
RUN = "import sys; from speechbot.bot.cli import main; sys.exit(main())"


def _old_tree_path(old: Path) -> str:
    """A folder where ``speechbot.index`` and ``speechbot.bot`` are the old tree's."""
    root = Path(tempfile.mkdtemp(prefix="startup-old-"))
    (root / "speechbot").mkdir()
    (root / "speechbot" / "index").symlink_to(old.resolve() / "index")
    (root / "speechbot" / "bot").symlink_to(old.resolve() / "bot")
    return str(root)


def _time(python_path: str | None, data: str, command: tuple[str, ...]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run."""
    # as a user runs it: with the bytecode cache written and read
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["SPEECHBOT_CONFIG"] = ""
    if python_path:
        env["PYTHONPATH"] = python_path
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", RUN, "--data", data, *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--old", help="a copy of the tree to compare with")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    trees = {"now": None}
    if args.old:
        trees = {"old": _old_tree_path(Path(args.old)), **trees}
    header = "".join(f"{name + ' wall':>10}{name + ' cpu':>10}" for name in trees)
    print(f"{'command (median s)':<22}{header}")
    for command in COMMANDS:
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        for path in trees.values():  # a first run writes the bytecode and the caches
            _time(path, args.data, command)
        for _ in range(args.runs):
            for name, path in trees.items():
                times[name].append(_time(path, args.data, command))
        row = "".join(
            f"{statistics.median(w for w, _ in t):>10.3f}{statistics.median(c for _, c in t):>10.3f}"
            for t in times.values()
        )
        print(f"{' '.join(command):<22}{row}")


if __name__ == "__main__":
    main()
