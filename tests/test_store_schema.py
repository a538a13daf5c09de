"""The data directory's schema version: a directory made before versions were recorded
(terms as words, no passage text, no heading paths) is migrated once and answers as a new one."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import SAMPLES

from speechbot.index.errors import StoreError
from speechbot.index.library import Library
from speechbot.index.schema import SCHEMA_VERSION

QUESTION = "老旧小区改造惠及多少户居民"


def _as_an_unversioned_version_left_it(db_path):
    """Rewrite a current store into the unversioned layout: passages' terms as tab-joined
    words, no text, headings or meta_terms columns, user_version 0."""
    with sqlite3.connect(db_path) as db:
        terms = dict(db.execute("SELECT id, term FROM terms"))

        def words(blob: bytes) -> str:
            ids = [int.from_bytes(blob[i : i + 4], "little") for i in range(0, len(blob), 4)]
            return "\t".join(terms[i] for i in ids)

        rows = db.execute(
            "SELECT id, speech_id, section, paragraph, start, end, body_terms, head_terms,"
            " char_terms FROM passages"
        ).fetchall()
        db.execute("DROP TABLE passages")
        db.execute("DROP TABLE terms")
        db.execute(
            "CREATE TABLE passages (id INTEGER PRIMARY KEY, speech_id INTEGER NOT NULL"
            " REFERENCES speeches(id) ON DELETE CASCADE, section TEXT NOT NULL,"
            " paragraph INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
            " body_terms TEXT NOT NULL, head_terms TEXT NOT NULL, char_terms TEXT NOT NULL)"
        )
        db.executemany(
            "INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?)",
            [(*row[:6], words(row[6]), words(row[7]), words(row[8])) for row in rows],
        )
        db.execute("ALTER TABLE speeches DROP COLUMN meta_terms")
        db.execute("PRAGMA user_version = 0")


def test_an_unversioned_data_dir_is_migrated_and_answers_as_before(tmp_path):
    data = tmp_path / "data"
    library = Library(data)
    library.ingest([SAMPLES])
    before = [(str(h.ref), h.path, h.text) for h in library.search(QUESTION)]
    quoted = library.quote("二、", speech_id=1).quote.text
    library.close()
    assert before and "惠及居民4.8万户" in before[0][2] and before[0][1]  # a heading path
    _as_an_unversioned_version_left_it(data / "speechbot.sqlite3")

    library = Library(data)
    assert [(str(h.ref), h.path, h.text) for h in library.search(QUESTION)] == before
    assert library.quote("二、", speech_id=1).quote.text == quoted
    # new speeches get term ids after the migrated ones, and both are found
    (outcome,) = (
        library.ingest_bytes("新讲话\n一、冬季供暖\n确保群众温暖过冬。\n".encode(), "供暖.txt"),
    )
    assert outcome.ok
    assert library.search("温暖过冬")[0].speech_id == outcome.speech_ids[0]
    assert library.search(QUESTION)[0].text == before[0][2]
    library.close()
    with sqlite3.connect(data / "speechbot.sqlite3") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        kinds = {k for (k,) in db.execute("SELECT DISTINCT typeof(body_terms) FROM passages")}
        assert kinds == {"blob"}
        assert db.execute("SELECT count(*) FROM passages WHERE text IS NULL").fetchone()[0] == 0


def test_a_new_data_dir_records_the_schema_version(tmp_path):
    Library(tmp_path / "data").close()
    with sqlite3.connect(tmp_path / "data" / "speechbot.sqlite3") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_data_dir_from_a_newer_version_is_refused_with_a_message(tmp_path):
    Library(tmp_path / "data").close()
    with sqlite3.connect(tmp_path / "data" / "speechbot.sqlite3") as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="更新版本"):
        Library(tmp_path / "data")
