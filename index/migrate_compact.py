"""The steps of ``migrate.py`` from version 6 on, inside the transaction ``schema.prepare``
holds: version 7 sorts each passage's stored term ids and keeps them as gaps
(``packing.pack_term_ids``); version 8 packs each outline's numbers as integers and
reads its titles from the text (``outline_packing.py``).  Ids are kept, and the index counts a passage's terms whatever
their order: a published index stays valid.
"""

from __future__ import annotations

import json
import sqlite3

import numpy as np

from ._text_blocks import TextBlocks
from .outline_packing import pack_outline
from .packing import pack_term_ids, unpack_ids, unpack_text

__all__ = ["compact_outlines", "sorted_term_ids"]


def sorted_term_ids(db: sqlite3.Connection) -> None:
    """Version 6 → 7: each speech's term ids, int32 in byte planes until now, each
    passage's sorted and stored as gaps."""
    for (speech_id,) in db.execute("SELECT id FROM speeches").fetchall():
        (blob,) = db.execute("SELECT terms FROM speeches WHERE id=?", (speech_id,)).fetchone()
        counts = np.array(
            db.execute(
                "SELECT body_count, head_count FROM passages WHERE speech_id=? ORDER BY id",
                (speech_id,),
            ).fetchall(),
            np.int64,
        ).reshape(-1, 2)
        ids = unpack_ids(blob)[: int(counts.sum())]
        packed = pack_term_ids(ids, counts.T.ravel())
        db.execute("UPDATE speeches SET terms=? WHERE id=?", (packed, speech_id))


def compact_outlines(db: sqlite3.Connection) -> None:
    """Version 7 → 8: each outline, JSON in a zstd frame until now, packed as numbers and
    words."""
    texts = TextBlocks(db)
    for (speech_id,) in db.execute("SELECT id FROM speeches").fetchall():
        (blob,) = db.execute("SELECT outline FROM speeches WHERE id=?", (speech_id,)).fetchone()
        packed = pack_outline(json.loads(unpack_text(blob)), texts.text(speech_id))
        db.execute("UPDATE speeches SET outline=? WHERE id=?", (packed, speech_id))
