"""The BM25 index of every stored passage: built from the store's term ids, saved in
compact blocks (``_postings``) and memory-mapped, and ranked with MaxScore (``topk``)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

import numpy as np

from ._postings import CompactField, StaleIndexError, narrow
from ._query_core import YEAR, Naming
from ._runs import FieldRuns, run_folder
from .fields import FIELDS
from .query import Query
from .ranking import BM25Field, BM25Params, combine, load_vocabulary, save_vocabulary, top_k
from .settings import SearchSettings
from .store import Store
from .topk import GroupList, TermList, holds, max_score_top_k
from .vocabulary import MINER_VERSION, mine_abbreviations

__all__ = ["BUILD_CHUNK", "EXHAUSTIVE_LIMIT", "SearchIndex"]

# stored ids and characters of text read at once by the build: bounds its memory, with the
# postings merged at once (``_runs``), whatever the size of the archive
BUILD_CHUNK = 1 << 22

# below this many postings in all, every posting is scored the plain way (0: never; the
# tests compare both ways)
EXHAUSTIVE_LIMIT = 0


class SearchIndex:
    """The BM25 fields over every stored passage, row → passage/speech maps, and a
    speech-level field (one document per speech)."""

    def __init__(
        self,
        fields: dict[str, CompactField],
        passage_ids: np.ndarray,
        speech_ids: np.ndarray,
        speech_field: CompactField,
        speech_rows: np.ndarray,
        abbreviations: dict[str, tuple[str, ...]] | None = None,
    ):
        self.fields = fields
        self.passage_ids = passage_ids
        self.speech_ids = speech_ids
        self.speech_field = speech_field
        self.speech_rows = speech_rows  # speech field document → speech id
        # the archive's short forms → their full forms, as its texts write them side by side
        self.abbreviations = abbreviations or {}
        self.exhaustive_limit = EXHAUSTIVE_LIMIT
        self._ranges: dict[int, tuple[int, int]] | None = None

    @classmethod
    def build(
        cls,
        store: Store,
        params: BM25Params = BM25Params(),
        stopchars: Collection[str] | None = None,
        chunk: int = BUILD_CHUNK,
        merge: int | None = None,
    ) -> SearchIndex:
        """From the stored term ids and texts: nothing is re-tokenised, and no loop runs
        over terms.  ``stopchars``: what the character field leaves out (the analyzer's).
        The postings are sorted a chunk of passages at a time into runs on disk, in the
        data directory, and merged (``_runs``); ``chunk`` and ``merge`` bound the memory
        this takes (every chunk size gives the same index)."""
        passage_ids, speech_ids, documents = store.passage_rows()
        vocabulary = store.vocabulary()
        built = {}
        # the stored fields, then the character field (made from the text) in a second
        # pass: the runs on disk are one group's at a time (at 1M passages 1.0 and 1.2 GB,
        # against 2.2 GB for all three)
        for names, chars in (([n for n in FIELDS if n != "chars"], False), (["chars"], True)):
            with run_folder(store.dir) as folder:
                more = [merge] if merge else []
                runs = {
                    name: FieldRuns(Path(folder), name, len(passage_ids), *more) for name in names
                }
                for part in store.term_chunks(documents, chunk, stopchars, chars=chars):
                    for name in names:
                        runs[name].add(*part.columns[name], part.rows)
                for name in names:
                    built[name] = runs.pop(name).compact(vocabulary, params)
        del documents
        fields = {name: built.pop(name) for name in FIELDS}
        speeches = list(store.speech_terms())
        speech_field = CompactField.from_field(
            BM25Field.build([terms for _, terms in speeches], params)
        )
        return cls(
            fields,
            passage_ids,
            speech_ids,
            speech_field,
            np.asarray([sid for sid, _ in speeches], np.int64),
            mine_abbreviations(store.text(info.id) for info in store.list()),
        )

    def save(self, folder: Path) -> None:
        save_vocabulary(folder / "vocab.json", self.fields["body"].vocabulary)
        for name, field in self.fields.items():
            field.save(folder, name, vocabulary=False)
        np.save(folder / "passage_ids.npy", narrow(self.passage_ids))
        np.save(folder / "speech_ids.npy", narrow(self.speech_ids))
        self.speech_field.save(folder, "speech")
        np.save(folder / "speech_rows.npy", narrow(self.speech_rows))
        saved = {"miner": MINER_VERSION, "abbreviations": self.abbreviations}
        text = json.dumps(saved, ensure_ascii=False)
        (folder / "abbreviations.json").write_text(text, "utf-8")

    @classmethod
    def load(cls, folder: Path, params: BM25Params = BM25Params()) -> SearchIndex:
        """StaleIndexError (a ValueError) for an index of an older format or of other BM25
        parameters: the library rebuilds it from the store."""
        speech_field = CompactField.load(folder, "speech", params)  # checked first: small
        vocabulary = load_vocabulary(folder / "vocab.json")
        fields = {name: CompactField.load(folder, name, params, vocabulary) for name in FIELDS}
        return cls(
            fields,
            np.load(folder / "passage_ids.npy", mmap_mode="r"),
            np.load(folder / "speech_ids.npy", mmap_mode="r"),
            speech_field,
            np.load(folder / "speech_rows.npy"),
            _read_abbreviations(folder / "abbreviations.json"),
        )

    def __len__(self) -> int:
        return len(self.passage_ids)

    # -- what the query steps read (query.Archive) --------------------------------------

    def word_frequency(self, term: str) -> int:
        return self.fields["body"].document_frequency(term)

    def speech_frequency(self, term: str) -> int:
        return self.speech_field.document_frequency(term)

    def speeches_holding(self, term: str) -> frozenset[int]:
        return frozenset(self.speech_field.scores([term])[0].tolist())

    def passages_holding(self, term: str) -> np.ndarray:
        body = self.fields["body"]
        if not body.document_frequency(term):
            return np.zeros(0, np.int64)
        return body.term_docs(body.vocabulary[term])

    def passages_of(self, speeches: frozenset[int]) -> np.ndarray:
        ids = np.asarray(self.speech_rows)[sorted(speeches)]
        return np.flatnonzero(np.isin(np.asarray(self.speech_ids), ids))

    @property
    def speech_count(self) -> int:
        return len(self.speech_rows)

    def words(self) -> Iterable[str]:
        """Every term the index holds."""
        return self.fields["body"].vocabulary.keys()

    def speeches_of(self, ids: Sequence[int]) -> dict[int, int]:
        """passage id → its speech's id, for those of ``ids`` the index holds (without
        reading the store)."""
        order = np.asarray(self.passage_ids)
        wanted = np.asarray(ids, np.int64)
        rows = np.minimum(np.searchsorted(order, wanted), max(len(order) - 1, 0))
        if not len(order):
            return {}
        found = order[rows] == wanted
        speeches = np.asarray(self.speech_ids)[rows[found]]
        return dict(zip(wanted[found].tolist(), speeches.tolist(), strict=True))

    def holding(
        self, ids: Sequence[int], groups: Sequence[Sequence[str]], backend: str = "auto"
    ) -> set[int]:
        """The passages of ``ids`` that hold every word of one of ``groups`` (a phrase's
        words each: only these can hold the phrase), from the postings of those words
        alone, without reading a text."""
        body = self.fields["body"]
        order = np.asarray(self.passage_ids)
        wanted = np.sort(np.asarray(ids, np.int64))
        rows = np.searchsorted(order, wanted)  # rows are in passage id order
        rows = rows[order[np.minimum(rows, len(order) - 1)] == wanted]
        frequency = body.document_frequency
        held: set[int] = set()
        for group in groups:
            if not group or not all(frequency(word) for word in group):
                continue  # a word no passage holds: nor does any hold the phrase
            left = rows
            for word in sorted(group, key=frequency):  # the rarest word rules out most
                left = left[holds(body, body.vocabulary[word], left, backend)]
                if not len(left):
                    break
            held.update(order[left].tolist())
        return held

    # -- ranking ----------------------------------------------------------------------

    def _term_lists(
        self,
        terms: list[str],
        weights: dict[str, float],
        chars: list[str],
        settings: SearchSettings,
    ) -> list[TermList]:
        """One weighted list per query term and field: words in the passage text and in its
        headings, and characters."""
        lists = []
        for name, field_weight, words in (
            ("body", 1.0, terms),
            ("head", settings.head_weight, terms),
            ("chars", settings.char_weight, chars),
        ):
            field = self.fields[name]
            for word in dict.fromkeys(words):
                tid = field.vocabulary.get(word)
                weight = field_weight * (weights.get(word, 1.0) if name != "chars" else 1.0)
                if tid is not None and weight and tid + 1 < len(field.indptr):
                    lists.append(TermList(field, tid, weight))
        return lists

    def _speech_prior(self, naming: list[str]) -> dict[int, float]:
        """speech id → how well the naming words name it, the best speech 1.0."""
        rows, scores = self.speech_field.scores(naming)
        if not len(rows):
            return {}
        best = float(scores.max())
        ids = np.asarray(self.speech_rows)[rows].tolist()
        return dict(zip(ids, (scores / best).tolist(), strict=True))

    def _naming_the_best(
        self,
        query: Query,
        naming: list[str],
        prior: dict[int, float],
        weights: dict[str, float],
    ) -> tuple[list[str], dict[int, float]]:
        """Of several words that name speeches, those naming none of the speeches the
        question names best are words of its subject ("党的十五大的主题": 主题 is in the titles
        of a few 主题教育 speeches, not of the 十五大 report): they count in the passage text
        at their own weight and lift nothing."""
        best = {sid for sid, share in prior.items() if share >= 0.75}
        own = {t.text: t.weight for t in query.terms}
        years = {t.text for t in query.terms if t.stands_for == YEAR}
        kept = []
        for word in naming:
            rows, _ = self.speech_field.scores([word])
            if word in years or best.intersection(np.asarray(self.speech_rows)[rows].tolist()):
                kept.append(word)
            else:
                weights[word] = own[word]
        if len(kept) == len(naming):
            return naming, prior
        return kept, self._speech_prior(kept) if kept else {}

    def _named_exactly(
        self, query: Query, naming: list[str], prior: dict[int, float]
    ) -> dict[int, float]:
        """Among the speeches the naming words name, those the question names whole
        ("2021年政府工作报告": the year and the kind): the kind's words ("政府", "工作",
        "报告"), too common to name a speech alone, choose among them (the 2021 report above
        the 2021 new-year message); and a year named is the speech's own before the next
        year's report, which holds it as the year it reviews (``fields.speech_terms``), unless
        the question names that next year too ("2021年和2022年…")."""
        named = [y for y in query.speech_years if f"{y}年" in naming]
        if not named:
            return prior
        kinds = [t.text for t in query.terms if t.naming is Naming.KIND]
        if kinds:
            rows, scores = self.speech_field.scores(naming + kinds)
            ids = np.asarray(self.speech_rows)[rows].tolist()
            scored = {sid: s for sid, s in zip(ids, scores.tolist(), strict=True) if sid in prior}
            best = max(scored.values(), default=0.0)
            if best > 0:
                prior = {sid: s / best for sid, s in scored.items()}
        for year in named:
            if year + 1 in query.years:
                continue
            reviews = self._holding_speeches(f"{year + 1}年") - self._holding_speeches(
                f"{year - 1}年"
            )
            for sid in reviews.intersection(prior):
                prior[sid] *= _REVIEW_SHARE
        return prior

    def _holding_speeches(self, term: str) -> set[int]:
        rows, _ = self.speech_field.scores([term])
        return set(np.asarray(self.speech_rows)[rows].tolist())

    def _with_reviews(
        self, query: Query, naming: list[str], prior: dict[int, float]
    ) -> dict[int, float]:
        """A year asked about is told by the next year's reports, which the year names too
        (``fields.speech_terms``: a report holds the year before its own), though less than
        the speeches that hold it alone in their file name and title: each speech it names
        takes the share it has for the next year when that is more (the 2018 report, for
        "2017年实际利用外资", as much as the 2017 policy address)."""
        years = {t.text for t in query.terms if t.stands_for == YEAR}
        shifted = list(naming)
        for n, word in enumerate(naming):
            for year in query.reviewed_years:
                if word in years and str(year) in word:
                    shifted[n] = word.replace(str(year), str(year + 1))
        if shifted == naming:
            return prior
        merged = dict(prior)
        for sid, share in self._speech_prior(shifted).items():
            if sid in merged:  # the next year's other speeches review nothing
                merged[sid] = max(merged[sid], share)
        return merged

    def speech_ranges(self) -> dict[int, tuple[int, int]]:
        """speech id → its passages' row range; empty when a speech's rows are not
        stored together."""
        return self._speech_ranges() or {}

    def _speech_ranges(self) -> dict[int, tuple[int, int]] | None:
        """speech id → its passages' row range (rows are in passage id order, and a speech's
        passages are stored together); None if they are not."""
        if self._ranges is None and len(self.speech_ids):
            owners = np.asarray(self.speech_ids)
            starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
            ends = np.r_[starts[1:], len(owners)]
            ranges = {int(owners[a]): (int(a), int(b)) for a, b in zip(starts, ends, strict=True)}
            self._ranges = ranges if len(ranges) == len(starts) else {}
        return self._ranges or None

    def _score_all(
        self,
        lists: list[TermList],
        settings: SearchSettings,
        within: Collection[int] | None,
        prior: dict[int, float],
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every posting of every list scored: for short lists, and within chosen speeches."""
        docs, scores = combine([(*lst.everything(), 1.0) for lst in lists])
        if not len(docs):
            return docs, scores
        owners = np.asarray(self.speech_ids)[docs]
        if within is not None:
            keep = np.isin(owners, np.fromiter(within, np.int64, len(within)))
            docs, scores, owners = docs[keep], scores[keep], owners[keep]
            if not len(docs):
                return docs, scores
        if prior:
            lift = np.array([prior.get(o, 0.0) for o in owners.tolist()])
            scores = scores + settings.speech_weight * float(scores.max()) * lift
        return docs, scores

    def rank(
        self,
        query: Query,
        settings: SearchSettings,
        k: int,
        speech_id: int | None = None,
        within: Collection[int] | None = None,
        named: dict[int, float] | None = None,
    ) -> list[tuple[int, float]]:
        """(passage id, score) of the best k passages: within one speech if ``speech_id``,
        within the speeches ``within`` holds if it is given.

        Across several speeches, query words that name a speech (``Query.naming_words``)
        lift that speech's matching passages and count less in the passage text; ``named``
        (speech id → how well the question's name fits it, the best 1) shares that lift.
        """
        if speech_id is not None:
            within = (speech_id,)
        if within is not None and not within:
            return []
        one_speech = within is not None and len(within) == 1
        terms, chars = query.words, list(query.chars)
        weights = query.weights(settings, across_speeches=not one_speech)
        naming = query.naming_words if not one_speech else []
        prior = self._speech_prior(naming) if naming else {}
        if len(naming) > 1:
            naming, prior = self._naming_the_best(query, naming, prior, weights)
        if prior:
            prior = self._named_exactly(query, naming, prior)
        if prior and query.reviewed_years:
            prior = self._with_reviews(query, naming, prior)
        if named and not one_speech:
            prior = _shared(prior, named, settings.name_fit_weight)
        lists = self._term_lists(terms, weights, chars, settings)
        exhaustive = sum(lst.size for lst in lists) <= self.exhaustive_limit
        backend = settings.backend
        ranges = self._speech_ranges() if prior and not exhaustive else None
        if within is not None or exhaustive or (prior and ranges is None):
            docs, scores = self._score_all(lists, settings, within, prior)
        else:
            n_docs = len(self.passage_ids)
            lift = None
            if prior:  # the lift is relative to the best passage's own score
                best = max_score_top_k(lists, 1, n_docs, backend=backend)[1]
                best = float(best.max(initial=0.0))
                rows = [sid for sid in prior if sid in ranges]
                lift = GroupList(
                    np.array([ranges[sid][0] for sid in rows], np.int64),
                    np.array([ranges[sid][1] for sid in rows], np.int64),
                    np.array([prior[sid] for sid in rows], np.float64),
                    settings.speech_weight * best,
                )
            docs, scores = max_score_top_k(lists, k, n_docs, lift, backend)
        best = top_k(docs, scores, k)
        ids = np.asarray(self.passage_ids)[np.array([d for d, _ in best], np.int64)].tolist()
        return list(zip(ids, [s for _, s in best], strict=True))


# what the next year's report, reviewing a year a question names as its speech's, keeps of
# the lift: below that year's own speeches, above the speeches the year does not name
_REVIEW_SHARE = 0.2


def _shared(prior: dict[int, float], named: dict[int, float], share: float) -> dict[int, float]:
    """The two readings of the speech a question names, ``share`` of the lift from ``named``."""
    both = prior.keys() | named.keys()
    lift = {sid: (1 - share) * prior.get(sid, 0.0) + share * named.get(sid, 0.0) for sid in both}
    return {sid: value for sid, value in lift.items() if value > 0}


def _read_abbreviations(path: Path) -> dict[str, tuple[str, ...]]:
    """The mined short forms saved with the index; StaleIndexError when another miner
    made them (the index is rebuilt from the store, which reads them again)."""
    try:
        saved = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(saved, dict) or saved.get("miner") != MINER_VERSION:
        raise StaleIndexError("abbreviations mined by another version")
    return {short: tuple(fulls) for short, fulls in saved["abbreviations"].items()}
