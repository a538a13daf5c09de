"""One file's way into the library: bytes → text → speeches → outline → analysed passages.

Pure work with no store access, so it can run in worker processes (both cores); the
library stores the results one file (one transaction) at a time, in the order given.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from .analysis import Analyzer, normalise
from .clean import clean
from .errors import LoadError, SpeechbotError
from .fields import passage_terms, speech_terms
from .loaders import LoadedText, load_text
from .model import Speech
from .outline import parse_outline
from .store import SpeechRecord, speech_record


@dataclass
class Analysed:
    """A file read and analysed, ready to store; or why it could not be."""

    path: str
    filename: str
    data: bytes
    speeches: list[SpeechRecord] | None = None
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


def analyse_speech(speech: Speech, analyzer: Analyzer, passage_chars: int) -> SpeechRecord:
    """The speech's record for the store: its passages' three fields analysed."""
    headings: dict[tuple[str, ...], list[str]] = {}
    passages = speech.passages(passage_chars)
    norm = normalise(speech.text)
    year = int(speech.date[:4]) if speech.date and speech.date[:4].isdigit() else None
    fields = [passage_terms(analyzer, passage, headings, norm, year) for passage in passages]
    return speech_record(speech, speech_terms(analyzer, speech), passages, fields)


def analyse_bytes(
    data: bytes, filename: str, analyzer: Analyzer, passage_chars: int
) -> list[SpeechRecord]:
    """Raises SpeechbotError (LoadError) with a message fit for the user."""
    speeches = build_speeches(load_text(data, filename), filename)
    analysed = [analyse_speech(s, analyzer, passage_chars) for s in speeches]
    if not any(record.passages for record in analysed):
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
    analysed = analyse_file(*item, analyzer, passage_chars)
    analysed.data = b""  # the parent has the bytes: not sent back
    return analysed


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
        for item, analysed in zip(files, pool.map(_analyse_in_worker, files), strict=True):
            analysed.data = item[2]
            yield analysed


def default_workers() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
