"""The answers of every evaluation question, dumped so that two versions can be compared.

    python -m bench.same_answers --data D --out before.json [FILES...]
    python -m bench.same_answers --data D --out after.json
    python -m bench.same_answers --compare before.json after.json

D is a library of the development documents (tests/dev/README.md).  For each question of
tests/eval/*.jsonl and tests/dev/ask-dev.jsonl (by default; quote
requests are not searches and are left out): the top 10 hits as (speech,
section path, paragraph, score, spans, a digest of the text shown), and the same with one
passage per speech.  A speed-up must leave every line as it was.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = sorted((ROOT / "tests" / "eval").glob("*.jsonl")) + [
    ROOT / "tests" / "dev" / "ask-dev.jsonl"
]


def _hits(library, question: str, per_speech: bool) -> list:
    return [
        [
            h.ref.speech_id,
            list(h.ref.path),
            h.ref.paragraph,
            h.score,
            [list(s) for s in h.spans],
            hashlib.sha1(h.text.encode("utf-8", "surrogatepass")).hexdigest()[:12],
        ]
        for h in library.search(question, top=10, per_speech=per_speech)
    ]


def dump(data: Path, files: list[Path]) -> dict:
    from speechbot.index.library import Library

    library = Library(data)
    out = {}
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            question = case.get("question")
            if question is None:
                continue  # a quote request, not a search
            out[f"{path.name}:{case['id']}"] = {
                "question": question,
                "top10": _hits(library, question, False),
                "per_speech": _hits(library, question, True),
            }
    library.close()
    return out


def compare(before: dict, after: dict) -> int:
    differ = [k for k in before.keys() | after.keys() if before.get(k) != after.get(k)]
    for key in sorted(differ)[:20]:
        print(f"differs: {key}")
    print(f"{len(before)} questions before, {len(after)} after, {len(differ)} differ")
    return 1 if differ or not before else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data")
    parser.add_argument("--out")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    if args.compare:
        a, b = (json.loads(Path(p).read_text("utf-8")) for p in args.compare)
        sys.exit(compare(a, b))
    if not args.data or not args.out:
        parser.error("--data and --out (or --compare)")
    result = dump(Path(args.data), args.files or DEFAULT_FILES)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=0), "utf-8")
    print(f"{len(result)} questions written to {args.out}")


if __name__ == "__main__":
    main()
