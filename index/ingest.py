"""One file's way into the library: bytes → text → speeches → outline → analysed passages.

Pure work with no store access, so it can run in worker processes (both cores); the
library stores the results one file (one transaction) at a time, in the order given.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from .analysis import Analyzer
from .clean import clean
from .errors import LoadError, SpeechbotError
from .loaders import LoadedText, load_text
from .model import Speech
from .outline import parse_outline
from .search import passage_terms, speech_terms
from .store import PassageTerms

AnalysedSpeech = tuple[Speech, list[str], list[PassageTerms]]


@dataclass
class Analysed:
    """A file read and analysed, ready to store; or why it could not be."""

    path: str
    filename: str
    data: bytes
    speeches: list[AnalysedSpeech] | None = None
    error: str | None = None


def build_speeches(loaded: LoadedText, filename: str) -> list[Speech]:
    """file text → cleaned speeches with their outlines (no ids yet)."""
    lines = loaded.text.split("\n")
    heading_lines = [
        f"{level}\t{lines[i]}" for i, level in loaded.heading_levels.items() if i < len(lines)
    ]
    speeches = []
    for part in clean(loaded.text, filename, loaded.title_hint):
        outline = parse_outline(part.text, heading_lines)
        speeches.append(
            Speech(
                part.title,
                part.text,
                outline,
                part.date,
                part.speaker,
                part.occasion,
                filename,
                part.part,
            )
        )
    return speeches


def analyse_speech(speech: Speech, analyzer: Analyzer, passage_chars: int) -> AnalysedSpeech:
    """The speech's terms; each passage's fields as int32 ids into one term list per speech
    (compact to send between processes, and each distinct term is mapped to its stored id
    once)."""
    headings: dict[tuple[str, ...], list[str]] = {}
    passages = speech.passages(passage_chars)
    fields = [passage_terms(analyzer, passage, headings) for passage in passages]
    every_term = list(itertools.chain.from_iterable(itertools.chain.from_iterable(fields)))
    vocabulary = tuple(dict.fromkeys(every_term))  # in order of first sight
    numbering = dict(zip(vocabulary, range(len(vocabulary)), strict=True))
    ids = np.fromiter(map(numbering.__getitem__, every_term), np.int32, len(every_term))
    ends = itertools.accumulate(len(field) for triple in fields for field in triple)
    columns = np.split(ids, list(ends)[:-1]) if fields else []
    analysed = [
        PassageTerms(
            passage.section_path,
            passage.paragraph,
            passage.start,
            passage.end,
            *columns[3 * n : 3 * n + 3],
            passage.headings,
            vocabulary,
        )
        for n, passage in enumerate(passages)
    ]
    return speech, speech_terms(analyzer, speech), analysed


def analyse_bytes(
    data: bytes, filename: str, analyzer: Analyzer, passage_chars: int
) -> list[AnalysedSpeech]:
    """Raises SpeechbotError (LoadError) with a message fit for the user."""
    speeches = build_speeches(load_text(data, filename), filename)
    analysed = [analyse_speech(s, analyzer, passage_chars) for s in speeches]
    if not any(passages for _, _, passages in analysed):
        raise LoadError(filename, "没有可检索的正文 (no text to index)")
    return analysed


def analyse_file(
    label: str, filename: str, data: bytes, analyzer: Analyzer, passage_chars: int
) -> Analysed:
    try:
        return Analysed(
            label, filename, data, analyse_bytes(data, filename, analyzer, passage_chars)
        )
    except SpeechbotError as exc:
        return Analysed(label, filename, data, error=str(exc))


# --- worker processes ------------------------------------------------------------------

_worker: tuple[Analyzer, int] | None = None


def _init_worker(analyzer_args: dict, passage_chars: int) -> None:
    global _worker
    _worker = (Analyzer(**analyzer_args), passage_chars)


def _analyse_in_worker(item: tuple[str, str, bytes]) -> Analysed:
    analyzer, passage_chars = _worker
    return analyse_file(*item, analyzer, passage_chars)


def analyse_files(
    files: Sequence[tuple[str, str, bytes]],
    analyzer: Analyzer,
    analyzer_args: dict,
    passage_chars: int,
    workers: int,
) -> Iterator[Analysed]:
    """Analyse (label, file name, bytes) items in order; with ``workers`` > 1, in that many
    processes, each with its own Analyzer built from ``analyzer_args``."""
    workers = min(workers, len(files))
    if workers <= 1:
        for item in files:
            yield analyse_file(*item, analyzer, passage_chars)
        return
    with ProcessPoolExecutor(
        workers, initializer=_init_worker, initargs=(analyzer_args, passage_chars)
    ) as pool:
        yield from pool.map(_analyse_in_worker, files, chunksize=1)


def default_workers() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
