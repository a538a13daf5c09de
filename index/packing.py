"""How the store packs what it keeps: zstd frames for bytes and texts, term ids end to end.

Each value is one zstd frame that records its own size (a speech's text is kept in blocks
of its own: ``_text_blocks.py``).  An original file is packed with the cleaned texts made
from it as a dictionary (``pack_beside``): most of a text file is its cleaned text again, so
only what cleaning changed is stored twice.  Compressor objects are not shared between
threads: each packing call makes its own (a few microseconds, nothing next to the work it
compresses); unpacking, on a search's path, uses one decompressor per thread.
"""

from __future__ import annotations

import threading

import numpy as np
import zstandard

__all__ = [
    "leb128",
    "pack",
    "pack_beside",
    "pack_ids",
    "pack_term_ids",
    "pack_text",
    "unpack",
    "unleb128",
    "unpack_beside",
    "unpack_ids",
    "unpack_term_ids",
    "unpack_text",
]

# level 9: a fifth smaller than the default 3 on Chinese text, still ~20 MB/s per core,
# far faster than the analysis the same bytes go through at ingest
_LEVEL = 9


def pack(data: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=_LEVEL).compress(data)


def unpack(frame: bytes) -> bytes:
    return _decompressor().decompress(frame)


_local = threading.local()


def _decompressor() -> zstandard.ZstdDecompressor:
    # made once per thread: a search unpacks a dozen small frames
    made = getattr(_local, "decompressor", None)
    if made is None:
        made = _local.decompressor = zstandard.ZstdDecompressor()
    return made


def pack_beside(data: bytes, texts: list[str]) -> bytes:
    """``data`` packed with ``texts`` as a dictionary: unpacking needs the same texts."""
    return zstandard.ZstdCompressor(level=_LEVEL, dict_data=_dictionary(texts)).compress(data)


def unpack_beside(frame: bytes, texts: list[str]) -> bytes:
    return zstandard.ZstdDecompressor(dict_data=_dictionary(texts)).decompress(frame)


def _dictionary(texts: list[str]) -> zstandard.ZstdCompressionDict:
    # the texts themselves, not a trained dictionary: matches point straight into them
    content = "\n".join(texts).encode("utf-8", "surrogatepass") or b"\n"
    return zstandard.ZstdCompressionDict(content, dict_type=zstandard.DICT_TYPE_RAWCONTENT)


def pack_text(text: str) -> bytes:
    # surrogatepass: a lone surrogate read from a file comes back as it went in
    return pack(text.encode("utf-8", "surrogatepass"))


def unpack_text(frame: bytes) -> str:
    data = unpack(frame)
    try:  # strict decoding is CPython's fast path (2-3× surrogatepass's); same text when valid
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", "surrogatepass")


def pack_term_ids(ids: np.ndarray, lengths: np.ndarray) -> bytes:
    """Term ids in runs of ``lengths`` (a passage's field each) as one frame: each run
    sorted, its ids as gaps from the one before (the first from 0), LEB128, then zstd.  The
    index counts a passage's terms, so their order is not kept; sorted, most gaps take a
    byte and repeat, where an id takes 2-3."""
    ids = np.asarray(ids, np.int64)
    lengths = np.asarray(lengths, np.int64)
    runs = np.repeat(np.arange(len(lengths)), lengths)
    ids = ids[np.lexsort((ids, runs))]
    gaps = np.diff(ids, prepend=0)
    gaps[_starts(lengths)[lengths > 0]] = ids[_starts(lengths)[lengths > 0]]
    return pack(leb128(gaps).tobytes())


def unpack_term_ids(frame: bytes, lengths: np.ndarray) -> np.ndarray:
    """The int32 ids of ``pack_term_ids``, each run sorted; ValueError when the frame does
    not hold ``lengths``' count of ids."""
    gaps = unleb128(np.frombuffer(unpack(frame), np.uint8))
    lengths = np.asarray(lengths, np.int64)
    if len(gaps) != int(lengths.sum()):
        raise ValueError(f"{len(gaps)} ids stored, {int(lengths.sum())} counted")
    ids = np.cumsum(gaps)
    if len(ids):  # each run's sum restarts: take off what the runs before it added
        before = np.concatenate(([0], ids))[_starts(lengths)]
        ids -= np.repeat(before, lengths)
    return ids.astype(np.int32)


def _starts(lengths: np.ndarray) -> np.ndarray:
    return np.cumsum(lengths) - lengths


def leb128(values: np.ndarray) -> np.ndarray:
    """Non-negative integers below 2**35, 7 bits a byte, low bits first, the high bit set
    on every byte but a value's last."""
    values = values.astype(np.uint64)
    sizes = np.ones(len(values), np.int64)
    for k in range(1, 5):
        sizes += values >= (1 << (7 * k))
    at = _starts(sizes)
    out = np.empty(int(sizes.sum()), np.uint8)
    for k in range(int(sizes.max(initial=0))):
        has = sizes > k
        part = (values[has] >> np.uint64(7 * k)) & np.uint64(0x7F)
        more = (sizes[has] > k + 1).astype(np.uint64) << np.uint64(7)
        out[at[has] + k] = part | more
    return out


def unleb128(data: np.ndarray) -> np.ndarray:
    last = np.flatnonzero(data < 0x80)
    if len(last) and last[-1] != len(data) - 1 or not len(last) and len(data):
        raise ValueError("a value cut short")
    if len(last) == len(data):  # every value one byte (most sorted gaps)
        return data.astype(np.int64)
    first = np.concatenate(([0], last[:-1] + 1))
    place = np.arange(len(data)) - np.repeat(first, last - first + 1)  # each byte's in its value
    return np.add.reduceat((data.astype(np.int64) & 0x7F) << (7 * place), first)


def pack_ids(ids: np.ndarray) -> bytes:
    """int32 term ids as one frame (schema 5 and 6), their bytes in four planes (every id's lowest byte,
    then every second byte, ...): the high bytes, alike from id to id, then pack to little
    (a seventh smaller than the ids end to end)."""
    planes = np.ascontiguousarray(ids, "<i4").view(np.uint8).reshape(-1, 4).T
    return pack(np.ascontiguousarray(planes).tobytes())


def unpack_ids(frame: bytes) -> np.ndarray:
    planes = np.frombuffer(unpack(frame), np.uint8).reshape(4, -1)
    return np.ascontiguousarray(planes.T).view("<i4").ravel()
