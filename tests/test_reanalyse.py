"""`speechbot reanalyse`: a data directory made by an older analysis (an older outline rule,
another analysis version) is made again by this one, speech ids kept, one file at a time;
and the user is told when a directory needs it, and not otherwise."""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from speechbot.index import fingerprint
from speechbot.index import outline as outline_module
from speechbot.index.cli import main
from speechbot.index.library import Library, LibraryConfig
from speechbot.index.store import Store
from speechbot.index.store_rewrite import _match

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
QUESTIONS = ["老旧小区改造惠及多少户居民", "青年科技人才", "审批时限"]
_TOP_LEVEL = re.compile(r"[一二三四五六七八九十]+、")


def _old_library(folder: Path, monkeypatch) -> None:
    """A directory as an older speechbot made it: analysis version 0, and an outline parser
    that knew only the top level (一、二、…)."""
    real = outline_module.match_heading

    def top_level_only(line, *args, **kwargs):
        return real(line, *args, **kwargs) if _TOP_LEVEL.match(line) else None

    with monkeypatch.context() as patch:
        patch.setattr(outline_module, "match_heading", top_level_only)
        patch.setattr(fingerprint, "ANALYSIS_VERSION", 0)
        library = Library(folder)
        assert all(o.ok for o in library.ingest([SAMPLES], workers=1))
        library.close()


def _seen(library: Library) -> dict:
    """What a user sees: the list, every outline with its references, the answers."""
    outlines = {
        info.id: [(s.path, s.heading) for s in library.speech(info.id).sections()]
        for info in library.list()
    }
    answers = {q: [(str(h.ref), h.text) for h in library.search(q, top=3)] for q in QUESTIONS}
    listing = [(i.id, i.title, i.date, i.source, i.passages) for i in library.list()]
    return {"list": listing, "outlines": outlines, "answers": answers}


@pytest.fixture
def fresh(tmp_path) -> dict:
    """The samples as this speechbot ingests them."""
    library = Library(tmp_path / "fresh")
    library.ingest([SAMPLES], workers=1)
    seen = _seen(library)
    library.close()
    return seen


def test_an_old_directory_is_made_again_by_the_new_analysis(tmp_path, monkeypatch, fresh):
    data = tmp_path / "old"
    _old_library(data, monkeypatch)
    library = Library(data)
    old = _seen(library)
    assert old["outlines"] != fresh["outlines"]  # the old rule saw no (一) nor 一是
    assert old["answers"] != fresh["answers"]
    assert library.stale_notice() is not None

    done = library.reanalyse(workers=2)
    assert (done.sources, done.speeches, done.added, done.dropped) == (2, 2, [], [])
    assert done.changed == [1, 2]
    assert library.stale_notice() is None
    assert _seen(library) == fresh  # ids kept, outlines and answers as a fresh ingest's
    assert library.quote("1:1.1#1").quote.text.startswith("全年新开工")
    library.close()
    reopened = Library(data)  # what another process sees: the published index agrees
    assert _seen(reopened) == fresh
    assert reopened.reanalyse().current


def test_a_reference_to_a_section_that_still_exists_keeps_its_text(tmp_path, monkeypatch):
    data = tmp_path / "old"
    _old_library(data, monkeypatch)
    library = Library(data)
    before = library.quote("1:3#1").quote.text
    library.reanalyse()
    assert library.quote("1:3#1").quote.text == before


def test_an_interrupted_run_loses_nothing_and_the_next_one_finishes(tmp_path, monkeypatch, fresh):
    data = tmp_path / "old"
    _old_library(data, monkeypatch)
    replace = Store.replace_source
    calls = []

    def crash_after_one(self, *args, **kwargs):
        if calls:
            raise RuntimeError("killed")
        calls.append(1)
        return replace(self, *args, **kwargs)

    library = Library(data)
    old = _seen(library)
    with monkeypatch.context() as patch:
        patch.setattr(Store, "replace_source", crash_after_one)
        with pytest.raises(RuntimeError):
            library.reanalyse()
    library.close()

    library = Library(data)
    half = _seen(library)  # the first file made anew, the second as it was: both whole
    assert half["list"] == [fresh["list"][0], old["list"][1]]
    assert half["outlines"] == {1: fresh["outlines"][1], 2: old["outlines"][2]}
    assert library.stale_notice() is not None
    done = library.reanalyse()
    assert (done.sources, done.speeches) == (1, 1)  # it carries on with the second file
    assert _seen(library) == fresh
    assert library.stale_notice() is None


def test_a_user_dictionary_added_in_the_config_makes_the_directory_stale(tmp_path):
    data = tmp_path / "data"
    Library(data).ingest([SAMPLES], workers=1)
    words = tmp_path / "words.txt"
    words.write_text("惠及居民 100000\n", encoding="utf-8")
    library = Library(data, LibraryConfig(user_dicts=(str(words),)))
    assert library.stale_notice() is not None
    done = library.reanalyse()
    assert (done.sources, done.speeches) == (2, 2)
    assert library.stale_notice() is None
    assert Library(data).stale_notice() is not None  # without it the directory is stale again


def test_ingest_into_a_stale_directory_leaves_it_stale(tmp_path, monkeypatch):
    data = tmp_path / "old"
    _old_library(data, monkeypatch)
    other = tmp_path / "more"
    other.mkdir()
    shutil.copy(SAMPLES / "城市更新工作会议讲话.txt", other / "copy.txt")
    (other / "copy.txt").write_text(
        (other / "copy.txt").read_text(encoding="utf-8") + "\n同志们，再见。\n", encoding="utf-8"
    )
    library = Library(data)
    library.ingest([other], workers=1)
    assert library.stale_notice() is not None  # the older speeches are still old


def test_a_directory_from_before_fingerprints_counts_as_stale(tmp_path):
    data = tmp_path / "data"
    Library(data).ingest([SAMPLES], workers=1)
    db = sqlite3.connect(data / "speechbot.sqlite3")
    db.execute("DELETE FROM meta WHERE key='analysis'")
    db.commit()
    db.close()
    assert Library(data).stale_notice() is not None
    assert Library(tmp_path / "empty").stale_notice() is None  # nothing stored: nothing to do


def test_the_command_line_says_so_when_stale_and_not_when_fresh(tmp_path, monkeypatch, capsys):
    data = tmp_path / "old"
    _old_library(data, monkeypatch)
    # eval-outline's figures on a stale directory would be the older outlines': said too
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "talk.txt").write_text("讲话\n同志们：\n一、形势\n形势很好。\n", "utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "talk.txt", "headings": []}\n', "utf-8")
    eval_outline = ["eval-outline", str(gold), "--shared", str(tmp_path / "docs")]
    for command in (["list"], ["ask", "青年科技人才"], ["list", "--json"], eval_outline):
        assert main(["--data", str(data), *command]) == 0
        err = capsys.readouterr().err
        assert "数据目录由旧版本" in err and "speechbot reanalyse" in err
        assert len(err.strip().splitlines()) == 1
    assert main(["--data", str(data), "reanalyse", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "重新分析 3 个文件、3 篇讲话" in out  # eval-outline ingested its document
    for command in (["list"], ["ask", "青年科技人才"]):
        assert main(["--data", str(data), *command]) == 0
        assert capsys.readouterr().err == ""
    assert main(["--data", str(data), "reanalyse"]) == 0
    assert "无需重新分析" in capsys.readouterr().out


def test_a_part_the_user_removed_stays_removed():
    old = [(4, "上篇", "甲", b""), (6, "下篇", "丙", b"")]  # 5 (中篇) was removed
    records = [
        SimpleNamespace(part=p, title=t)
        for p, t in [("上篇", "甲"), ("中篇", "乙"), ("下篇", "丙")]
    ]
    pairs, dropped = _match(old, records, ["中篇"])
    assert [(sid, r.part) for sid, r in pairs] == [(4, "上篇"), (6, "下篇")]
    assert dropped == []
    pairs, dropped = _match(old, records[:1], [])  # the file now reads as one speech
    assert [(sid, r.part) for sid, r in pairs] == [(4, "上篇")]
    assert dropped == [6]


def test_the_bot_logs_it_at_start_when_stale(tmp_path, monkeypatch, caplog):
    from speechbot.bot.app import build_application
    from speechbot.bot.config import BotSettings
    from speechbot.bot.state import BotState

    def logged(folder: Path) -> list[str]:
        caplog.clear()
        library = Library(folder)
        with caplog.at_level(logging.WARNING, logger="speechbot.bot.app"):
            app = build_application(BotSettings(token="123:abc"), library, BotState(folder))
        app.bot_data["workers"].close()
        library.close()
        return [r.getMessage() for r in caplog.records if "reanalyse" in r.getMessage()]

    _old_library(tmp_path / "old", monkeypatch)
    assert len(logged(tmp_path / "old")) == 1
    Library(tmp_path / "fresh").ingest([SAMPLES], workers=1)
    assert logged(tmp_path / "fresh") == []


def test_another_process_sees_the_rewritten_speeches(tmp_path, monkeypatch, fresh):
    data = tmp_path / "old"
    _old_library(data, monkeypatch)
    bot = Library(data)  # a bot that has shown outlines and summaries before the run
    old_outline = bot.speech(1).outline
    bot.summary(1)
    Library(data).reanalyse()
    assert bot.speech(1).outline != old_outline
    assert [e.ref for e in bot.summary(1).outline] == [
        e.ref for e in Library(tmp_path / "fresh").summary(1).outline
    ]
