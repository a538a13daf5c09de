"""Index folders in a data directory: one publisher at a time, atomic publishing.

An index is written to a fresh folder and published by an atomic rename of the ``CURRENT``
pointer, tagged with the store generation it reflects.  Readers open whatever ``CURRENT``
names; superseded folders are removed a while later, not at once.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


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
        """Write an index folder with ``write(folder)`` and make it current atomically."""
        folder = self.dir / f"index-{generation}-{os.getpid()}-{time.time_ns()}"
        folder.mkdir()
        write(folder)
        (folder / "GENERATION").write_text(str(generation))
        _fsync_dir(folder)
        pointer = self.dir / "CURRENT.tmp"
        pointer.write_text(folder.name)
        os.replace(pointer, self.dir / "CURRENT")
        _fsync_dir(self.dir)
        self._remove_stale_indexes(keep=folder.name)
        return folder

    def current(self) -> tuple[Path, int] | None:
        """The published index folder and the store generation it reflects."""
        try:
            folder = self.dir / (self.dir / "CURRENT").read_text().strip()
            return folder, int((folder / "GENERATION").read_text())
        except (OSError, ValueError):
            return None

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
