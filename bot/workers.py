"""Work that must not hold the event loop: ingesting and removing (one at a time: the one
writer of this process) and summarising (a few at a time).

Each worker thread has its own Library on the same data directory, because a SQLite
connection belongs to the thread that opened it; the bot's own Library sees what the writer
published when it next answers (the store's generation tells it).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from speechbot.index import Library

from .commands import READ, WRITE
from .config import BotSettings
from .service import Conversation
from .state import BotState

__all__ = ["Workers"]

T = TypeVar("T")
READERS = 2  # summaries at once; more would only share the same two cores


class Workers:
    def __init__(self, library: Library, state: BotState, settings: BotSettings) -> None:
        self._data_dir, self._config = library.data_dir, library.config
        self._state, self._settings = state, settings
        self._local = threading.local()
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="speechbot-writer")
        self._readers = ThreadPoolExecutor(READERS, thread_name_prefix="speechbot-reader")

    async def run(self, work: str, job: Callable[[Conversation], T]) -> T:
        """``job(conversation)`` in a worker thread (the writer for WRITE work)."""
        executor = self._writer if work == WRITE else self._readers
        return await asyncio.get_running_loop().run_in_executor(executor, self._call, job)

    async def read(self, job: Callable[[Conversation], T]) -> T:
        return await self.run(READ, job)

    def _call(self, job: Callable[[Conversation], T]) -> T:
        conversation = getattr(self._local, "conversation", None)
        if conversation is None:
            library = Library(self._data_dir, self._config)
            conversation = Conversation(library, self._state, self._settings)
            self._local.conversation = conversation
        return job(conversation)

    def close(self) -> None:
        """Finish the work begun (an ingest is never cut short), start no more."""
        for executor in (self._writer, self._readers):
            executor.shutdown(wait=True, cancel_futures=True)
