"""Places in documents kept outside the project, named by position rather than by copied text.

A position is ``(line, column, length)`` in a file's decoded text: UTF-8 (a BOM dropped) or, where
that fails, GB18030; lines as ``str.splitlines()`` gives them, numbered from 1; the column counts
characters from 0; a span never crosses a line end. The held-out sets in tests/blind use them, so
the project stores no sentence of the shared corpora.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import SpeechbotError


@lru_cache(maxsize=128)
def document_lines(path: Path) -> tuple[str, ...]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return tuple(text.splitlines())


def text_at(path: Path, line: int, column: int, length: int) -> str:
    """The text at a position; SpeechbotError when the document does not hold it."""
    try:
        row = document_lines(path)[line - 1]
    except (OSError, IndexError) as exc:
        raise SpeechbotError(f"{path}: no line {line} ({exc})") from exc
    if line < 1 or column < 0 or column + length > len(row):
        raise SpeechbotError(f"{path}:{line}: the span {column}+{length} is not in the line")
    return row[column : column + length]
