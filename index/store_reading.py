"""Reading the store (``store.py`` writes it): speeches, passages for hits, originals, and
the stored terms the index is built from.  A passage's text is a slice of its speech's,
read from the one or two blocks of it that hold the passage (``_text_blocks.py``); the
blocks a page of hits needed, and their speeches' heading paths, are kept a while.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections import OrderedDict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from . import stored_terms
from ._text_blocks import BLOCK, TextBlocks, block_id, block_numbers
from .char_field import CharField
from .errors import NotFoundError, StoreError
from .model import Speech
from .outline_packing import unpack_outline
from .packing import unpack_beside
from .schema import section_from_dict
from .stored_terms import PassageTerms, TermColumn

__all__ = ["SpeechInfo", "StoreReader", "StoredPassage"]

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


# a speech's heading paths, as its row holds them (each made a tuple when shown)
_Headings = list[list[str]]


class StoreReader:
    """What the store reads; ``Store`` adds the writing.  Reads go through ``_db``."""

    _db: sqlite3.Connection

    def _start_reading(self) -> None:
        self._vocab: dict[str, int] = {}
        self._last_term_id = -1
        self._texts = TextBlocks(self._db)
        # kept by speech id: forgotten when ``reanalyse`` rewrites speeches (``forget_cached``,
        # here and, at their next search, in other processes: the generation tells them)
        self._headings: _Recent[int, _Headings] = _Recent()
        self._blocks: _Recent[int, str] = _Recent()

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

    def text(self, speech_id: int) -> str:
        """A speech's cleaned text alone ("" when it has none)."""
        return self._texts.text(speech_id)

    def speech(self, speech_id: int) -> Speech:
        row = self._db.execute(
            "SELECT s.title, s.outline, s.date, s.speaker, s.occasion, src.filename, s.part"
            " FROM speeches s JOIN sources src ON src.id = s.source_id WHERE s.id=?",
            (_stored_id(speech_id),),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"没有编号为 {speech_id} 的讲话 (no speech {speech_id})")
        title, outline, date, speaker, occasion, source, part = row
        text = self._texts.text(speech_id)
        root = section_from_dict(unpack_outline(outline, text), text)
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
            self._texts.text(sid)
            for (sid,) in self._db.execute(
                "SELECT id FROM speeches WHERE source_id=? ORDER BY id", (source_id,)
            ).fetchall()
        ]

    def passage_terms(
        self, stopchars: Collection[str] | None = None
    ) -> Iterator[tuple[int, int, PassageTerms]]:
        """(passage id, speech id, term ids) of every passage, speech by speech in id order
        (passage id order, as ingest numbers them).  ``stopchars``: what the character
        field leaves out (by default the default analyzer's)."""
        return stored_terms.passage_terms(self._db, self._texts, self._char_field(stopchars))

    def term_columns(
        self, stopchars: Collection[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray, dict[str, TermColumn]]:
        """Every passage's term ids, field by field, as one array each: (passage ids,
        speech ids, {"body" | "head" | "chars": (ids of all passages end to end, each
        passage's count)}), in passage id order.  What the index is built from."""
        chars = self._char_field(stopchars)
        columns = stored_terms.term_columns(self._db, self._texts, chars)
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
            # the speech's packed heading list comes with the row (no second query); it is
            # unpacked only for speeches not kept
            rows = self._db.execute(
                "SELECT p.speech_id, p.id, p.section, p.paragraph, p.start, p.end, p.heading,"
                " s.title, s.date, src.filename, s.headings FROM passages p"
                " JOIN speeches s ON s.id = p.speech_id"
                f" JOIN sources src ON src.id = s.source_id WHERE p.id IN ({marks})",
                part,
            ).fetchall()
            rows.sort()  # speech by speech, blocks in order
            texts = self._spans([(row[0], row[4], row[5]) for row in rows])
            headings: dict[int, _Headings] = {}
            for (sid, pid, section, para, _, _, heading, title, date, source, packed), text in zip(
                rows, texts, strict=True
            ):
                paths = headings.get(sid)
                if paths is None:
                    paths = headings[sid] = self._headings_from(sid, packed)
                path = tuple(int(x) for x in section.split(".") if x)
                out[pid] = StoredPassage(
                    sid, path, para, text, tuple(paths[heading]), title, date, source
                )
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

    def _spans(self, spans: list[tuple[int, int, int]]) -> list[str]:
        """``text[start:end]`` of each (speech id, start, end), each block that holds one
        read and unpacked once, however many passages share it."""
        blocks: dict[int, str | None] = {}
        for sid, start, end in spans:
            for n in block_numbers(start, end):
                # held here, not only in the cache: putting one may evict another
                bid = block_id(sid, n)
                blocks.setdefault(bid, self._blocks.get(bid))
        missing = sorted(bid for bid, text in blocks.items() if text is None)
        if missing:
            for bid, text in self._texts.read(missing).items():
                blocks[bid] = text
                self._blocks.put(bid, text)
        out = []
        for sid, start, end in spans:
            numbers = block_numbers(start, end)
            if not numbers:
                out.append("")
                continue
            parts = [blocks[block_id(sid, n)] for n in numbers]
            if None in parts:
                raise StoreError(
                    f"数据目录已损坏：讲话 {sid} 的文本缺块"
                    f" (damaged data directory: speech {sid}'s text lacks a block)"
                )
            text = "".join(parts)  # type: ignore[arg-type]
            at = numbers[0] * BLOCK
            out.append(text[start - at : end - at])
        return out

    def _headings_from(self, speech_id: int, packed: bytes) -> _Headings:
        """A speech's heading paths (each a list of headings), kept or unpacked from its
        row's ``headings``."""
        paths = self._headings.get(speech_id)
        if paths is None:
            paths = json.loads(self._texts.unpack(packed))
            self._headings.put(speech_id, paths)
        return paths


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


# blocks (≤ 1,024 characters each) and speeches' heading paths kept unpacked: a page of
# hits and its neighbours; a few MB at most
_KEPT = 256
_MAX_ID = 2**63 - 1  # SQLite's integers: a larger id names no speech


def _stored_id(speech_id: int) -> int:
    """The id as SQLite can compare it: one beyond its integers names no speech."""
    if not -_MAX_ID <= speech_id <= _MAX_ID:
        raise NotFoundError(f"没有编号为 {speech_id} 的讲话 (no speech {speech_id})")
    return speech_id


def _split(joined: str) -> list[str]:
    return joined.split("\t") if joined else []
