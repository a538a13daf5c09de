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

__all__ = ["PATCHED", "WIDTH", "bit_length", "decode_blocks", "encode_blocks"]

PATCHED = 0x80
WIDTH = 0x3F


def bit_length(values: np.ndarray) -> np.ndarray:
    """The bits each of ``values`` (uint64, below 2**53) needs: 0 for 0."""
    # a float64 holds such an integer exactly, its exponent field is the bit length + 1022
    exponent = (values.astype(np.float64).view(np.int64) >> 52) - 1022
    return np.maximum(exponent, 0)


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


def _pack_into(words, values, starts, width, block, index) -> None:
    """OR each of ``values`` (uint64, below 2**width) into ``words`` (the output, 64-bit
    little-endian): value ``index`` of its ``block`` at bit ``starts[block] * 8 + index *
    width[block]``.  Values come in ascending position: those sharing a word are joined in
    one pass, and a value that crosses a word's end puts its high bits in the next."""
    w = width[block]
    keep = w > 0  # a block whose values are all 0 takes no bits
    if not keep.all():
        values, w, block, index = values[keep], w[keep], block[keep], index[keep]
    if not len(values):
        return
    bit = starts[block] * 8 + index * w
    where = bit >> 6
    shift = (bit & 63).astype(np.uint64)
    change = np.flatnonzero(np.r_[True, where[1:] != where[:-1]])
    words[where[change]] |= np.bitwise_or.reduceat(values << shift, change)
    spill = (bit & 63) + w > 64
    words[where[spill] + 1] |= values[spill] >> (np.uint64(64) - shift[spill])


def _unpack_bits(data, starts, widths, count, firsts) -> np.ndarray:
    """The ``count`` values of each block (``firsts``: where each block's start end to
    end), packed from byte ``starts`` at ``widths`` bits each (uint64)."""
    total = int(count.sum())
    top = int(widths.max(initial=0))
    if not top:
        return np.zeros(total, np.uint64)
    w = np.repeat(widths, count)
    # value j of a block starting at value f: bit start * 8 + (j - f) * width
    bit = np.repeat(starts * 8 - firsts * widths, count) + np.arange(total) * w
    byte = bit >> 3
    word = np.asarray(data[byte], np.uint64)
    for k in range(1, (top + 14) // 8):  # the bytes a value shifted by up to 7 spans
        word |= np.asarray(data[byte + k], np.uint64) << np.uint64(8 * k)
    return (word >> (bit & 7).astype(np.uint64)) & ((np.uint64(1) << w.astype(np.uint64)) - 1)


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
    total = int(sizes.sum())
    words = np.zeros((total + 15) // 8, np.uint64)  # a value's last word may pass the end
    low_bits = gaps
    if patched.any():
        low_bits = gaps & ((np.uint64(1) << width[block].astype(np.uint64)) - np.uint64(1))
    _pack_into(words, low_bits, first + head, width, block, index)
    e_block, e_index = _ranks(n_exceptions)
    at_places = first + head + low
    above = gaps[exception] >> width[e_block].astype(np.uint64)
    _pack_into(words, above, at_places + n_exceptions, high_width, e_block, e_index)
    at_base = at_places + n_exceptions + high
    values = (q - base[block]).astype(np.uint64)
    _pack_into(words, values, at_base + 1, impact_width, block, index)
    if sys.byteorder != "little":
        words = words.byteswap()
    out = words.view(np.uint8)[:total]
    out[first[patched]] = n_exceptions[patched]
    out[first[patched] + 1] = high_width[patched]
    out[at_places[e_block] + e_index] = index[exception]
    out[at_base] = base
    return out


def decode_blocks(data, offsets, widths, bmax, count) -> tuple[np.ndarray, np.ndarray]:
    """The gaps (uint64) and quantised impacts (uint8) of consecutive blocks, end to end."""
    count = np.asarray(count, np.int64)
    firsts = np.cumsum(count) - count
    raw = np.asarray(widths, np.int64)
    width = raw & WIDTH
    start = np.asarray(offsets, np.int64)
    patched = raw >= PATCHED
    if not patched.any():
        gaps = _unpack_bits(data, start, width, count, firsts)
        at_base = start + _bytes(count, width)
    else:
        n_exceptions = np.zeros(len(count), np.int64)
        n_exceptions[patched] = data[start[patched]]
        high_width = np.zeros(len(count), np.int64)
        high_width[patched] = data[start[patched] + 1]
        head = 2 * patched
        gaps = _unpack_bits(data, start + head, width, count, firsts)
        at_places = start + head + _bytes(count, width)
        e_firsts = np.cumsum(n_exceptions) - n_exceptions
        e_total = int(n_exceptions.sum())
        places = np.repeat(firsts, n_exceptions) + np.asarray(
            data[np.repeat(at_places - e_firsts, n_exceptions) + np.arange(e_total)], np.int64
        )
        above = _unpack_bits(data, at_places + n_exceptions, high_width, n_exceptions, e_firsts)
        gaps[places] |= above << np.repeat(width, n_exceptions).astype(np.uint64)
        at_base = at_places + n_exceptions + _bytes(n_exceptions, high_width)
    base = np.asarray(data[at_base], np.int64)
    impact_width = bit_length((np.asarray(bmax, np.int64) - base).astype(np.uint64))
    impacts = _unpack_bits(data, at_base + 1, impact_width, count, firsts)
    return gaps, (impacts + np.repeat(base, count).astype(np.uint64)).astype(np.uint8)
