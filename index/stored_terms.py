"""The passages' term ids as the store keeps them: one zstd frame per speech holding every
passage's body ids, then every head, then every chars (``schema.py``); each passage row
counts its own.  Read back per passage (benchmarks) or as one column per field (the index).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .errors import StoreError
from .packing import unpack_ids

__all__ = ["PassageTerms", "TermColumn", "field_major", "passage_terms", "term_columns"]


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


def passage_terms(db: sqlite3.Connection) -> Iterator[tuple[int, int, PassageTerms]]:
    """(passage id, speech id, term ids) of every passage, speech by speech in id order
    (passage id order, as ingest numbers them)."""
    for sid, rows, (body, head, chars) in _speech_terms(db):
        for (pid, section, para, start, end), b, h, c in zip(rows, body, head, chars, strict=True):
            path = tuple(int(p) for p in section.split(".") if p)
            yield pid, sid, PassageTerms(path, para, start, end, b, h, c)


def _speech_terms(
    db: sqlite3.Connection,
) -> Iterator[tuple[int, list[tuple], tuple[list, list, list]]]:
    """Per speech in id order: its passages (id, section, paragraph, start, end) in id
    order, and their term ids split passage by passage, field by field."""
    for sid, blob in db.execute("SELECT id, terms FROM speeches ORDER BY id"):
        rows = db.execute(
            "SELECT id, section, paragraph, start, end, body_count, head_count,"
            " chars_count FROM passages WHERE speech_id=? ORDER BY id",
            (sid,),
        ).fetchall()
        counts = np.array([row[5:] for row in rows], np.int64).reshape(-1, 3)
        ids = _checked(unpack_ids(blob), counts, sid)
        ends = np.cumsum(counts.T.ravel())
        parts = np.split(ids, ends[:-1]) if len(ends) else []
        n = len(rows)
        fields = (parts[:n], parts[n : 2 * n], parts[2 * n :])
        yield sid, [row[:5] for row in rows], fields


def term_columns(db: sqlite3.Connection) -> tuple[np.ndarray, np.ndarray, dict[str, TermColumn]]:
    """Every passage's term ids, field by field, as one array each: (passage ids,
    speech ids, {"body" | "head" | "chars": (ids of all passages end to end, each
    passage's count)}), in passage id order.  What the index is built from."""
    rows = np.array(
        db.execute(
            "SELECT id, speech_id, body_count, head_count, chars_count FROM passages"
            " ORDER BY speech_id, id"
        ).fetchall(),
        np.int64,
    ).reshape(-1, 5)
    owners = rows[:, 1]
    parts: list[list[np.ndarray]] = [[], [], []]
    for sid, blob in db.execute("SELECT id, terms FROM speeches ORDER BY id"):
        a, b = np.searchsorted(owners, [sid, sid + 1])
        counts = rows[a:b, 2:]
        ids = _checked(unpack_ids(blob), counts, sid)
        ends = np.cumsum(counts.sum(axis=0))
        for part, piece in zip(parts, np.split(ids, ends[:-1]), strict=True):
            part.append(piece)
    columns = {}
    # passage ids grow with speech ids (a speech's passages are stored with it), so
    # this order is the id order; should it not be, the columns are put in it
    order = np.argsort(rows[:, 0], kind="stable")
    ordered = bool(np.all(order == np.arange(len(order))))
    for k, (name, part) in enumerate(zip(("body", "head", "chars"), parts, strict=True)):
        values = np.concatenate(part) if part else np.zeros(0, np.int32)
        lengths = rows[:, 2 + k]
        part.clear()
        if not ordered:
            starts = np.cumsum(lengths) - lengths
            values, lengths = values[_ranges(starts[order], lengths[order])], lengths[order]
        columns[name] = (values, lengths)
    return rows[order, 0], rows[order, 1], columns


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions ``starts[i] : starts[i] + lengths[i]`` for every i, end to end."""
    total = int(lengths.sum())
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(total)


def field_major(counts: np.ndarray) -> np.ndarray:
    """For ids stored passage by passage (each its body, head, chars counts), the order
    that puts them field by field: every passage's body, then every head, then chars."""
    starts = (np.cumsum(counts.ravel()) - counts.ravel()).reshape(counts.shape)
    return _ranges(starts.T.ravel(), counts.T.ravel())


def _checked(ids: np.ndarray, counts: np.ndarray, speech_id: int) -> np.ndarray:
    if len(ids) != int(counts.sum()):
        raise StoreError(
            f"数据目录已损坏：讲话 {speech_id} 的词项与段落不符"
            f" (damaged data directory: speech {speech_id}'s terms do not match its passages)"
        )
    return ids
