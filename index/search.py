"""Question → Hits: the analysis chain, the BM25 fields and the store put together.

A passage is scored on three fields: its own words, the words of its section headings
(weighted lower), and single characters (weighted lowest, so that "知" still finds
"知道" and parts of words match).  Near-identical passages are shown once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .analysis import Analyzer
from .answer_type import asks_for_figure
from .expansion import sound_alike_terms, thesaurus_terms
from .model import Hit, Passage, Ref, Speech
from .ranking import BM25Field, BM25Params, combine, load_vocabulary, save_vocabulary, top_k
from .rerank import phrases, prefer_figures, prefer_phrases
from .store import Store, StoredPassage
from .topk import GroupList, TermList, max_score_top_k

FIELDS = ("body", "head", "chars")
# below this many postings in all, every posting is scored the plain way (0: never; the
# tests compare both ways)
EXHAUSTIVE_LIMIT = 0


@dataclass(frozen=True)
class SearchSettings:
    """Field weights and BM25 parameters (tuned by ``speechbot eval``)."""

    head_weight: float = 0.4
    char_weight: float = 0.15
    speech_weight: float = 0.5  # how much a question naming a speech lifts that speech
    naming_share: float = 0.3  # a word in at most this share of speeches' metadata names them
    naming_term_weight: float = 0.1  # such a word's weight in the passage text itself
    kind_term_weight: float = 0.5  # a word in many speeches' titles (政府工作报告) counts less
    subword_weight: float = 1.0  # sub-words of a long query word ("经济" of "民营经济")
    synonym_weight: float = 0.5  # words from the synonym table
    # "all" characters of the query, or only those of words the word field does not know:
    # equal on the evaluation set (R@3 0.947 both), and it scores far fewer postings
    char_mode: str = "uncovered"
    bm25: BM25Params = BM25Params()
    candidates: int = 4  # how many more hits to score than asked, for de-duplication
    # a question asking for a figure ("多少") prefers passages stating one, among candidates
    figure_weight: float = 0.5
    typo_weight: float = 0.7  # a word no passage has, read as a same-sounding one
    one_hit_per_paragraph: bool = True  # windows of a long paragraph share its reference
    # words of equal meaning from Cilin (看病 → 就诊, 外地 → 异地), at most this many per
    # query word (those the archive holds), at this weight
    thesaurus_words: int = 2
    thesaurus_weight: float = 0.3
    # candidates holding two words of the question as typed, one after the other ("队伍建设"),
    # score up to (1 + phrase_weight) times more, by the share of such pairs they hold
    phrase_weight: float = 0.5


def passage_terms(
    analyzer: Analyzer,
    passage: Passage,
    heading_cache: dict[tuple[str, ...], list[str]] | None = None,
    normalised_speech: str | None = None,
) -> tuple[list[str], list[str], list[str]]:
    """The three analysed fields of a passage, as the index stores them.  Passages of one
    section share their headings: pass a ``heading_cache`` to analyse those once, and
    ``normalise(speech.text)`` to normalise the speech once."""
    heading_cache = {} if heading_cache is None else heading_cache
    head = heading_cache.get(passage.headings)
    if head is None:
        head = heading_cache[passage.headings] = analyzer.index_terms(" ".join(passage.headings))
    norm = normalised_speech[passage.start : passage.end] if normalised_speech else None
    body, chars = analyzer.fields(passage.text, norm)
    return body, head, chars


def speech_terms(analyzer: Analyzer, speech: Speech) -> list[str]:
    """Speech-level terms: the title, the file name, the year (from the date, else from the
    file name), the speaker, the occasion, and the short name of a party congress."""
    stem = Path(speech.source).stem.replace("-", " ").replace("_", " ")
    year = speech.date[:4] if speech.date else ""
    if not year and (named := re.search(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", stem)):
        year = named.group(1)
    fields = (speech.title, stem, f"{year}年" if year else "", speech.speaker, speech.occasion)
    meta = " ".join(x for x in fields if x)
    meta += "".join(f" {n}大" for n in _CONGRESS.findall(meta))  # 第十九次全国代表大会 → 十九大
    return analyzer.index_terms(meta)


_CONGRESS = re.compile(r"第([一二三四五六七八九十]+)次全国代表大会")


class SearchIndex:
    """The BM25 fields over every stored passage, row → passage/speech maps, and a
    speech-level field (one document per speech)."""

    def __init__(
        self,
        fields: dict[str, BM25Field],
        passage_ids: np.ndarray,
        speech_ids: np.ndarray,
        speech_field: BM25Field,
        speech_rows: np.ndarray,
    ):
        self.fields = fields
        self.passage_ids = passage_ids
        self.speech_ids = speech_ids
        self.speech_field = speech_field
        self.speech_rows = speech_rows  # speech field document → speech id
        self.exhaustive_limit = EXHAUSTIVE_LIMIT
        self.compiled: bool | None = None  # MaxScore in C (None: when built) or numpy
        self._ranges: dict[int, tuple[int, int]] | None = None

    @classmethod
    def build(cls, store: Store, params: BM25Params = BM25Params()) -> SearchIndex:
        """From the stored term ids: nothing is re-tokenised, and no loop runs over terms."""
        passage_ids, speech_ids, columns = store.term_columns()
        vocabulary = store.vocabulary()
        fields = {
            name: BM25Field.from_flat(*columns.pop(name), vocabulary, params) for name in FIELDS
        }
        speeches = list(store.speech_terms())
        speech_field = BM25Field.build([terms for _, terms in speeches], params)
        return cls(
            fields,
            passage_ids,
            speech_ids,
            speech_field,
            np.asarray([sid for sid, _ in speeches], np.int64),
        )

    def save(self, folder: Path) -> None:
        save_vocabulary(folder / "vocab.json", self.fields["body"].vocabulary)
        for name, field in self.fields.items():
            field.save(folder, name, vocabulary=False)
        np.save(folder / "passage_ids.npy", self.passage_ids)
        np.save(folder / "speech_ids.npy", self.speech_ids)
        self.speech_field.save(folder, "speech")
        np.save(folder / "speech_rows.npy", self.speech_rows)

    @classmethod
    def load(cls, folder: Path, params: BM25Params = BM25Params()) -> SearchIndex:
        vocabulary = load_vocabulary(folder / "vocab.json")
        fields = {name: BM25Field.load(folder, name, params, vocabulary) for name in FIELDS}
        return cls(
            fields,
            np.load(folder / "passage_ids.npy", mmap_mode="r"),
            np.load(folder / "speech_ids.npy", mmap_mode="r"),
            BM25Field.load(folder, "speech", params),
            np.load(folder / "speech_rows.npy"),
        )

    def __len__(self) -> int:
        return len(self.passage_ids)

    def _uncovered_chars(self, terms: list[str], chars: list[str]) -> list[str]:
        """The characters the word field cannot answer for: those of query words it does not
        know (typos, new words) and single-character words ("知" must find "知道").  Scoring
        every character of every query costs postings proportional to the archive."""
        body = self.fields["body"]
        wanted = {c for t in terms if len(t) == 1 or body.document_frequency(t) == 0 for c in t}
        return [c for c in chars if c in wanted]

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
        speech_id: int | None,
        prior: dict[int, float],
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every posting of every list scored: for short lists, and within one speech."""
        docs, scores = combine([(*lst.everything(), 1.0) for lst in lists])
        if not len(docs):
            return docs, scores
        owners = np.asarray(self.speech_ids)[docs]
        if speech_id is not None:
            keep = owners == speech_id
            return docs[keep], scores[keep]
        if prior:
            lift = np.array([prior.get(o, 0.0) for o in owners.tolist()])
            scores = scores + settings.speech_weight * float(scores.max()) * lift
        return docs, scores

    def rank(
        self,
        terms: list[str],
        chars: list[str],
        settings: SearchSettings,
        k: int,
        speech_id: int | None = None,
        weights: dict[str, float] | None = None,
        origins: dict[str, str] | None = None,
    ) -> list[tuple[int, float]]:
        """(passage id, score) of the best k passages.

        Query words that name a speech (they occur in few speeches' title, year, speaker or
        occasion: "2018年", "河南") select that speech: they count less in the passage text and
        lift the named speech's matching passages instead.
        """
        weights = dict(weights or dict.fromkeys(terms, 1.0))
        naming: list[str] = []
        if speech_id is None and settings.speech_weight:
            limit = max(1, int(len(self.speech_rows) * settings.naming_share))
            origins = origins or {}
            for term in terms:
                origin = origins.get(term, term)
                if origin not in (term, "#year") and not self.speech_field.document_frequency(
                    origin
                ):
                    continue  # part of a word that names no speech ("团结" of "紧密团结")
                df = self.speech_field.document_frequency(term)
                if 0 < df <= limit:  # names a few speeches: "2018年", "河南", "科学家座谈会"
                    naming.append(term)
                    weights[term] = weights.get(term, 1.0) * settings.naming_term_weight
                elif df > limit:  # names a kind of speech: "政府工作报告", "讲话"
                    weights[term] = weights.get(term, 1.0) * settings.kind_term_weight
        if settings.char_mode == "uncovered":
            chars = self._uncovered_chars(terms, chars)
        lists = self._term_lists(terms, weights, chars, settings)
        prior = self._speech_prior(naming) if naming and speech_id is None else {}
        exhaustive = sum(lst.size for lst in lists) <= self.exhaustive_limit
        ranges = self._speech_ranges() if prior and not exhaustive else None
        if speech_id is not None or exhaustive or (prior and ranges is None):
            docs, scores = self._score_all(lists, settings, speech_id, prior)
        else:
            n_docs = len(self.passage_ids)
            lift = None
            if prior:  # the lift is relative to the best passage's own score
                best = max_score_top_k(lists, 1, n_docs, compiled=self.compiled)[1]
                best = float(best.max(initial=0.0))
                rows = [sid for sid in prior if sid in ranges]
                lift = GroupList(
                    np.array([ranges[sid][0] for sid in rows], np.int64),
                    np.array([ranges[sid][1] for sid in rows], np.int64),
                    np.array([prior[sid] for sid in rows], np.float64),
                    settings.speech_weight * best,
                )
            docs, scores = max_score_top_k(lists, k, n_docs, lift, self.compiled)
        return [(int(self.passage_ids[d]), s) for d, s in top_k(docs, scores, k)]


def search(
    question: str,
    *,
    index: SearchIndex,
    store: Store,
    analyzer: Analyzer,
    top: int = 5,
    speech_id: int | None = None,
    settings: SearchSettings = SearchSettings(),
) -> list[Hit]:
    """The ``top`` passages that best answer ``question``, de-duplicated, best first."""
    origins: dict[str, str] = {}
    weights = analyzer.weighted_query(
        question, settings.subword_weight, settings.synonym_weight, origins
    )
    frequency = index.fields["body"].document_frequency
    thesaurus = thesaurus_terms(frequency, weights, settings, origins)
    weights.update((word, weight) for word, weight in thesaurus.items() if word not in weights)
    corrections = sound_alike_terms(frequency, weights, settings.typo_weight, origins)
    weights.update((fixed, weight) for fixed, weight in corrections.items() if fixed not in weights)
    terms = list(weights)
    chars = analyzer.query_chars(question)
    if not terms and not chars:
        return []
    ranked = index.rank(
        terms, chars, settings, top * settings.candidates, speech_id, weights, origins
    )
    stored = _LazyPassages(store, [pid for pid, _ in ranked], batch=top + 2)
    if settings.figure_weight and asks_for_figure(question):
        ranked = prefer_figures(ranked, stored.all(), settings.figure_weight)
    if settings.phrase_weight:
        pairs = phrases(analyzer, question)
        if pairs:
            ranked = prefer_phrases(ranked, stored.all(), pairs, settings.phrase_weight)
    hits: list[Hit] = []
    seen: list[str] = []
    refs: set[Ref] = set()
    for pid, score in ranked:
        passage = stored.get(pid)
        if passage is None:
            continue  # removed since the index was loaded
        ref = Ref(passage.speech_id, passage.section_path, passage.paragraph)
        if settings.one_hit_per_paragraph and ref in refs:
            continue  # another window of a paragraph already shown (its best one)
        refs.add(ref)
        fingerprint = _fingerprint(passage.text)
        if any(_near_duplicate(fingerprint, other) for other in seen):
            continue
        seen.append(fingerprint)
        hits.append(
            Hit(
                speech_id=passage.speech_id,
                title=passage.title,
                date=passage.date,
                source=passage.source,
                ref=ref,
                path=passage.headings,
                text=passage.text,
                spans=tuple(analyzer.match_spans(passage.text, question, terms)),
                score=round(score, 4),
            )
        )
        if len(hits) == top:
            break
    return hits


class _LazyPassages:
    """The candidates' stored passages, read in batches as the hits need them: most
    searches show the first few candidates, and each read touches its speech's text."""

    def __init__(self, store: Store, ids: list[int], batch: int) -> None:
        self._store, self._ids, self._batch = store, ids, batch
        self._read: dict[int, StoredPassage] = {}
        self._next = 0

    def get(self, pid: int) -> StoredPassage | None:
        while pid not in self._read and self._next < len(self._ids):
            part = self._ids[self._next : self._next + self._batch]
            self._next += len(part)
            self._read.update(self._store.passages(part))
            self._batch *= 2
        return self._read.get(pid)

    def all(self) -> dict[int, StoredPassage]:
        if self._next < len(self._ids):
            self._read.update(self._store.passages(self._ids[self._next :]))
            self._next = len(self._ids)
        return self._read


def _fingerprint(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


@functools.lru_cache(maxsize=256)  # a search compares each hit with those before it
def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _near_duplicate(a: str, b: str) -> bool:
    """Same paragraph in two variants: equal, or sharing 90% of character bigrams."""
    if a == b:
        return True
    if min(len(a), len(b)) < 0.8 * max(len(a), len(b)):
        return False
    grams_a, grams_b = _bigrams(a), _bigrams(b)
    if not grams_a or not grams_b:
        return False
    return len(grams_a & grams_b) / min(len(grams_a), len(grams_b)) >= 0.9
