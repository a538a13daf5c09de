"""The public face of the index package: a speech library in a data directory.

    lib = Library("data")
    lib.ingest(["speeches/"])            # files and folders
    hits = lib.search("稳就业", top=5)
    result = lib.quote("二、三是", speech_id=3)

The bot and the command line use only this class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .analysis import Analyzer
from .errors import SpeechbotError
from .ingest import Analysed, analyse_bytes, analyse_files
from .loaders import SUPPORTED_SUFFIXES
from .model import Hit, Speech
from .query import build_query
from .quote import QuoteResult, find_quote
from .search import SearchIndex, SearchSettings, search
from .store import SpeechInfo, Store
from .summary import Summary, summarise
from .vocabulary import shipped_synonyms


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
class LibraryConfig:
    user_dicts: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = ()
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    use_synonyms: bool = True  # the shipped table (index/data/synonyms.txt)
    passage_chars: int = 320  # longer paragraphs are searched in windows of whole sentences
    segmenter: str = "rjieba"  # "jieba" (the reference) or "rjieba" (jieba-rs, same dictionary)
    settings: SearchSettings = SearchSettings()


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
        self._analyzer_args = {
            "user_dicts": self.config.user_dicts,
            "extra_stopwords": self.config.stopwords,
            "synonyms": synonyms,
            "segmenter": segmenter,
        }
        self.analyzer = Analyzer(**self._analyzer_args)
        self._index: SearchIndex | None = None
        self._index_generation = -1
        self._speech = lru_cache(maxsize=256)(self.store.speech)

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
        fresh, outcomes = [], {}
        for path in files:  # unreadable and already stored files are settled before any work
            label = str(path)
            try:
                data = path.read_bytes()
            except OSError as exc:
                outcomes[label] = IngestOutcome(
                    label, error=f"{path.name}: 无法读取文件 ({exc.strerror})"
                )
                continue
            existing = self.store.source_by_hash(data)
            if existing:
                titles = [self.store.info(i).title for i in existing[1]]
                outcomes[label] = IngestOutcome(label, existing[1], titles, duplicate=True)
            else:
                fresh.append((label, path.name, data))
        analysed = analyse_files(
            fresh, self.analyzer, self._analyzer_args, self.config.passage_chars, workers
        )
        for item in progress(analysed) if progress else analysed:
            outcomes[item.path] = self._store(item)
        if any(o.speech_ids and not o.duplicate for o in outcomes.values()):
            self._rebuild_index()
        return [outcomes[str(path)] for path in files]

    def ingest_bytes(self, data: bytes, filename: str) -> IngestOutcome:
        """Ingest one uploaded file."""
        existing = self.store.source_by_hash(data)
        if existing:
            titles = [self.store.info(i).title for i in existing[1]]
            return IngestOutcome(filename, existing[1], titles, duplicate=True)
        try:
            speeches = analyse_bytes(data, filename, self.analyzer, self.config.passage_chars)
            item = Analysed(filename, filename, data, speeches)
        except SpeechbotError as exc:
            item = Analysed(filename, filename, data, error=str(exc))
        outcome = self._store(item)
        if outcome.ok and not outcome.duplicate:
            self._rebuild_index()
        return outcome

    def _store(self, item: Analysed) -> IngestOutcome:
        if item.error is not None:
            return IngestOutcome(item.path, error=item.error)
        try:
            ids = self.store.add(item.filename, item.data, item.speeches)
        except SpeechbotError as exc:
            return IngestOutcome(item.path, error=str(exc))
        return IngestOutcome(item.path, ids, [record.title for record in item.speeches])

    def remove(self, speech_id: int) -> SpeechInfo:
        info = self.store.remove(speech_id)
        self._speech.cache_clear()
        self._rebuild_index()
        return info

    def _rebuild_index(self) -> None:
        with self.store.folders.writer():
            generation = self.store.generation
            index = SearchIndex.build(self.store, self.config.settings.bm25)
            self.store.folders.publish(index.save, generation)
        self._index, self._index_generation = index, generation

    # --- reading ---------------------------------------------------------------------

    @property
    def index(self) -> SearchIndex:
        """The current index; reloaded when another process changed the store."""
        generation = self.store.generation
        if self._index is None or self._index_generation != generation:
            current = self.store.folders.current()
            loaded = None
            if current and current[1] == generation:
                try:
                    loaded = SearchIndex.load(current[0], self.config.settings.bm25)
                except OSError:  # replaced and removed meanwhile: build from the store
                    loaded = None
            if loaded is not None:
                self._index = loaded
            else:  # a writer is between commit and publish, or crashed there
                self._index = SearchIndex.build(self.store, self.config.settings.bm25)
                with self.store.folders.writer(blocking=False) as ours:
                    if ours and self.store.generation == generation:
                        self.store.folders.publish(self._index.save, generation)
            self._index_generation = generation
            self._speech.cache_clear()
        return self._index

    def set_search_settings(self, settings: SearchSettings) -> None:
        """Use other weights or BM25 parameters from now on (evaluation, tuning)."""
        self.config = replace(self.config, settings=settings)
        self._index = None  # reloaded with the new BM25 parameters, not rebuilt

    def list(self) -> list[SpeechInfo]:
        return self.store.list()

    def speech(self, speech_id: int) -> Speech:
        return self._speech(speech_id)

    def unread_english(self, question: str) -> bool:
        """True for a question mostly in English of which the English glossary knows
        nothing: its answer should say that questions are read in Chinese."""
        return build_query(question, self.config.settings, analyzer=self.analyzer).unread_english

    def search(self, question: str, top: int = 5, speech_id: int | None = None) -> list[Hit]:
        if speech_id is not None:
            self.store.info(speech_id)  # raises NotFoundError
        return search(
            question,
            index=self.index,
            store=self.store,
            analyzer=self.analyzer,
            top=top,
            speech_id=speech_id,
            settings=self.config.settings,
        )

    def quote(self, point: str, speech_id: int | None = None) -> QuoteResult:
        if speech_id is not None:
            speeches = [self.speech(speech_id)]
        else:
            speeches = [self.speech(info.id) for info in self.store.list()]
        return find_quote(point, speeches, self.analyzer)

    def summary(self, speech_id: int) -> Summary:
        return summarise(self.speech(speech_id))

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
        the thesaurus. A server calls it at start so no user waits for it."""
        from . import typos
        from .thesaurus import cilin_synonyms

        _ = self.index
        typos.prepare()
        cilin_synonyms()

    def close(self) -> None:
        self.store.close()


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
