"""Answer quality: run a JSONL question set against the library and two baselines.

A case is ``{"id", "doc", "question", "answer_contains", "kind": "ask" | "quote"}``, or, in the
held-out sets (tests/blind), the answer as a position in a shared document: ``{"id", "doc",
"question" | "request", "answer": [line, column, length], "also": [[doc, line, column, length]],
"class" | "form", "scoped"}`` (see positions.py); those are read with ``shared=`` the folder the
``doc`` names are relative to. An ask case is found at rank r when the r-th hit's verbatim text
contains one of its answers (white space ignored); a quote case is right when the quoted text
starts with it (a position names the target heading) or, for the older sets, the quoted heading
contains it. Baselines score the same passages:

- ``naive``: rank-bm25 BM25Okapi over plain ``jieba.lcut`` tokens, no stopwords, no headings;
- ``bigram``: BM25 over overlapping character bigrams (Lucene's CJK approach).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .errors import SpeechbotError
from .library import Library
from .positions import text_at
from .ranking import BM25Field, top_k

BASELINES = ("naive", "bigram")


@dataclass(frozen=True)
class Case:
    id: str
    doc: str
    question: str
    answer_contains: str
    kind: str = "ask"
    form: str = ""
    also: tuple[str, ...] = ()  # other texts that answer it as well (another version of a speech)
    also_docs: tuple[str, ...] = ()
    scoped: bool = True  # a quote asked with its speech chosen; False: of the whole library
    positional: bool = False  # the answer names a heading by position: the quote must start there

    @property
    def answers(self) -> tuple[str, ...]:
        return (self.answer_contains, *self.also)


@dataclass
class CaseResult:
    case: Case
    rank: int | None  # 1-based rank of the first hit holding the answer (ask), or 1/None (quote)
    top: list[dict] = field(default_factory=list)


@dataclass
class Report:
    system: str
    results: list[CaseResult]
    top: int

    def _ask(self) -> list[CaseResult]:
        return [r for r in self.results if r.case.kind == "ask"]

    def recall(self, k: int) -> float:
        ask = self._ask()
        return sum(r.rank is not None and r.rank <= k for r in ask) / len(ask) if ask else 0.0

    def mrr(self, k: int = 10) -> float:
        ask = self._ask()
        return sum(1 / r.rank for r in ask if r.rank and r.rank <= k) / len(ask) if ask else 0.0

    def quote_accuracy(self) -> float | None:
        quotes = [r for r in self.results if r.case.kind == "quote"]
        return sum(r.rank == 1 for r in quotes) / len(quotes) if quotes else None

    def figures(self) -> dict[str, float | None | int]:
        return {
            "ask_cases": len(self._ask()),
            "recall@1": round(self.recall(1), 4),
            "recall@3": round(self.recall(3), 4),
            "recall@10": round(self.recall(10), 4),
            "mrr@10": round(self.mrr(10), 4),
            "quote_cases": sum(r.case.kind == "quote" for r in self.results),
            "quote_accuracy": None
            if self.quote_accuracy() is None
            else round(self.quote_accuracy(), 4),
        }


def read_cases(path: str | Path, shared: str | Path | None = None) -> list[Case]:
    cases = []
    for number, line in enumerate(Path(path).read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if "answer" in data:
                data = _positional(data, shared, path)
            cases.append(Case(**{k: data[k] for k in Case.__dataclass_fields__ if k in data}))
        except (json.JSONDecodeError, TypeError, KeyError, ValueError, SpeechbotError) as exc:
            raise SpeechbotError(f"{path} 第 {number} 行格式错误: {exc}") from exc
    return cases


def _positional(data: dict, shared: str | Path | None, path: str | Path) -> dict:
    """A held-out case: its answers read from the shared documents, its doc as a file name."""
    if shared is None:
        raise SpeechbotError(f"{path}: 答案以位置给出，请用 --shared 指明文档所在目录")
    root = Path(shared)
    also = [text_at(root / doc, *place) for doc, *place in data.get("also", ())]
    return {
        "id": data["id"],
        "doc": Path(data["doc"]).name,
        "question": data.get("question") or data["request"],
        "answer_contains": text_at(root / data["doc"], *data["answer"]),
        "kind": "quote" if "request" in data else "ask",
        "form": data.get("class") or data.get("form", ""),
        "also": tuple(also),
        "also_docs": tuple(Path(doc).name for doc, *_ in data.get("also", ())),
        "scoped": data.get("scoped", True),
        "positional": True,
    }


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def evaluate(library: Library, cases: Sequence[Case], top: int = 10) -> Report:
    """The shipped configuration."""
    speech_of = _speech_ids_by_source(library)
    results = []
    for case in cases:
        if case.kind == "quote":
            results.append(_quote_case(library, case, speech_of))
            continue
        hits = library.search(case.question, top=top)
        tops = [{"ref": str(h.ref), "source": h.source, "text": h.text} for h in hits]
        results.append(CaseResult(case, _rank([h.text for h in hits], case), tops))
    return Report("speechbot", results, top)


def evaluate_baseline(library: Library, cases: Sequence[Case], name: str, top: int = 10) -> Report:
    """A baseline over the same passages (ask cases only; quote cases are not its job)."""
    rows = []
    for info in library.list():
        speech = library.speech(info.id)
        rows += [
            (str(p.ref), info.source, p.text) for p in speech.passages(library.config.passage_chars)
        ]
    rank = _naive(rows) if name == "naive" else _bigram(rows)
    results = []
    for case in cases:
        if case.kind != "ask":
            continue
        order = rank(case.question, top)
        tops = [{"ref": rows[i][0], "source": rows[i][1], "text": rows[i][2]} for i in order]
        results.append(CaseResult(case, _rank([t["text"] for t in tops], case), tops))
    return Report(f"baseline:{name}", results, top)


def _rank(texts: Sequence[str], case: Case) -> int | None:
    wanted = [squash(answer) for answer in case.answers]
    for rank, text in enumerate(texts, start=1):
        held = squash(text)
        if any(answer in held for answer in wanted):
            return rank
    return None


def _quote_case(library: Library, case: Case, speech_of: dict[str, list[int]]) -> CaseResult:
    if case.scoped:
        scopes: list[int | None] = list(speech_of.get(case.doc, []))
    else:
        scopes = [None]
    docs = {case.doc, *case.also_docs}
    wanted = [squash(answer) for answer in case.answers]
    for speech_id in scopes:
        result = library.quote(case.question, speech_id=speech_id)
        if result.quote:
            quote = result.quote
            text = squash(quote.text)
            right = any(text.startswith(answer) for answer in wanted)
            if not case.positional:
                right = right or (bool(quote.path) and wanted[0] in squash(quote.path[-1]))
            source = library.info(quote.ref.speech_id).source
            # a speech held twice is quoted from one copy, the other named beside it
            sources = {source, *(library.info(ref.speech_id).source for ref in quote.copies)}
            right = right and (case.scoped or bool(sources & docs))
            top = [{"ref": str(quote.ref), "source": source, "text": quote.text[:200]}]
            return CaseResult(case, 1 if right else None, top)
        if result.candidates:
            top = [
                {"ref": str(c.ref), "source": case.doc, "text": " › ".join(c.path)}
                for c in result.candidates
            ]
            return CaseResult(case, None, top)
    return CaseResult(case, None, [])


def _speech_ids_by_source(library: Library) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for info in library.list():
        out.setdefault(info.source, []).append(info.id)
    return out


def _naive(rows: Sequence[tuple[str, str, str]]) -> Callable[[str, int], list[int]]:
    import jieba
    from rank_bm25 import BM25Okapi

    model = BM25Okapi([jieba.lcut(text) or [""] for _, _, text in rows])

    def rank(question: str, k: int) -> list[int]:
        scores = model.get_scores(jieba.lcut(question))
        order = np.argsort(-scores, kind="stable")[:k]
        return [int(i) for i in order if scores[i] > 0]

    return rank


def bigrams(text: str) -> list[str]:
    """Lucene CJK analysis: width/case folding, overlapping bigrams of CJK runs, other words whole."""
    text = unicodedata.normalize("NFKC", text).lower()
    out: list[str] = []
    for run in re.findall(r"[\u4e00-\u9fff]+|[a-z0-9.%]+", text):
        if run[0] >= "\u4e00":
            out += [run[i : i + 2] for i in range(len(run) - 1)] or [run]
        else:
            out.append(run)
    return out


def _bigram(rows: Sequence[tuple[str, str, str]]) -> Callable[[str, int], list[int]]:
    field_ = BM25Field.build([bigrams(text) for _, _, text in rows])

    def rank(question: str, k: int) -> list[int]:
        return [doc for doc, _ in top_k(*field_.scores(bigrams(question)), k)]

    return rank


def table(reports: Sequence[Report]) -> str:
    """Figures side by side, as printed by ``speechbot eval``."""
    width = max([18, *(len(r.system) + 1 for r in reports)])
    head = f"{'system':<{width}} {'R@1':>6} {'R@3':>6} {'R@10':>6} {'MRR@10':>7} {'quote':>6}"
    lines = [head, "-" * len(head)]
    for report in reports:
        f = report.figures()
        quote = "-" if f["quote_accuracy"] is None else f"{f['quote_accuracy']:.3f}"
        lines.append(
            f"{report.system:<{width}} {f['recall@1']:>6.3f} {f['recall@3']:>6.3f} {f['recall@10']:>6.3f}"
            f" {f['mrr@10']:>7.3f} {quote:>6}"
        )
    first = reports[0].figures() if reports else {}
    lines.append(
        f"({first.get('ask_cases', 0)} ask cases, {first.get('quote_cases', 0)} quote cases)"
    )
    forms = sorted({r.case.form for report in reports for r in report.results if r.case.form})
    if len(forms) > 1:
        lines += ["", by_form(reports, forms)]
    return "\n".join(lines)


def by_form(reports: Sequence[Report], forms: Sequence[str]) -> str:
    """R@3 (ask) or accuracy (quote) of each system per case class, with the class's size."""
    width = max(len(f) for f in forms) + 1
    head = f"{'class':<{width}} {'n':>4} " + " ".join(f"{r.system[-12:]:>12}" for r in reports)
    lines = [head, "-" * len(head)]
    for form in forms:
        cells, size = [], 0
        for report in reports:
            chosen = [r for r in report.results if r.case.form == form]
            size = max(size, len(chosen))
            if not chosen:
                cells.append(f"{'-':>12}")
                continue
            if chosen[0].case.kind == "quote":
                right = sum(r.rank == 1 for r in chosen)
            else:
                right = sum(r.rank is not None and r.rank <= 3 for r in chosen)
            cells.append(f"{right / len(chosen):>12.3f}")
        lines.append(f"{form:<{width}} {size:>4} " + " ".join(cells))
    lines.append("(ask classes: R@3; quote forms: accuracy)")
    return "\n".join(lines)
