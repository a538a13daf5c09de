"""The bytes of a block of postings (``_postings.py``), packed and unpacked in numpy; the
compiled kernel reads the same (``_blocks.h``).

A block of ``n`` postings (128 but a term's last), at its offset in the field's data:

- when ``widths[b]`` has its high bit (``PATCHED``): the number of exceptions ``e`` (1
  byte) and the width ``x`` of their high bits (1 byte);
- each gap's low ``w`` bits (``w = widths[b] & WIDTH``), little-endian, in ceil(n × w / 8)
  bytes: a gap is the document minus the one before it minus 1;
- the exceptions, gaps of more than ``w`` bits: their places in the block (1 byte each,
  ascending), then the bits above ``w`` of each, ``x`` bits each, in ceil(e × x / 8) bytes
  (as PForDelta patches a block: a few large gaps no longer widen every gap);
- the block's smallest impact (1 byte), then each impact minus it, at the bits the
  largest (``bmax[b]``) minus it needs, in ceil(n × those / 8) bytes.

``w`` is chosen per block for the fewest bytes, the fewest exceptions among equals.
"""

from __future__ import annotations

import sys

import numpy as np

__all__ = ["PATCHED", "WIDTH", "bit_length", "decode_blocks", "encode_blocks", "spans"]

PATCHED = 0x80
WIDTH = 0x3F


def bit_length(values: np.ndarray) -> np.ndarray:
    """The bits each of ``values`` (uint64, below 2**32) needs: 0 for 0."""
    out = np.zeros(len(values), np.int64)
    nonzero = values > 0
    # exact for integers below 2**53: log2 of 2**k is k, of 2**k - 1 just below it
    out[nonzero] = np.floor(np.log2(values[nonzero].astype(np.float64))).astype(np.int64) + 1
    return out


def spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices start, start + 1, … start + length − 1 of every span, end to end."""
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(
        int(ends[-1]) if len(ends) else 0
    )


def _bytes(count: np.ndarray, width: np.ndarray) -> np.ndarray:
    return (count * width + 7) // 8


def _low_width(bits: np.ndarray, block: np.ndarray, count: np.ndarray, top: np.ndarray):
    """Each block's gap width (its gaps' ``bits``) for the fewest bytes, and how many of
    its gaps are exceptions there."""
    n_blocks = len(count)
    histogram = np.bincount(block * 34 + bits, minlength=n_blocks * 34).reshape(n_blocks, 34)
    above = count[:, None] - np.cumsum(histogram, axis=1)  # gaps of more than w bits
    w = np.arange(34)[None, :]
    size = _bytes(count[:, None], w) + np.where(
        above > 0, 2 + above + _bytes(above, top[:, None] - w), 0
    )
    size = np.where(w <= top[:, None], size, np.iinfo(np.int64).max)
    width = 33 - np.argmin(size[:, ::-1], axis=1)  # the widest of the smallest
    return width, above[np.arange(n_blocks), width]


def _pack_bits(values, width, count, block, index) -> np.ndarray:
    """Each block's ``values`` (uint64; ``block``, ``index``: each value's block and place
    among its block's values; ``count``: their number) at the block's ``width`` bits, in
    64-bit words of the block's own, then cut to the ceil(count × width / 8) bytes they
    fill, blocks end to end."""
    words_of = (count * width + 63) // 64
    first_word = np.zeros(len(count), np.int64)
    np.cumsum(words_of[:-1], out=first_word[1:])
    words = np.zeros(int(words_of.sum()), np.uint64)
    w = width[block]
    packed = w > 0  # a block whose values are all 0 has no bytes
    bit = index[packed] * w[packed]
    where = first_word[block[packed]] + (bit >> 6)
    shift = (bit & 63).astype(np.uint64)
    values = values[packed]
    if len(where):
        change = np.flatnonzero(np.r_[True, where[1:] != where[:-1]])
        words[where[change]] = np.bitwise_or.reduceat(values << shift, change)
        spill = (bit & 63) + w[packed] > 64  # the value's high bits go into the next word
        words[where[spill] + 1] |= values[spill] >> (np.uint64(64) - shift[spill])
    if sys.byteorder != "little":
        words = words.byteswap()
    return words.view(np.uint8)[spans(first_word * 8, _bytes(count, width))]


def _unpack_bits(data, starts, widths, block, index) -> np.ndarray:
    """Value ``index`` of its ``block``, packed from byte ``starts[block]`` at
    ``widths[block]`` bits each (uint64)."""
    width = widths[block]
    bit = starts[block] * 8 + index * width
    byte = bit >> 3
    word = np.zeros(len(bit), np.uint64)
    for k in range(5):  # a value of up to 32 bits, shifted by up to 7, spans 5 bytes
        word |= np.asarray(data[byte + k], np.uint64) << np.uint64(8 * k)
    return (word >> (bit & 7).astype(np.uint64)) & ((np.uint64(1) << width.astype(np.uint64)) - 1)


def _ranks(per_block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ``per_block`` values in each block: each value's block and place in it."""
    block = np.repeat(np.arange(len(per_block)), per_block)
    firsts = np.cumsum(per_block) - per_block
    return block, np.arange(len(block), dtype=np.int64) - firsts[block]


def encode_blocks(gaps, q, count, widths, bmax, offsets, at) -> np.ndarray:
    """The bytes of consecutive blocks: ``gaps`` (uint64) and quantised impacts ``q``
    (uint8) of their postings end to end, ``count`` postings each; fill their ``widths``,
    ``bmax`` and ``offsets`` (``at``: bytes written before)."""
    block, index = _ranks(count)
    local = np.cumsum(count) - count
    bits = bit_length(gaps)
    top = np.maximum.reduceat(bits, local)
    width, n_exceptions = _low_width(bits, block, count, top)
    patched = n_exceptions > 0
    high_width = np.where(patched, top - width, 0)
    exception = bits > width[block]
    widths[:] = width | np.where(patched, PATCHED, 0)
    bmax[:] = np.maximum.reduceat(q, local)
    base = np.minimum.reduceat(q, local)
    impact_width = bit_length((bmax - base).astype(np.uint64))

    head = 2 * patched
    low = _bytes(count, width)
    high = _bytes(n_exceptions, high_width)
    impacts = _bytes(count, impact_width)
    sizes = head + low + n_exceptions + high + 1 + impacts
    first = np.zeros(len(count), np.int64)
    np.cumsum(sizes[:-1], out=first[1:])
    offsets[:] = first + at
    out = np.empty(int(sizes.sum()), np.uint8)
    out[first[patched]] = n_exceptions[patched]
    out[first[patched] + 1] = high_width[patched]
    mask = (np.uint64(1) << width[block].astype(np.uint64)) - np.uint64(1)
    out[spans(first + head, low)] = _pack_bits(gaps & mask, width, count, block, index)
    e_block, e_index = _ranks(n_exceptions)
    at_places = first + head + low
    out[at_places[e_block] + e_index] = index[exception]
    above = gaps[exception] >> width[e_block].astype(np.uint64)
    packed = _pack_bits(above, high_width, n_exceptions, e_block, e_index)
    out[spans(at_places + n_exceptions, high)] = packed
    at_base = at_places + n_exceptions + high
    out[at_base] = base
    values = (q - base[block]).astype(np.uint64)
    out[spans(at_base + 1, impacts)] = _pack_bits(values, impact_width, count, block, index)
    return out


def decode_blocks(data, offsets, widths, bmax, count) -> tuple[np.ndarray, np.ndarray]:
    """The gaps (uint64) and quantised impacts (uint8) of consecutive blocks, end to end."""
    block, index = _ranks(count)
    raw = np.asarray(widths, np.int64)
    width = raw & WIDTH
    patched = (raw & PATCHED) > 0
    start = np.asarray(offsets, np.int64)
    n_exceptions = np.zeros(len(count), np.int64)
    n_exceptions[patched] = data[start[patched]]
    high_width = np.zeros(len(count), np.int64)
    high_width[patched] = data[start[patched] + 1]
    head = 2 * patched
    low = _bytes(count, width)
    gaps = _unpack_bits(data, start + head, width, block, index)
    at_places = start + head + low
    if patched.any():
        e_block, e_index = _ranks(n_exceptions)
        places = np.asarray(data[at_places[e_block] + e_index], np.int64)
        above = _unpack_bits(data, at_places + n_exceptions, high_width, e_block, e_index)
        firsts = np.cumsum(count) - count
        gaps[firsts[e_block] + places] |= above << width[e_block].astype(np.uint64)
    at_base = at_places + n_exceptions + _bytes(n_exceptions, high_width)
    base = np.asarray(data[at_base], np.int64)
    impact_width = bit_length((np.asarray(bmax, np.int64) - base).astype(np.uint64))
    impacts = _unpack_bits(data, at_base + 1, impact_width, block, index) + base[block]
    return gaps, impacts.astype(np.uint8)
