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


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_workers_exit_soon_after_their_ingest_is_killed(tmp_path):
    text = (SAMPLES / "城市更新工作会议讲话.txt").read_text("utf-8")
    files = []
    for n in range(8):  # enough work that the ingest is still running when it is killed
        path = tmp_path / f"合订本{n}.txt"
        path.write_text("\n".join(f"第{n}-{k}版\n{text}" for k in range(60)), "utf-8")
        files.append(path)
    env = {**os.environ, "SPEECHBOT_CONFIG": ""}
    ingest = subprocess.Popen(
        [sys.executable, "-m", "speechbot.index.cli", "--data", str(tmp_path / "data")]
        + ["ingest", "--jobs", "2", *map(str, files)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and ingest.poll() is None:
            workers |= _children(ingest.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the ingest started no workers"
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
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
