"""A search's candidates: their stored passages read as the hits need them, and a fixed
order of them given one by one."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .store import Store, StoredPassage

__all__ = ["LazyPassages", "Listed"]


class Listed:
    """Candidates in a fixed order, given one by one; the rest on demand."""

    def __init__(self, ranked: list[tuple[int, float]]) -> None:
        self._ranked, self._next = ranked, 0

    def __iter__(self) -> Iterator[tuple[int, float]]:
        while self._next < len(self._ranked):
            self._next += 1
            yield self._ranked[self._next - 1]

    def rest(self, wanted: Callable[[int], bool]) -> list[tuple[int, float]]:
        """The candidates not yet given whose id is ``wanted``, in order."""
        left = [item for item in self._ranked[self._next :] if wanted(item[0])]
        self._next = len(self._ranked)
        return left


class LazyPassages:
    """The candidates' stored passages, read in batches as the hits need them: most
    searches show the first few candidates, and each read touches its speech's text."""

    def __init__(self, store: Store, ids: list[int], batch: int) -> None:
        self._store, self._ids, self._batch = store, ids, batch
        self._read: dict[int, StoredPassage] = {}
        self._absent: set[int] = set()  # asked for by ``read``, and not stored
        self._next = 0
        self._complete = False

    def get(self, pid: int) -> StoredPassage | None:
        if pid in self._absent:
            return None
        while pid not in self._read and self._next < len(self._ids):
            part = self._ids[self._next : self._next + self._batch]
            self._next += len(part)
            self._read.update(self._store.passages(part))
            self._batch *= 2
        return self._read.get(pid)

    def add(self, pid: int, passage: StoredPassage) -> None:
        """A candidate read beyond the first ones."""
        self._read[pid] = passage

    def read(self, ids: list[int]) -> dict[int, StoredPassage]:
        """Those passages (read if not yet), and no others."""
        wanted = [pid for pid in ids if pid not in self._read and pid not in self._absent]
        if wanted:
            found = self._store.passages(wanted)
            self._read.update(found)
            self._absent.update(pid for pid in wanted if pid not in found)
        return {pid: self._read[pid] for pid in ids if pid in self._read}

    def read_on_peek(self) -> None:
        """From now on ``peek`` gives any candidate's passage, as if all had been read."""
        self._complete = True

    def peek(self, pid: int) -> StoredPassage | None:
        """The passage if it has been read already (nothing more is read, unless
        ``read_on_peek``)."""
        if self._complete and pid not in self._read and pid in self._ids:
            return self.read([pid]).get(pid)
        return self._read.get(pid)

    def all(self) -> dict[int, StoredPassage]:
        if self._next < len(self._ids):
            self._read.update(self._store.passages(self._ids[self._next :]))
            self._next = len(self._ids)
        return self._read
