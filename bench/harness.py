"""What the soak (bench/soak.py) runs beside the bot: the fake Bot API server filing each call
under its chat, the virtual clock's bookkeeping of real work, and what is measured besides the
replies (log errors, memory, a subprocess and anything it left behind)."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import itertools
import logging
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench.broadcast import VirtualClockLoop
from bench.fakebot import FakeBotApi
from speechbot.bot.workers import Workers

ROOT = Path(__file__).resolve().parents[1]

UNADDRESSED = ("getMe", "setMyCommands", "getFile", "deleteWebhook", "close")


# --- the fake server, keeping each chat's calls until its update is checked -------------


class SoakApi(FakeBotApi):
    """FakeBotApi that files each call under its chat (answerCallbackQuery under the chat
    of its button) with the loop's time, and forgets it once checked: its memory stays flat.
    With ``feed`` set, updates go to ``feed`` instead of the getUpdates queue."""

    def __init__(self) -> None:
        super().__init__()
        self._server.socket.listen(128)  # as RecordingApi: room for the limiter's bursts
        self.clock = time.monotonic
        self.feed = None
        self._inbox: dict[int | None, list[tuple[float, str, dict]]] = defaultdict(list)
        self._query_chats: dict[str, int] = {}
        self._file_names = itertools.count(1)
        self._upload_files: dict[int, str] = {}

    def _push(self, update: dict) -> int:
        if query := update.get("callback_query"):
            self._query_chats[query["id"]] = query["message"]["chat"]["id"]
        document = update.get("message", {}).get("document")
        if document:  # a name of its own, so that a file can be forgotten once fetched
            name = f"soak{next(self._file_names)}"
            self.files[name] = self.files.pop(document["file_id"])
            document["file_id"], document["file_unique_id"] = name, name + "u"
        if self.feed is None:
            update_id = super()._push(update)
        else:
            update_id = update["update_id"] = next(self._update_ids)
            self.feed(update)
        if document:
            self._upload_files[update_id] = document["file_id"]
        return update_id

    def _record(self, method: str, params: dict) -> None:
        chat = params.get("chat_id")
        if chat is None and "callback_query_id" in params:
            chat = self._query_chats.pop(str(params["callback_query_id"]), None)
        if chat is None and method in UNADDRESSED:
            return
        with self._lock:
            self._inbox[int(chat) if chat is not None else None].append(
                (self.clock(), method, params)
            )

    def take(self, chat: int) -> list[tuple[float, str, dict]]:
        with self._lock:
            return self._inbox.pop(chat, [])

    def forget_file(self, update_id: int) -> None:
        """The file of a handled upload (it was fetched, if at all, before the reply)."""
        self.files.pop(self._upload_files.pop(update_id, ""), None)

    def stray(self) -> list[tuple[float, str, dict]]:
        """Calls meant for no chat of the run (none expected)."""
        with self._lock:
            return self._inbox.pop(None, [])


@contextlib.contextmanager
def busy():
    """Something runs that VirtualClockLoop must wait for in real time."""
    loop = asyncio.get_running_loop()
    virtual = isinstance(loop, VirtualClockLoop)
    if virtual:
        loop.skipping.in_flight += 1
    try:
        yield
    finally:
        if virtual:
            loop.skipping.in_flight -= 1


@contextlib.contextmanager
def work_counted():
    """Worker threads (uploads, removals, summaries) count as in flight for
    VirtualClockLoop, as requests_counted does for HTTP: no skipping while they run."""
    original = Workers.run

    async def counted(self, work, job):
        with busy():
            return await original(self, work, job)

    Workers.run = counted
    try:
        yield
    finally:
        Workers.run = original


# --- what is measured besides the replies ------------------------------------------------


class LogErrors(logging.Handler):
    """Every record at WARNING or above; errors are those at ERROR or with a traceback."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, str, bool]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelname, record.getMessage()[:200], bool(record.exc_info)))

    def errors(self) -> list[str]:
        return [msg for level, msg, tb in self.records if tb or level in ("ERROR", "CRITICAL")]


def memory() -> dict[str, float]:
    """This process's RSS, its own memory (RssAnon), file pages (RssFile) and peak, in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def _die_with_parent() -> None:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def start_ingest(data: Path, files: list[Path], log: Path) -> subprocess.Popen:
    """`speechbot ingest` in its own process group, killed if this process dies."""
    script = Path(sys.executable).with_name("speechbot")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "speechbot.bot.cli"]
    with log.open("ab") as out:
        return subprocess.Popen(
            [*command, "--data", str(data), "ingest", "--jobs", "1", *map(str, files)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "SPEECHBOT_CONFIG": ""},
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )


def stop_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def leftover_processes(groups: list[int]) -> list[int]:
    """Our children, and any process still in one of the ingests' process groups."""
    left = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        state, ppid, pgid = fields[0], int(fields[1]), int(fields[2])
        if state != "Z" and (ppid == os.getpid() or pgid in groups):
            left.append(int(entry.name))
    return left
