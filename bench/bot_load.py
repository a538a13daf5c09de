"""Replies per second of the real Application against the fake Bot API server.

    python -m bench.bot_load --chats 50 --questions 4

50 private chats each send their questions at once; we measure the time from pushing an
update to the bot's sendMessage for it (p50/p99) and overall replies per second.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.fakebot import TOKEN, FakeBotApi
from speechbot.bot.app import build_application
from speechbot.bot.config import BotSettings
from speechbot.bot.state import BotState
from speechbot.index.library import Library

ROOT = Path(__file__).resolve().parents[1]

QUESTIONS = [
    "老旧小区改造",
    "资金筹措渠道",
    "青年科技人才",
    "科技创新基金",
    "审批时限",
    "研发投入强度",
]


async def measure(chats: int, per_chat: int) -> None:
    corpus = ROOT.parent / "shared" / "corpus"
    with tempfile.TemporaryDirectory() as tmp, FakeBotApi() as api:
        library = Library(tmp)
        library.ingest([ROOT / "samples", *sorted(corpus.glob("*.txt"))])
        settings = BotSettings(
            token=TOKEN, api_base_url=api.base_url, api_file_url=api.file_url, access_mode="open"
        )
        state = BotState(tmp)
        app = build_application(replace(settings), library, state)
        for job in app.job_queue.get_jobs_by_name("digests"):
            job.schedule_removal()
        await app.initialize()
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        pushed: dict[int, float] = {}
        start = time.perf_counter()
        for round_ in range(per_chat):
            for chat in range(1, chats + 1):
                api.message(chat, chat, QUESTIONS[(chat + round_) % len(QUESTIONS)])
                pushed[(chat, round_)] = time.perf_counter()
        total = chats * per_chat
        await asyncio.to_thread(api.wait_for, lambda: len(api.sent("sendMessage")) >= total, 300)
        elapsed = time.perf_counter() - start
        # update → reply latency: the k-th reply to a chat answers its k-th question
        seen: dict[int, int] = {}
        latencies = []
        for when, (method, params) in zip(api.call_times, api.calls, strict=True):
            if method != "sendMessage":
                continue
            chat = int(params["chat_id"])
            k = seen.get(chat, 0)
            seen[chat] = k + 1
            latencies.append((when - pushed[(chat, k)]) * 1000)
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        latencies.sort()
        print(
            f"{total} questions from {chats} chats: {elapsed:.2f} s, {total / elapsed:.1f} replies/s"
        )
        print(
            f"update → reply: p50 {statistics.median(latencies):.0f} ms,"
            f" p99 {latencies[int(len(latencies) * 0.99) - 1]:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--questions", type=int, default=4)
    args = parser.parse_args()
    asyncio.run(measure(args.chats, args.questions))


if __name__ == "__main__":
    main()
