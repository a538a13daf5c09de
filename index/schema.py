"""The data directory's SQLite schema, its version (``PRAGMA user_version``) and the
step that brings an older directory to it (``migrate.py``).

Version 6 keeps each text once, compressed: a speech's cleaned text in blocks of 1,024
characters, a row each, packed with a dictionary trained on the directory's texts
(``_text_blocks.py``), so a hit reads and unpacks only the block or two that hold it; its
outline, heading paths and its passages' body and head term ids end to end, each passage's
sorted and stored as gaps (version 7, ``packing.py``), the outline's numbers as integers
(version 8, ``outline_packing.py``);
and a source's original bytes packed beside its speeches' texts (what they share is stored
once).  The character field is made from the text when the index is built
(``char_field.py``), not stored.
A passage row holds where it stands: its span of the speech's text, the index of its
heading path and how many body and head term ids it has.
"""

from __future__ import annotations

import logging
import sqlite3

from .errors import StoreError
from .model import Paragraph, Section

__all__ = ["SCHEMA_VERSION", "prepare", "section_from_dict", "section_to_dict"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 8

TABLES = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    filename TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    data BLOB NOT NULL,  -- the original bytes, zstd with its speeches' texts (in id order)
    added_at REAL NOT NULL
)""",
    # what a hit reads of its speech (title, date, heading paths) first: a row's first
    # bytes are in its B-tree page, the rest in overflow pages read one after another
    """CREATE TABLE IF NOT EXISTS speeches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    title TEXT NOT NULL,
    date TEXT,
    speaker TEXT,
    occasion TEXT,
    part TEXT,
    headings BLOB NOT NULL,  -- the passages' heading paths, JSON list, zstd
    meta_terms TEXT NOT NULL DEFAULT '',
    added_at REAL NOT NULL,
    outline BLOB NOT NULL,  -- numbers as integers, words as JSON, zstd (outline_packing.py)
    terms BLOB NOT NULL  -- every passage's body term ids, then head: each sorted, gaps, zstd
)""",
    """CREATE TABLE IF NOT EXISTS blocks (
    id INTEGER PRIMARY KEY,  -- the speech's id × 2**20 + the block's number
    frame BLOB NOT NULL  -- zstd: 1,024 characters of the cleaned text, the only copy
)""",
    """CREATE TABLE IF NOT EXISTS dictionaries (
    id INTEGER PRIMARY KEY,  -- the zstd dictionary's own id, recorded in each frame it packed
    data BLOB NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    speech_id INTEGER NOT NULL REFERENCES speeches(id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,  -- its text is the speech's text[start:end]
    end INTEGER NOT NULL,
    heading INTEGER NOT NULL,  -- its heading path: an index into the speech's headings
    body_count INTEGER NOT NULL,  -- its term ids in the speech's terms, field by field
    head_count INTEGER NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS passages_speech ON passages(speech_id)",
    # no index on term: the writer looks terms up in the whole vocabulary, read into memory
    # inside its write transaction (so no other writer adds the same term meanwhile)
    "CREATE TABLE IF NOT EXISTS terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL)",
]


def prepare(db: sqlite3.Connection) -> bool:
    """Create the schema in a new directory, or migrate an older one to this version, in
    one transaction (a killed migration leaves the directory as it was); whether this call
    migrated one.  Run it before foreign keys are enforced: migrating rebuilds tables that
    others refer to."""
    if _version(db) == SCHEMA_VERSION:
        return False
    from . import migrate  # here: a current directory never loads the migration

    db.execute("BEGIN IMMEDIATE")  # one process migrates; the others then see this version
    migrated = False
    try:
        version = _version(db)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"数据目录由更新版本的 speechbot 创建（结构版本 {version}），请升级 speechbot"
                f" (data directory schema {version} is newer than {SCHEMA_VERSION})"
            )
        if version < SCHEMA_VERSION:
            if "passages" in _tables(db):
                log.warning("正在升级数据目录的结构… (migrating the data directory)")
                migrate.to_current(db, version)
                migrated = True
            else:
                for statement in TABLES:
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    if migrated:
        migrate.give_back_space(db)
    return migrated


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _tables(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


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
