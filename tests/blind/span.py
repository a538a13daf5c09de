"""Positions in the shared corpora, without copying their text into the project.

A position is (line, column, length) in a file's decoded text: the bytes decoded as UTF-8 (a BOM
dropped) or, where that fails, as GB18030; lines as Python's ``str.splitlines()`` gives them,
numbered from 1; the column counts characters from 0; a span never crosses a line end.

    python tests/blind/span.py find  FILE TEXT          every position of TEXT in FILE
    python tests/blind/span.py show  FILE LINE COL LEN  the text at a position
    python tests/blind/span.py lines FILE FIRST LAST    numbered lines (to read a file)
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"


def resolve(doc: str) -> Path:
    """A document named relative to ../shared (corpus/x.txt, corpus-more/speeches/y.txt)."""
    return SHARED / doc


@lru_cache(maxsize=64)
def lines_of(path: Path) -> tuple[str, ...]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return tuple(text.splitlines())


def text_at(path: Path, line: int, col: int, length: int) -> str:
    row = lines_of(path)[line - 1]
    if col + length > len(row):
        raise ValueError(f"{path.name}:{line}: span {col}+{length} runs past the line ({len(row)})")
    return row[col : col + length]


def find(path: Path, needle: str) -> list[tuple[int, int, int]]:
    found = []
    for number, row in enumerate(lines_of(path), 1):
        start = row.find(needle)
        while start >= 0:
            found.append((number, start, len(needle)))
            start = row.find(needle, start + 1)
    return found


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    verb, path = argv[0], Path(argv[1])
    if not path.exists():
        path = resolve(argv[1])
    if verb == "find":
        for position in find(path, argv[2]):
            print(*position)
    elif verb == "show":
        print(text_at(path, int(argv[2]), int(argv[3]), int(argv[4])))
    elif verb == "lines":
        rows = lines_of(path)
        for number in range(int(argv[2]), min(int(argv[3]), len(rows)) + 1):
            print(f"{number}\t{rows[number - 1]}")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
