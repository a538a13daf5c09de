"""SQLite store of sources, speeches and analysed passages.

Every ingest is one SQLite transaction, so a killed ingest leaves the store as it was.
The search index is derived data, kept in index folders beside it (``folders.py``); an
index that disagrees with the store is rebuilt from stored terms (never re-tokenised).
Texts are kept once and compressed (``schema.py``): a passage's text is a slice of its
speech's, read from the one or two blocks of it that hold the passage; the blocks a page of
hits needed are kept unpacked a while.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import schema, stored_terms
from .char_field import CharField
from .errors import NotFoundError, StoreError
from .folders import IndexFolders
from .model import Speech
from .packing import (
    BLOCK,
    block_offsets,
    pack_beside,
    pack_blocks,
    pack_ids,
    pack_text,
    unpack_beside,
    unpack_blocks,
    unpack_text,
)
from .records import SpeechRecord
from .schema import section_from_dict
from .stored_terms import PassageTerms, TermColumn, field_major

__all__ = ["PassageTerms", "SpeechInfo", "Store", "StoredPassage", "TermColumn"]

log = logging.getLogger(__name__)


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
class StoredPassage:
    """What a search hit shows, read in one query and the block or two of its speech's text
    that hold it (no whole speech is loaded)."""

    speech_id: int
    section_path: tuple[int, ...]
    paragraph: int
    text: str
    headings: tuple[str, ...]
    title: str
    date: str | None
    source: str


# a speech's text blocks' offsets and its heading paths
_Layout = tuple[np.ndarray, list[tuple[str, ...]]]


class Store:
    """The data directory: ``speechbot.sqlite3`` plus index folders."""

    def __init__(self, data_dir: str | Path) -> None:
        self.dir = Path(data_dir)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            # a writer waits for another process's transaction (one file's) to end
            self._db = sqlite3.connect(
                self.dir / "speechbot.sqlite3", isolation_level=None, timeout=_BUSY_SECONDS
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            # WAL with NORMAL: a killed process loses nothing committed and the file stays
            # consistent; only a power cut may drop the last commits (no fsync per file)
            self._db.execute("PRAGMA synchronous=NORMAL")
            # reads through a mapping, not a system call per page: a hit's row and the
            # speech's layout (stored after its text) touch a dozen pages of the file
            self._db.execute(f"PRAGMA mmap_size={_MAPPED_BYTES}")
            schema.prepare(self._db)  # before foreign keys: a migration rebuilds tables
            self._db.execute("PRAGMA foreign_keys=ON")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"无法打开数据目录 {self.dir}: {exc}") from exc
        self._vocab: dict[str, int] = {}
        self._last_term_id = -1
        self._said_waiting = False
        # a speech never changes and its id is never given again: nothing here goes stale
        self._layouts: _Recent[int, _Layout] = _Recent()
        self._blocks: _Recent[tuple[int, int], str] = _Recent()
        self.folders = IndexFolders(self.dir)

    def close(self) -> None:
        self._db.close()

    # --- the term vocabulary: passages store int32 term ids --------------------------

    def vocabulary(self) -> dict[str, int]:
        """term → id, for every term any passage uses, including the terms other processes
        have committed since (terms are only ever added, numbered in order)."""
        added = self._db.execute(
            "SELECT term, id FROM terms WHERE id > ? ORDER BY id", (self._last_term_id,)
        ).fetchall()
        if added:
            self._vocab.update(added)
            self._last_term_id = added[-1][1]
        return self._vocab

    def _mapping(self, local: Sequence[str], new: dict[str, int]) -> np.ndarray:
        """local id → global term id; terms the store lacks are numbered in ``new``, after
        the highest stored id (read inside the write transaction, so no other writer can
        take the same number)."""
        vocab = self._vocab
        ids = list(map(vocab.get, local))  # one C loop; the few new terms are numbered below
        if None in ids:
            for i, tid in enumerate(ids):
                if tid is None:
                    term = local[i]
                    tid = new.get(term)
                    if tid is None:
                        tid = new[term] = self._last_term_id + 1 + len(new)
                    ids[i] = tid
        return np.array(ids, np.int32)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self._begin_writing()
        except sqlite3.Error as exc:
            raise StoreError(_write_failure(exc)) from exc
        try:
            yield self._db
            self._bump_generation()
            self._db.execute("COMMIT")
        except BaseException as exc:
            self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(_write_failure(exc)) from exc
            raise

    def _begin_writing(self) -> None:
        """Take the write lock; while another process holds it, say so (once) and wait."""
        self._db.execute("PRAGMA busy_timeout = 0")
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if not self._said_waiting:
                self._said_waiting = True
                log.warning("另一个进程正在写入数据目录，等待它完成… (waiting for another writer)")
            self._db.execute(f"PRAGMA busy_timeout = {int(_BUSY_SECONDS * 1000)}")
            self._db.execute("BEGIN IMMEDIATE")
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(_BUSY_SECONDS * 1000)}")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read from one committed state of the store (its generation and its contents
        agree even while other processes write)."""
        self._db.execute("BEGIN")
        try:
            yield
        finally:
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
        recorded = self.setting(key)
        if recorded is not None:  # no write: a full disk or a busy writer does not matter
            return recorded
        try:
            self._db.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (f"setting:{key}", value))
        except sqlite3.Error as exc:
            raise StoreError(_write_failure(exc)) from exc
        return self.setting(key) or value

    @property
    def generation(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    # --- writing ---------------------------------------------------------------------

    def source_by_hash(self, data: bytes) -> tuple[int, list[int]] | None:
        """(source id, its speech ids) when these exact bytes were ingested before."""
        return self.source_by_digest(hashlib.sha256(data).hexdigest())

    def source_by_digest(self, sha256: str) -> tuple[int, list[int]] | None:
        """(source id, its speech ids) of the stored file with this SHA-256 (hex)."""
        row = self._db.execute("SELECT id FROM sources WHERE sha256=?", (sha256,)).fetchone()
        if row is None:
            return None
        ids = [
            r[0]
            for r in self._db.execute("SELECT id FROM speeches WHERE source_id=? ORDER BY id", row)
        ]
        return row[0], ids

    def add(
        self, filename: str, data: bytes, speeches: Sequence[SpeechRecord]
    ) -> tuple[list[int], bool]:
        """Store the original bytes and its speeches, all or nothing: (speech ids, whether
        they are new).  Bytes another process stored meanwhile are not stored twice."""
        digest = hashlib.sha256(data).hexdigest()
        now = time.time()
        with self._transaction() as db:
            existing = self.source_by_digest(digest)
            if existing:
                return existing[1], False
            self.vocabulary()  # every term committed so far, by any process
            new_terms: dict[str, int] = {}
            cur = db.execute(
                "INSERT INTO sources (filename, sha256, data, added_at) VALUES (?,?,?,?)",
                (filename, digest, pack_beside(data, [r.text for r in speeches]), now),
            )
            source_id = cur.lastrowid
            ids = []
            for record in speeches:
                terms, headings, rows = self._passage_rows(record, new_terms)
                cur = db.execute(
                    "INSERT INTO speeches (source_id, title, date, speaker, occasion, part, text,"
                    " text_blocks, outline, headings, terms, meta_terms, added_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        source_id,
                        record.title,
                        record.date,
                        record.speaker,
                        record.occasion,
                        record.part,
                        *pack_blocks(record.text),
                        pack_text(record.outline),
                        pack_text(headings),
                        pack_ids(terms),
                        record.meta_terms,
                        now,
                    ),
                )
                speech_id = int(cur.lastrowid)
                db.executemany(
                    "INSERT INTO passages (speech_id, section, paragraph, start, end, heading,"
                    " body_count, head_count) VALUES (?,?,?,?,?,?,?,?)",
                    ((speech_id, *row) for row in rows),
                )
                ids.append(speech_id)
            db.executemany(
                "INSERT INTO terms (id, term) VALUES (?, ?)",
                ((tid, term) for term, tid in new_terms.items()),
            )
        return ids, True

    def _passage_rows(
        self, record: SpeechRecord, new_terms: dict[str, int]
    ) -> tuple[np.ndarray, str, list[tuple]]:
        """The speech's term ids as stored (every passage's body, then head, mapped to
        stored ids in one numpy step), its heading paths as a JSON list, and its passages'
        rows without the speech id.  The character terms are numbered (the index refers to
        them by id) but not stored: the index makes them from the text."""
        mapping = self._mapping(record.vocabulary, new_terms)
        ids = mapping[record.ids.astype(np.intp, copy=False)]
        counts = np.array([row[5:] for row in record.passages], np.int64).reshape(-1, 3)
        headings: dict[str, int] = {}
        rows = []
        for section, paragraph, start, end, path, body, head, _ in record.passages:
            heading = headings.setdefault(path, len(headings))
            rows.append((section, paragraph, start, end, heading, body, head))
        # ids come passage by passage (body, head, chars); stored field by field
        order = field_major(counts)[: int(counts[:, :2].sum())]
        return ids[order], "[" + ",".join(headings) + "]", rows

    def remove(self, speech_id: int) -> SpeechInfo:
        """Delete a speech and its passages (its source bytes go when no speech needs them)."""
        info = self.info(speech_id)
        with self._transaction() as db:
            source = db.execute(
                "SELECT source_id FROM speeches WHERE id=?", (speech_id,)
            ).fetchone()
            if source is None:  # another process removed it meanwhile
                raise NotFoundError(f"没有编号为 {speech_id} 的讲话 (no speech {speech_id})")
            (source_id,) = source
            others = db.execute(
                "SELECT COUNT(*) FROM speeches WHERE source_id=? AND id<>?", (source_id, speech_id)
            ).fetchone()[0]
            # the bytes stay for the other speeches, packed beside the texts that remain
            original = self._source(source_id)[1] if others else None
            db.execute("DELETE FROM passages WHERE speech_id=?", (speech_id,))
            db.execute("DELETE FROM speeches WHERE id=?", (speech_id,))
            if original is None:
                db.execute("DELETE FROM sources WHERE id=?", (source_id,))
            else:
                db.execute(
                    "UPDATE sources SET data=? WHERE id=?",
                    (pack_beside(original, self._texts_of(source_id)), source_id),
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
        row = self._db.execute(self._INFO + " WHERE s.id=?", (_stored_id(speech_id),)).fetchone()
        if row is None:
            raise NotFoundError(f"没有编号为 {speech_id} 的讲话 (no speech {speech_id})")
        return SpeechInfo(*row)

    def speech(self, speech_id: int) -> Speech:
        row = self._db.execute(
            "SELECT s.title, s.text, s.text_blocks, s.outline, s.date, s.speaker, s.occasion,"
            " src.filename, s.part"
            " FROM speeches s JOIN sources src ON src.id = s.source_id WHERE s.id=?",
            (_stored_id(speech_id),),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"没有编号为 {speech_id} 的讲话 (no speech {speech_id})")
        title, text, blocks, outline, date, speaker, occasion, source, part = row
        text = unpack_blocks(text, block_offsets(blocks))
        root = section_from_dict(json.loads(unpack_text(outline)), text)
        return Speech(title, text, root, date, speaker, occasion, source, part, speech_id)

    def original(self, speech_id: int) -> tuple[str, bytes]:
        """The file name and exact bytes the speech was ingested from."""
        row = self._db.execute(
            "SELECT source_id FROM speeches WHERE id=?", (_stored_id(speech_id),)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"没有编号为 {speech_id} 的讲话 (no speech {speech_id})")
        return self._source(row[0])

    def _source(self, source_id: int) -> tuple[str, bytes]:
        """A source's file name and bytes, unpacked beside its speeches' texts and checked
        against its SHA-256 (texts that differ from those it was packed with would give
        other bytes, not an error)."""
        filename, digest, frame = self._db.execute(
            "SELECT filename, sha256, data FROM sources WHERE id=?", (source_id,)
        ).fetchone()
        data = unpack_beside(frame, self._texts_of(source_id))
        if hashlib.sha256(data).hexdigest() != digest:
            raise StoreError(
                f"数据目录已损坏：文件 {filename} 无法还原"
                f" (damaged data directory: the original of {filename} does not unpack)"
            )
        return filename, data

    def _texts_of(self, source_id: int) -> list[str]:
        """The cleaned texts of a source's speeches, in id order: what its bytes are packed
        beside."""
        return [
            unpack_blocks(text, block_offsets(blocks))
            for text, blocks in self._db.execute(
                "SELECT text, text_blocks FROM speeches WHERE source_id=? ORDER BY id",
                (source_id,),
            )
        ]

    def passage_terms(
        self, stopchars: Collection[str] | None = None
    ) -> Iterator[tuple[int, int, PassageTerms]]:
        """(passage id, speech id, term ids) of every passage, speech by speech in id order
        (passage id order, as ingest numbers them).  ``stopchars``: what the character
        field leaves out (by default the default analyzer's)."""
        return stored_terms.passage_terms(self._db, self._char_field(stopchars))

    def term_columns(
        self, stopchars: Collection[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray, dict[str, TermColumn]]:
        """Every passage's term ids, field by field, as one array each: (passage ids,
        speech ids, {"body" | "head" | "chars": (ids of all passages end to end, each
        passage's count)}), in passage id order.  What the index is built from."""
        chars = self._char_field(stopchars)
        columns = stored_terms.term_columns(self._db, chars)
        if chars.unknown:
            log.warning(
                "%d character terms not in the vocabulary were left out of the index", chars.unknown
            )
        return columns

    def _char_field(self, stopchars: Collection[str] | None) -> CharField:
        if stopchars is None:
            from .analysis import Analyzer  # its stop characters only: no dictionary loads

            stopchars = Analyzer().stopchars
        return CharField(self.vocabulary(), stopchars)

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
            rows = self._db.execute(
                "SELECT p.speech_id, p.id, p.section, p.paragraph, p.start, p.end, p.heading,"
                " s.title, s.date, src.filename FROM passages p"
                " JOIN speeches s ON s.id = p.speech_id"
                f" JOIN sources src ON src.id = s.source_id WHERE p.id IN ({marks})",
                part,
            ).fetchall()
            rows.sort()  # speech by speech, blocks in order
            layouts = self._layouts_of({row[0] for row in rows})
            texts = self._spans([(row[0], row[4], row[5]) for row in rows], layouts)
            for (sid, pid, section, para, _, _, heading, title, date, source), text in zip(
                rows, texts, strict=True
            ):
                path = tuple(int(x) for x in section.split(".") if x)
                headings = layouts[sid][1][heading]
                out[pid] = StoredPassage(sid, path, para, text, headings, title, date, source)
        return out

    def passage_places(self, ids: Sequence[int]) -> dict[int, tuple[int, tuple[int, ...], int]]:
        """passage id → (speech id, section path, paragraph), without reading any text."""
        marks = ",".join("?" * len(ids))
        rows = self._db.execute(
            f"SELECT id, speech_id, section, paragraph FROM passages WHERE id IN ({marks})",
            list(ids),
        )
        return {
            pid: (sid, tuple(int(x) for x in section.split(".") if x), para)
            for pid, sid, section, para in rows
        }

    def _spans(self, spans: list[tuple[int, int, int]], layouts: dict[int, _Layout]) -> list[str]:
        """``text[start:end]`` of each (speech id, start, end), each block that holds one
        read and unpacked once, however many passages share it."""
        blocks: dict[tuple[int, int], str | None] = {}
        for sid, start, end in spans:
            if end > start:
                for b in range(start // BLOCK, (end - 1) // BLOCK + 1):
                    # held here, not only in the cache: putting one may evict another
                    blocks.setdefault((sid, b), self._blocks.get((sid, b)))
        wanted: dict[int, list[int]] = {}
        for (sid, b), text in sorted(blocks.items()):
            if text is None:
                wanted.setdefault(sid, []).append(b)
        for sid, numbers in wanted.items():
            offsets = layouts[sid][0]
            # only these blocks' bytes are read, not the whole text's: one read per run of
            # consecutive blocks
            with self._db.blobopen("speeches", "text", sid, readonly=True) as blob:
                for run in _runs(numbers):
                    first = int(offsets[run[0]])
                    blob.seek(first)
                    frames = blob.read(int(offsets[run[-1] + 1]) - first)
                    for b in run:
                        a, z = int(offsets[b]) - first, int(offsets[b + 1]) - first
                        text = blocks[sid, b] = unpack_text(frames[a:z])
                        self._blocks.put((sid, b), text)
        out = []
        for sid, start, end in spans:
            if end <= start:
                out.append("")
                continue
            first, last = start // BLOCK, (end - 1) // BLOCK
            text = "".join(blocks[sid, b] for b in range(first, last + 1))
            out.append(text[start - first * BLOCK : end - first * BLOCK])
        return out

    def _layouts_of(self, speech_ids: set[int]) -> dict[int, _Layout]:
        """Where each speech's text blocks are, and its heading paths: those not kept read
        in one query."""
        out = {sid: self._layouts.get(sid) for sid in speech_ids}
        missing = [sid for sid, layout in out.items() if layout is None]
        for chunk in range(0, len(missing), 500):
            part = missing[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            for sid, blocks, headings in self._db.execute(
                f"SELECT id, text_blocks, headings FROM speeches WHERE id IN ({marks})", part
            ):
                paths = [tuple(h) for h in json.loads(unpack_text(headings))]
                out[sid] = (block_offsets(blocks), paths)
                self._layouts.put(sid, out[sid])
        return out


def _runs(numbers: list[int]) -> list[list[int]]:
    """Sorted numbers as runs of consecutive ones."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


class _Recent(OrderedDict):
    """The most recently used ``_KEPT`` values."""

    def get(self, key, default=None):
        value = super().get(key, default)
        if key in self:
            self.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        self[key] = value
        if len(self) > _KEPT:
            self.popitem(last=False)


_BUSY_SECONDS = 60.0
# the first GiB of the file is read through a mapping (its pages count as the process's
# resident file pages, which the kernel reclaims when it needs them)
_MAPPED_BYTES = 2**30
# blocks (≤ 8,192 characters each) and speech layouts kept unpacked: a page of hits and
# its neighbours; a few MB at most
_KEPT = 256
_MAX_ID = 2**63 - 1  # SQLite's integers: a larger id names no speech


def _stored_id(speech_id: int) -> int:
    """The id as SQLite can compare it: one beyond its integers names no speech."""
    if not -_MAX_ID <= speech_id <= _MAX_ID:
        raise NotFoundError(f"没有编号为 {speech_id} 的讲话 (no speech {speech_id})")
    return speech_id


def _write_failure(exc: sqlite3.Error) -> str:
    """A failed write, said so that the user knows what to do."""
    text = str(exc)
    if "full" in text:
        return "磁盘已满，未能保存 (disk full: nothing was stored)"
    if "locked" in text or "busy" in text:
        return "数据目录正被另一个进程写入，请稍后重试 (data directory busy: try again)"
    return f"无法写入数据目录 (cannot write the data directory: {text})"


def _split(joined: str) -> list[str]:
    return joined.split("\t") if joined else []
