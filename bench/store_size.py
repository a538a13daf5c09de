"""Where a data directory's bytes go: the SQLite file by table and index (SQLite's dbstat),
the packed columns' payloads, and the index folders; as a ratio of the cleaned text.

    python -m bench.store_size DATA [--files LIST]

LIST: a file naming the ingested files one a line, to give the ratio to their bytes too.
The directory is only read: one made by an older version is measured as it is.
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import numpy as np

from speechbot.index._text_blocks import TextBlocks
from speechbot.index.packing import unpack_text

# (table, column) payloads worth naming; columns a version lacks are left out
_PAYLOADS = [
    ("sources", "data"),
    ("speeches", "text"),
    ("blocks", "frame"),
    ("dictionaries", "data"),
    ("speeches", "outline"),
    ("speeches", "headings"),
    ("speeches", "terms"),
    ("passages", "text"),
    ("passages", "headings"),
    ("passages", "body_terms"),
    ("passages", "head_terms"),
    ("passages", "char_terms"),
]


def _texts(db: sqlite3.Connection) -> list[str]:
    """Every speech's cleaned text as any schema version keeps it (the directory is only
    read, never migrated: an older one is measured as it is)."""
    columns = [d[0] for d in db.execute("SELECT * FROM speeches LIMIT 0").description]
    if "text" not in columns:  # version 6 on: blocks of their own
        blocks = TextBlocks(db)
        return [blocks.text(sid) for (sid,) in db.execute("SELECT id FROM speeches").fetchall()]
    return [
        _in_row(dict(zip(columns, row, strict=True)))
        for row in db.execute("SELECT * FROM speeches")
    ]


def _in_row(value: dict) -> str:
    if isinstance(value["text"], str):  # versions 0 and 1
        return value["text"]
    if value.get("text_blocks"):  # versions 4 and 5: frames of 8,192 characters end to end
        bounds = np.frombuffer(value["text_blocks"], "<i8").tolist()
        return "".join(
            unpack_text(value["text"][a:b]) for a, b in zip(bounds, bounds[1:], strict=False)
        )
    return unpack_text(value["text"])  # versions 2 and 3


def report(data: Path, files: list[Path] | None = None) -> list[str]:
    total = sum(f.stat().st_size for f in data.rglob("*") if f.is_file())
    sqlite_bytes = sum(f.stat().st_size for f in data.glob("speechbot.sqlite3*"))
    db = sqlite3.connect(f"file:{data / 'speechbot.sqlite3'}?mode=ro", uri=True)
    texts = _texts(db)
    text_chars = sum(map(len, texts))
    text_bytes = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts)
    lines = [
        f"data directory {total:,} B = {total / text_bytes:.2f}x the cleaned text"
        f" ({text_bytes:,} B UTF-8, {text_chars:,} characters)",
        f"  SQLite {sqlite_bytes:,} B = {sqlite_bytes / text_bytes:.2f}x;"
        f" index folders {total - sqlite_bytes:,} B = {(total - sqlite_bytes) / text_bytes:.2f}x",
    ]
    for name, size in db.execute(
        "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
    ):
        lines.append(f"  table/index {name:28s} {size:>14,} B")
    for table, column in _PAYLOADS:
        if column in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
            (size,) = db.execute(
                f"SELECT SUM(length(CAST({column} AS BLOB))) FROM {table}"
            ).fetchone()
            lines.append(f"  payload {table}.{column:12s} {size or 0:>14,} B")
    db.close()
    if files:
        size = sum(f.stat().st_size for f in files)
        lines.append(f"ingested files {size:,} B: data directory {total / size:.2f}x them")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--files", type=Path, help="a file naming the ingested files")
    args = parser.parse_args()
    files = [Path(x) for x in args.files.read_text().splitlines() if x] if args.files else None
    print("\n".join(report(args.data, files)))


if __name__ == "__main__":
    main()
