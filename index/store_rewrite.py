"""Rewriting stored speeches in place with a newer analysis (``reanalyse.py`` drives it), and
the analysis fingerprint the data directory records (``fingerprint.py``).

A source (one original file) is rewritten in one transaction: its speeches keep their ids,
so references quoted from them (``6:2#5``) stay valid wherever the new outline still has
that section; their ``added_at`` is kept too, so digests do not announce them again.  What
a speech's row says about its text (title, date, outline, headings, terms) is made anew;
there are no fields a user sets by hand.  A crash leaves the source as it was, and the
meta row ``reanalyse`` (the fingerprint aimed at, the last source done, in the same
transaction) lets the next run carry on from there.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from .outline_packing import pack_outline
from .packing import pack_beside
from .records import SpeechRecord

__all__ = ["Replaced", "StoreRewriting"]


@dataclass
class Replaced:
    """What became of a source's speeches."""

    kept: list[int] = field(default_factory=list)  # same id, made anew
    changed: list[int] = field(default_factory=list)  # of those, the ones whose outline or
    # title is not what it was
    added: list[int] = field(default_factory=list)  # the new reading finds more speeches
    dropped: list[int] = field(default_factory=list)  # … or fewer


class StoreRewriting:
    """Mixed into ``Store``: the analysis fingerprint and rewriting a source in place."""

    _db: sqlite3.Connection

    # --- the fingerprint -------------------------------------------------------------

    def analysis(self) -> str | None:
        """The fingerprint of the analysis every stored speech was made with; None for a
        directory from before fingerprints were recorded."""
        return _meta(self._db, "analysis")

    def analysis_stale(self, fingerprint: str) -> bool:
        """Whether some stored speech may have been made by another analysis."""
        has_speeches = self._db.execute("SELECT 1 FROM speeches LIMIT 1").fetchone()
        return bool(has_speeches) and self.analysis() != fingerprint

    def _record_first_analysis(self, db: sqlite3.Connection, fingerprint: str | None) -> None:
        """In ``add``'s transaction, before its speeches are written: an empty directory
        takes the fingerprint of what is written now; one with speeches keeps its own (older
        speeches are not made anew by ingesting newer ones)."""
        if fingerprint and not db.execute("SELECT 1 FROM speeches LIMIT 1").fetchone():
            _set_meta(db, "analysis", fingerprint)

    # --- removals a new reading must not undo ----------------------------------------

    def _note_removed(self, db: sqlite3.Connection, source_id: int, speech_id: int) -> None:
        """Remember the part of a file a user removed while its other parts stay: a new
        reading of the file finds it again, and must leave it out."""
        part, title = db.execute(
            "SELECT part, title FROM speeches WHERE id=?", (speech_id,)
        ).fetchone()
        removed = self._removed(source_id)
        _set_meta(db, f"removed:{source_id}", json.dumps([*removed, part or title]))

    def _removed(self, source_id: int) -> list[str]:
        return json.loads(_meta(self._db, f"removed:{source_id}") or "[]")

    # --- rewriting -------------------------------------------------------------------

    def reanalysis_done(self, fingerprint: str) -> int:
        """The last source a run aiming at ``fingerprint`` rewrote (0: none)."""
        state = json.loads(_meta(self._db, "reanalyse") or "{}")
        return int(state.get("done", 0)) if state.get("target") == fingerprint else 0

    def source_ids(self, after: int = 0) -> list[int]:
        rows = self._db.execute("SELECT id FROM sources WHERE id > ? ORDER BY id", (after,))
        return [sid for (sid,) in rows]

    def original_of_source(self, source_id: int) -> tuple[str, bytes]:
        return self._source(source_id)

    def replace_source(
        self, source_id: int, records: Sequence[SpeechRecord], fingerprint: str
    ) -> Replaced | None:
        """Rewrite a source's speeches from ``records`` (a new reading of its bytes), all or
        nothing; None when it is gone or another run rewrote it meanwhile."""
        with self._transaction() as db:
            if self.reanalysis_done(fingerprint) >= source_id:
                return None
            row = db.execute("SELECT added_at FROM sources WHERE id=?", (source_id,)).fetchone()
            if row is None:
                return None
            original = self._source(source_id)[1]
            old = db.execute(
                "SELECT id, part, title, outline FROM speeches WHERE source_id=? ORDER BY id",
                (source_id,),
            ).fetchall()
            pairs, dropped = _match(old, records, self._removed(source_id))
            done = Replaced(dropped=dropped)
            before = {sid: (title, outline) for sid, _, title, outline in old}
            self.vocabulary()
            new_terms: dict[str, int] = {}
            self._texts.start_writing([r.text for _, r in pairs])
            for speech_id, record in pairs:
                speech_id = self._write_speech(db, source_id, speech_id, record, new_terms, row[0])
                outline = pack_outline(json.loads(record.outline), record.text)
                if speech_id in before:
                    done.kept.append(speech_id)
                    if before[speech_id] != (record.title, outline):
                        done.changed.append(speech_id)
                else:
                    done.added.append(speech_id)
            for speech_id in dropped:
                db.execute("DELETE FROM passages WHERE speech_id=?", (speech_id,))
                db.execute("DELETE FROM speeches WHERE id=?", (speech_id,))
                self._texts.delete(speech_id)
            db.executemany(
                "INSERT INTO terms (id, term) VALUES (?, ?)",
                ((tid, term) for term, tid in new_terms.items()),
            )
            texts = self._texts_of(source_id)
            db.execute(
                "UPDATE sources SET data=? WHERE id=?", (pack_beside(original, texts), source_id)
            )
            state = {"target": fingerprint, "done": source_id}
            _set_meta(db, "reanalyse", json.dumps(state))
        self.forget_cached()
        return done

    def _write_speech(
        self,
        db: sqlite3.Connection,
        source_id: int,
        speech_id: int | None,
        record: SpeechRecord,
        new_terms: dict[str, int],
        added_at: float,
    ) -> int:
        """Write a speech's row, text and passages: over ``speech_id``'s, or as a new one."""
        terms, headings, rows = self._passage_rows(record, new_terms)
        values = (
            record.title,
            record.date,
            record.speaker,
            record.occasion,
            record.part,
            self._texts.pack(headings),
            record.meta_terms,
            pack_outline(json.loads(record.outline), record.text),
            terms,
        )
        if speech_id is None:
            speech_id = db.execute(
                "INSERT INTO speeches (title, date, speaker, occasion, part, headings,"
                " meta_terms, outline, terms, source_id, added_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (*values, source_id, added_at),
            ).lastrowid
        else:
            db.execute("DELETE FROM passages WHERE speech_id=?", (speech_id,))
            self._texts.delete(speech_id)
            db.execute(
                "UPDATE speeches SET title=?, date=?, speaker=?, occasion=?, part=?,"
                " headings=?, meta_terms=?, outline=?, terms=? WHERE id=?",
                (*values, speech_id),
            )
        self._texts.write(speech_id, record.text)
        db.executemany(
            "INSERT INTO passages (speech_id, section, paragraph, start, end, heading,"
            " body_count, head_count) VALUES (?,?,?,?,?,?,?,?)",
            ((speech_id, *r) for r in rows),
        )
        return int(speech_id)

    def finish_reanalysis(self, fingerprint: str) -> None:
        """Every source rewritten: the directory's analysis is ``fingerprint`` now."""
        with self._transaction() as db:
            _set_meta(db, "analysis", fingerprint)
            db.execute("DELETE FROM meta WHERE key='reanalyse'")

    def forget_cached(self) -> None:
        """Drop the heading paths and text blocks kept by speech id: a rewritten speech's
        are not what they were."""
        self._headings.clear()
        self._blocks.clear()


def _match(
    old: Sequence[tuple], records: Sequence[SpeechRecord], removed: Sequence[str]
) -> tuple[list[tuple[int | None, SpeechRecord]], list[int]]:
    """Which stored speech each new record rewrites (None: a new one) and the stored ones
    no record rewrites.  As many as before: one for one, in order (a better reading may
    well change titles).  Otherwise the file is split otherwise now: a record takes the
    speech of its part (or title), a part the user removed stays out, and the rest pair in
    order."""
    ids = [row[0] for row in old]
    if len(old) == len(records) and not removed:
        return list(zip(ids, records, strict=True)), []
    free = {row[0]: row[1] or row[2] for row in old}
    chosen: list[int | None] = []
    for record in records:
        key = record.part or record.title
        sid = next((s for s, k in free.items() if k == key), None)
        if sid is not None:
            del free[sid]
        chosen.append(sid)
    left = list(free)
    pairs: list[tuple[int | None, SpeechRecord]] = []
    for sid, record in zip(chosen, records, strict=True):
        if sid is None and (record.part or record.title) in removed:
            continue
        if sid is None and left:
            sid = left.pop(0)
        pairs.append((sid, record))
    return pairs, left


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def _set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
