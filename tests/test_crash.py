"""Killed ingests and concurrent readers: the store opens, nothing earlier is lost, the
index agrees with the store, and searches never see a mix or an error."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from conftest import SAMPLES

from speechbot.index.library import Library


def _start_ingest(data, *paths):
    env = {**os.environ, "SPEECHBOT_CONFIG": ""}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "speechbot.bot.cli",
            "--data",
            str(data),
            "ingest",
            *map(str, paths),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )


def _check_consistent(data, earlier: list[tuple[int, str]]) -> Library:
    with sqlite3.connect(data / "speechbot.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    library = Library(data)
    infos = {s.id: s for s in library.list()}
    for speech_id, title in earlier:
        assert infos[speech_id].title == title
    assert library.search("老旧小区改造")[0].source == "城市更新工作会议讲话.txt"
    # the index holds exactly the stored passages
    assert len(library.index) == sum(s.passages for s in infos.values())
    return library


@pytest.mark.parametrize("seed", [1])
def test_sigkill_during_ingest_at_random_points(tmp_path, corpus_dir, seed):
    reports = "\n".join(p.read_text("utf-8") for p in sorted(corpus_dir.glob("gov-report-*.txt")))
    big = tmp_path / "合订本.txt"
    big.write_text(reports, "utf-8")
    data = tmp_path / "data"
    library = Library(data)
    library.ingest([SAMPLES])
    earlier = [(s.id, s.title) for s in library.list()]
    library.close()
    rng = random.Random(seed)
    started = time.perf_counter()
    assert _start_ingest(data, big).wait() == 0  # one whole run, to learn how long it takes
    duration = time.perf_counter() - started
    library = Library(data)
    earlier = [(s.id, s.title) for s in library.list()]
    library.close()
    kills = 0
    for attempt in range(8):
        # a new file each time (a stored file would be skipped as a duplicate at once)
        victim = tmp_path / f"合订本{attempt}.txt"
        victim.write_text(f"第{attempt}版\n{reports}", "utf-8")
        process = _start_ingest(data, victim)
        wait = rng.uniform(0.2, 0.95) * duration
        time.sleep(wait)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        else:  # the machine got faster: aim the next kills earlier
            duration = min(duration, wait)
        process.wait()
        _check_consistent(data, earlier).close()
    assert kills >= 5  # most runs were really cut off mid-way
    library = _check_consistent(data, earlier)
    (outcome,) = library.ingest([big])
    assert outcome.ok  # ingests cleanly (or was already complete: then it is a duplicate)
    assert library.search("第一个五年计划的基本任务")[0].source.startswith("合订本")
    library.close()


def test_searches_during_ingest_never_fail_or_mix(tmp_path, corpus_dir):
    data = tmp_path / "data"
    seed = Library(data)
    seed.ingest([SAMPLES])
    seed.close()
    errors: list[BaseException] = []
    done = threading.Event()
    searches = 0

    def reader():
        nonlocal searches
        library = Library(data)
        try:
            while not done.is_set():
                for hit in library.search("发展 改革 城市更新", top=5):
                    speech = library.speech(hit.speech_id)
                    assert hit.text and hit.text in speech.text  # a whole, consistent passage
                searches += 1
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            errors.append(exc)
        finally:
            library.close()

    thread = threading.Thread(target=reader)
    thread.start()
    for path in sorted(corpus_dir.glob("speech-2020-*.txt")):
        assert _start_ingest(data, path).wait() == 0  # one commit per file, while reading
    done.set()
    thread.join()
    assert not errors, errors
    assert searches > 10
