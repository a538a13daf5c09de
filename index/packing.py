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
    "pack",
    "pack_beside",
    "pack_ids",
    "pack_text",
    "unpack",
    "unpack_beside",
    "unpack_ids",
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


def pack_ids(ids: np.ndarray) -> bytes:
    """int32 term ids as one frame, their bytes in four planes (every id's lowest byte,
    then every second byte, ...): the high bytes, alike from id to id, then pack to little
    (a seventh smaller than the ids end to end)."""
    planes = np.ascontiguousarray(ids, "<i4").view(np.uint8).reshape(-1, 4).T
    return pack(np.ascontiguousarray(planes).tobytes())


def unpack_ids(frame: bytes) -> np.ndarray:
    planes = np.frombuffer(unpack(frame), np.uint8).reshape(4, -1)
    return np.ascontiguousarray(planes.T).view("<i4").ravel()
