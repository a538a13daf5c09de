"""Check the blind sets: every position reads back from ../shared and is well formed.

    python tests/blind/check_sets.py [SET.jsonl ...]     (default: every *.jsonl here)

Reads only the sets and the documents of ../shared (through span.py). For ask sets: the answer and
every "also" position read. For quote sets: the answer reads. For outline sets: every heading reads,
levels are positive integers and appendix flags booleans (a document may have no headings). Failures: a position that does not read (or reads blank), a malformed row. Warnings
(printed, not failing): an "also" span holding other text than the answer, a quote form outside the
README's list, outline headings out of document order or overlapping.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from span import resolve, text_at  # noqa: E402

WARNINGS: list[str] = []


def warn(message: str) -> None:
    WARNINGS.append(message)


CLASSES = {
    "time",
    "numeral",
    "part_of_word",
    "vocabulary",
    "naming",
    "long_paragraph",
    "english",
    "plain",
}
FORMS = {
    "named-speech",
    "list-subject",
    "nested",
    "ordinal-de",
    "unit-word",
    "keywords",
    "last",
    "part",
    "traditional",
}


def read(doc: str, at: list) -> str:
    path = resolve(doc)
    if not path.exists():
        raise AssertionError(f"no such document: {doc}")
    line, col, length = at
    assert isinstance(line, int) and isinstance(col, int) and isinstance(length, int), at
    assert line >= 1 and col >= 0 and length >= 1, at
    text = text_at(path, line, col, length)
    assert text.strip(), f"{doc} {at}: blank span"
    return text


def check_ask(rows: list[dict]) -> None:
    for row in rows:
        assert row["class"] in CLASSES, row["id"]
        assert row["question"].strip(), row["id"]
        text = read(row["doc"], row["answer"])
        for doc, *at in row.get("also", []):
            assert doc != row["doc"], row["id"]
            if read(doc, at) != text:
                warn(f"{row['id']}: also {doc} {at} holds other text than the answer")


def check_quote(rows: list[dict]) -> None:
    for row in rows:
        if row["form"] not in FORMS:
            warn(f"{row['id']}: form {row['form']!r} is not one of the documented forms")
        assert isinstance(row["scoped"], bool), row["id"]
        assert row["request"].strip(), row["id"]
        read(row["doc"], row["answer"])


def check_outline(rows: list[dict]) -> None:
    docs = [row["doc"] for row in rows]
    assert len(docs) == len(set(docs)), "a document appears twice"
    for row in rows:
        last = (0, -1)
        assert isinstance(row["headings"], list), row["doc"]
        for heading in row["headings"]:
            line, col, length = heading["at"]
            read(row["doc"], heading["at"])
            if (line, col) <= last:
                warn(f"{row['doc']}: heading {heading['at']} out of document order or overlapping")
            last = (line, col + length - 1)
            assert isinstance(heading["level"], int) and heading["level"] >= 1, heading
            assert isinstance(heading["appendix"], bool), heading


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted(HERE.glob("*.jsonl"))
    failed = 0
    for path in files:
        rows = [
            json.loads(line)
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        ids = [row["id"] for row in rows if "id" in row]
        try:
            assert len(ids) == len(set(ids)), "duplicate ids"
            if path.name.startswith("ask-"):
                check_ask(rows)
            elif path.name.startswith("quote-"):
                check_quote(rows)
            elif path.name.startswith("outline-gold-"):
                check_outline(rows)
            else:
                print(f"{path.name}: unknown kind, skipped")
                continue
        except (AssertionError, ValueError, IndexError, KeyError) as error:
            failed += 1
            print(f"{path.name}: FAIL {error}")
            continue
        print(f"{path.name}: {len(rows)} rows ok")
        for message in WARNINGS:
            print(f"  warning: {message}")
        WARNINGS.clear()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
