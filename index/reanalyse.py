"""``speechbot reanalyse``: every stored speech made again by this speechbot's analysis.

An upgrade (a better outline parser, words kept whole in the segmenter's dictionary) or a
user dictionary added to the config changes what ingest would store, but not what is
stored: ingesting the same file again is refused, and schema migrations only change how
things are kept.  As a search engine makes you reindex, the library says so
(``Library.stale_notice``) and this rewrites the directory from the original bytes it keeps:
bytes → text → outline → passages → terms, in worker processes as ingest does, one source
(one transaction) at a time in id order, then the index once.

It is not run by itself when a directory is opened: on a large archive it takes as long as
the ingest did, and a bot should start at once; the notice tells the user instead.
Speech ids are kept (``store_rewrite.py``), so a reference stays valid wherever the new
outline still has its section.  A run that stops half way leaves each source either as it
was or rewritten; the next run carries on after the last one rewritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import SpeechbotError
from .ingest import Reading, analyse_bytes, run_in_workers
from .records import SpeechRecord

if TYPE_CHECKING:
    from .analysis import Analyzer
    from .library import Library

__all__ = ["STALE_NOTICE", "Reanalysed", "reanalyse"]

STALE_NOTICE = (
    "提示：数据目录由旧版本的 speechbot（或另一套词典）分析，新的提纲和分词尚未生效；"
    "运行 speechbot reanalyse 重新分析（引用编号不变）"
)


@dataclass
class Reanalysed:
    """What a run did."""

    sources: int = 0  # files read again
    speeches: int = 0  # speeches rewritten under their own id
    changed: list[int] = field(default_factory=list)  # … whose outline or title changed
    added: list[int] = field(default_factory=list)  # new speeches a file now splits into
    dropped: list[int] = field(default_factory=list)  # speeches a file no longer holds
    errors: list[str] = field(default_factory=list)  # files kept as they were, and why
    current: bool = False  # nothing to do: the directory was made by this analysis


# a source as the workers get it: (id, file name, bytes or None and why not)
_Source = tuple[int, str, bytes | None, str | None]
_Result = tuple[int, list[SpeechRecord] | None, str | None]

Progress = Callable[[Iterable, int], Iterable]  # (results, how many) → the same results


def reanalyse(library: Library, workers: int = 1, progress: Progress | None = None) -> Reanalysed:
    store = library.store
    target = library.fingerprint
    report = Reanalysed()
    if not store.analysis_stale(target):
        report.current = True
        return report
    done = store.reanalysis_done(target)
    while ids := store.source_ids(after=done):  # and those ingested while it ran
        results = run_in_workers(
            _originals(library, ids),
            len(ids),
            _analyse_source,
            _died,
            library.analyzer,
            library.analyzer_args,
            library.config.reading,
            workers,
        )
        for source_id, records, error in progress(results, len(ids)) if progress else results:
            done = source_id
            if error is not None:  # kept as it was: the same bytes fail the same way next time
                report.errors.append(error)
                continue
            replaced = store.replace_source(source_id, records or [], target)
            if replaced is None:  # removed meanwhile, or another run rewrote it
                continue
            report.sources += 1
            report.speeches += len(replaced.kept)
            report.changed += replaced.changed
            report.added += replaced.added
            report.dropped += replaced.dropped
    store.finish_reanalysis(target)
    library.changed_in_place()
    return report


def _originals(library: Library, ids: list[int]) -> Iterator[_Source]:
    """Each source's original bytes, read when a worker is ready for it (one or two per
    worker in memory)."""
    for source_id in ids:
        try:
            filename, data = library.store.original_of_source(source_id)
        except SpeechbotError as exc:
            yield source_id, f"#{source_id}", None, str(exc)
            continue
        yield source_id, filename, data, None


def _analyse_source(item: _Source, analyzer: Analyzer, reading: Reading, there: bool) -> _Result:
    source_id, filename, data, error = item
    if data is None:
        return source_id, None, error
    try:
        return source_id, analyse_bytes(data, filename, analyzer, reading), None
    except SpeechbotError as exc:
        return source_id, None, str(exc)


def _died(item: _Source) -> _Result:
    return item[0], None, f"{item[1]}: 分析进程意外退出 (a worker process died)"
