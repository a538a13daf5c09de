"""SQLite store of sources, speeches and analysed passages.

Every ingest is one SQLite transaction, so a killed ingest leaves the store as it was.
The search index is derived data, kept in index folders beside it (``folders.py``); an
index that disagrees with the store is rebuilt from stored terms (never re-tokenised).
Texts are kept once and compressed (``schema.py``).  This module writes the store and
keeps its settings; what it reads is in ``store_reading.py``.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from . import schema
from .errors import NotFoundError, StoreError
from .folders import IndexFolders
from .model import Speech
from .packing import pack_beside, pack_term_ids
from .records import SpeechRecord
from .store_reading import SpeechInfo, StoredPassage, StoreReader
from .store_rewrite import StoreRewriting
from .stored_terms import (
    PassageTerms,
    TermChunk,
    TermColumn,
    field_major,
    passage_rows,
    term_chunks,
)

__all__ = ["PassageTerms", "SpeechInfo", "Store", "StoredPassage", "TermColumn"]

log = logging.getLogger(__name__)


class Store(StoreRewriting, StoreReader):
    """The data directory: ``speechbot.sqlite3`` plus index folders (rewriting speeches in
    place with a newer analysis: ``store_rewrite.py``)."""

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
            # no memory mapping (mmap_size stays 0): a cold fault on a mapped page reads
            # around it, and a hit's row, layout and blocks are scattered pages (cold searches
            # 2.5-2.8x slower with it, warm ones no faster: python -m bench.cold_mapping)
            # pages kept in the process: a hit's row and blocks are found through the
            # tables' inner pages (1.1 MB at 1M passages, ~9 MB at 10M), which shared
            # SQLite's default 2 MB with the ~25 pages each search brings in and were read
            # again from the file, a disk read once the archive outgrows the memory
            self._db.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KB}")
            # before foreign keys: a migration rebuilds tables
            self.migrated = schema.prepare(self._db)
            self._db.execute("PRAGMA foreign_keys=ON")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"无法打开数据目录 {self.dir}: {exc}") from exc
        self._start_reading()
        self._said_waiting = False
        self.folders = IndexFolders(self.dir)

    def close(self) -> None:
        self._db.close()

    def passage_rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(passage ids, speech ids) in passage id order, and each passage's row in that
        order for the passages in (speech id, id) order: what ``term_chunks`` takes."""
        return passage_rows(self._db)

    def term_chunks(
        self,
        documents: np.ndarray,
        size: int,
        stopchars: Collection[str] | None = None,
        chars: bool = True,
    ) -> Iterator[TermChunk]:
        """The term columns of ``term_columns`` about ``size`` ids and characters of text
        at a time (``stored_terms.term_chunks``): a bounded index build reads them.  Without
        the character field if not ``chars``."""
        field = self._char_field(stopchars) if chars else None
        yield from term_chunks(self._db, field, documents, size)
        if field is not None and field.unknown:
            log.warning(
                "%d character terms not in the vocabulary were left out of the index", field.unknown
            )

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

    def fill_speech_terms(self, terms_of: Callable[[Speech], Sequence[str]]) -> int:
        """Speech-level terms for the speeches that have none (a directory migrated from
        before they were stored), made by ``terms_of`` from each speech's title, file name,
        date and speaker; how many were filled.  A directory that cannot be written keeps
        them empty, and its speeches are named by nothing, as before."""
        missing = [
            sid for (sid,) in self._db.execute("SELECT id FROM speeches WHERE meta_terms=''")
        ]
        if not missing:
            return 0
        rows = [("\t".join(terms_of(self.speech(sid))), sid) for sid in missing]
        rows = [(terms, sid) for terms, sid in rows if terms]  # none to make: nothing written
        if not rows:
            return 0
        try:
            with self._transaction() as db:
                db.executemany("UPDATE speeches SET meta_terms=? WHERE id=?", rows)
        except StoreError as exc:
            log.warning("未能补写讲话的标题词 (speech terms not filled): %s", exc)
            return 0
        return len(rows)

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
        self,
        filename: str,
        data: bytes,
        speeches: Sequence[SpeechRecord],
        analysis: str | None = None,
    ) -> tuple[list[int], bool]:
        """Store the original bytes and its speeches, all or nothing: (speech ids, whether
        they are new).  Bytes another process stored meanwhile are not stored twice.
        ``analysis``: the fingerprint of the analysis that made ``speeches``."""
        digest = hashlib.sha256(data).hexdigest()
        now = time.time()
        with self._transaction() as db:
            existing = self.source_by_digest(digest)
            if existing:
                return existing[1], False
            self._record_first_analysis(db, analysis)
            self.vocabulary()  # every term committed so far, by any process
            new_terms: dict[str, int] = {}
            cur = db.execute(
                "INSERT INTO sources (filename, sha256, data, added_at) VALUES (?,?,?,?)",
                (filename, digest, pack_beside(data, [r.text for r in speeches]), now),
            )
            source_id = cur.lastrowid
            self._texts.start_writing([r.text for r in speeches])
            ids = [
                self._write_speech(db, source_id, None, record, new_terms, now)
                for record in speeches
            ]
            db.executemany(
                "INSERT INTO terms (id, term) VALUES (?, ?)",
                ((tid, term) for term, tid in new_terms.items()),
            )
        return ids, True

    def _passage_rows(
        self, record: SpeechRecord, new_terms: dict[str, int]
    ) -> tuple[bytes, str, list[tuple]]:
        """The speech's term ids packed as stored (every passage's body, then head, mapped
        to stored ids in one numpy step), its heading paths as a JSON list, and its passages'
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
        packed = pack_term_ids(ids[order], counts[:, :2].T.ravel())
        return packed, "[" + ",".join(headings) + "]", rows

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
            if others:
                self._note_removed(db, source_id, speech_id)
            db.execute("DELETE FROM passages WHERE speech_id=?", (speech_id,))
            db.execute("DELETE FROM speeches WHERE id=?", (speech_id,))
            self._texts.delete(speech_id)
            if original is None:
                db.execute("DELETE FROM sources WHERE id=?", (source_id,))
                db.execute("DELETE FROM meta WHERE key=?", (f"removed:{source_id}",))
            else:
                db.execute(
                    "UPDATE sources SET data=? WHERE id=?",
                    (pack_beside(original, self._texts_of(source_id)), source_id),
                )
        return info


def _write_failure(exc: sqlite3.Error) -> str:
    """A failed write, said so that the user knows what to do."""
    text = str(exc)
    if "full" in text:
        return "磁盘已满，未能保存 (disk full: nothing was stored)"
    if "locked" in text or "busy" in text:
        return "数据目录正被另一个进程写入，请稍后重试 (data directory busy: try again)"
    return f"无法写入数据目录 (cannot write the data directory: {text})"


_BUSY_SECONDS = 60.0
# SQLite's page cache, in KiB (filled only as pages are read: a small store's whole file at most)
PAGE_CACHE_KB = 32 * 1024
