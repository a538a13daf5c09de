"""Word segmenters: jieba (the reference) and jieba-rs (the same dictionary and algorithm).

Both offer ``cut(text, HMM=True)``, ``add_word(word, freq, tag)`` and ``known(word)``.
"""

from __future__ import annotations

import logging

from .errors import SpeechbotError

__all__ = ["SEGMENTERS", "make_segmenter"]


class _JiebaSegmenter:
    """jieba's own Tokenizer (the reference segmenter)."""

    def __init__(self) -> None:
        import jieba  # here, not at the top: a server on rjieba never loads it

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        self._freq = self._tokenizer.FREQ

    def cut(self, text: str, HMM: bool = True):  # noqa: N803 - jieba's own keyword
        return self._tokenizer.cut(text, HMM=HMM)

    def add_word(self, word: str, freq: int | None, tag: str | None) -> None:
        self._tokenizer.add_word(word, freq, tag)

    def known(self, word: str) -> bool:
        return bool(self._freq.get(word))


class _RustSegmenter:
    """jieba-rs through rjieba: the same dictionary and algorithm, in compiled code (on the
    shared corpus 99.98% of tokens are identical; it keeps "2026-02-02" whole)."""

    def __init__(self) -> None:
        self._jieba = _rjieba_class()()

    def cut(self, text: str, HMM: bool = True):  # noqa: N803 - same signature as jieba
        return self._jieba.cut(text, hmm=HMM)

    def add_word(self, word: str, freq: int | None, tag: str | None) -> None:
        self._jieba.add_word(word, freq, tag)

    def known(self, word: str) -> bool:
        return self._jieba.has_word(word)


def _rjieba_class():
    """rjieba's ``Jieba`` from its compiled module alone: the package's ``__init__`` builds a
    default instance we never use, as long again as loading our own (~0.15 s per command)."""
    import importlib.machinery
    import importlib.util
    import sys

    module = sys.modules.get("rjieba.rjieba")
    if module is None:
        spec = importlib.util.find_spec("rjieba")
        for folder in spec.submodule_search_locations or () if spec else ():
            for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                path = f"{folder}/rjieba{suffix}"
                try:
                    loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", path)
                    ext_spec = importlib.util.spec_from_loader("rjieba.rjieba", loader)
                    module = importlib.util.module_from_spec(ext_spec)
                    loader.exec_module(module)
                except ImportError:
                    continue
                sys.modules["rjieba.rjieba"] = module
                return module.Jieba
        import rjieba as module
    return module.Jieba


SEGMENTERS = {"jieba": _JiebaSegmenter, "rjieba": _RustSegmenter}


def make_segmenter(name: str):
    """A fresh segmenter by name (each Analyzer owns one: the global jieba is never touched)."""
    if name not in SEGMENTERS:
        raise SpeechbotError(f"未知的分词器 {name}（可用：jieba、rjieba）")
    return SEGMENTERS[name]()
