"""The evaluation commands: ``eval`` (recall, MRR and quote accuracy over JSONL cases, with
baselines in the same run) and ``eval-outline`` (headings and paths against a gold outline).
Each builds its JSON payload and its table; the command line prints one of them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .errors import SpeechbotError
from .evaluate import BASELINES, evaluate, evaluate_baseline, read_cases, table
from .library import Library

__all__ = ["add_evaluation_options", "add_outline_options", "evaluation_report", "outline_report"]


def add_evaluation_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cases", nargs="+", help="JSONL 问题集（可多个）")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument(
        "--baseline", action="append", choices=BASELINES, default=[], help="同时评测基线（可重复）"
    )
    parser.add_argument("--shared", help="答案以位置给出时，文档所在的目录（如 ../shared）")


def add_outline_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", nargs="+", help="JSONL 标准提纲（可多个）")
    parser.add_argument("--shared", required=True, help="文档所在的目录（如 ../shared）")


def evaluation_report(library: Library, args: argparse.Namespace) -> tuple[Any, str]:
    cases = [case for path in args.cases for case in read_cases(path, args.shared)]
    stored = {info.source for info in library.list()}
    missing = sorted({case.doc for case in cases} - stored)
    if missing:  # every such case would count as a miss: the figures would mean nothing
        shown = "、".join(missing[:5]) + ("…" if len(missing) > 5 else "")
        raise SpeechbotError(
            f"评测用例所指的 {len(missing)} 个文件不在资料库中，请先 ingest：{shown}"
            f" ({len(missing)} files the cases refer to are not in the library)"
        )
    reports = [evaluate(library, cases, top=args.top)]
    reports += [evaluate_baseline(library, cases, name, top=args.top) for name in args.baseline]
    payload = {
        "systems": [
            {
                "system": r.system,
                "figures": r.figures(),
                "cases": [
                    {
                        "id": c.case.id,
                        "kind": c.case.kind,
                        "form": c.case.form,
                        "rank": c.rank,
                        "top": c.top,
                    }
                    for c in r.results
                ],
            }
            for r in reports
        ]
    }
    return payload, table(reports)


def outline_report(library: Library, args: argparse.Namespace) -> tuple[Any, str]:
    from .evaluate_outline import evaluate_outlines, outline_table, read_gold, totals

    entries = [entry for path in args.gold for entry in read_gold(path)]
    scores = evaluate_outlines(library, Path(args.shared), entries)
    payload = {
        "documents": [
            {
                "doc": s.doc,
                "gold": s.gold,
                "parsed": s.parsed,
                "misses": s.misses,
                **s.figures,
                "recall_by_kind": s.recall_by_kind,
            }
            for s in scores
        ],
        "total": totals(scores).figures,
        "recall_by_kind": totals(scores).recall_by_kind,
    }
    return payload, outline_table(scores)
