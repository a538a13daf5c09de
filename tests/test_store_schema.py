"""The data directory's schema version and the migration of older directories, and the
text kept in small blocks packed with the directory's dictionary.

Version 1 directories (each passage's own text, headings and int32 terms beside the
speech's text, nothing compressed) and unversioned ones (terms as words, no passage text,
no heading paths) are written here from a current directory, then opened: each is migrated
once, in place, and shows every passage byte for byte as a directory made anew does."""

from __future__ import annotations

import io
import itertools
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
import zstandard
from conftest import SAMPLES

from speechbot.bot.cli import chat
from speechbot.bot.config import BotSettings
from speechbot.bot.service import Conversation
from speechbot.bot.state import BotState
from speechbot.index import _text_blocks, migrate, store_reading
from speechbot.index._text_blocks import BLOCK
from speechbot.index.errors import NotFoundError, StoreError
from speechbot.index.library import Library
from speechbot.index.outline_packing import pack_outline, unpack_outline
from speechbot.index.packing import (
    pack,
    pack_ids,
    pack_text,
    unpack,
    unpack_beside,
    unpack_ids,
    unpack_term_ids,
    unpack_text,
)
from speechbot.index.schema import SCHEMA_VERSION, section_to_dict
from speechbot.index.store import Store

QUESTION = "老旧小区改造惠及多少户居民"

# written for this test: two speeches in one file (the second is removed: the file's
# bytes stay for the first), headings of three levels
OWN = {
    "两次讲话合辑.txt": "\n".join(
        [
            "冬季供暖工作会议讲话",
            "发布时间:2024-11-02",
            "冬季供暖工作会议讲话范文（一）：",
            "同志们：",
            "一、保障群众温暖过冬",
            "（一）抓好热源供应",
            "全市新增清洁热源八百兆瓦，确保群众温暖过冬。去年供暖季投诉下降三成。",
            "（二）抓好管网改造",
            "改造老旧供热管网一百二十公里，热损失明显下降。",
            "二、压实各方责任",
            "各区要把供暖当作头等大事，主要负责同志亲自抓。😀 表情也照样保存。",
            "冬季供暖工作会议讲话范文（二）：",
            "一、另一种说法",
            "供暖是民生大事，温暖过冬要落到实处。",
        ]
    ),
}


def _long_speech() -> str:
    """~31,000 characters in parts and points: passages straddle the stored text's blocks
    (1,024 characters); a character outside the BMP now and then."""
    lines = ["全年工作总结讲话", "发布时间:2023-12-20"]
    numbers = "一二三四五六七八九十"
    for part in range(6):
        lines.append(f"{numbers[part]}、第{part + 1}方面的工作")
        for point in range(8):
            lines.append(f"（{numbers[point]}）第{part + 1}部分第{point + 1}点")
            for para in range(6):
                lines.append(
                    "".join(
                        f"第{part + 1}.{point + 1}.{para + 1}段第{k}句，"
                        f"完成投资{(part * 97 + point * 13 + para * 7 + k) % 500}亿元"
                        + ("𠀀" if k == 2 else "")
                        + "。"
                        for k in range(5)
                    )
                )
    return "\n".join(lines)


OWN["长篇讲话.txt"] = _long_speech()

CHAT = [
    QUESTION,
    "!1",
    "供热管网改造了多少公里",
    '"温暖过冬"',
    "/quote 二、第一",
    "/speeches",
    "/summary 1",
]


def _shown(library: Library) -> list:
    """Everything that shows stored text: hits, mentions, quotes, summaries, originals, and
    the bot's answers in the terminal chat."""
    out: list = []
    for question in (QUESTION, "供热管网改造了多少公里", "科技创新", "责任"):
        out += [
            (str(h.ref), h.path, h.text, h.title, h.date, h.source, h.speech_id)
            for h in library.search(question, top=10)
        ]
    for phrase in ("温暖过冬", "城市", "改造"):
        out.append(repr(library.mentions(phrase)))
    for info in library.list():
        out.append(info)
        out.append(library.store.original(info.id))
        speech = library.speech(info.id)
        out.append((speech.text, [(str(p.ref), p.text) for p in speech.passages(300)]))
        out.append(repr(library.summary(info.id)))
        for point in ("一、", "二、", "第一部分第二点"):
            try:
                out.append(repr(library.quote(point, speech_id=info.id)))
            except NotFoundError as exc:
                out.append(str(exc))
    state = BotState(library.data_dir)
    text = io.StringIO()
    try:
        conversation = Conversation(library, state, BotSettings(token=None, access_mode="open"))
        chat(conversation, CHAT, echo=True, out=text)
    finally:
        state.close()
    out.append(text.getvalue())
    return out


_V1_TABLES = [
    """CREATE TABLE sources (id INTEGER PRIMARY KEY AUTOINCREMENT, filename TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE, data BLOB NOT NULL, added_at REAL NOT NULL)""",
    """CREATE TABLE speeches (id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id INTEGER NOT NULL REFERENCES sources(id), title TEXT NOT NULL, date TEXT,
    speaker TEXT, occasion TEXT, part TEXT, text TEXT NOT NULL, outline TEXT NOT NULL,
    meta_terms TEXT NOT NULL DEFAULT '', added_at REAL NOT NULL)""",
    """CREATE TABLE passages (id INTEGER PRIMARY KEY,
    speech_id INTEGER NOT NULL REFERENCES speeches(id) ON DELETE CASCADE,
    section TEXT NOT NULL, paragraph INTEGER NOT NULL, start INTEGER NOT NULL,
    end INTEGER NOT NULL, headings TEXT NOT NULL DEFAULT '[]', text TEXT,
    body_terms BLOB NOT NULL, head_terms BLOB NOT NULL, char_terms BLOB NOT NULL)""",
    "CREATE INDEX passages_speech ON passages(speech_id)",
]


def _as_version_1_left_it(db_path) -> None:
    """Rewrite a current store in version 1's layout, as version 1's code wrote it."""
    _as_version_2_left_it(db_path)
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("BEGIN")
    sequence = db.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
    sources = [
        (sid, name, digest, unpack(data), added)
        for sid, name, digest, data, added in db.execute("SELECT * FROM sources").fetchall()
    ]
    speeches, passages = [], []
    for row in db.execute(
        "SELECT id, source_id, title, date, speaker, occasion, part, text, outline,"
        " headings, terms, meta_terms, added_at FROM speeches"
    ).fetchall():
        sid, text, headings, terms = row[0], unpack_text(row[7]), row[9], row[10]
        speeches.append((*row[:7], text, unpack_text(row[8]), *row[11:]))
        headings = [json.dumps(h, ensure_ascii=False) for h in json.loads(unpack_text(headings))]
        rows = db.execute(
            "SELECT id, section, paragraph, start, end, heading, body_count, head_count,"
            " chars_count FROM passages WHERE speech_id=? ORDER BY id",
            (sid,),
        ).fetchall()
        counts = np.array([r[6:] for r in rows], np.int64).reshape(-1, 3)
        pieces = np.split(np.frombuffer(unpack(terms), "<i4"), np.cumsum(counts.T.ravel())[:-1])
        n = len(rows)
        for k, (pid, section, para, start, end, heading, *_) in enumerate(rows):
            blobs = [pieces[f * n + k].tobytes() for f in range(3)]
            passages.append(
                (pid, sid, section, para, start, end, headings[heading], text[start:end], *blobs)
            )
    for table in ("passages", "speeches", "sources"):
        db.execute(f"DROP TABLE {table}")
    for statement in _V1_TABLES:
        db.execute(statement)
    db.executemany("INSERT INTO sources VALUES (?,?,?,?,?)", sources)
    db.executemany("INSERT INTO speeches VALUES (?,?,?,?,?,?,?,?,?,?,?)", speeches)
    db.executemany("INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?,?,?)", passages)
    db.executemany("UPDATE sqlite_sequence SET seq=? WHERE name=?", [(s, n) for n, s in sequence])
    db.execute("PRAGMA user_version = 1")
    db.execute("COMMIT")
    db.execute("VACUUM")
    db.close()


def _texts_of(db, source_id: int) -> list[str]:
    """A source's speeches' texts, each one frame (versions 2 and 3)."""
    rows = db.execute("SELECT text FROM speeches WHERE source_id=? ORDER BY id", (source_id,))
    return [unpack_text(text) for (text,) in rows]


_V5_SPEECHES = """CREATE TABLE speeches (id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id INTEGER NOT NULL REFERENCES sources(id), title TEXT NOT NULL, date TEXT,
    speaker TEXT, occasion TEXT, part TEXT, text BLOB NOT NULL,
    text_blocks BLOB NOT NULL DEFAULT x'', outline BLOB NOT NULL, headings BLOB NOT NULL,
    terms BLOB NOT NULL, meta_terms TEXT NOT NULL DEFAULT '', added_at REAL NOT NULL)"""


def _v5_blocks(text: str) -> tuple[bytes, bytes]:
    """A text as version 4 and 5 packed it: frames of 8,192 characters end to end, and
    where each starts and the last ends (int64)."""
    frames = [pack_text(text[i : i + 8192]) for i in range(0, len(text), 8192)]
    return b"".join(frames), np.cumsum([0, *map(len, frames)], dtype="<i8").tobytes()


def _v5_text(frames: bytes, offsets: bytes) -> str:
    bounds = np.frombuffer(offsets, "<i8").tolist()
    return "".join(unpack_text(frames[a:b]) for a, b in itertools.pairwise(bounds))


def _as_version_7_left_it(db_path) -> None:
    """Rewrite a current store as version 7 left it: each outline JSON, zstd."""
    store = Store(db_path.parent)
    texts = {info.id: store.speech(info.id).text for info in store.list()}
    store.close()
    with _stored(db_path.parent) as db:
        for sid, outline in db.execute("SELECT id, outline FROM speeches").fetchall():
            old = pack_text(json.dumps(unpack_outline(outline, texts[sid])))
            db.execute("UPDATE speeches SET outline=? WHERE id=?", (old, sid))
        db.execute("PRAGMA user_version = 7")


def _as_version_6_left_it(db_path) -> None:
    """Rewrite a current store as version 6 left it: each speech's term ids int32 in byte
    planes, in the order the analyzer made them (here: each passage's reversed)."""
    _as_version_7_left_it(db_path)
    with _stored(db_path.parent) as db:
        for (sid,) in db.execute("SELECT id FROM speeches").fetchall():
            (blob,) = db.execute("SELECT terms FROM speeches WHERE id=?", (sid,)).fetchone()
            counts = np.array(
                db.execute(
                    "SELECT body_count, head_count FROM passages WHERE speech_id=? ORDER BY id",
                    (sid,),
                ).fetchall(),
                np.int64,
            ).reshape(-1, 2)
            lengths = counts.T.ravel()
            runs = np.split(unpack_term_ids(blob, lengths), np.cumsum(lengths)[:-1])
            ids = np.concatenate([r[::-1] for r in runs]) if runs else np.zeros(0, np.int32)
            db.execute("UPDATE speeches SET terms=? WHERE id=?", (pack_ids(ids), sid))
        db.execute("PRAGMA user_version = 6")


def _as_version_5_left_it(db_path) -> None:
    """Rewrite a current store as version 5 left it: each speech's text in its row, in
    frames of 8,192 characters, no dictionary."""
    store = Store(db_path.parent)
    texts = {info.id: store.speech(info.id).text for info in store.list()}
    store.close()
    _as_version_6_left_it(db_path)
    with _stored(db_path.parent) as db:
        sequence = db.execute("SELECT seq FROM sqlite_sequence WHERE name='speeches'").fetchone()
        blocks = _text_blocks.TextBlocks(db)
        rows = [
            (*row[:8], pack_text(blocks.unpack(row[8])), *row[9:])  # headings: no dictionary
            for row in db.execute(
                "SELECT id, source_id, title, date, speaker, occasion, part, outline, headings,"
                " terms, meta_terms, added_at FROM speeches"
            ).fetchall()
        ]
        db.execute("DROP TABLE speeches")
        db.execute("DROP TABLE blocks")
        db.execute("DROP TABLE dictionaries")
        db.execute(_V5_SPEECHES)
        db.executemany(
            "INSERT INTO speeches VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(*row[:7], *_v5_blocks(texts[row[0]]), *row[7:]) for row in rows],
        )
        db.execute("UPDATE sqlite_sequence SET seq=? WHERE name='speeches'", sequence)
        db.execute("PRAGMA user_version = 5")


def _as_version_4_left_it(db_path) -> None:
    """Rewrite a current store as version 4 left it: each speech's term ids int32 end to
    end with the character field's after the body's and head's, each passage counting its
    own of the three."""
    store = Store(db_path.parent)
    chars: dict[int, list[np.ndarray]] = {}
    for _, sid, terms in store.passage_terms():
        chars.setdefault(sid, []).append(terms.chars)
    store.close()
    _as_version_5_left_it(db_path)
    with _stored(db_path.parent) as db:
        db.execute("ALTER TABLE passages ADD COLUMN chars_count INTEGER NOT NULL DEFAULT 0")
        for sid, terms in db.execute("SELECT id, terms FROM speeches").fetchall():
            pids = [
                r[0]
                for r in db.execute("SELECT id FROM passages WHERE speech_id=? ORDER BY id", (sid,))
            ]
            ids = np.concatenate([unpack_ids(terms), *chars.get(sid, [])]).astype("<i4")
            db.execute("UPDATE speeches SET terms=? WHERE id=?", (pack(ids.tobytes()), sid))
            db.executemany(
                "UPDATE passages SET chars_count=? WHERE id=?",
                [(len(c), pid) for pid, c in zip(pids, chars.get(sid, []), strict=True)],
            )
        db.execute("PRAGMA user_version = 4")


def _as_version_3_left_it(db_path) -> None:
    """Rewrite a current store as version 3 left it: each speech's text one frame."""
    _as_version_4_left_it(db_path)
    with _stored(db_path.parent) as db:
        rows = db.execute("SELECT id, text, text_blocks FROM speeches").fetchall()
        for sid, text, blocks in rows:
            db.execute(
                "UPDATE speeches SET text=? WHERE id=?", (pack_text(_v5_text(text, blocks)), sid)
            )
        db.execute("ALTER TABLE speeches DROP COLUMN text_blocks")
        db.execute("PRAGMA user_version = 3")


def _as_version_2_left_it(db_path) -> None:
    """Rewrite a current store as version 2 left it: original bytes packed alone."""
    _as_version_3_left_it(db_path)
    with _stored(db_path.parent) as db:
        for sid, data in db.execute("SELECT id, data FROM sources").fetchall():
            original = unpack_beside(data, _texts_of(db, sid))
            db.execute("UPDATE sources SET data=? WHERE id=?", (pack(original), sid))
        db.execute("PRAGMA user_version = 2")


def _as_an_unversioned_version_left_it(db_path):
    """Rewrite a version 1 store into the unversioned layout: passages' terms as
    tab-joined words, no text, headings or meta_terms columns, user_version 0."""
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


@pytest.fixture
def made(tmp_path):
    """A current data directory holding the samples and a file of two speeches written
    here, one speech removed (its id must never come back), and what it shows."""
    (tmp_path / "own").mkdir()
    for name, text in OWN.items():
        (tmp_path / "own" / name).write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    library = Library(data)
    # the file of two speeches last: the speech removed has the highest id
    library.ingest([SAMPLES, *(tmp_path / "own" / name for name in sorted(OWN, reverse=True))])
    removed = library.list()[-1].id
    assert library.info(removed).source == "两次讲话合辑.txt"
    library.remove(removed)
    shown = _shown(library)
    library.close()
    return data, shown, removed


@contextmanager
def _stored(data) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(data / "speechbot.sqlite3")
    try:
        with db:
            yield db
    finally:
        db.close()  # an open reader would keep the file from shrinking after VACUUM


def test_a_version_1_data_dir_is_migrated_in_place_and_shows_the_same(made):
    data, shown, removed = made
    assert len(shown) > 30 and any(QUESTION[:4] in str(x) for x in shown)
    _as_version_1_left_it(data / "speechbot.sqlite3")
    with _stored(data) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        old_size = (data / "speechbot.sqlite3").stat().st_size

    Library(data).close()  # migrates
    assert (data / "speechbot.sqlite3").stat().st_size < old_size
    library = Library(data)
    assert _shown(library) == shown
    # new speeches get ids and term ids after the migrated ones, and both are found
    outcome = library.ingest_bytes("新讲话\n一、防汛\n确保安全度汛。\n".encode(), "防汛.txt")
    assert outcome.ok and min(outcome.speech_ids) > removed
    assert library.search("安全度汛")[0].speech_id == outcome.speech_ids[0]
    library.close()
    with _stored(data) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        columns = {row[1] for row in db.execute("PRAGMA table_info(passages)")}
        assert not columns & {"text", "headings", "body_terms"}  # no copies per passage


@pytest.mark.parametrize("version", [2, 3, 4, 5, 6, 7])
def test_a_version_2_to_7_data_dir_is_migrated_and_shows_the_same(made, version):
    data, shown, _ = made
    old = {
        7: _as_version_7_left_it,
        6: _as_version_6_left_it,
        2: _as_version_2_left_it,
        3: _as_version_3_left_it,
        4: _as_version_4_left_it,
        5: _as_version_5_left_it,
    }
    old[version](data / "speechbot.sqlite3")
    with _stored(data) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == version
    library = Library(data)
    assert _shown(library) == shown
    library.close()
    with _stored(data) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = {row[1] for row in db.execute("PRAGMA table_info(passages)")}
        assert "chars_count" not in columns  # the character terms are made from the text
        indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert "sqlite_autoindex_terms_1" not in indexes  # the terms are stored once


def test_an_original_is_kept_whole_when_another_speech_of_its_file_is_removed(made):
    data, _, removed = made
    library = Library(data)
    (kept,) = [s.id for s in library.list() if s.source == "两次讲话合辑.txt"]
    assert kept == removed - 1
    assert library.store.original(kept) == ("两次讲话合辑.txt", OWN["两次讲话合辑.txt"].encode())
    library.remove(kept)  # the last speech of the file: its bytes go too
    library.close()
    with _stored(data) as db:
        names = [name for (name,) in db.execute("SELECT filename FROM sources")]
        assert "两次讲话合辑.txt" not in names


def test_a_damaged_original_is_refused_with_a_message(made):
    data, _, _ = made
    with _stored(data) as db:
        db.execute("UPDATE sources SET sha256 = 'x' || substr(sha256, 2) WHERE id = 1")
    library = Library(data)
    first = library.list()[0]
    assert first.source == "城市更新工作会议讲话.txt"  # the one speech of source 1
    with pytest.raises(StoreError, match="已损坏"):
        library.store.original(first.id)
    library.remove(first.id)  # the file goes with its last speech, unread
    assert first.id not in {s.id for s in library.list()}
    library.close()


def test_passages_across_text_blocks_read_as_slices_of_the_text(made):
    data, _, _ = made
    library = Library(data)
    (long,) = [s.id for s in library.list() if s.source == "长篇讲话.txt"]
    speech = library.speech(long)
    assert len(speech.text) > 3 * BLOCK
    with _stored(data) as db:
        spans = db.execute(
            "SELECT id, start, end FROM passages WHERE speech_id=? ORDER BY id", (long,)
        ).fetchall()
    across = [pid for pid, start, end in spans if start // BLOCK != (end - 1) // BLOCK]
    assert across  # some passages straddle two blocks
    fresh = Library(data)  # nothing unpacked yet: each block read from the file
    stored = fresh.store.passages([pid for pid, _, _ in reversed(spans)])
    assert {pid: p.text for pid, p in stored.items()} == {
        pid: speech.text[start:end] for pid, start, end in spans
    }
    fresh.close()
    library.close()


def test_passages_across_blocks_read_right_when_the_kept_blocks_are_full(made, monkeypatch):
    data, _, _ = made
    monkeypatch.setattr(store_reading, "_KEPT", 1)  # each block read evicts the one before
    library = Library(data)
    (long,) = [s.id for s in library.list() if s.source == "长篇讲话.txt"]
    text = library.speech(long).text
    with _stored(data) as db:
        spans = db.execute(
            "SELECT id, start, end FROM passages WHERE speech_id=? ORDER BY id", (long,)
        ).fetchall()
    fresh = Library(data)
    for pid, start, end in spans:  # one at a time: a straddling one finds its first block kept
        assert fresh.store.passages([pid])[pid].text == text[start:end]
    fresh.close()
    library.close()


def test_a_killed_migration_leaves_the_directory_as_it_was(made, monkeypatch):
    data, shown, _ = made
    _as_version_1_left_it(data / "speechbot.sqlite3")
    with _stored(data) as db:
        before = db.execute("SELECT id, text FROM passages ORDER BY id").fetchall()
    real, done = migrate._compact_speech, []

    def dies_on_the_second(db, speech_id):
        if done:
            raise KeyboardInterrupt  # as a kill would, in the middle
        done.append(speech_id)
        real(db, speech_id)

    monkeypatch.setattr(migrate, "_compact_speech", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        Library(data)
    with _stored(data) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        assert db.execute("SELECT id, text FROM passages ORDER BY id").fetchall() == before
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert not any(name.endswith("_v2") for name in tables)
    monkeypatch.undo()
    library = Library(data)
    assert _shown(library) == shown
    library.close()


def test_an_unversioned_data_dir_is_migrated_and_shows_the_same(made):
    data, shown, _ = made
    _as_version_1_left_it(data / "speechbot.sqlite3")
    _as_an_unversioned_version_left_it(data / "speechbot.sqlite3")
    library = Library(data)
    assert _shown(library) == shown
    library.close()
    with _stored(data) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_every_outline_packs_and_unpacks_to_itself(made):
    data, _, _ = made
    library = Library(data)
    speeches = [library.speech(info.id) for info in library.list()]
    library.close()
    outlines = [(section_to_dict(s.outline), s.text) for s in speeches]
    assert sum(len(list(_walk(o))) for o, _ in outlines) > 30
    # positions back and forth, numbers out of place, a title not in the text and one that
    # is a heading's first words
    odd = {"k": "root", "l": "一、", "o": -2, "t": "别的", "s": 0, "h": 8, "e": 9, "r": True,
           "c": [], "p": [[1, 5, 9], [7, 0, 3], [3, 2, 2]]}  # fmt: skip
    cut = {**odd, "t": "标题"}
    made = "一、 标题很长。后文"
    for outline, text in [*outlines, (odd, made), (cut, made)]:
        packed = pack_outline(outline, text)
        assert unpack_outline(packed, text) == json.loads(json.dumps(outline))


def _walk(section: dict):
    yield section
    for child in section["c"]:
        yield from _walk(child)


def test_a_new_data_dir_records_the_schema_version(tmp_path):
    Library(tmp_path / "data").close()
    with _stored(tmp_path / "data") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_data_dir_from_a_newer_version_is_refused_with_a_message(tmp_path):
    Library(tmp_path / "data").close()
    with _stored(tmp_path / "data") as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="更新版本"):
        Library(tmp_path / "data")


def test_damaged_terms_are_refused_with_a_message(made):
    data, _, _ = made
    with _stored(data) as db:
        db.execute("UPDATE passages SET body_count = body_count + 1 WHERE id = 1")
    library = Library(data)
    with pytest.raises(StoreError, match="已损坏"):
        library.store.term_columns()
    library.close()


def _frames(data) -> list[tuple[int, bytes]]:
    with _stored(data) as db:
        return db.execute("SELECT id, frame FROM blocks ORDER BY id").fetchall()


def _dictionaries(data) -> list[int]:
    with _stored(data) as db:
        return [row[0] for row in db.execute("SELECT id FROM dictionaries")]


def test_the_dictionary_is_trained_once_there_is_text_enough_and_texts_read_the_same(
    made, monkeypatch
):
    data, _, _ = made
    before = _frames(data)
    assert before and _dictionaries(data) == []  # too little text for one: plain frames
    early = Library(data)  # opened before the dictionary: reads what is packed after it
    texts = {info.id: early.speech(info.id).text for info in early.list()}
    spans = {
        pid: texts[sid][start:end]
        for pid, sid, start, end in sqlite3.connect(data / "speechbot.sqlite3").execute(
            "SELECT id, speech_id, start, end FROM passages"
        )
    }
    monkeypatch.setattr(_text_blocks, "TRAIN_BLOCKS", len(before) + 2)
    writer = Library(data)
    added = "新讲话\n一、防汛\n" + "确保安全度汛，汛期值守不松劲。" * 150 + "\n"
    assert writer.ingest_bytes(added.encode(), "防汛.txt").ok
    writer.ingest_bytes("又一篇\n一、抗旱\n抗旱保供水。\n".encode(), "抗旱.txt")
    writer.close()
    (dictionary,) = _dictionaries(data)  # trained once, with the file that passed the mark
    after = _frames(data)
    assert [bid for bid, _ in after[: len(before)]] == [bid for bid, _ in before]
    for _, frame in after:  # every block packed with it, those stored before too
        assert zstandard.get_frame_parameters(frame).dict_id == dictionary
    old = dict(after)
    assert sum(len(old[bid]) for bid, _ in before) < sum(len(f) for _, f in before)
    assert (
        early.store.passages(list(spans))
        and {pid: p.text for pid, p in early.store.passages(list(spans)).items()} == spans
    )
    assert {i: early.speech(i).text for i in texts} == texts
    early.close()
    fresh = Library(data)
    assert {i: fresh.speech(i).text for i in texts} == texts
    assert fresh.search("安全度汛")[0].text.startswith("确保安全度汛")
    fresh.close()


def test_a_migrated_directory_with_text_enough_gets_a_dictionary(made, monkeypatch):
    data, shown, _ = made
    blocks = len(_frames(data))
    _as_version_5_left_it(data / "speechbot.sqlite3")
    monkeypatch.setattr(_text_blocks, "TRAIN_BLOCKS", blocks)
    library = Library(data)
    assert _shown(library) == shown
    library.close()
    (dictionary,) = _dictionaries(data)
    frames = _frames(data)
    assert len(frames) == blocks
    assert {zstandard.get_frame_parameters(f).dict_id for _, f in frames} == {dictionary}
    with _stored(data) as db:  # the heading paths too: words of the text
        paths = [row[0] for row in db.execute("SELECT headings FROM speeches")]
    assert {zstandard.get_frame_parameters(f).dict_id for f in paths} == {dictionary}


def test_no_dictionary_when_zstd_cannot_train_one_and_no_new_try_until_the_text_doubles(
    made, monkeypatch
):
    data, _, _ = made
    blocks = len(_frames(data))
    monkeypatch.setattr(_text_blocks, "TRAIN_BLOCKS", blocks)
    tries = []

    def fails(*args, **kwargs):
        tries.append(1)
        raise zstandard.ZstdError("too uniform")

    monkeypatch.setattr(_text_blocks.zstandard, "train_dictionary", fails)
    library = Library(data)
    for n in range(3):  # each a block more: tried once, the text has not doubled since
        outcome = library.ingest_bytes(
            f"第{n}篇\n一、安排\n部署第{n}项工作。\n".encode(), f"{n}.txt"
        )
        assert outcome.ok
    assert len(tries) == 1 and _dictionaries(data) == []
    assert library.search("部署第2项工作")[0].text == "部署第2项工作。"
    library.close()
