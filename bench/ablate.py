"""What each part of the shipped search contributes: switch one off, measure again.

    python -m bench.ablate tests/eval/cases-*.jsonl
    python -m bench.ablate --data DIR tests/dev/ask-dev.jsonl tests/eval/cases-*.jsonl

Search-time parts are switched on one library; parts that change the index (passage
windows, the segmenter, the synonym table) are measured on a library ingested again.
With ``--data``, an existing library (e.g. ../shared/corpus and the free corpus-more
documents) is measured instead, search-time parts only.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from speechbot.index.evaluate import evaluate, read_cases, table
from speechbot.index.library import Library, LibraryConfig
from speechbot.index.ranking import BM25Params

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

SEARCH_TIME = {
    "no speech-level field": {"speech_weight": 0.0},
    "naming words at full weight": {"naming_term_weight": 1.0},
    "kind words at full weight": {"kind_term_weight": 1.0},
    "no heading field": {"head_weight": 0.0},
    "no character field": {"char_weight": 0.0},
    "characters of every word": {"char_mode": "all"},
    "no synonyms": {"synonym_weight": 0.0},
    "no mined abbreviations": {"mined_abbreviations": False},
    "sub-words at 0.3": {"subword_weight": 0.3},
    "no figure preference": {"figure_weight": 0.0},
    "no homophone typos": {"typo_weight": 0.0},
    "one hit per window": {"one_hit_per_paragraph": False},
    "no Cilin thesaurus": {"thesaurus_weight": 0.0},
    "no English glossary": {"glossary_weight": 0.0},
    "no phrase preference": {"phrase_weight": 0.0},
    "no year preference": {"year_weight": 0.0},
    "no region naming": {"region_naming": False},
    "no part words": {"part_weight": 0.0},
    "no same-figure preference": {"same_figure_weight": 0.0},
    "no place preference": {"place_weight": 0.0},
    "common words may name speeches": {"naming_text_share": 0.0},
}
INGEST_TIME = {
    "no passage windows": {"passage_chars": 10**9},
    "jieba instead of rjieba": {"segmenter": "jieba"},
}


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--data"]:
        cases = [c for path in args[2:] for c in read_cases(path, CORPUS.parent)]
        print(table(search_time(Library(args[1]), cases)))
        return
    cases = [c for path in args for c in read_cases(path, CORPUS.parent)]
    files = sorted(CORPUS.glob("*.txt"))
    reports = []
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "shipped")
        library.ingest(files)
        reports += search_time(library, cases)
        for name, change in INGEST_TIME.items():
            other = Library(Path(tmp) / name.replace(" ", "-"), LibraryConfig(**change))
            other.ingest(files)
            report = evaluate(other, cases)
            report.system = name
            reports.append(report)
            other.close()
    print(table(reports))


def search_time(library: Library, cases: list) -> list:
    """The shipped search and each search-time part switched off, on one library."""
    shipped = library.config.settings
    reports = []
    report = evaluate(library, cases)
    report.system = "shipped"
    reports.append(report)
    for name, change in SEARCH_TIME.items():
        library.set_search_settings(replace(shipped, **change))
        report = evaluate(library, cases)
        report.system = name
        reports.append(report)
    library.set_search_settings(replace(shipped, bm25=BM25Params(idf="okapi")))
    report = evaluate(library, cases)
    report.system = "okapi IDF (rank-bm25's)"
    reports.append(report)
    library.close()
    return reports


if __name__ == "__main__":
    main()
