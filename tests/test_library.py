"""Ingesting, persisting and removing speeches: what a user of the library relies on."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from conftest import SAMPLES

from speechbot.index.library import Library
from speechbot.index.store import Store

VARIANTS = """质量工作会议讲话
发布时间:2016-12-20 13:57
做好质量工作意义重大。下面就是小编给大家整理的质量工作会议讲话,仅供参考。
质量工作会议讲话范文(一):
同志们:
一、提高认识,狠抓落实
全区质量工作取得新进展,企业质量意识明显增强。
二、突出重点,创新机制
要把标准化建设摆在突出位置,推动企业对标达标。
质量工作会议讲话范文(二):
同志们:
一、统一思想,明确任务
全区质量工作取得新进展,企业质量意识明显增强。
二、加强领导,形成合力
各部门要密切配合,形成齐抓共管的工作格局。
质量工作会议讲话的评论条评论
"""


@pytest.fixture
def library(tmp_path):
    lib = Library(tmp_path / "data")
    yield lib
    lib.close()


def test_samples_ingest_and_answer(library):
    outcomes = library.ingest([SAMPLES])
    assert [o.ok for o in outcomes] == [True, True]
    assert len(library.list()) == 2
    hits = library.search("老旧小区改造惠及多少户居民", top=1)
    assert "惠及居民4.8万户" in hits[0].text
    assert hits[0].path[:2] == ("一、充分肯定城市更新取得的成效", "(一)老旧小区改造全面提速")


def test_variants_become_separate_speeches_and_duplicates_show_once(library, tmp_path):
    path = tmp_path / "质量工作会议讲话.txt"
    path.write_text(VARIANTS, encoding="utf-8")
    (outcome,) = library.ingest([path])
    assert outcome.ok and len(outcome.speech_ids) == 2
    infos = library.list()
    assert [i.title for i in infos] == ["质量工作会议讲话 范文(一)", "质量工作会议讲话 范文(二)"]
    assert all(i.date == "2016-12-20" for i in infos)
    second = library.quote("一、", speech_id=outcome.speech_ids[1]).quote
    assert second.text.startswith("一、统一思想,明确任务")
    # the same paragraph in both variants is shown once
    hits = library.search("企业质量意识明显增强", top=5)
    assert sum("企业质量意识明显增强" in h.text for h in hits) == 1
    # debris is not in the text
    for speech_id in outcome.speech_ids:
        text = library.speech(speech_id).text
        assert "小编" not in text and "评论" not in text and "发布时间" not in text


def test_bad_files_are_rejected_and_the_good_ones_kept(library, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("同志们：\n一、抓好安全生产\n要压实企业安全生产主体责任。\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ\x90\x00")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"this is not a zip")
    outcomes = {
        o.path.split("/")[-1]: o for o in library.ingest([good, empty, binary, exe, broken])
    }
    assert outcomes["good.txt"].ok
    for name in ("empty.txt", "binary.txt", "tool.exe", "broken.docx"):
        assert not outcomes[name].ok
        assert name in outcomes[name].error  # the message names the file
    assert [s.source for s in library.list()] == ["good.txt"]
    assert library.search("安全生产主体责任")[0].source == "good.txt"


def test_same_file_twice_is_skipped(library):
    library.ingest([SAMPLES])
    again = library.ingest([SAMPLES])
    assert all(o.duplicate for o in again)
    assert len(library.list()) == 2


def test_original_bytes_are_kept(library):
    library.ingest([SAMPLES / "城市更新工作会议讲话.txt"])
    name, data = library.store.original(library.list()[0].id)
    assert name == "城市更新工作会议讲话.txt"
    assert data == (SAMPLES / "城市更新工作会议讲话.txt").read_bytes()


def test_remove_one_speech_keeps_the_others(library):
    library.ingest([SAMPLES])
    city, science = (s.id for s in library.list())
    library.remove(city)
    assert [s.id for s in library.list()] == [science]
    assert all(h.speech_id == science for h in library.search("城市更新 老旧小区 研发", top=10))
    assert library.search("青年科技人才托举工程")[0].speech_id == science


def test_index_loads_without_re_tokenising(tmp_path, monkeypatch):
    data = tmp_path / "data"
    first = Library(data)
    first.ingest([SAMPLES])
    expected = [(str(h.ref), h.score) for h in first.search("科技创新基金")]
    first.close()

    from speechbot.index.search import SearchIndex

    def refuse(*_args, **_kwargs):
        raise AssertionError("passages were re-tokenised or the index rebuilt")

    monkeypatch.setattr("speechbot.index.ingest.analyse_speech", refuse)
    monkeypatch.setattr(SearchIndex, "build", refuse)
    second = Library(data)
    hits = second.search("科技创新基金")
    assert [(str(h.ref), h.score) for h in hits] == expected
    second.close()


def test_crash_during_ingest_leaves_store_and_index_intact(tmp_path, monkeypatch):
    data = tmp_path / "data"
    lib = Library(data)
    lib.ingest([SAMPLES / "城市更新工作会议讲话.txt"])
    before = [(s.id, s.title) for s in lib.list()]

    def crash(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error (simulated crash)")

    monkeypatch.setattr(Store, "_bump_generation", crash)
    (failed,) = lib.ingest([SAMPLES / "科技创新大会讲话.md"])  # said for the file, no traceback
    assert not failed.ok and "无法写入数据目录" in failed.error and "disk I/O error" in failed.error
    lib.close()
    monkeypatch.undo()

    reopened = Library(data)
    assert [(s.id, s.title) for s in reopened.list()] == before
    assert reopened.search("老旧小区")[0].speech_id == before[0][0]
    assert reopened.search("青年科技人才托举工程") == [] or all(
        h.speech_id == before[0][0] for h in reopened.search("青年科技人才托举工程")
    )
    # and the same file ingests cleanly afterwards
    (outcome,) = reopened.ingest([SAMPLES / "科技创新大会讲话.md"])
    assert (
        outcome.ok and reopened.search("青年科技人才托举工程")[0].speech_id == outcome.speech_ids[0]
    )
    reopened.close()


def test_index_behind_the_store_is_rebuilt(tmp_path):
    data = tmp_path / "data"
    lib = Library(data)
    lib.ingest([SAMPLES])
    lib.close()
    # a crash after the commit but before the new index was published
    for folder in data.glob("index-*"):
        shutil.rmtree(folder)
    (data / "CURRENT").unlink()
    reopened = Library(data)
    assert reopened.search("青年科技人才托举工程")[0].title == "在全省科技创新大会上的讲话"
    reopened.close()


def test_two_libraries_on_one_data_dir_see_each_others_changes(tmp_path):
    data = tmp_path / "data"
    reader, writer = Library(data), Library(data)
    assert reader.search("老旧小区") == []
    writer.ingest([SAMPLES / "城市更新工作会议讲话.txt"])
    assert reader.search("老旧小区")[0].source == "城市更新工作会议讲话.txt"
    reader.close()
    writer.close()


def test_parallel_ingest_gives_the_same_library(tmp_path, corpus_dir):
    files = sorted(corpus_dir.glob("speech-2020-*.txt"))
    one, two = Library(tmp_path / "one"), Library(tmp_path / "two")
    one.ingest(files)
    outcomes = two.ingest(files, workers=2)
    assert [o.path for o in outcomes] == [str(f) for f in files]  # reported in the order given
    assert [(s.title, s.passages) for s in one.list()] == [
        (s.title, s.passages) for s in two.list()
    ]
    question = "科技自立自强"
    assert [(str(h.ref), h.score) for h in one.search(question)] == [
        (str(h.ref), h.score) for h in two.search(question)
    ]
    one.close()
    two.close()


def test_a_word_in_two_synonym_groups_searches_both():
    from speechbot.index.vocabulary import shipped_synonyms

    table = shipped_synonyms()
    assert {"退伍军人", "老兵"} <= set(table["退役军人"])
    assert {"薪酬", "人均收入"} <= set(table["收入"])  # 收入 is in two groups
