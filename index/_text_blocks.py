"""A speech's cleaned text as the store keeps it: blocks of ``BLOCK`` characters, each one
zstd frame in a row of its own (table ``blocks``, id = the speech's id × 2**20 + the block's
number), so that a hit reads and unpacks the thousand characters around it, found by their
id alone (a text in one row would be read through its chain of overflow pages).

Blocks this small pack poorly alone (0.56-0.67 of their UTF-8 on the corpus and the
synthetic archive, against 0.43-0.53 for the whole text in blocks of 8,192).  So once the
directory holds ``TRAIN_BLOCKS`` blocks, a zstd dictionary is trained on its texts (once, a
fraction of a second), kept in ``dictionaries``, and every block is packed with it from then
on, those stored before repacked in the same transaction: 0.39-0.43 of their UTF-8.  Each
frame records its dictionary's id, so a reader that opened the directory before it had one
still unpacks every frame right.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Sequence

import zstandard

__all__ = ["BLOCK", "TextBlocks", "block_id", "block_numbers", "worth_a_dictionary"]

log = logging.getLogger(__name__)

# characters per block: a passage (≤ 320) sits in one block or two; unpacking one takes
# ~6 µs, against ~110-150 µs for 8,192 characters
BLOCK = 1024
_SHIFT = 20  # a speech has at most 2**20 blocks (a billion characters)
_LEVEL = 9  # with the dictionary: ~27 MB/s a core; 12-19 pack 2-6% smaller, 2-6× slower

# the dictionary is trained once this many blocks are stored (~400,000 characters: on the
# corpus, a dictionary trained on 1 MB packs within 2% of one trained on 4 MB), on at most
# _SAMPLED of them, spread over the directory
TRAIN_BLOCKS = 400
_SAMPLED = 2048
_DICTIONARY_BYTES = 112_640  # zstd's default; 32 KB packs 7% larger


def worth_a_dictionary(blocks: int) -> bool:
    """Whether a directory of this many blocks has the text to train a dictionary on."""
    return blocks >= TRAIN_BLOCKS


def block_id(speech_id: int, number: int) -> int:
    return (speech_id << _SHIFT) + number


def block_numbers(start: int, end: int) -> range:
    """The numbers of the blocks that hold ``text[start:end]``."""
    return range(start // BLOCK, (end - 1) // BLOCK + 1) if end > start else range(0)


class TextBlocks:
    """The ``blocks`` and ``dictionaries`` tables of one connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._decompressors: dict[int, zstandard.ZstdDecompressor] = {
            0: zstandard.ZstdDecompressor()
        }
        self._compressor: zstandard.ZstdCompressor | None = None
        self._compressor_dictionary = -1

    # --- reading -----------------------------------------------------------------------

    def text(self, speech_id: int) -> str:
        """A speech's whole text ("" when it has none)."""
        first = block_id(speech_id, 0)
        rows = self._db.execute(
            "SELECT frame FROM blocks WHERE id >= ? AND id < ? ORDER BY id",
            (first, first + (1 << _SHIFT)),
        )
        return "".join(self.unpack(frame) for (frame,) in rows)

    def read(self, ids: Sequence[int]) -> dict[int, str]:
        """block id → its text, for the ids that exist."""
        out = {}
        for chunk in range(0, len(ids), 500):
            part = list(ids[chunk : chunk + 500])
            marks = ",".join("?" * len(part))
            for bid, frame in self._db.execute(
                f"SELECT id, frame FROM blocks WHERE id IN ({marks})", part
            ):
                out[bid] = self.unpack(frame)
        return out

    def unpack(self, frame: bytes) -> str:
        dictionary = zstandard.get_frame_parameters(frame).dict_id
        decompressor = self._decompressors.get(dictionary) or self._load(dictionary)
        data = decompressor.decompress(frame)
        try:  # strict decoding is CPython's fast path (2-3× surrogatepass's); same text when valid
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("utf-8", "surrogatepass")

    def _load(self, dictionary: int) -> zstandard.ZstdDecompressor:
        row = self._db.execute("SELECT data FROM dictionaries WHERE id=?", (dictionary,)).fetchone()
        if row is None:
            from .errors import StoreError

            raise StoreError(
                f"数据目录已损坏：缺少压缩字典 {dictionary}"
                f" (damaged data directory: no dictionary {dictionary})"
            )
        made = zstandard.ZstdDecompressor(dict_data=zstandard.ZstdCompressionDict(row[0]))
        self._decompressors[dictionary] = made
        return made

    # --- writing (inside the caller's transaction) -------------------------------------

    def start_writing(self, texts: Sequence[str]) -> None:
        """Before a transaction writes ``texts``: train the directory's dictionary if it has
        none and, with them, holds enough text for one (tried again when the text has
        doubled, should zstd find too little or too uniform text to train on); take the one
        it has."""
        row = self._db.execute("SELECT id FROM dictionaries ORDER BY id LIMIT 1").fetchone()
        dictionary = row[0] if row else 0
        if not dictionary:
            stored = self._db.execute("SELECT COUNT(*) FROM blocks").fetchone()[0]
            blocks = stored + sum(-(-len(text) // BLOCK) for text in texts)
            if worth_a_dictionary(blocks) and blocks >= 2 * self._tried():
                dictionary = self.train([*self._stored_sample(stored), *texts])
                if not dictionary:
                    self._db.execute(
                        "INSERT INTO meta VALUES ('dictionary_tried', ?) ON CONFLICT(key)"
                        " DO UPDATE SET value = excluded.value",
                        (str(blocks),),
                    )
        self._use(dictionary)

    def train(self, texts: Iterable[str]) -> int:
        """Train the dictionary on (every n-th block of) ``texts``, keep it and repack the
        blocks stored so far with it: its id, or 0 when zstd could not train one."""
        samples = [_utf8(text[i : i + BLOCK]) for text in texts for i in range(0, len(text), BLOCK)]
        samples = samples[:: max(1, -(-len(samples) // _SAMPLED))]
        try:
            trained = zstandard.train_dictionary(_DICTIONARY_BYTES, samples, level=_LEVEL)
        except zstandard.ZstdError as exc:
            log.info("no text dictionary trained on %d blocks: %s", len(samples), exc)
            return 0
        dictionary = trained.dict_id()
        self._db.execute(
            "INSERT INTO dictionaries (id, data) VALUES (?, ?)", (dictionary, trained.as_bytes())
        )
        self._use(dictionary)
        stored = self._db.execute("SELECT id, frame FROM blocks").fetchall()
        self._db.executemany(
            "UPDATE blocks SET frame=? WHERE id=?",
            ((self.pack(self.unpack(frame)), bid) for bid, frame in stored),
        )
        return dictionary

    def write(self, speech_id: int, text: str) -> None:
        """A new speech's text, in blocks (after ``start_writing``)."""
        self._db.executemany(
            "INSERT INTO blocks (id, frame) VALUES (?, ?)",
            (
                (block_id(speech_id, n), self.pack(text[i : i + BLOCK]))
                for n, i in enumerate(range(0, len(text), BLOCK))
            ),
        )

    def delete(self, speech_id: int) -> None:
        first = block_id(speech_id, 0)
        self._db.execute(
            "DELETE FROM blocks WHERE id >= ? AND id < ?", (first, first + (1 << _SHIFT))
        )

    def pack(self, text: str) -> bytes:
        """A text packed as the blocks are (after ``start_writing``): with the directory's
        dictionary, once it has one.  A speech's heading paths are packed so too (a third
        smaller with it: they are words of the text); its outline, mostly numbers, is not."""
        assert self._compressor is not None, "start_writing first"
        return self._compressor.compress(_utf8(text))

    def _use(self, dictionary: int) -> None:
        if self._compressor is not None and self._compressor_dictionary == dictionary:
            return
        if dictionary:
            (data,) = self._db.execute(
                "SELECT data FROM dictionaries WHERE id=?", (dictionary,)
            ).fetchone()
            trained = zstandard.ZstdCompressionDict(data)
            trained.precompute_compress(level=_LEVEL)
            self._compressor = zstandard.ZstdCompressor(level=_LEVEL, dict_data=trained)
        else:
            self._compressor = zstandard.ZstdCompressor(level=_LEVEL)
        self._compressor_dictionary = dictionary

    def _tried(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key='dictionary_tried'").fetchone()
        return int(row[0]) if row else 0

    def _stored_sample(self, stored: int) -> Iterable[str]:
        """The stored blocks' texts, every n-th when there are many."""
        step = max(1, -(-stored // _SAMPLED))
        for n, (frame,) in enumerate(self._db.execute("SELECT frame FROM blocks ORDER BY id")):
            if n % step == 0:
                yield self.unpack(frame)


def _utf8(text: str) -> bytes:
    # surrogatepass: a lone surrogate read from a file comes back as it went in
    return text.encode("utf-8", "surrogatepass")
