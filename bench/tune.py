"""Tune the search settings on held-out folds: keep a change only if it helps unseen questions.

    python -m bench.tune tests/eval/cases-*.jsonl

Cases are split in two folds (by a hash of their id).  On each fold in turn, coordinate
ascent picks the best value of each setting on the *other* fold (objective: Recall@3 +
MRR@10 of ask cases), and the result is measured on this fold.  Prints, per setting, what
the chosen value gave on the held-out fold against the shipped default.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from dataclasses import replace
from pathlib import Path

from speechbot.index.evaluate import evaluate, read_cases
from speechbot.index.library import Library, LibraryConfig
from speechbot.index.ranking import BM25Params
from speechbot.index.search import SearchSettings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

GRID = {
    "head_weight": [0.0, 0.2, 0.4, 0.8],
    "char_weight": [0.0, 0.05, 0.15, 0.3],
    "speech_weight": [0.0, 0.25, 0.5, 1.0],
    "naming_term_weight": [0.1, 0.3, 0.6, 1.0],
    "kind_term_weight": [0.2, 0.5, 1.0],
    "subword_weight": [0.3, 0.6, 1.0],
    "synonym_weight": [0.0, 0.3, 0.5, 0.8],
    "k1": [0.9, 1.2, 1.6],
    "b": [0.5, 0.75, 0.9],
    "idf": ["lucene", "okapi"],
    "char_mode": ["all", "uncovered"],
    "figure_weight": [0.0, 0.25, 0.5, 1.0],
    "typo_weight": [0.0, 0.4, 0.7, 1.0],
    "thesaurus_weight": [0.0, 0.3, 0.5],
    "phrase_weight": [0.0, 0.25, 0.5, 1.0],
}


def with_value(settings: SearchSettings, name: str, value) -> SearchSettings:
    if name in ("k1", "b", "idf"):
        return replace(settings, bm25=replace(settings.bm25, **{name: value}))
    return replace(settings, **{name: value})


def value_of(settings: SearchSettings, name: str):
    return getattr(settings.bm25, name) if name in ("k1", "b", "idf") else getattr(settings, name)


def objective(library: Library, cases, settings: SearchSettings) -> float:
    library.set_search_settings(settings)
    report = evaluate(library, [c for c in cases if c.kind == "ask"], top=10)
    return report.recall(3) + report.mrr(10)


def ascend(library: Library, cases, start: SearchSettings, rounds: int = 2) -> SearchSettings:
    best, best_score = start, objective(library, cases, start)
    for _ in range(rounds):
        for name, values in GRID.items():
            for value in values:
                trial = with_value(best, name, value)
                score = objective(library, cases, trial)
                if score > best_score + 1e-9:
                    best, best_score = trial, score
    return best


def fold_of(case_id: str) -> int:
    return int(hashlib.sha256(case_id.encode()).hexdigest(), 16) % 2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="+")
    parser.add_argument("--passage-chars", type=int, default=320)
    args = parser.parse_args()
    cases = [c for path in args.cases for c in read_cases(path, CORPUS.parent) if c.kind == "ask"]
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(tmp, LibraryConfig(passage_chars=args.passage_chars))
        library.ingest(sorted(CORPUS.glob("*.txt")))
        default = SearchSettings(bm25=BM25Params())
        folds = [[c for c in cases if fold_of(c.id) == f] for f in (0, 1)]
        for held in (0, 1):
            train, test = folds[1 - held], folds[held]
            chosen = ascend(library, train, default)
            base = objective(library, test, default)
            tuned = objective(library, test, chosen)
            print(f"fold {held}: held-out objective default {base:.3f} → tuned {tuned:.3f}")
            for name in GRID:
                if value_of(chosen, name) != value_of(default, name):
                    alone = objective(
                        library, test, with_value(default, name, value_of(chosen, name))
                    )
                    print(
                        f"  {name}: {value_of(default, name)} → {value_of(chosen, name)}"
                        f"  (alone on held-out: {alone - base:+.3f})"
                    )
        library.close()


if __name__ == "__main__":
    main()
