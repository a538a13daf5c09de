"""A full disk: the store and the last good index keep answering, each file says whether it
was stored, and nothing shows a traceback."""

from __future__ import annotations

import errno
import sqlite3

import numpy as np
import pytest
from conftest import SAMPLES

from speechbot.index import store as store_module
from speechbot.index.cli import main
from speechbot.index.library import Library

NEW_SPEECH = "防汛工作讲话\n一、蓄滞洪区\n加快蓄滞洪区建设，完善堤防加固工程。\n"


@pytest.fixture
def data(tmp_path):
    data = tmp_path / "data"
    assert main(["--data", str(data), "ingest", str(SAMPLES)]) == 0
    return data


def _no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_an_index_that_cannot_be_written_is_served_from_memory(data, tmp_path, monkeypatch, capsys):
    capsys.readouterr()
    new = tmp_path / "防汛.txt"
    new.write_text(NEW_SPEECH, "utf-8")
    monkeypatch.setattr(np, "save", _no_space)  # every index file write fails

    code = main(["--data", str(data), "ingest", str(new)])
    captured = capsys.readouterr()
    assert code == 0 and "✓" in captured.out and "防汛.txt → #3" in captured.out
    assert "Traceback" not in captured.err
    # every later question is answered: from the store, with the index built in memory
    assert main(["--data", str(data), "ask", "蓄滞洪区"]) == 0
    assert "加快蓄滞洪区建设" in capsys.readouterr().out
    assert main(["--data", str(data), "ask", "老旧小区改造"]) == 0
    assert "老旧小区" in capsys.readouterr().out
    library = Library(data)
    library.warm_up()  # a server starting on the full disk starts
    assert library.search("蓄滞洪区")[0].source == "防汛.txt"
    library.close()
    assert not [p for p in data.glob("index-*") if not (p / "MANIFEST.json").exists()]

    monkeypatch.undo()  # space again: the next reader publishes the index
    library = Library(data)
    assert library.search("蓄滞洪区")[0].source == "防汛.txt"
    library.close()
    published = data / (data / "CURRENT").read_text().strip()
    assert (published / "GENERATION").read_text() == str(Library(data).store.generation)


class _FullDisk:
    """A connection whose writes of new rows fail as SQLite's do on a full disk."""

    def __init__(self, connection):
        self._connection = connection

    def execute(self, sql, *args):
        if sql.lstrip().upper().startswith("INSERT INTO SOURCES"):
            raise sqlite3.OperationalError("database or disk is full")
        return self._connection.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._connection, name)


def test_files_that_cannot_be_stored_are_each_reported(data, tmp_path, monkeypatch, capsys):
    capsys.readouterr()
    files = []
    for n, word in enumerate(["蓄滞洪区", "森林防火"]):
        path = tmp_path / f"新{n}.txt"
        path.write_text(f"讲话{n}\n一、要点\n{word}工作要抓紧。\n", "utf-8")
        files.append(path)
    real_connect = sqlite3.connect
    monkeypatch.setattr(
        store_module.sqlite3, "connect", lambda *a, **k: _FullDisk(real_connect(*a, **k))
    )
    code = main(["--data", str(data), "ingest", *map(str, files)])
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.err
    for path in files:
        assert f"✗ {path}: {path.name}: 磁盘已满" in captured.out
        assert f"错误: {path.name}: 磁盘已满" in captured.err
    assert "0 个文件成功，2 个失败" in captured.out
    assert main(["--data", str(data), "ask", "老旧小区改造"]) == 0
    assert "老旧小区" in capsys.readouterr().out
