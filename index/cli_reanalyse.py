"""The ``reanalyse`` command (``reanalyse.py``): its options, its JSON payload and its lines;
and the one line every reading command prints first when the directory needs it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from .library import Library
from .reanalyse import Reanalysed

__all__ = ["add_reanalyse_options", "reanalyse_report", "say_if_stale"]

# the commands that show what a speech's analysis made (not ingest, remove, reanalyse); eval
# and eval-outline too: their figures on a stale directory measure the older analysis
READING_COMMANDS = frozenset(
    {"list", "ask", "outline", "quote", "summary", "stats", "eval", "eval-outline"}
)


def say_if_stale(library: Library, command: str) -> None:
    """On stderr, so that --json and pipes read the same output as before."""
    if command in READING_COMMANDS and (notice := library.stale_notice()):
        print(notice, file=sys.stderr)


def add_reanalyse_options(parser: argparse.ArgumentParser, workers: int) -> None:
    parser.add_argument(
        "--jobs", type=int, default=workers, help="并行分析的进程数（默认：CPU 核数）"
    )


def reanalyse_report(library: Library, args: argparse.Namespace) -> tuple[Any, str, bool]:
    """(payload, text, whether every file was read)."""
    bar = _bar if not args.json and sys.stderr.isatty() else None
    done = library.reanalyse(workers=args.jobs, progress=bar)
    return asdict(done), _text(done), not done.errors


def _text(done: Reanalysed) -> str:
    if done.current:
        return "数据目录已由当前版本分析，无需重新分析。"
    lines = [f"✗ {error}（保留原有分析）" for error in done.errors]
    lines.append(
        f"完成：重新分析 {done.sources} 个文件、{done.speeches} 篇讲话（编号不变），"
        f"其中 {len(done.changed)} 篇的标题或提纲有变化"
    )
    if done.added:
        lines.append("新分出的讲话：" + "、".join(f"#{i}" for i in done.added))
    if done.dropped:
        lines.append("不再存在的讲话（其引用失效）：" + "、".join(f"#{i}" for i in done.dropped))
    return "\n".join(lines)


def _bar(results: Iterable, total: int) -> Iterable:
    """Files done and time left, on stderr, for a person watching."""
    from tqdm import tqdm

    yield from tqdm(results, total=total, desc="重新分析", unit="个文件", file=sys.stderr)
