"""Index folders in a data directory: one publisher at a time, atomic publishing.

An index is written to a fresh folder and published by an atomic rename of the ``CURRENT``
pointer, tagged with the store generation it reflects.  Readers open whatever ``CURRENT``
names; superseded folders are removed a while later, not at once.  The folder's
``MANIFEST.json`` records each file's size, its SHA-256 and the SHA-256 of its first and last
64 KiB: a reader opens only a folder whose files have their sizes and edges (a truncated, swapped
or half-written file is caught before it answers anything) without reading every byte of a
large index at each start.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

log = logging.getLogger(__name__)

MANIFEST = "MANIFEST.json"


class IndexFolders:
    """The ``index-*`` folders, ``CURRENT`` and ``index.lock`` of a data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir

    @contextmanager
    def writer(self, blocking: bool = True) -> Iterator[bool]:
        """Hold the data directory's index lock (one publisher at a time); yields whether
        it was acquired (always True when blocking)."""
        lock = FileLock(self.dir / "index.lock")
        try:
            lock.acquire(timeout=-1 if blocking else 0)
        except Timeout:
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    def publish(self, write: Callable[[Path], None], generation: int) -> Path:
        """Write an index folder with ``write(folder)`` and make it current atomically.
        Raises OSError (a full disk, say) with nothing published and the folder removed."""
        folder = self.dir / f"index-{generation}-{os.getpid()}-{time.time_ns()}"
        try:
            folder.mkdir()
            write(folder)
            (folder / "GENERATION").write_text(str(generation))
            _write_manifest(folder)
            _fsync_dir(folder)
            pointer = self.dir / "CURRENT.tmp"
            pointer.write_text(folder.name)
            os.replace(pointer, self.dir / "CURRENT")
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _fsync_dir(self.dir)
        self._remove_stale_indexes(keep=folder.name)
        return folder

    def current(self) -> tuple[Path, int] | None:
        """The published index folder and the store generation it reflects; None when
        there is none or its files are not those its manifest records (then the caller
        builds the index from the store)."""
        try:
            folder = self.dir / (self.dir / "CURRENT").read_text().strip()
            generation = int((folder / "GENERATION").read_text())
            damage = _check_manifest(folder)
        except (OSError, ValueError):
            return None
        if damage:
            log.warning("索引文件已损坏，将从存储重建 (damaged index %s: %s)", folder.name, damage)
            return None
        return folder, generation

    def _remove_stale_indexes(self, keep: str, grace: float = 60.0) -> None:
        """Remove superseded index folders, but only a while after they were replaced: a
        reader that has just read the old CURRENT may still be opening its files."""
        now = time.time()
        for old in self.dir.glob("index-*"):
            if old.name != keep and now - old.stat().st_mtime > grace:
                shutil.rmtree(old, ignore_errors=True)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _digest(path: Path, sync: bool = False) -> str:
    with path.open("rb") as f:
        if sync:
            os.fsync(f.fileno())
        return hashlib.file_digest(f, "sha256").hexdigest()


def _edges_digest(path: Path) -> str:
    """The hash of a file's first and last ``EDGE`` bytes (the whole of a small file): what
    opening an index checks, so that a start does not read gigabytes of postings.  A file cut
    short, swapped or half written differs there; the whole-file hash stays in the manifest."""
    with path.open("rb") as f:
        head = f.read(EDGE)
        f.seek(max(0, os.fstat(f.fileno()).st_size - EDGE))
        tail = f.read(EDGE)
    return hashlib.sha256(head + tail).hexdigest()


EDGE = 1 << 16


def _write_manifest(folder: Path) -> None:
    files = {
        f.name: {
            "size": f.stat().st_size,
            "sha256": _digest(f, sync=True),
            "edges_sha256": _edges_digest(f),
        }
        for f in sorted(folder.iterdir())
        if f.is_file()
    }
    path = folder / MANIFEST
    path.write_text(json.dumps(files, indent=1))
    with path.open("rb") as f:  # the manifest, like the files, is on disk before CURRENT
        os.fsync(f.fileno())


def _check_manifest(folder: Path) -> str | None:
    """What is wrong with the folder's files, or None when each is as recorded."""
    try:
        files = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return "no readable manifest"
    if not isinstance(files, dict) or not files:
        return "no readable manifest"
    for name, expected in files.items():
        path = folder / name
        try:
            if path.stat().st_size != expected["size"]:
                return f"{name}: size differs"
            edges = expected.get("edges_sha256")  # manifests written before: the whole file
            if (_edges_digest(path) if edges else _digest(path)) != (edges or expected["sha256"]):
                return f"{name}: content differs"
        except (OSError, KeyError, TypeError):
            return f"{name}: missing"
    return None
