"""Benchmarks: each module a command (`python -m bench.NAME`), see bench/README.md."""

from __future__ import annotations

import json
import time
from pathlib import Path


def write_results(rows: list, folder: str | Path, kind: str) -> Path:
    """The run's figures as JSON in ``folder``, named by kind and time: bench-20261201-133944.json."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=2), "utf-8")
    return path
