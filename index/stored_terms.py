"""The passages' term ids as the store keeps them: one zstd frame per speech holding every
passage's body ids, then every head, each sorted (``schema.py``, ``packing.pack_term_ids``);
each passage row counts its own.  The
character field is not stored: it is made from the speech's text (``char_field.py``).  Read
back per passage (benchmarks) or as one column per field (the index).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ._text_blocks import TextBlocks
from .char_field import CharField
from .errors import StoreError
from .packing import unpack_term_ids

__all__ = [
    "PassageTerms",
    "TermChunk",
    "TermColumn",
    "field_major",
    "passage_rows",
    "passage_terms",
    "term_chunks",
    "term_columns",
]


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


TermColumn = tuple[np.ndarray, np.ndarray]  # (term ids end to end, count per passage)


@dataclass(frozen=True)
class TermChunk:
    """The term ids of the passages of consecutive speeches, field by field."""

    rows: np.ndarray  # each passage's row in passage id order (its document in the index)
    columns: dict[str, TermColumn]  # "body" | "head" | "chars" → (ids end to end, counts)


def passage_terms(
    db: sqlite3.Connection, texts: TextBlocks, chars: CharField
) -> Iterator[tuple[int, int, PassageTerms]]:
    """(passage id, speech id, term ids) of every passage, speech by speech in id order
    (passage id order, as ingest numbers them)."""
    for sid, rows, (body, head), text in _speech_terms(db, texts):
        starts = np.array([row[3] for row in rows], np.int64)
        ends = np.array([row[4] for row in rows], np.int64)
        ids, counts = chars.speech(text, starts, ends)
        char_ids = np.split(ids, np.cumsum(counts)[:-1]) if len(rows) else []
        for (pid, section, para, start, end), b, h, c in zip(
            rows, body, head, char_ids, strict=True
        ):
            path = tuple(int(p) for p in section.split(".") if p)
            yield pid, sid, PassageTerms(path, para, start, end, b, h, c)


def _speech_terms(
    db: sqlite3.Connection, texts: TextBlocks
) -> Iterator[tuple[int, list[tuple], tuple[list, list], str]]:
    """Per speech in id order: its passages (id, section, paragraph, start, end) in id
    order, their stored term ids split passage by passage, field by field, and its text."""
    for sid, blob in db.execute("SELECT id, terms FROM speeches ORDER BY id"):
        rows = db.execute(
            "SELECT id, section, paragraph, start, end, body_count, head_count"
            " FROM passages WHERE speech_id=? ORDER BY id",
            (sid,),
        ).fetchall()
        counts = np.array([row[5:] for row in rows], np.int64).reshape(-1, 2)
        ids = _unpacked(blob, counts, sid)
        ends = np.cumsum(counts.T.ravel())
        parts = np.split(ids, ends[:-1]) if len(ends) else []
        n = len(rows)
        fields = (parts[:n], parts[n:])
        yield sid, [row[:5] for row in rows], fields, texts.text(sid)


def term_columns(
    db: sqlite3.Connection, texts: TextBlocks, chars: CharField
) -> tuple[np.ndarray, np.ndarray, dict[str, TermColumn]]:
    """Every passage's term ids, field by field, as one array each: (passage ids,
    speech ids, {"body" | "head" | "chars": (ids of all passages end to end, each
    passage's count)}), in passage id order.  What the index is built from."""
    rows = np.array(
        db.execute(
            "SELECT id, speech_id, body_count, head_count, start, end FROM passages"
            " ORDER BY speech_id, id"
        ).fetchall(),
        np.int64,
    ).reshape(-1, 6)
    owners = rows[:, 1]
    # the body and head columns filled in place, speech by speech: no speech's ids outlive
    # it (thousands of small arrays kept until the end fragment the heap, and a final
    # concatenation would hold every id twice)
    at = np.zeros((len(rows) + 1, 2), np.int64)
    np.cumsum(rows[:, 2:4], axis=0, out=at[1:])
    parts = [np.empty(int(at[-1, 0]), np.int32), np.empty(int(at[-1, 1]), np.int32)]
    char_parts: list[np.ndarray] = []
    char_counts: list[np.ndarray] = []
    batch: list[tuple[str, np.ndarray, np.ndarray]] = []
    size = 0

    def flush() -> None:
        nonlocal size
        ids, counts = chars.speeches(batch)
        char_parts.append(ids)
        char_counts.append(counts)
        batch.clear()
        size = 0

    for sid, blob in db.execute("SELECT id, terms FROM speeches ORDER BY id"):
        a, b = np.searchsorted(owners, [sid, sid + 1])
        counts = rows[a:b, 2:4]
        ids = _unpacked(blob, counts, sid)
        ends = np.cumsum(counts.sum(axis=0))
        for f, (part, piece) in enumerate(zip(parts, np.split(ids, ends[:-1]), strict=True)):
            part[at[a, f] : at[b, f]] = piece
        text = texts.text(sid)
        batch.append((text, rows[a:b, 4], rows[a:b, 5]))
        size += len(text)
        if size >= _BATCH_CHARS:
            flush()
    if batch:
        flush()
    # speeches without passages have none in ``rows``: every passage is counted once
    char_count = np.concatenate(char_counts) if char_counts else np.zeros(0, np.int64)
    columns = {}
    # passage ids grow with speech ids (a speech's passages are stored with it), so
    # this order is the id order; should it not be, the columns are put in it
    order = np.argsort(rows[:, 0], kind="stable")
    ordered = bool(np.all(order == np.arange(len(order))))
    chars_column = np.concatenate(char_parts) if char_parts else np.zeros(0, np.int32)
    char_parts.clear()
    every = (*parts, chars_column)
    counted = (rows[:, 2], rows[:, 3], char_count)
    for name, values, lengths in zip(("body", "head", "chars"), every, counted, strict=True):
        if not ordered:
            starts = np.cumsum(lengths) - lengths
            values, lengths = values[_ranges(starts[order], lengths[order])], lengths[order]
        columns[name] = (values, lengths)
    return rows[order, 0], rows[order, 1], columns


def _read_ints(db: sqlite3.Connection, sql: str, width: int) -> np.ndarray:
    """A query's integer rows as one array, read a block at a time: a list of row tuples
    costs ~150 bytes a passage, 1.5 GB at 10M passages."""
    (total,) = db.execute("SELECT COUNT(*) FROM passages").fetchone()
    out = np.empty((total, width), np.int64)
    cursor = db.execute(sql)
    at = 0
    while block := cursor.fetchmany(1 << 16):
        out[at : at + len(block)] = block
        at += len(block)
    return out[:at]


def passage_rows(db: sqlite3.Connection) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(passage ids, speech ids) in passage id order, the index's documents; and each
    passage's document, for the passages in (speech id, id) order (``term_chunks``)."""
    ids = _read_ints(db, "SELECT id, speech_id FROM passages ORDER BY speech_id, id", 2)
    order = np.argsort(ids[:, 0], kind="stable")
    documents = np.empty(len(order), np.int64)
    documents[order] = np.arange(len(order))
    return ids[order, 0], ids[order, 1], documents


def term_chunks(
    db: sqlite3.Connection, chars: CharField | None, documents: np.ndarray, size: int
) -> Iterator[TermChunk]:
    """The term columns of ``term_columns``, about ``size`` stored ids and characters of
    text at a time, speech by speech in id order: what a bounded index build reads.
    ``documents``: each passage's document, from ``passage_rows``; no character field
    (and no text read) when ``chars`` is None."""
    rows = _read_ints(
        db,
        "SELECT speech_id, body_count, head_count, start, end FROM passages ORDER BY speech_id, id",
        5,
    )
    owners = rows[:, 0]
    first = 0  # the chunk's first passage, in (speech id, id) order
    parts: tuple[list[np.ndarray], list[np.ndarray]] = ([], [])
    char_ids: list[tuple[np.ndarray, np.ndarray]] = []
    batch: list[tuple[str, np.ndarray, np.ndarray]] = []
    held = chars_held = last = 0

    def make_chars() -> None:
        nonlocal chars_held
        if chars is not None:
            char_ids.append(chars.speeches(batch))
        batch.clear()
        chars_held = 0

    def chunk(last: int) -> TermChunk:
        nonlocal first, held
        if batch:
            make_chars()
        columns = {
            name: (_joined(part), rows[first:last, 1 + f])
            for f, (name, part) in enumerate(zip(("body", "head"), parts, strict=True))
        }
        if chars is not None:
            columns["chars"] = (
                _joined([i for i, _ in char_ids]),
                _joined([c for _, c in char_ids]),
            )
        out = TermChunk(documents[first:last], columns)
        for part in (*parts, char_ids):
            part.clear()
        first, held = last, 0
        return out

    texts = TextBlocks(db)
    for sid, blob in db.execute("SELECT id, terms FROM speeches ORDER BY id"):
        a, b = (int(x) for x in np.searchsorted(owners, [sid, sid + 1]))
        if a == b:
            continue
        last = b
        counts = rows[a:b, 1:3]
        ids = _unpacked(blob, counts, sid)
        n_body = int(counts[:, 0].sum())
        parts[0].append(ids[:n_body])
        parts[1].append(ids[n_body:])
        held += len(ids)
        if chars is not None:
            text = texts.text(sid)
            batch.append((text, rows[a:b, 3], rows[a:b, 4]))
            chars_held += len(text)
            held += len(text)
        if chars_held >= _BATCH_CHARS:
            make_chars()
        if held >= size:
            yield chunk(b)
    if last > first:
        yield chunk(last)


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, np.int32)


# characters of text whose character terms are made at once: a few MB of arrays
_BATCH_CHARS = 1 << 20


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions ``starts[i] : starts[i] + lengths[i]`` for every i, end to end."""
    total = int(lengths.sum())
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(total)


def field_major(counts: np.ndarray) -> np.ndarray:
    """For ids stored passage by passage (each its count per field), the order that puts
    them field by field: every passage's body, then every head."""
    starts = (np.cumsum(counts.ravel()) - counts.ravel()).reshape(counts.shape)
    return _ranges(starts.T.ravel(), counts.T.ravel())


def _unpacked(blob: bytes, counts: np.ndarray, speech_id: int) -> np.ndarray:
    """A speech's stored ids (every passage's body, then head), ``counts`` its passages'
    (body, head) counts."""
    try:
        return unpack_term_ids(blob, counts.T.ravel())
    except ValueError:
        raise StoreError(
            f"数据目录已损坏：讲话 {speech_id} 的词项与段落不符"
            f" (damaged data directory: speech {speech_id}'s terms do not match its passages)"
        ) from None
