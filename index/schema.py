"""The data directory's SQLite schema, its version (``PRAGMA user_version``) and the
migration of directories made before the version was recorded.

Version 1 stores each passage's terms as int32 ids into the ``terms`` table, its own text
and its heading path.  Directories from before (version 0) stored terms as tab-joined
words and lacked those columns: they are migrated once, in one transaction, on open.
"""

from __future__ import annotations

import json
import sqlite3

import numpy as np

from .errors import StoreError
from .model import Paragraph, Section

SCHEMA_VERSION = 1

_TABLES = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    filename TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    data BLOB NOT NULL,
    added_at REAL NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS speeches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    title TEXT NOT NULL,
    date TEXT,
    speaker TEXT,
    occasion TEXT,
    part TEXT,
    text TEXT NOT NULL,
    outline TEXT NOT NULL,
    meta_terms TEXT NOT NULL DEFAULT '',
    added_at REAL NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    speech_id INTEGER NOT NULL REFERENCES speeches(id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    headings TEXT NOT NULL DEFAULT '[]',
    text TEXT,  -- the passage's own words, read without the speech's
    body_terms BLOB NOT NULL,  -- int32 term ids (see the terms table)
    head_terms BLOB NOT NULL,
    char_terms BLOB NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS passages_speech ON passages(speech_id)",
    "CREATE TABLE IF NOT EXISTS terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE)",
]

# columns version 0 directories may lack
_ADDED_COLUMNS = {
    "speeches": {"meta_terms": "TEXT NOT NULL DEFAULT ''"},
    "passages": {"headings": "TEXT NOT NULL DEFAULT '[]'", "text": "TEXT"},
}


def prepare(db: sqlite3.Connection) -> None:
    """Create the schema in a new directory, or migrate an older one to this version."""
    if _version(db) == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")  # one process migrates; the others then see version 1
    try:
        version = _version(db)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"数据目录由更新版本的 speechbot 创建（结构版本 {version}），请升级 speechbot"
                f" (data directory schema {version} is newer than {SCHEMA_VERSION})"
            )
        if version < SCHEMA_VERSION:
            existing = _tables(db)
            for statement in _TABLES:
                db.execute(statement)
            if "passages" in existing:
                _migrate_from_unversioned(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _tables(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _migrate_from_unversioned(db: sqlite3.Connection) -> None:
    added = set()
    for table, columns in _ADDED_COLUMNS.items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for name, spec in columns.items():
            if name not in have:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {spec}")
                added.add(name)
    _terms_to_ids(db)
    db.execute(
        "UPDATE passages SET text = (SELECT substr(s.text, passages.start + 1,"
        " passages.end - passages.start) FROM speeches s WHERE s.id = passages.speech_id)"
        " WHERE text IS NULL"
    )
    if "headings" in added:
        _fill_headings(db)
    # an index published before the migration no longer matches: make readers rebuild it
    db.execute(
        "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) "
        "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )


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


def section_to_dict(section: Section) -> dict:
    return {
        "k": section.kind,
        "l": section.label,
        "o": section.ordinal,
        "t": section.title,
        "s": section.start,
        "h": section.heading_end,
        "e": section.end,
        "r": section.run_in,
        "p": [(p.index, p.start, p.end) for p in section.paragraphs],
        "c": [section_to_dict(c) for c in section.children],
    }


def section_from_dict(data: dict, text: str, path: tuple[int, ...] = ()) -> Section:
    section = Section(
        data["k"],
        data["l"],
        data["o"],
        data["t"],
        path,
        data["s"],
        data["h"],
        data["e"],
        data["r"],
        [Paragraph(i, s, e, text[s:e]) for i, s, e in data["p"]],
    )
    section.children = [
        section_from_dict(child, text, (*path, n)) for n, child in enumerate(data["c"], start=1)
    ]
    return section
