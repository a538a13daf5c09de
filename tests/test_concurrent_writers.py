"""Several writers on one data directory: the bot's Library and `speechbot ingest` processes.
Each sees what the others committed; none loses a file or another's words."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys

from conftest import SAMPLES

from speechbot.index.library import Library


def speechbot(data, *args, **popen):
    env = {**os.environ, "SPEECHBOT_CONFIG": ""}
    command = [sys.executable, "-m", "speechbot.index.cli", "--data", str(data), *map(str, args)]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **popen
    )


def run(data, *args):
    process = speechbot(data, *args)
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def test_bot_removing_and_command_line_ingesting_in_turn_find_every_new_word(tmp_path):
    data = tmp_path / "data"
    bot = Library(data)  # held open all along, as the bot holds it
    bot.ingest([SAMPLES])
    bot.ingest_bytes("秋粮收购\n一、收购进度\n秋粮收购平稳有序。\n".encode(), "秋粮.txt")
    bot.remove(1)
    flood = tmp_path / "防汛.txt"
    flood.write_text("防汛工作讲话\n一、蓄滞洪区\n加快蓄滞洪区建设，完善堤防加固工程。\n", "utf-8")
    code, out, err = run(data, "ingest", flood)
    assert code == 0 and "✓" in out, err
    bot.remove(2)  # publishes an index: it must hold the command line's new words

    assert [h.source for h in bot.search("蓄滞洪区 堤防加固")][:1] == ["防汛.txt"]
    code, out, err = run(data, "ask", "蓄滞洪区 堤防加固")
    assert code == 0 and "蓄滞洪区建设" in out and "没有找到" not in out, err
    # and the bot adds words of its own after the command line's, without a clash
    outcome = bot.ingest_bytes("森林防火\n一、防火\n严防山林火灾蔓延。\n".encode(), "防火.txt")
    assert outcome.ok, outcome.error
    assert [h.source for h in bot.search("山林火灾")][:1] == ["防火.txt"]
    assert [h.source for h in bot.search("蓄滞洪区 堤防加固")][:1] == ["防汛.txt"]
    code, out, _ = run(data, "ask", "山林火灾")
    assert "严防山林火灾蔓延" in out
    bot.close()


def _speech(rng: random.Random, n: int) -> tuple[str, str]:
    """A speech of words no other file has, and one phrase of it to ask for."""
    words = ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(4)) for _ in range(60)]
    body = "，".join(words) + "。"
    return f"讲话{n}\n一、要点\n{body}\n", words[7]


def test_two_ingests_at_once_both_store_every_file(tmp_path):
    rng = random.Random(19)
    batches, phrases = [], {}
    for batch in range(2):
        folder = tmp_path / f"batch{batch}"
        folder.mkdir()
        for n in range(12):
            text, phrase = _speech(rng, n)
            path = folder / f"b{batch}-{n:02}.txt"
            path.write_text(text, "utf-8")
            phrases[path.name] = phrase
        batches.append(folder)
    data = tmp_path / "data"
    Library(data).close()
    first, second = (speechbot(data, "ingest", "--jobs", "1", b) for b in batches)
    results = [p.communicate(timeout=300) + (p.returncode,) for p in (first, second)]
    for out, err, code in results:
        assert code == 0 and "12 个文件成功，0 个失败" in out, err
        assert "Traceback" not in err
    library = Library(data)
    assert len(library.list()) == 24
    for name, phrase in phrases.items():
        assert library.search(phrase)[0].source == name
    library.close()


def test_an_ingest_waits_for_another_writer_and_says_so(tmp_path):
    data = tmp_path / "data"
    Library(data).close()
    other = sqlite3.connect(data / "speechbot.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of storing a file
    ingest = speechbot(data, "ingest", SAMPLES)
    try:
        said = ingest.stderr.readline()  # blocks until the ingest says something
        assert "另一个进程正在写入数据目录，等待它完成" in said
        assert ingest.poll() is None  # still waiting, not failed
    finally:
        other.execute("COMMIT")
        other.close()
    out, err = ingest.communicate(timeout=300)
    assert ingest.returncode == 0 and "2 个文件成功，0 个失败" in out, err
