"""Character normalisation that keeps offsets: one character in, one character out.

Full-width → half-width, lower case, Traditional → Simplified, so that
``len(normalise(text)) == len(text)`` and an offset into the normalised text is an offset
into the original (highlights and quotes point into the text as written).
"""

from __future__ import annotations

import sys
import threading
import unicodedata

import numpy as np

__all__ = ["normalise"]

_t2s_lock = threading.Lock()
_t2s_converter = None


def _t2s(ch: str) -> str:
    """OpenCC 't2s' of one character (the converter is built on first use)."""
    global _t2s_converter
    if _t2s_converter is None:
        with _t2s_lock:
            if _t2s_converter is None:
                import opencc

                _t2s_converter = opencc.OpenCC("t2s")
    try:
        return _t2s_converter.convert(ch)
    except Exception:  # lone surrogates and the like: leave the character alone
        return ch


def _normalise_char(ch: str) -> str:
    """The normal form of one character; always exactly one character."""
    if unicodedata.category(ch) == "Cs":
        return "\ufffd"  # a lone surrogate cannot be encoded (and means nothing)
    nfkc = unicodedata.normalize("NFKC", ch)
    out = nfkc if len(nfkc) == 1 else ch
    lower = out.lower()
    if len(lower) == 1:
        out = lower
    if not out.isascii():
        simplified = _t2s(out)
        if len(simplified) == 1:
            out = simplified
    return out


class _NormTable(dict):
    """A ``str.translate`` table that fills itself in, one character at a time."""

    def __missing__(self, code: int) -> int:
        value = ord(_normalise_char(chr(code)))
        self[code] = value
        return value


_NORM_TABLE = _NormTable()
for _code in range(128):
    _NORM_TABLE[_code] = ord(chr(_code).lower())


def normalise(text: str) -> str:
    """Same length as the input, char by char: full-width → half-width, lower case,
    Traditional → Simplified, so offsets stay valid.

    Each character is replaced by its NFKC form when that is a single character, then
    lower-cased (when that stays one character), then converted by OpenCC ``t2s`` (when
    that stays one character).  Results are cached per character, so normalising is a
    single ``str.translate`` pass, or for a long text one numpy lookup (ingest normalises
    each speech whole).
    """
    if len(text) >= _VECTOR_MIN_CHARS:
        try:
            codes = np.frombuffer(text.encode("utf-32-le"), np.uint32)
        except UnicodeEncodeError:  # a lone surrogate: the table path replaces it
            return text.translate(_NORM_TABLE)
        return _normalise_codes(codes).tobytes().decode("utf-32-le")
    return text.translate(_NORM_TABLE)


_VECTOR_MIN_CHARS = 2000  # below this, numpy's fixed cost outweighs its speed
_norm_codes: np.ndarray | None = None  # code point → its normal form's, where known
_norm_known: np.ndarray | None = None


def _normalise_codes(codes: np.ndarray) -> np.ndarray:
    global _norm_codes, _norm_known
    if _norm_codes is None:
        _norm_known = np.zeros(sys.maxunicode + 1, bool)
        _norm_codes = np.arange(sys.maxunicode + 1, dtype=np.uint32)
    unknown = codes[~_norm_known[codes]]
    if unknown.size:  # first sight of these characters: fill in from the table
        for code in np.unique(unknown).tolist():
            _norm_codes[code] = _NORM_TABLE[code]
        _norm_known[unknown] = True
    return _norm_codes[codes]
