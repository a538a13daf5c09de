"""The public face of the index package: a speech library in a data directory.

    lib = Library("data")
    lib.ingest(["speeches/"])            # files and folders
    hits = lib.search("稳就业", top=5)
    result = lib.quote("二、三是", speech_id=3)

The bot and the command line use only this class.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache, partial
from pathlib import Path

from .analysis import Analyzer
from .errors import SpeechbotError
from .fields import speech_terms
from .fingerprint import analysis_fingerprint
from .ingest import (
    Analysed,
    FileToIngest,
    IngestOutcome,
    Reading,
    analyse_bytes,
    analyse_files,
    expand_paths,
    read_again,
)
from .loaders import printable, read_file
from .mentions import Mentions, find_mentions
from .model import Hit, Speech
from .query import build_query
from .quote import QuoteResult, find_quote
from .reanalyse import STALE_NOTICE, Progress, Reanalysed
from .reanalyse import reanalyse as run_reanalysis
from .scope import Scope, date_order
from .search import SearchIndex, SearchSettings, search
from .store import SpeechInfo, Store
from .summary import Summary, summarise
from .vocabulary import shipped_synonyms

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LibraryConfig:
    user_dicts: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = ()
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    use_synonyms: bool = True  # the shipped table (index/data/synonyms.txt)
    passage_chars: int = 320  # longer paragraphs are searched in windows of whole sentences
    segmenter: str = "rjieba"  # "jieba" (the reference) or "rjieba" (jieba-rs, same dictionary)
    settings: SearchSettings = SearchSettings()
    max_file_bytes: int = 20 * 1024 * 1024  # larger files are refused before they are read
    plain_headings: bool = False  # short unnumbered lines as headings (see parse_outline)

    @property
    def reading(self) -> Reading:
        return Reading(self.passage_chars, self.plain_headings)


class Library:
    """Speeches in a data directory: ingest, list, search, quote, summarise, remove."""

    def __init__(self, data_dir: str | Path, config: LibraryConfig | None = None) -> None:
        self.config = config or LibraryConfig()
        self.store = Store(data_dir)
        # the index holds terms made by one segmenter; queries must use the same one
        segmenter = self.store.fix_setting("segmenter", self.config.segmenter)
        synonyms = dict(self.config.synonyms)
        if self.config.use_synonyms:
            synonyms = {**shipped_synonyms(), **synonyms}
        # worker processes build their own Analyzer from the same arguments
        self.analyzer_args = {
            "user_dicts": self.config.user_dicts,
            "extra_stopwords": self.config.stopwords,
            "synonyms": synonyms,
            "segmenter": segmenter,
        }
        self.analyzer = Analyzer(**self.analyzer_args)
        if self.store.migrated:  # not at every start: the scan reads past every speech's blobs
            self.store.fill_speech_terms(partial(speech_terms, self.analyzer))
        self._index: SearchIndex | None = None
        self._index_generation = -1
        self._speech = lru_cache(maxsize=256)(self.store.speech)
        self._summary = lru_cache(maxsize=256)(self._summarise)
        self._kept_generation = self.store.generation
        self._listing: tuple[int, list[SpeechInfo]] | None = None  # (generation, speeches)

    # --- writing ---------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | Path],
        progress: Callable[[Iterable], Iterable] | None = None,
        workers: int = 1,
    ) -> list[IngestOutcome]:
        """Ingest files and folders; each file is stored whole or not at all.  With
        ``workers`` > 1, files are read and analysed in that many processes."""
        files = list(expand_paths(paths))
        outcomes: list[IngestOutcome | None] = [None] * len(files)
        fresh: list[FileToIngest] = []
        where: dict[int, int] = {}  # position in ``fresh`` → position in ``files``
        # unreadable and already stored files are settled before any work, one file in
        # memory at a time
        for n, path in enumerate(files):
            label = printable(str(path))
            try:
                too_big = self._too_big(path.name, path.stat().st_size)
                if too_big:
                    outcomes[n] = IngestOutcome(label, error=too_big)
                    continue
                digest = hashlib.sha256(read_file(path)).hexdigest()
            except OSError as exc:
                outcomes[n] = IngestOutcome(
                    label, error=f"{path.name}: 无法读取文件 ({exc.strerror})"
                )
                continue
            except SpeechbotError as exc:
                outcomes[n] = IngestOutcome(label, error=str(exc))
                continue
            existing = self.store.source_by_digest(digest)
            if existing:
                outcomes[n] = self._duplicate(label, existing[1])
            else:
                where[len(fresh)] = n
                fresh.append(FileToIngest(label, path, digest))
        analysed = analyse_files(
            fresh, self.analyzer, self.analyzer_args, self.config.reading, workers
        )
        for k, item in enumerate(progress(analysed) if progress else analysed):
            outcomes[where[k]] = self._store(item, fresh[k])
        if any(o.speech_ids and not o.duplicate for o in outcomes):
            self._rebuild_index()
        return outcomes

    def ingest_bytes(self, data: bytes, filename: str) -> IngestOutcome:
        """Ingest one uploaded file."""
        filename = printable(filename)
        too_big = self._too_big(filename, len(data))
        if too_big:
            return IngestOutcome(filename, error=too_big)
        existing = self.store.source_by_hash(data)
        if existing:
            return self._duplicate(filename, existing[1])
        try:
            speeches = analyse_bytes(data, filename, self.analyzer, self.config.reading)
            item = Analysed(filename, filename, data, speeches)
        except SpeechbotError as exc:
            item = Analysed(filename, filename, data, error=str(exc))
        outcome = self._store(item)
        if outcome.ok and not outcome.duplicate:
            self._rebuild_index()
        return outcome

    def _too_big(self, filename: str, size: int) -> str | None:
        limit = self.config.max_file_bytes
        if size <= limit:
            return None
        return f"{filename}: 文件太大（{size / 1e6:.1f} MB，上限 {limit / 2**20:g} MB）"

    def _duplicate(self, label: str, speech_ids: list[int]) -> IngestOutcome:
        titles = [self.store.info(i).title for i in speech_ids]
        return IngestOutcome(label, speech_ids, titles, duplicate=True)

    def _store(self, item: Analysed, file: FileToIngest | None = None) -> IngestOutcome:
        if item.error is not None:
            return IngestOutcome(item.path, error=item.error)
        try:
            data = item.data or read_again(file)
        except SpeechbotError as exc:
            return IngestOutcome(item.path, error=str(exc))
        try:
            ids, added = self.store.add(item.filename, data, item.speeches, self.fingerprint)
        except SpeechbotError as exc:  # the store's message says why, the file's name which
            return IngestOutcome(item.path, error=f"{item.filename}: {exc}")
        if not added:  # another process stored the same bytes meanwhile
            return self._duplicate(item.path, ids)
        return IngestOutcome(item.path, ids, [record.title for record in item.speeches])

    @cached_property
    def fingerprint(self) -> str:
        """The analysis this library would store a file with (``fingerprint.py``)."""
        config = self.config
        segmenter = self.analyzer_args["segmenter"]
        return analysis_fingerprint(segmenter, config.user_dicts, config.stopwords, config.reading)

    def stale_notice(self) -> str | None:
        """One line for the user when the stored speeches were made by an older analysis
        (or other dictionaries): an upgrade takes effect only after ``reanalyse``."""
        return STALE_NOTICE if self.store.analysis_stale(self.fingerprint) else None

    def reanalyse(self, workers: int = 1, progress: Progress | None = None) -> Reanalysed:
        """Every stored speech made again by this analysis, under its id (``reanalyse.py``)."""
        return run_reanalysis(self, workers, progress)

    def remove(self, speech_id: int) -> SpeechInfo:
        info = self.store.remove(speech_id)
        self.changed_in_place()
        return info

    def changed_in_place(self) -> None:
        """After speeches were removed or rewritten: forget them, publish a new index."""
        self._forget_speeches()
        self._rebuild_index()

    def _rebuild_index(self) -> None:
        """Build the index from the store and publish it.  The built index is served even
        when it cannot be written (a full disk): the store holds everything it reflects."""
        with self.store.snapshot():  # the generation and the contents of one state
            generation = self.store.generation
            index = SearchIndex.build(
                self.store, self.config.settings.bm25, self.analyzer.stopchars
            )
        self._index, self._index_generation = index, generation
        self._publish(index, generation, wait=True)

    def _publish(self, index: SearchIndex, generation: int, wait: bool) -> None:
        try:
            with self.store.folders.writer(blocking=wait) as ours:
                if ours and self.store.generation == generation:
                    self.store.folders.publish(index.save, generation)
        except OSError as exc:
            log.warning(
                "索引未能写入磁盘（%s），继续使用内存中的索引 (index not saved: %s)",
                exc.strerror or exc,
                exc,
            )

    # --- reading ---------------------------------------------------------------------

    @property
    def index(self) -> SearchIndex:
        """The current index; reloaded when another process changed the store, rebuilt
        from the store when the published one is missing, stale or damaged."""
        generation = self.store.generation
        if self._index is None or self._index_generation != generation:
            current = self.store.folders.current()  # None when damaged
            loaded = None
            if current and current[1] == generation:
                try:
                    loaded = SearchIndex.load(current[0], self.config.settings.bm25)
                except (OSError, ValueError):  # replaced and removed meanwhile
                    loaded = None
            if loaded is not None:
                self._index = loaded
            else:  # a writer is between commit and publish, crashed there, or files broke
                with self.store.snapshot():
                    generation = self.store.generation
                    self._index = SearchIndex.build(
                        self.store, self.config.settings.bm25, self.analyzer.stopchars
                    )
                self._publish(self._index, generation, wait=False)
            self._index_generation = generation
            self._forget_speeches()
        return self._index

    def set_search_settings(self, settings: SearchSettings) -> None:
        """Use other weights or BM25 parameters from now on (evaluation, tuning)."""
        self.config = replace(self.config, settings=settings)
        self._index = None  # reloaded with the new BM25 parameters, not rebuilt

    def list(self) -> list[SpeechInfo]:
        return self.store.list()

    def speech(self, speech_id: int) -> Speech:
        self._still_current()
        return self._speech(speech_id)

    def unread_english(self, question: str) -> bool:
        """True for a question mostly in English of which the English glossary knows
        nothing: its answer should say that questions are read in Chinese."""
        return build_query(question, self.config.settings, analyzer=self.analyzer).unread_english

    def search(
        self,
        question: str,
        top: int = 5,
        speech_id: int | None = None,
        scope: Scope | None = None,
        per_speech: bool = False,
    ) -> list[Hit]:
        """The best passages for ``question``: in one speech (``speech_id``), or in the
        speeches ``scope`` admits.  With ``per_speech``, each speech's best passage, for
        ``top`` speeches, ordered by date (comparing years or regions side by side)."""
        if speech_id is not None:
            self.store.info(speech_id)  # raises NotFoundError
        within = None
        if scope:
            within = {info.id for info in self.speeches_in(scope)}
            if speech_id is not None:
                within &= {speech_id}
            if not within:
                return []
        index = self.index
        top = min(top, len(index))  # no more hits than passages, however many are asked for
        hits = search(
            question,
            index=index,
            store=self.store,
            analyzer=self.analyzer,
            top=top,
            speech_id=speech_id if within is None else None,
            within=within,
            per_speech=per_speech,
            settings=self.config.settings,
        )
        if per_speech:
            speeches = {info.id: info for info in self.speeches_in()}
            hits.sort(key=lambda h: date_order(speeches.get(h.speech_id), h))
        return hits

    def speeches_in(self, scope: Scope | None = None) -> list[SpeechInfo]:
        """The speeches a scope admits (every speech without one), by date, undated last."""
        generation = self.store.generation
        if self._listing is None or self._listing[0] != generation:
            self._listing = (generation, self.store.list())
        speeches = self._listing[1]
        chosen = scope.select(speeches) if scope else speeches
        return sorted(chosen, key=lambda info: date_order(info, None))

    def mentions(
        self,
        phrase: str,
        speech_id: int | None = None,
        scope: Scope | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> Mentions:
        """Every paragraph that holds ``phrase`` verbatim (white space, width and case
        aside), grouped by speech in date order: the page from ``offset`` and the count."""
        speeches = self.speeches_in(scope)
        if speech_id is not None:
            self.store.info(speech_id)  # raises NotFoundError
            speeches = [info for info in speeches if info.id == speech_id]
        return find_mentions(
            phrase,
            index=self.index,
            store=self.store,
            analyzer=self.analyzer,
            speeches=speeches,
            offset=offset,
            limit=limit,
        )

    def quote(self, point: str, speech_id: int | None = None) -> QuoteResult:
        if speech_id is not None:
            speeches = [self.speech(speech_id)]
        else:
            speeches = [self.speech(info.id) for info in self.store.list()]
        return find_quote(point, speeches, self.analyzer)

    def summary(self, speech_id: int) -> Summary:
        """The speech's summary, computed once per speech (until the store changes)."""
        self._still_current()
        return self._summary(speech_id)

    def _still_current(self) -> None:
        """Forget the speeches kept when the store changed (in any process): ``reanalyse``
        rewrites speeches under their own ids."""
        if self._kept_generation != (generation := self.store.generation):
            self._forget_speeches()
            self._kept_generation = generation

    def _summarise(self, speech_id: int) -> Summary:
        return summarise(
            self.speech(speech_id),
            segmenter=self.analyzer.segmenter,
            user_dicts=self.config.user_dicts,
        )

    def _forget_speeches(self) -> None:
        self.store.forget_cached()
        self._speech.cache_clear()
        self._summary.cache_clear()

    def info(self, speech_id: int) -> SpeechInfo:
        """One speech's listing entry; NotFoundError when there is none."""
        return self.store.info(speech_id)

    @property
    def data_dir(self) -> Path:
        return self.store.dir

    def data_size(self) -> int:
        """Bytes on disk of the data directory (store and published index)."""
        return sum(f.stat().st_size for f in self.store.dir.rglob("*") if f.is_file())

    def warm_up(self) -> None:
        """Load what the first question would otherwise load: the index, the spelling tables,
        the thesaurus, the English dictionary. A server calls it at start so no user waits
        for it."""
        from . import _english_dictionary, typos
        from .partwords import words_containing
        from .thesaurus import cilin_synonyms

        words_containing(self.index, "预热")  # builds the index's map of two characters
        typos.prepare()
        cilin_synonyms()
        # CC-CEDICT read once, its tables kept beside the store for the next start
        _english_dictionary.prepare(self.data_dir / "prepared")

    def close(self) -> None:
        self.store.close()
