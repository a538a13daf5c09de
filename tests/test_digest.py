"""Digest broadcasts to many chats: each speech summarised once per broadcast, every chat
exactly what compose gives it, and an interrupted broadcast leaves the rest due."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from dataclasses import replace

import pytest
from conftest import SAMPLES

from speechbot.bot import digest
from speechbot.bot.config import BotSettings
from speechbot.bot.state import BotState
from speechbot.index.library import Library

NOW = dt.datetime(2026, 3, 2, 9, 0)


class FakeBot:
    """Records send_message; after ``stall_after`` sends, every further send waits forever."""

    def __init__(self, stall_after: int | None = None) -> None:
        self.sent: list[tuple[int, str]] = []
        self.stall_after = stall_after
        self.stalled = asyncio.Event()

    async def send_message(self, chat_id, text, parse_mode=None):
        if self.stall_after is not None and len(self.sent) >= self.stall_after:
            self.stalled.set()
            await asyncio.Event().wait()
        self.sent.append((chat_id, text))


@pytest.fixture
def setup(tmp_path):
    """120 chats: 100 subscribed before a new speech (a digest of it), 20 after (a point)."""
    library = Library(tmp_path)
    library.ingest([SAMPLES])
    state = BotState(tmp_path)
    for chat in range(1, 101):
        state.subscribe(chat, dt.time(8, 0))
    library.ingest_bytes("新讲话\n一、抓好春耕生产\n要抓好春耕备耕工作。\n".encode(), "春耕.txt")
    for chat in range(101, 121):
        state.subscribe(chat, dt.time(8, 0))
    settings = BotSettings(token="1:x", when_empty="point", access_mode="open")
    yield library, state, settings
    state.close()
    library.close()


def expected(library, state, settings):
    """What each chat must get, composed alone (no batch), for a chat with no row."""
    now = NOW.replace(tzinfo=settings.zone)
    return {
        sub.chat_id: digest.compose(library, state, settings, replace(sub, chat_id=0), now.date())
        for sub in state.subscriptions()
    }


def test_one_summary_per_speech_and_every_chat_its_own_digest(setup, monkeypatch):
    library, state, settings = setup
    want = expected(library, state, settings)
    assert "每日摘要" in want[1][0] and "今日一点" in want[120][0]
    calls = Counter()
    real = library.summary

    def counting(speech_id):
        calls[speech_id] += 1
        return real(speech_id)

    real_list = library.list

    def listing():
        calls["list"] += 1
        return real_list()

    monkeypatch.setattr(library, "summary", counting)
    monkeypatch.setattr(library, "list", listing)
    bot = FakeBot()
    now = NOW.replace(tzinfo=settings.zone)
    counts = asyncio.run(digest.send_due_digests(bot, library, state, settings, now=now))
    assert counts == {"sent": 120, "empty": 0, "gone": 0, "failed": 0}
    got: dict[int, list[str]] = {}
    for chat, text in bot.sent:
        got.setdefault(chat, []).append(text)
    assert got == want
    assert calls["list"] == 1
    assert all(n == 1 for key, n in calls.items() if key != "list")  # each speech once
    assert {s.last_point for s in state.subscriptions()} - {None} != set()
    again = asyncio.run(digest.send_due_digests(FakeBot(), library, state, settings, now=now))
    assert again["sent"] == 0


def test_an_interrupted_broadcast_leaves_the_chats_not_reached_due(setup):
    library, state, settings = setup
    now = NOW.replace(tzinfo=settings.zone)

    async def interrupted(bot: FakeBot) -> None:
        task = asyncio.create_task(digest.send_due_digests(bot, library, state, settings, now=now))
        await bot.stalled.wait()
        task.cancel()  # the bot stops (restart, crash) in the middle of the broadcast
        with pytest.raises(asyncio.CancelledError):
            await task

    first = FakeBot(stall_after=40)
    asyncio.run(interrupted(first))
    claimed = [s for s in state.subscriptions() if s.last_sent == now.date().isoformat()]
    assert len(first.sent) == 40
    assert len(claimed) <= 40 + digest.CONCURRENT_SENDS  # only what was in flight is lost
    second = FakeBot()
    counts = asyncio.run(digest.send_due_digests(second, library, state, settings, now=now))
    assert counts["sent"] == 120 - len(claimed)
    chats = Counter(chat for chat, _ in first.sent + second.sent)
    assert max(chats.values()) == 1  # never twice
    assert len(chats) >= 120 - digest.CONCURRENT_SENDS
