"""A progress bar for long ingests: files done, MB/s and time left, on stderr."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .loaders import SUPPORTED_SUFFIXES

__all__ = ["progress_bar"]


def progress_bar(paths: Sequence[str]) -> Callable[[Iterable], Iterable]:
    """Files done, MB/s and ETA over the bytes of the files named (folders walked)."""
    sizes = {}
    for name in paths:
        root = Path(name)
        for path in [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []:
            if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES:
                sizes[str(path)] = path.stat().st_size

    def progress(items: Iterable) -> Iterable:
        from tqdm import tqdm

        try:
            columns, rows = os.get_terminal_size(sys.stderr.fileno())
        except OSError:
            columns, rows = 0, 0

        with tqdm(
            total=sum(sizes.values()) or None,
            desc="导入",
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            file=sys.stderr,
            # a terminal that reports no size (0×0) would hide the bar altogether
            ncols=min(columns or 100, 120),
            nrows=rows or 24,
            bar_format="{desc} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt}"
            " [{rate_fmt}, 剩余 {remaining}]",
        ) as bar:
            for done, item in enumerate(items, 1):
                bar.set_description_str(f"导入 {done}/{len(sizes)} 个文件", refresh=False)
                bar.update(sizes.get(getattr(item, "path", ""), 0))
                yield item

    return progress
