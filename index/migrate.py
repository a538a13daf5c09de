"""Bringing an older data directory to the current schema (``schema.py``), step by step,
inside the transaction ``schema.prepare`` holds.

Version 0 (before versions were recorded) stored terms as tab-joined words and lacked the
passages' text and heading paths.  Version 1 stored term ids as int32 blobs, and each
passage's own text and heading path beside its speech's text, uncompressed.  Version 2
keeps every text once, compressed; its passages point into their speech's text.  Version
3 packs each original file beside the texts of its speeches; version 4 cuts each speech's
text into blocks packed one by one; version 5 stores no character terms (the index makes
them from the text) and packs the others' bytes in planes; version 6 moves the text out of
the speech's row into rows of smaller blocks packed with a dictionary; version 7 sorts each
passage's term ids and stores them as gaps; version 8 packs the outline's numbers as
integers (the steps from 6 on: ``migrate_compact.py``).  Passage and speech
ids and term ids are kept, so a published index stays valid.
"""

from __future__ import annotations

import itertools
import json
import logging
import sqlite3

import numpy as np

from . import migrate_compact
from ._text_blocks import BLOCK, TextBlocks, worth_a_dictionary
from .packing import pack, pack_beside, pack_ids, pack_text, unpack, unpack_text
from .schema import TABLES, section_from_dict

__all__ = ["give_back_space", "to_current"]

log = logging.getLogger(__name__)


def to_current(db: sqlite3.Connection, version: int) -> None:
    """Migrate from ``version`` to the current one (the caller holds the transaction)."""
    if version < 1:
        _from_unversioned(db)
    if version < 2:
        _compact(db)
    if version < 3:
        _originals_beside_texts(db)
    if 2 <= version < 5:  # the rebuild from version 1 writes version 5's terms already
        _no_char_terms(db)
    if version < 5:
        _terms_without_unique_index(db)
    if version < 6:
        _texts_in_block_rows(db)
    if version < 7:
        migrate_compact.sorted_term_ids(db)
    migrate_compact.compact_outlines(db)


def give_back_space(db: sqlite3.Connection) -> None:
    """Return the pages the migration freed to the file system.  VACUUM is a transaction
    of its own: a killed one leaves the migrated directory as it was, only larger, and one
    that finds another process reading is left for good (nothing depends on it)."""
    try:
        db.execute("VACUUM")
    except sqlite3.Error as exc:
        log.info("VACUUM after the migration skipped: %s", exc)


# --- version 0 → 1 -------------------------------------------------------------------

# columns version 0 directories may lack
_ADDED_COLUMNS = {
    "speeches": {"meta_terms": "TEXT NOT NULL DEFAULT ''"},
    "passages": {"headings": "TEXT NOT NULL DEFAULT '[]'"},
}


def _from_unversioned(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(_create("terms"))
    added = set()
    for table, columns in _ADDED_COLUMNS.items():
        have = _columns(db, table)
        for name, spec in columns.items():
            if name not in have:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {spec}")
                added.add(name)
    _terms_to_ids(db)
    if "headings" in added:
        _fill_headings(db)
    # an index published before the migration no longer matches: make readers rebuild it
    db.execute(
        "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) "
        "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def _terms_to_ids(db: sqlite3.Connection) -> None:
    """Tab-joined words → int32 ids, each new word added to the terms table."""
    vocab = dict(db.execute("SELECT term, id FROM terms"))
    next_id = max(vocab.values(), default=-1) + 1
    new: list[tuple[int, str]] = []

    def encode(value: bytes | str) -> bytes:
        nonlocal next_id
        if not isinstance(value, str):
            return value
        ids = []
        for term in value.split("\t") if value else []:
            tid = vocab.get(term)
            if tid is None:
                tid = vocab[term] = next_id
                new.append((tid, term))
                next_id += 1
            ids.append(tid)
        return np.asarray(ids, np.int32).tobytes()

    rows = db.execute(
        "SELECT id, body_terms, head_terms, char_terms FROM passages WHERE typeof(body_terms)"
        " = 'text' OR typeof(head_terms) = 'text' OR typeof(char_terms) = 'text'"
    ).fetchall()
    db.executemany(
        "UPDATE passages SET body_terms=?, head_terms=?, char_terms=? WHERE id=?",
        [(encode(body), encode(head), encode(chars), pid) for pid, body, head, chars in rows],
    )
    db.executemany("INSERT INTO terms (id, term) VALUES (?, ?)", new)


def _fill_headings(db: sqlite3.Connection) -> None:
    """Each passage's heading path, read from its speech's outline."""
    for speech_id, text, outline in db.execute("SELECT id, text, outline FROM speeches").fetchall():
        root = section_from_dict(json.loads(outline), text)
        paths: dict[str, str] = {}
        stack = [(root, ())]
        while stack:
            node, headings = stack.pop()
            paths[".".join(map(str, node.path))] = json.dumps(list(headings), ensure_ascii=False)
            stack.extend((child, (*headings, child.heading)) for child in node.children)
        db.executemany(
            "UPDATE passages SET headings=? WHERE speech_id=? AND section=?",
            [(headings, speech_id, section) for section, headings in paths.items()],
        )


# --- version 1 → 2 -------------------------------------------------------------------

_REBUILT = ("sources", "speeches", "passages")


def _compact(db: sqlite3.Connection) -> None:
    """Rebuild sources, speeches and passages in the compact layout, ids unchanged: new
    tables are filled beside the old ones, which are then dropped, and the new renamed."""
    sequence = dict(db.execute("SELECT name, seq FROM sqlite_sequence"))
    for name in _REBUILT:
        made = _V5_SPEECHES if name == "speeches" else _create(name)
        db.execute(made.replace(f" {name} (", f" {name}_v2 (", 1))
    db.executemany(
        "INSERT INTO sources_v2 (id, filename, sha256, data, added_at) VALUES (?,?,?,?,?)",
        (
            (sid, name, digest, pack(bytes(data)), added)
            for sid, name, digest, data, added in db.execute(
                "SELECT id, filename, sha256, data, added_at FROM sources ORDER BY id"
            )
        ),
    )
    for speech_id in [row[0] for row in db.execute("SELECT id FROM speeches ORDER BY id")]:
        _compact_speech(db, speech_id)
    db.execute("DROP INDEX IF EXISTS passages_speech")
    for name in reversed(_REBUILT):  # those that refer to others first
        db.execute(f"DROP TABLE {name}")
    for name in _REBUILT:
        db.execute(f"ALTER TABLE {name}_v2 RENAME TO {name}")
    db.execute(_create("passages_speech"))
    for name in ("sources", "speeches"):
        _keep_counter(db, name, sequence)


def _keep_counter(db: sqlite3.Connection, table: str, sequence: dict[str, int]) -> None:
    """A removed row's id is never given again: a rebuilt table's counter where it was."""
    if table not in sequence:
        return
    if db.execute("SELECT 1 FROM sqlite_sequence WHERE name=?", (table,)).fetchone():
        db.execute(
            "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (sequence[table], table)
        )
    else:  # the rebuilt table is empty
        db.execute(
            "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, sequence[table])
        )


def _create(name: str) -> str:
    """The current schema's statement that creates the table or index ``name``."""
    return next(s for s in TABLES if s.split()[5] == name)


# the speeches table as versions 2 to 5 made it (the steps up to version 5 write it)
_V5_SPEECHES = """CREATE TABLE IF NOT EXISTS speeches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    title TEXT NOT NULL,
    date TEXT,
    speaker TEXT,
    occasion TEXT,
    part TEXT,
    text BLOB NOT NULL,
    text_blocks BLOB NOT NULL DEFAULT x'',
    outline BLOB NOT NULL,
    headings BLOB NOT NULL,
    terms BLOB NOT NULL,
    meta_terms TEXT NOT NULL DEFAULT '',
    added_at REAL NOT NULL
)"""


def _compact_speech(db: sqlite3.Connection, speech_id: int) -> None:
    row = db.execute(
        "SELECT id, source_id, title, date, speaker, occasion, part, text, outline,"
        " meta_terms, added_at FROM speeches WHERE id=?",
        (speech_id,),
    ).fetchone()
    passages = db.execute(
        "SELECT id, section, paragraph, start, end, headings, body_terms, head_terms,"
        " char_terms FROM passages WHERE speech_id=? ORDER BY id",
        (speech_id,),
    ).fetchall()
    headings: dict[str, int] = {}
    fields: tuple[list[bytes], list[bytes]] = ([], [])
    rows = []
    for pid, section, paragraph, start, end, path, *terms in passages:
        heading = headings.setdefault(path, len(headings))
        terms = terms[:2]  # the character terms are made from the text, not stored
        for column, blob in zip(fields, terms, strict=True):
            column.append(bytes(blob))
        counts = (len(blob) // 4 for blob in terms)
        rows.append((pid, speech_id, section, paragraph, start, end, heading, *counts))
    ids = np.frombuffer(b"".join(b"".join(column) for column in fields), "<i4")
    sid, source_id, title, date, speaker, occasion, part, text, outline, meta, added = row
    db.execute(
        "INSERT INTO speeches_v2 (id, source_id, title, date, speaker, occasion, part, text,"
        " outline, headings, terms, meta_terms, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            sid,
            source_id,
            title,
            date,
            speaker,
            occasion,
            part,
            pack_text(text),
            pack_text(outline),
            pack_text(_heading_list(headings)),
            pack_ids(ids),
            meta,
            added,
        ),
    )
    db.executemany(
        "INSERT INTO passages_v2 (id, speech_id, section, paragraph, start, end, heading,"
        " body_count, head_count) VALUES (?,?,?,?,?,?,?,?,?)",
        rows,
    )


def _heading_list(paths: dict[str, int]) -> str:
    """The JSON list of distinct heading paths (each already JSON), in index order."""
    return "[" + ",".join(paths) + "]"


# --- version 2 → 3 -------------------------------------------------------------------


def _originals_beside_texts(db: sqlite3.Connection) -> None:
    """Repack each source's bytes with its speeches' texts as the dictionary."""
    for (source_id,) in db.execute("SELECT id FROM sources").fetchall():
        (frame,) = db.execute("SELECT data FROM sources WHERE id=?", (source_id,)).fetchone()
        texts = [
            unpack_text(text)
            for (text,) in db.execute(
                "SELECT text FROM speeches WHERE source_id=? ORDER BY id", (source_id,)
            )
        ]
        db.execute(
            "UPDATE sources SET data=? WHERE id=?",
            (pack_beside(unpack(frame), texts), source_id),
        )


# --- version 4 → 5 -------------------------------------------------------------------


def _no_char_terms(db: sqlite3.Connection) -> None:
    """Each speech's term ids without the character field's, their bytes in planes; the
    passages' count of character terms dropped."""
    for (speech_id,) in db.execute("SELECT id FROM speeches").fetchall():
        (blob,) = db.execute("SELECT terms FROM speeches WHERE id=?", (speech_id,)).fetchone()
        (kept,) = db.execute(
            "SELECT COALESCE(SUM(body_count + head_count), 0) FROM passages WHERE speech_id=?",
            (speech_id,),
        ).fetchone()
        ids = np.frombuffer(unpack(blob), "<i4")[:kept]  # version 4: int32 end to end
        db.execute("UPDATE speeches SET terms=? WHERE id=?", (pack_ids(ids), speech_id))
    db.execute("ALTER TABLE passages DROP COLUMN chars_count")


def _terms_without_unique_index(db: sqlite3.Connection) -> None:
    """The vocabulary table without the index on its terms (a copy of every term)."""
    db.execute(_create("terms").replace(" terms (", " terms_v5 (", 1))
    db.execute("INSERT INTO terms_v5 (id, term) SELECT id, term FROM terms")
    db.execute("DROP TABLE terms")
    db.execute("ALTER TABLE terms_v5 RENAME TO terms")


# --- version 5 → 6 -------------------------------------------------------------------

# the columns a version 6 speech row keeps, in its order
_V6_COLUMNS = (
    "id, source_id, title, date, speaker, occasion, part, headings, meta_terms, added_at,"
    " outline, terms"
)
_TRAINED_ON = 200  # speeches, spread over the directory, the dictionary is trained on


def _texts_in_block_rows(db: sqlite3.Connection) -> None:
    """Each speech's text, a column of its row until now, into rows of blocks packed with a
    dictionary trained on the directory's texts; the speech rows rebuilt without it, what a
    hit reads first."""
    db.execute(_create("blocks"))
    db.execute(_create("dictionaries"))
    if "text_blocks" not in _columns(db, "speeches"):  # versions 2 and 3: one frame
        db.execute("ALTER TABLE speeches ADD COLUMN text_blocks BLOB NOT NULL DEFAULT x''")
    speeches = [row[0] for row in db.execute("SELECT id FROM speeches ORDER BY id")]
    step = max(1, len(speeches) // _TRAINED_ON)
    sample, blocks = [], 0
    for n, sid in enumerate(speeches):
        text = _old_text(db, sid)
        blocks += -(-len(text) // BLOCK)
        if n % step == 0:
            sample.append(text)
    texts = TextBlocks(db)
    if worth_a_dictionary(blocks):
        texts.train(sample)
    del sample
    texts.start_writing([])
    for sid in speeches:
        texts.write(sid, _old_text(db, sid))
        (headings,) = db.execute("SELECT headings FROM speeches WHERE id=?", (sid,)).fetchone()
        db.execute(
            "UPDATE speeches SET headings=? WHERE id=?",
            (texts.pack(unpack_text(headings)), sid),
        )
    sequence = dict(db.execute("SELECT name, seq FROM sqlite_sequence"))
    db.execute(_create("speeches").replace(" speeches (", " speeches_v6 (", 1))
    db.execute(f"INSERT INTO speeches_v6 ({_V6_COLUMNS}) SELECT {_V6_COLUMNS} FROM speeches")
    db.execute("DROP TABLE speeches")
    db.execute("ALTER TABLE speeches_v6 RENAME TO speeches")
    _keep_counter(db, "speeches", sequence)


def _old_text(db: sqlite3.Connection, speech_id: int) -> str:
    """A speech's text as versions 2 to 5 kept it: one frame, or (version 4 on) frames of
    8,192 characters end to end with where each starts and the last ends (int64)."""
    frames, offsets = db.execute(
        "SELECT text, text_blocks FROM speeches WHERE id=?", (speech_id,)
    ).fetchone()
    if not offsets:
        return unpack_text(frames)
    bounds = np.frombuffer(offsets, "<i8").tolist()
    return "".join(unpack_text(frames[a:b]) for a, b in itertools.pairwise(bounds))
