"""One file's way into the library: bytes → text → speeches → outline → analysed passages.

Pure work with no store access, so it can run in worker processes (both cores); the
library stores the results one file (one transaction) at a time, in the order given.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .analysis import Analyzer, normalise
from .errors import LoadError, SpeechbotError
from .fields import passage_terms, speech_terms, speech_year
from .loaders import SUPPORTED_SUFFIXES, LoadedText, load_text, printable, read_file
from .model import Speech
from .outline import parse_outline
from .records import SpeechRecord, speech_record

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Analysed:
    """A file read and analysed, ready to store; or why it could not be."""

    path: str  # as the user named it, printable
    filename: str
    data: bytes  # empty when analysed in a worker (the parent reads the file again)
    speeches: list[SpeechRecord] | None = None
    error: str | None = None


@dataclass
class IngestOutcome:
    """What became of one file."""

    path: str
    speech_ids: list[int] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    error: str | None = None
    duplicate: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class FileToIngest:
    """A file found new by its SHA-256: read again (bounded) where it is analysed."""

    label: str
    path: Path
    sha256: str


@dataclass(frozen=True)
class Reading:
    """How a file's text is read into speeches and passages."""

    passage_chars: int = 320  # longer paragraphs are searched in windows of whole sentences
    plain_headings: bool = False  # short unnumbered lines as headings (see parse_outline)


def build_speeches(loaded: LoadedText, filename: str, plain_headings: bool = False) -> list[Speech]:
    """file text → cleaned speeches with their outlines (no ids yet)."""
    from .clean import clean  # here: the command line's questions never load the cleaner

    lines = loaded.text.split("\n")
    heading_lines = [
        f"{level}\t{lines[i]}" for i, level in loaded.heading_levels.items() if i < len(lines)
    ]
    speeches = []
    for part in clean(loaded.text, filename, loaded.title_hint):
        outline = parse_outline(part.text, heading_lines, plain_headings=plain_headings)
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
    year = speech_year(speech)  # what its 今年/去年/明年 stand for
    fields = [passage_terms(analyzer, passage, headings, norm, year) for passage in passages]
    return speech_record(speech, speech_terms(analyzer, speech), passages, fields)


def analyse_bytes(
    data: bytes, filename: str, analyzer: Analyzer, reading: Reading
) -> list[SpeechRecord]:
    """Raises SpeechbotError (LoadError) with a message fit for the user."""
    speeches = build_speeches(load_text(data, filename), filename, reading.plain_headings)
    analysed = [analyse_speech(s, analyzer, reading.passage_chars) for s in speeches]
    if not any(record.passages for record in analysed):
        raise LoadError(filename, "没有可检索的正文 (no text to index)")
    return analysed


def analyse_file(
    label: str, filename: str, data: bytes, analyzer: Analyzer, reading: Reading
) -> Analysed:
    try:
        return Analysed(label, filename, data, analyse_bytes(data, filename, analyzer, reading))
    except SpeechbotError as exc:
        return Analysed(label, filename, data, error=str(exc))
    except Exception:  # a fault of ours on this file must not lose the others of the batch
        log.exception("analysing %s failed", filename)
        return Analysed(
            label, filename, data, error=f"{filename}: 分析出错，未导入 (an internal error, logged)"
        )


def read_again(item: FileToIngest) -> bytes:
    """The file's bytes, as they were when found new (LoadError if it changed since)."""
    data = read_file(item.path)
    if hashlib.sha256(data).hexdigest() != item.sha256:
        raise LoadError(printable(item.path.name), "文件在导入时被改动 (changed while ingested)")
    return data


def _analyse_path(item: FileToIngest, analyzer: Analyzer, reading: Reading) -> Analysed:
    filename = printable(item.path.name)
    try:
        data = read_again(item)
    except LoadError as exc:
        return Analysed(item.label, filename, b"", error=str(exc))
    return analyse_file(item.label, filename, data, analyzer, reading)


# --- worker processes ------------------------------------------------------------------

_worker: tuple[Analyzer, Reading] | None = None


def _init_worker(analyzer_args: dict, reading: Reading, parent: int) -> None:
    global _worker
    _exit_with(parent)
    _worker = (Analyzer(**analyzer_args), reading)


def _exit_with(parent: int, every: float = 0.5) -> None:
    """End this worker soon after the process that started it is gone (killed, say):
    nothing else would, and a worker holds an analyzer's memory."""
    first_parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != first_parent or not _alive(parent):
                os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _in_worker(work: Callable, item):
    analyzer, reading = _worker
    return work(item, analyzer, reading, True)


def _analyse_item(
    item: FileToIngest, analyzer: Analyzer, reading: Reading, there: bool
) -> Analysed:
    analysed = _analyse_path(item, analyzer, reading)
    if there:
        analysed.data = b""  # the parent reads the file again when it stores it
    return analysed


def _died(item: FileToIngest) -> Analysed:
    name = printable(item.path.name)
    return Analysed(
        item.label, name, b"", error=f"{name}: 分析进程意外退出 (a worker process died)"
    )


def analyse_files(
    files: Sequence[FileToIngest],
    analyzer: Analyzer,
    analyzer_args: dict,
    reading: Reading,
    workers: int,
) -> Iterator[Analysed]:
    """Analyse files in order; with ``workers`` > 1, in that many processes."""
    return run_in_workers(
        files, len(files), _analyse_item, _died, analyzer, analyzer_args, reading, workers
    )


def run_in_workers(
    items: Iterable[T],
    count: int,
    work: Callable[[T, Analyzer, Reading, bool], R],
    died: Callable[[T], R],
    analyzer: Analyzer,
    analyzer_args: dict,
    reading: Reading,
    workers: int,
) -> Iterator[R]:
    """``work(item, analyzer, reading, in_worker)`` for each of ``count`` items, results
    in order; with ``workers`` > 1, in that many processes, each with its own Analyzer built
    from ``analyzer_args`` (``work`` a module-level function, so that it can be sent there).
    At most two items per worker are in flight and ``items`` is read no further ahead, so
    memory does not grow with their number.  An item whose worker was killed (out of
    memory, say) gives ``died(item)``."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    workers = min(workers, count)
    if workers <= 1:
        for item in items:
            yield work(item, analyzer, reading, False)
        return
    with ProcessPoolExecutor(
        workers, initializer=_init_worker, initargs=(analyzer_args, reading, os.getpid())
    ) as pool:
        pending: deque[tuple[T, Future]] = deque()
        queued = iter(items)

        def submit(n: int) -> None:
            for item in itertools.islice(queued, n):
                try:
                    pending.append((item, pool.submit(_in_worker, work, item)))
                except BrokenProcessPool as exc:
                    pending.append((item, _failed(exc)))

        submit(2 * workers)
        while pending:
            item, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                result = died(item)
            submit(1)
            yield result


def _failed(exc: BaseException) -> Future:
    future: Future = Future()
    future.set_exception(exc)
    return future


def default_workers() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def expand_paths(paths: Iterable[str | Path]) -> Iterable[Path]:
    """Files as given, and the supported files inside folders (sorted)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        else:
            yield path
