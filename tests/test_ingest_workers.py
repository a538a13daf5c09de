"""Ingest worker processes: none outlives the `speechbot ingest` that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SAMPLES


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            pass
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie holds no memory; it only waits to be reaped


def _big_files(folder: Path, count: int = 8) -> list[Path]:
    """Files with enough work that an ingest of them is still running a few seconds in."""
    text = (SAMPLES / "城市更新工作会议讲话.txt").read_text("utf-8")
    files = []
    for n in range(count):
        path = folder / f"合订本{n}.txt"
        # every line its own (a repeated article would be read once, and quickly)
        copies = (
            "\n".join(f"{line}（{n}-{k}-{i}）" for i, line in enumerate(text.splitlines()))
            for k in range(300)
        )
        path.write_text("\n".join(copies), "utf-8")
        files.append(path)
    return files


def _ingest(data: Path, files: list[Path], **popen) -> subprocess.Popen:
    env = {**os.environ, "SPEECHBOT_CONFIG": ""}
    return subprocess.Popen(
        [sys.executable, "-m", "speechbot.index.cli", "--data", str(data)]
        + ["ingest", "--jobs", "2", *map(str, files)],
        env=env,
        **popen,
    )


def _wait_for_workers(ingest: subprocess.Popen, count: int = 2) -> set[int]:
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while len(workers) < count and time.monotonic() < deadline and ingest.poll() is None:
        workers |= _children(ingest.pid)
        time.sleep(0.05)
    assert len(workers) >= count, "the ingest started no workers"
    return workers


def _kill(pids) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


needs_proc = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")


@needs_proc
def test_workers_exit_soon_after_their_ingest_is_killed(tmp_path):
    ingest = _ingest(
        tmp_path / "data",
        _big_files(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        workers = _wait_for_workers(ingest)
        time.sleep(1.0)  # the workers are busy analysing
        ingest.send_signal(signal.SIGKILL)
        ingest.wait()
        deadline = time.monotonic() + 30  # generous: a loaded machine
        while any(map(_running, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        orphans = [pid for pid in workers if _running(pid)]
        assert not orphans, f"workers outlived their ingest: {orphans}"
    finally:  # whatever the outcome, nothing this test started lives on
        ingest.kill()
        _kill(workers)


@needs_proc
def test_a_killed_worker_costs_its_files_a_line_each_not_a_traceback(tmp_path):
    ingest = _ingest(
        tmp_path / "data",
        _big_files(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: set[int] = set()
    try:
        workers = _wait_for_workers(ingest)
        time.sleep(0.2)  # well inside the first file: each takes seconds, even on a fast machine
        _kill(list(workers)[:1])  # the kernel's OOM killer, say
        out, err = ingest.communicate(timeout=300)
    finally:
        ingest.kill()
        _kill(workers)
    assert ingest.returncode == 1 and "Traceback" not in err, err
    assert "分析进程意外退出 (a worker process died)" in out
    assert "完成：" in out and len(out.strip().split("\n")) == 9  # a line per file, and the sum
