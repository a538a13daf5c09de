"""The ``speechbot`` command: argument parsing and printing, nothing else."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .charts import outline_tree, speeches_by_year, years_table
from .citation import citation
from .cli_across import add_ask_options, ask_across, scope_from_args, searched_line
from .cli_eval import add_evaluation_options, add_outline_options, evaluation_report, outline_report
from .cli_reanalyse import add_reanalyse_options, reanalyse_report, say_if_stale
from .config import load_settings
from .errors import SpeechbotError
from .ingest import default_workers
from .library import IngestOutcome, Library
from .mentions import quoted_phrase
from .model import Hit
from .progress import progress_bar
from .quote import QuoteResult
from .scope import asks_side_by_side
from .store import SpeechInfo
from .summary import Summary, outline_only

BOLD, RESET = "\033[1m", "\033[0m"
READ_IN_CHINESE = (
    "问题按中文理解：英文只认得常见的政策用语（如 deficit、jobs、GDP），请用中文提问。"
    "(Questions are read in Chinese; only common policy terms are understood in English.)"
)


def build_parser(
    more_commands: Callable[[Any], None] | None = None,
) -> argparse.ArgumentParser:
    """The command line; ``more_commands(subparsers)`` adds a front end's own commands."""
    parser = argparse.ArgumentParser(
        prog="speechbot",
        description="检索、引用和摘要讲话稿 (search, quote and summarise speeches)",
    )
    parser.add_argument("--config", help="配置文件 (TOML)；默认 $SPEECHBOT_CONFIG 或 ./config.toml")
    parser.add_argument("--data", help="数据目录；默认配置中的 data_dir 或 ./data")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--json", action="store_true", help="输出 JSON")
        return p

    p = command("ingest", "导入文件或文件夹 (txt, md, docx, pdf, html)")
    p.add_argument("paths", nargs="+")
    p.add_argument(
        "--jobs", type=int, default=default_workers(), help="并行分析的进程数（默认：CPU 核数）"
    )
    command("list", "列出已导入的讲话")
    p = command("outline", "显示讲话的提纲及引用编号")
    p.add_argument("speech_id", type=int)
    p = command("ask", "提问：返回最相关的原文段落；问题加引号（'\"雄安新区\"'）列出每一处原文")
    p.add_argument("question")
    p.add_argument("--top", type=int, default=5)
    add_ask_options(p)
    p.add_argument("--cite", action="store_true", help="每条结果附上可直接粘贴的引文")
    p = command("quote", "引用某一部分的全文，如 一、 (二) 二、三是 第一部分第二点 3:1.2")
    p.add_argument("point")
    p.add_argument("--speech", type=int)
    p.add_argument("--cite", action="store_true", help="附上可直接粘贴的引文")
    p = command("summary", "讲话摘要：提纲、关键词、要点句")
    p.add_argument("speech_id", type=int)
    p.add_argument("--image", metavar="PNG", help="把提纲画成图片 (PNG) 存到此文件")
    p.add_argument("--tree", action="store_true", help="只显示提纲的树形图")
    p = command("stats", "按年份统计讲话篇数（表格；--image 另存柱状图）")
    p.add_argument("--image", metavar="PNG", help="把柱状图存到此文件 (PNG)")
    p = command("remove", "删除一篇讲话")
    p.add_argument("speech_id", type=int)
    add_reanalyse_options(
        command("reanalyse", "升级后用当前版本重新分析全部讲话（提纲、分词），引用编号不变"),
        default_workers(),
    )
    add_evaluation_options(command("eval", "评测检索质量：Recall@1/3/10、MRR@10、引用准确率"))
    add_outline_options(
        command("eval-outline", "评测提纲：标题的准确率、召回率、层级，段落路径是否正确")
    )
    if more_commands:
        more_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None, args: argparse.Namespace | None = None) -> int:
    args = args or build_parser().parse_args(argv)
    try:
        settings = load_settings(args)
        library = Library(settings.data_dir, settings.library)
        try:
            say_if_stale(library, args.command)
            return COMMANDS[args.command](library, args)
        finally:
            library.close()
    except SpeechbotError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _emit(args: argparse.Namespace, payload: Any, text: str) -> None:
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(text)


def cmd_ingest(library: Library, args: argparse.Namespace) -> int:
    # a bar only for a person watching: never in --json, never into a pipe or a log
    progress = progress_bar(args.paths) if not args.json and sys.stderr.isatty() else None
    outcomes = library.ingest(args.paths, progress=progress, workers=args.jobs)
    lines = [_outcome_line(o) for o in outcomes]
    failed = [o for o in outcomes if not o.ok]
    lines.append(f"完成：{len(outcomes) - len(failed)} 个文件成功，{len(failed)} 个失败")
    _emit(args, {"files": [asdict(o) | {"ok": o.ok} for o in outcomes]}, "\n".join(lines))
    if failed and not args.json:
        for outcome in failed:
            print(f"错误: {outcome.error}", file=sys.stderr)
    return 1 if failed else 0


def _outcome_line(outcome: IngestOutcome) -> str:
    if not outcome.ok:
        return f"✗ {outcome.path}: {outcome.error}"
    ids = ", ".join(f"#{i} {t}" for i, t in zip(outcome.speech_ids, outcome.titles, strict=True))
    note = "（已导入过，跳过）" if outcome.duplicate else ""
    return f"✓ {outcome.path} → {ids}{note}"


def cmd_list(library: Library, args: argparse.Namespace) -> int:
    speeches = library.list()
    payload = {
        "speeches": [
            {
                "id": s.id,
                "title": s.title,
                "date": s.date,
                "source": s.source,
                "passages": s.passages,
                "speaker": s.speaker,
            }
            for s in speeches
        ]
    }
    rows = [
        f"#{s.id}  {s.date or '----------'}  {s.title}  ({s.source}, {s.passages} 段)"
        for s in speeches
    ]
    _emit(args, payload, "\n".join(rows) or "（还没有导入任何讲话）")
    return 0


def cmd_outline(library: Library, args: argparse.Namespace) -> int:
    speech = library.speech(args.speech_id)
    entries = _outline_entries(library, args.speech_id)
    lines = [f"#{speech.id} {speech.title}"]
    lines += [f"{'  ' * (e['level'] - 1)}{e['heading']}  〔{e['ref']}〕" for e in entries]
    _emit(
        args, {"speech_id": speech.id, "title": speech.title, "outline": entries}, "\n".join(lines)
    )
    return 0


def _outline_entries(library: Library, speech_id: int) -> list[dict[str, Any]]:
    speech = library.speech(speech_id)
    return [
        {
            "ref": f"{speech.id}:{'.'.join(map(str, s.path))}",
            "level": len(s.path),
            "heading": s.heading,
        }
        for s in speech.sections()
        if s.path
    ]


def cmd_ask(library: Library, args: argparse.Namespace) -> int:
    scope = scope_from_args(args)
    phrase = args.question.strip() if args.exact else quoted_phrase(args.question)
    if phrase or args.per_speech or (asks_side_by_side(args.question) and not args.ranked):
        return ask_across(library, args, scope, phrase)
    hits = library.search(args.question, top=args.top, scope=scope)
    payload: dict[str, Any] = {"hits": [_hit_json(h) for h in hits]}
    bold = sys.stdout.isatty()
    blocks = [_hit_text(n, h, bold) for n, h in enumerate(hits, 1)]
    if args.cite and hits:
        infos = _infos(library)
        for n, (hit, item) in enumerate(zip(hits, payload["hits"], strict=True)):
            info = infos.get(hit.speech_id)
            item["citation"] = citation(
                hit.title, hit.date, info and info.speaker, hit.path, hit.text
            )
            blocks[n] += f"\n   引文：{item['citation']}"
    text = "\n\n".join(blocks) or "没有找到相关内容。"
    payload["searched"], searched = searched_line(library, scope)
    if scope:  # a plain question searches everything, as it always has
        text = f"{searched}\n\n{text}"
    if library.unread_english(args.question):
        payload["note"] = READ_IN_CHINESE
        text = f"{READ_IN_CHINESE}\n\n{text}"
    _emit(args, payload, text)
    return 0


def _infos(library: Library) -> dict[int, SpeechInfo]:
    return {info.id: info for info in library.list()}


def _hit_json(hit: Hit) -> dict[str, Any]:
    return {
        "speech_id": hit.speech_id,
        "title": hit.title,
        "date": hit.date,
        "source": hit.source,
        "ref": str(hit.ref),
        "path": list(hit.path),
        "text": hit.text,
        "spans": [list(s) for s in hit.spans],
        "score": hit.score,
    }


def _hit_text(n: int, hit: Hit, bold: bool) -> str:
    path = " › ".join([hit.title, *hit.path])
    body = hit.text
    if bold:
        for start, end in reversed(hit.spans):
            body = body[:start] + BOLD + body[start:end] + RESET + body[end:]
    return f"{n}. {path}  〔{hit.ref}〕\n   {body}"


def cmd_quote(library: Library, args: argparse.Namespace) -> int:
    result = library.quote(args.point, speech_id=args.speech)
    payload = _quote_json(result)
    text = _quote_text(args.point, result)
    if args.cite and result.quote:
        q = result.quote
        info = _infos(library).get(q.speech_id)
        payload["citation"] = citation(
            q.title, info and info.date, info and info.speaker, q.path, q.text
        )
        text += f"\n\n引文：{payload['citation']}"
    if not (result.quote or result.candidates) and args.speech is not None:
        # not found: offer the speech's outline, with the references quote accepts
        entries = _outline_entries(library, args.speech)
        payload["outline"] = entries
        text += "提纲：\n" + "\n".join(
            f"{'  ' * (e['level'] - 1)}{e['heading']}  〔{e['ref']}〕" for e in entries
        )
    elif not (result.quote or result.candidates):
        text += "加 --speech ID 可在一篇讲话中查找并显示提纲。"
    _emit(args, payload, text)
    return 0 if result.quote or result.candidates else 1


def _quote_json(result: QuoteResult) -> dict[str, Any]:
    if result.quote:
        q = result.quote
        return {
            "ref": str(q.ref),
            "speech_id": q.speech_id,
            "title": q.title,
            "path": list(q.path),
            "text": q.text,
            "copies": [str(ref) for ref in q.copies],
        }
    return {
        "candidates": [
            {"ref": str(c.ref), "speech_id": c.speech_id, "title": c.title, "path": list(c.path)}
            for c in result.candidates
        ]
    }


def _quote_text(point: str, result: QuoteResult) -> str:
    if result.quote:
        q = result.quote
        copies = "".join(f"\n（另一来源的同一讲话：〔{ref}〕）" for ref in q.copies)
        return f"{' › '.join([q.title, *q.path])}  〔{q.ref}〕{copies}\n\n{q.text}"
    if result.candidates:
        rows = [f"  〔{c.ref}〕 {' › '.join([c.title, *c.path])}" for c in result.candidates]
        return f"“{point}”有多处，请指定：\n" + "\n".join(rows)
    return f"没有找到“{point}”。"


def cmd_summary(library: Library, args: argparse.Namespace) -> int:
    if not (args.tree or args.image):
        summary = library.summary(args.speech_id)
        _emit(args, _summary_json(summary), _summary_text(summary))
        return 0
    # a tree or a picture of the outline: no keywords to compute
    summary = outline_only(library.speech(args.speech_id))
    payload = _summary_json(summary)
    del payload["keywords"], payload["key_sentences"]
    text = payload["tree"] = outline_tree(summary)
    if args.image:
        from .charts import outline_image

        payload["image"] = _write_image(args.image, outline_image(summary))
        text += f"\n\n图片：{payload['image']}"
    _emit(args, payload, text)
    return 0


def cmd_stats(library: Library, args: argparse.Namespace) -> int:
    infos = library.list()
    payload: dict[str, Any] = {
        "years": [{"year": y, "speeches": n} for y, n in speeches_by_year(infos)],
        "speeches": len(infos),
    }
    text = years_table(infos)
    if args.image:
        from .charts import years_chart

        payload["image"] = _write_image(args.image, years_chart(infos))
        text += f"\n\n图片：{payload['image']}"
    _emit(args, payload, text)
    return 0


def _write_image(path: str, png: bytes) -> str:
    """Write atomically; a folder that cannot be written is the user's error, said plainly."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_bytes(png)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SpeechbotError(f"无法写入图片 {path}：{exc.strerror or exc}") from None
    return str(target)


def _summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "speech_id": summary.speech_id,
        "title": summary.title,
        "date": summary.date,
        "speaker": summary.speaker,
        "occasion": summary.occasion,
        "source": summary.source,
        "outline": [
            {"ref": str(e.ref), "level": e.level, "heading": e.heading} for e in summary.outline
        ],
        "keywords": list(summary.keywords),
        "key_sentences": [{"ref": str(k.ref), "text": k.text} for k in summary.key_sentences],
    }


def _summary_text(summary: Summary) -> str:
    meta = " · ".join(x for x in (summary.date, summary.speaker, summary.occasion) if x)
    lines = [f"#{summary.speech_id} {summary.title}", meta, "", "提纲："]
    lines += [f"{'  ' * e.level}{e.heading}  〔{e.ref}〕" for e in summary.outline]
    lines += ["", "关键词：" + "、".join(summary.keywords), "", "要点："]
    lines += [f"  · {k.text}  〔{k.ref}〕" for k in summary.key_sentences]
    return "\n".join(line for line in lines if line is not None)


def cmd_remove(library: Library, args: argparse.Namespace) -> int:
    info = library.remove(args.speech_id)
    _emit(args, {"removed": info.id, "title": info.title}, f"已删除 #{info.id} {info.title}")
    return 0


def cmd_reanalyse(library: Library, args: argparse.Namespace) -> int:
    payload, text, ok = reanalyse_report(library, args)
    _emit(args, payload, text)
    return 0 if ok else 1


def cmd_eval(library: Library, args: argparse.Namespace) -> int:
    _emit(args, *evaluation_report(library, args))
    return 0


def cmd_eval_outline(library: Library, args: argparse.Namespace) -> int:
    _emit(args, *outline_report(library, args))
    return 0


COMMANDS = {
    "ingest": cmd_ingest,
    "list": cmd_list,
    "outline": cmd_outline,
    "ask": cmd_ask,
    "quote": cmd_quote,
    "summary": cmd_summary,
    "stats": cmd_stats,
    "remove": cmd_remove,
    "reanalyse": cmd_reanalyse,
    "eval": cmd_eval,
    "eval-outline": cmd_eval_outline,
}

if __name__ == "__main__":
    sys.exit(main())
