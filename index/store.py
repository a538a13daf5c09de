"""SQLite store of sources, speeches and analysed passages.

Every ingest is one SQLite transaction, so a killed ingest leaves the store as it was.
The search index is derived data, kept in index folders beside it (``folders.py``); an
index that disagrees with the store is rebuilt from stored terms (never re-tokenised).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import NotFoundError, StoreError
from .folders import IndexFolders
from .model import Paragraph, Passage, Section, Speech

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    filename TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    data BLOB NOT NULL,
    added_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS speeches (
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
);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    speech_id INTEGER NOT NULL REFERENCES speeches(id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    headings TEXT NOT NULL DEFAULT '[]',
    text TEXT,  -- the passage's own words, read without the speech's (NULL in older dirs)
    body_terms BLOB NOT NULL,  -- int32 term ids (see the terms table)
    head_terms BLOB NOT NULL,
    char_terms BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_speech ON passages(speech_id);
CREATE TABLE IF NOT EXISTS terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE);
"""


@dataclass(frozen=True)
class SpeechInfo:
    """A speech's metadata without its text."""

    id: int
    title: str
    date: str | None
    speaker: str | None
    occasion: str | None
    source: str
    part: str | None
    passages: int
    added_at: float


@dataclass(frozen=True)
class PassageTerms:
    """A passage's analysed fields, as stored."""

    section_path: tuple[int, ...]
    paragraph: int
    start: int  # span of the passage in the speech text
    end: int
    body: np.ndarray  # int32 term ids (see ``Store.vocabulary``)
    head: np.ndarray
    chars: np.ndarray


# (section path "2.1", paragraph, start, end, headings as JSON, lengths of body, head, chars)
PassageRow = tuple[str, int, int, int, str, int, int, int]


@dataclass(frozen=True)
class SpeechRecord:
    """A speech as the store writes it, made without the store (by ingest workers): its
    row values, and its passages' terms as ids into the speech's own vocabulary, so that
    the writer maps each distinct term to its stored id once, not every occurrence."""

    title: str
    date: str | None
    speaker: str | None
    occasion: str | None
    part: str | None
    text: str
    outline: str  # JSON
    meta_terms: str  # tab-separated
    vocabulary: tuple[str, ...]
    ids: np.ndarray  # int32 into ``vocabulary``: each passage's body, head, chars, end to end
    passages: list[PassageRow]


def speech_record(
    speech: Speech,
    meta_terms: Sequence[str],
    passages: Sequence[Passage],
    fields: Sequence[tuple[list[str], list[str], list[str]]],
) -> SpeechRecord:
    """The record of a speech whose passages have these (body, head, chars) terms."""
    every_term = list(itertools.chain.from_iterable(itertools.chain.from_iterable(fields)))
    vocabulary = tuple(dict.fromkeys(every_term))  # in order of first sight
    numbering = dict(zip(vocabulary, range(len(vocabulary)), strict=True))
    ids = np.fromiter(map(numbering.__getitem__, every_term), np.int32, len(every_term))
    # a section's passages share their headings: each path is encoded once
    paths = {p.headings for p in passages}
    headings = {h: json.dumps(list(h), ensure_ascii=False) for h in paths}
    rows = [
        (
            ".".join(map(str, p.section_path)),
            p.paragraph,
            p.start,
            p.end,
            headings[p.headings],
            len(body),
            len(head),
            len(chars),
        )
        for p, (body, head, chars) in zip(passages, fields, strict=True)
    ]
    return SpeechRecord(
        speech.title,
        speech.date,
        speech.speaker,
        speech.occasion,
        speech.part,
        speech.text,
        json.dumps(_section_to_dict(speech.outline)),
        "\t".join(meta_terms),
        vocabulary,
        ids,
        rows,
    )


TermColumn = tuple[np.ndarray, np.ndarray]  # (term ids end to end, count per passage)


@dataclass(frozen=True)
class StoredPassage:
    """What a search hit shows, read in one query (no speech is loaded)."""

    speech_id: int
    section_path: tuple[int, ...]
    paragraph: int
    text: str
    headings: tuple[str, ...]
    title: str
    date: str | None
    source: str


class Store:
    """The data directory: ``speechbot.sqlite3`` plus index folders."""

    def __init__(self, data_dir: str | Path) -> None:
        self.dir = Path(data_dir)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.dir / "speechbot.sqlite3", isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # WAL with NORMAL: a killed process loses nothing committed and the file stays
            # consistent; only a power cut may drop the last commits (no fsync per file)
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)
            self._add_missing_columns()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"无法打开数据目录 {self.dir}: {exc}") from exc
        self._vocab: dict[str, int] | None = None
        self.folders = IndexFolders(self.dir)

    def close(self) -> None:
        self._db.close()

    # --- the term vocabulary: passages store int32 term ids --------------------------

    def vocabulary(self) -> dict[str, int]:
        """term → id, for every term any passage uses."""
        if self._vocab is None:
            self._vocab = dict(self._db.execute("SELECT term, id FROM terms"))
        return self._vocab

    def _mapping(self, local: Sequence[str], new: list[tuple[int, str]]) -> np.ndarray:
        """local id → global term id, adding new terms."""
        vocab = self.vocabulary()
        ids = list(map(vocab.get, local))  # one C loop; the few new terms are numbered below
        if None in ids:
            for i, tid in enumerate(ids):
                if tid is None:
                    term = local[i]
                    tid = vocab.get(term)  # the same new term twice in ``local``
                    if tid is None:
                        tid = vocab[term] = len(vocab)
                        new.append((tid, term))
                    ids[i] = tid
        return np.array(ids, np.int32)

    def _decode(self, value: bytes | str) -> np.ndarray:
        if isinstance(value, str):  # a data dir from before term ids: map the words
            vocab = self.vocabulary()
            return np.asarray([vocab.setdefault(t, len(vocab)) for t in _split(value)], np.int32)
        return np.frombuffer(value, dtype=np.int32)

    # columns added since the first release: a data dir made by an older version gains them
    _ADDED_COLUMNS = {
        "speeches": {"meta_terms": "TEXT NOT NULL DEFAULT ''"},
        "passages": {"headings": "TEXT NOT NULL DEFAULT '[]'", "text": "TEXT"},
    }

    def _add_missing_columns(self) -> None:
        for table, columns in self._ADDED_COLUMNS.items():
            have = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
            for name, spec in columns.items():
                if name not in have:
                    self._db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {spec}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._bump_generation()
        self._db.execute("COMMIT")

    def _bump_generation(self) -> None:
        self._db.execute(
            "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) "
            "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def setting(self, key: str) -> str | None:
        """A value fixed for this data directory (e.g. the segmenter its terms were made with)."""
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (f"setting:{key}",)).fetchone()
        return row[0] if row else None

    def fix_setting(self, key: str, value: str) -> str:
        """Record ``value`` unless one is recorded already; return the recorded one."""
        self._db.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (f"setting:{key}", value))
        return self.setting(key) or value

    @property
    def generation(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    # --- writing ---------------------------------------------------------------------

    def source_by_hash(self, data: bytes) -> tuple[int, list[int]] | None:
        """(source id, its speech ids) when these exact bytes were ingested before."""
        row = self._db.execute(
            "SELECT id FROM sources WHERE sha256=?", (hashlib.sha256(data).hexdigest(),)
        ).fetchone()
        if row is None:
            return None
        ids = [
            r[0]
            for r in self._db.execute("SELECT id FROM speeches WHERE source_id=? ORDER BY id", row)
        ]
        return row[0], ids

    def add(self, filename: str, data: bytes, speeches: Sequence[SpeechRecord]) -> list[int]:
        """Store the original bytes and its speeches, all or nothing."""
        new_terms: list[tuple[int, str]] = []
        try:
            return self._add(filename, data, speeches, time.time(), new_terms)
        except BaseException:
            self._vocab = None  # the new terms were rolled back with the rest
            raise

    def _add(self, filename, data, speeches, now, new_terms) -> list[int]:
        with self._transaction() as db:
            cur = db.execute(
                "INSERT INTO sources (filename, sha256, data, added_at) VALUES (?,?,?,?)",
                (filename, hashlib.sha256(data).hexdigest(), data, now),
            )
            source_id = cur.lastrowid
            ids = []
            for record in speeches:
                cur = db.execute(
                    "INSERT INTO speeches (source_id, title, date, speaker, occasion, part, text,"
                    " outline, meta_terms, added_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        source_id,
                        record.title,
                        record.date,
                        record.speaker,
                        record.occasion,
                        record.part,
                        record.text,
                        record.outline,
                        record.meta_terms,
                        now,
                    ),
                )
                speech_id = int(cur.lastrowid)
                db.executemany(
                    "INSERT INTO passages (speech_id, section, paragraph, start, end, headings,"
                    " text, body_terms, head_terms, char_terms) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    self._passage_rows(speech_id, record, new_terms),
                )
                ids.append(speech_id)
            db.executemany("INSERT INTO terms (id, term) VALUES (?, ?)", new_terms)
        return ids

    def _passage_rows(
        self, speech_id: int, record: SpeechRecord, new_terms: list[tuple[int, str]]
    ) -> Iterator[tuple]:
        """The passages' rows, their terms mapped to stored ids in one numpy step."""
        mapping = self._mapping(record.vocabulary, new_terms)
        blob = mapping[record.ids.astype(np.intp, copy=False)].tobytes()
        offset = 0
        for section, paragraph, start, end, headings, *lengths in record.passages:
            fields = []
            for length in lengths:
                fields.append(blob[offset : offset + 4 * length])
                offset += 4 * length
            text = record.text[start:end]
            yield (speech_id, section, paragraph, start, end, headings, text, *fields)

    def remove(self, speech_id: int) -> SpeechInfo:
        """Delete a speech and its passages (its source bytes go when no speech needs them)."""
        info = self.info(speech_id)
        with self._transaction() as db:
            source = db.execute(
                "SELECT source_id FROM speeches WHERE id=?", (speech_id,)
            ).fetchone()
            db.execute("DELETE FROM passages WHERE speech_id=?", (speech_id,))
            db.execute("DELETE FROM speeches WHERE id=?", (speech_id,))
            db.execute(
                "DELETE FROM sources WHERE id=? AND NOT EXISTS "
                "(SELECT 1 FROM speeches WHERE source_id=?)",
                (source[0], source[0]),
            )
        return info

    # --- reading ---------------------------------------------------------------------

    _INFO = (
        "SELECT s.id, s.title, s.date, s.speaker, s.occasion, src.filename, s.part,"
        " (SELECT COUNT(*) FROM passages p WHERE p.speech_id = s.id), s.added_at"
        " FROM speeches s JOIN sources src ON src.id = s.source_id"
    )

    def list(self) -> list[SpeechInfo]:
        return [SpeechInfo(*row) for row in self._db.execute(self._INFO + " ORDER BY s.id")]

    def info(self, speech_id: int) -> SpeechInfo:
        row = self._db.execute(self._INFO + " WHERE s.id=?", (speech_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"没有编号为 {speech_id} 的讲话 (no speech {speech_id})")
        return SpeechInfo(*row)

    def speech(self, speech_id: int) -> Speech:
        row = self._db.execute(
            "SELECT s.title, s.text, s.outline, s.date, s.speaker, s.occasion, src.filename, s.part"
            " FROM speeches s JOIN sources src ON src.id = s.source_id WHERE s.id=?",
            (speech_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"没有编号为 {speech_id} 的讲话 (no speech {speech_id})")
        title, text, outline, date, speaker, occasion, source, part = row
        root = _section_from_dict(json.loads(outline), text)
        return Speech(title, text, root, date, speaker, occasion, source, part, speech_id)

    def original(self, speech_id: int) -> tuple[str, bytes]:
        """The file name and exact bytes the speech was ingested from."""
        row = self._db.execute(
            "SELECT src.filename, src.data FROM speeches s JOIN sources src"
            " ON src.id = s.source_id WHERE s.id=?",
            (speech_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"没有编号为 {speech_id} 的讲话 (no speech {speech_id})")
        return row[0], bytes(row[1])

    def passage_terms(self) -> Iterator[tuple[int, int, PassageTerms]]:
        """(passage id, speech id, term ids) of every passage, in id order."""
        for pid, sid, section, para, start, end, body, head, chars in self._db.execute(
            "SELECT id, speech_id, section, paragraph, start, end, body_terms, head_terms,"
            " char_terms FROM passages ORDER BY id"
        ):
            path = tuple(int(p) for p in section.split(".") if p)
            yield (
                pid,
                sid,
                PassageTerms(
                    path,
                    para,
                    start,
                    end,
                    self._decode(body),
                    self._decode(head),
                    self._decode(chars),
                ),
            )

    def term_columns(self) -> tuple[np.ndarray, np.ndarray, dict[str, TermColumn]]:
        """Every passage's term ids, field by field, as one array each: (passage ids,
        speech ids, {"body" | "head" | "chars": (ids of all passages end to end, each
        passage's count)}), in passage id order.  What the index is built from."""
        pids, sids = [], []
        blobs: dict[str, list[bytes]] = {"body": [], "head": [], "chars": []}
        for pid, sid, body, head, chars in self._db.execute(
            "SELECT id, speech_id, body_terms, head_terms, char_terms FROM passages ORDER BY id"
        ):
            pids.append(pid)
            sids.append(sid)
            for name, value in (("body", body), ("head", head), ("chars", chars)):
                if isinstance(value, str):  # a data dir from before term ids
                    value = self._decode(value).tobytes()
                blobs[name].append(value)
        columns = {}
        for name, values in blobs.items():
            lengths = np.fromiter(map(len, values), np.int64, len(values)) // 4
            columns[name] = (np.frombuffer(b"".join(values), np.int32), lengths)
            values.clear()
        return np.asarray(pids, np.int64), np.asarray(sids, np.int64), columns

    def speech_terms(self) -> Iterator[tuple[int, list[str]]]:
        """(speech id, speech-level terms: title, year, speaker, occasion), in id order."""
        for sid, terms in self._db.execute("SELECT id, meta_terms FROM speeches ORDER BY id"):
            yield sid, _split(terms)

    def passages(self, ids: Sequence[int]) -> dict[int, StoredPassage]:
        """passage id → what a hit shows: its text, where it stands, its speech's title."""
        out = {}
        for chunk in range(0, len(ids), 500):
            part = list(ids[chunk : chunk + 500])
            marks = ",".join("?" * len(part))
            for pid, sid, section, para, text, headings, title, date, source in self._db.execute(
                "SELECT p.id, p.speech_id, p.section, p.paragraph,"
                # reading a passage's own copy does not load its speech's whole text
                " coalesce(p.text, substr(s.text, p.start + 1, p.end - p.start)), p.headings,"
                " s.title, s.date,"
                " src.filename FROM passages p JOIN speeches s ON s.id = p.speech_id"
                f" JOIN sources src ON src.id = s.source_id WHERE p.id IN ({marks})",
                part,
            ):
                path = tuple(int(x) for x in section.split(".") if x)
                out[pid] = StoredPassage(
                    sid, path, para, text, tuple(json.loads(headings)), title, date, source
                )
        return out


def _split(joined: str) -> list[str]:
    return joined.split("\t") if joined else []


def _section_to_dict(section: Section) -> dict:
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
        "c": [_section_to_dict(c) for c in section.children],
    }


def _section_from_dict(data: dict, text: str, path: tuple[int, ...] = ()) -> Section:
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
        _section_from_dict(child, text, (*path, n)) for n, child in enumerate(data["c"], start=1)
    ]
    return section
