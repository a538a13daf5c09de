"""The daily digest broadcast to many subscribed chats, through the real Application.

    python -m bench.broadcast --chats 10000                     # real clock: ~6 minutes
    python -m bench.broadcast --chats 300 --clock virtual       # CI smoke run: seconds

The bot (``build_application``: python-telegram-bot's ``AIORateLimiter``, 30 requests/s
overall, 20/min per group, retries on 429) sends ``send_due_digests`` — what the digest job
runs every minute — to the fake Bot API server (bench/fakebot.py, HTTP on 127.0.0.1), which
records every sendMessage with the HTTP status it answered.

The library is the sample speeches and the shared corpus; one speech (``--new``) is ingested
after most chats subscribed, so they get a digest of it; every tenth chat subscribed after it
and gets "today's point" from the archive instead; every tenth chat is a group. A few chats
answer 403 (bot blocked) and a few answer one 429 (retry_after 1 s) first.

Afterwards every chat's received messages are checked against what ``compose`` gives for it,
computed before the run: each subscribed chat exactly its digest, none missing, none twice;
blocked chats unsubscribed; a second run sends nothing.

``--clock virtual`` runs the same code on an event loop that skips its idle waits: when it
would sleep until its next timer (the rate limiter's next slot, the retry_after pause) and
no Bot API request is in flight, it moves its clock to that timer instead.  The rate limiter
and every timeout run unchanged on that clock; CPU work and the HTTP round trips take their
real time; so the times, reported in the loop's (virtual) seconds, are what the real clock
would show, in a fraction of the time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import selectors
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

from telegram.request import HTTPXRequest

from bench.fakebot import TOKEN, FakeBotApi
from speechbot.bot import digest
from speechbot.bot.app import build_application
from speechbot.bot.config import BotSettings
from speechbot.bot.state import BotState
from speechbot.index.library import Library

ROOT = Path(__file__).resolve().parents[1]

CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_NEW = "gov-report-2026-beijing.txt"
SUBSCRIBED_AT = dt.time(8, 0)
RATE = 30  # AIORateLimiter's overall limit, messages per second


# --- the fake server, also recording what it answered ----------------------------------


class RecordingApi(FakeBotApi):
    """FakeBotApi that also keeps (chat id, HTTP status, text) of every sendMessage."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[tuple[int, int, str]] = []
        # http.server listens with a backlog of 5: the limiter's first burst of 30 sends
        # would overflow it and see connections reset, which Telegram would not do
        self._server.socket.listen(128)

    def _answer(self, method, params):
        status, body = super()._answer(method, params)
        if method == "sendMessage":
            with self._lock:
                self.answers.append((int(params["chat_id"]), status, params.get("text", "")))
        return status, body


# --- the virtual clock ---------------------------------------------------------------------


class _SkippingSelector(selectors.BaseSelector):
    """When the loop would sleep until its next timer and no Bot API request is in flight,
    move the clock to that timer instead of sleeping."""

    def __init__(self) -> None:
        self._inner = selectors.DefaultSelector()
        self.skipped = 0.0  # seconds the clock has been moved ahead
        self.in_flight = 0  # Bot API requests sent and not yet answered

    def select(self, timeout=None):
        if timeout is None or timeout <= 0 or self.in_flight:
            return self._inner.select(timeout)
        events = self._inner.select(0)
        if not events:
            self.skipped += timeout
        return events

    def register(self, fileobj, events, data=None):
        return self._inner.register(fileobj, events, data)

    def unregister(self, fileobj):
        return self._inner.unregister(fileobj)

    def modify(self, fileobj, events, data=None):
        return self._inner.modify(fileobj, events, data)

    def close(self) -> None:
        self._inner.close()

    def get_key(self, fileobj):
        return self._inner.get_key(fileobj)

    def get_map(self):
        return self._inner.get_map()


class VirtualClockLoop(asyncio.SelectorEventLoop):
    """An event loop that does not sleep while nothing is in flight: its clock is real time
    plus the waits it skipped.  aiolimiter, asyncio.sleep (retry_after) and every timeout
    read loop.time(), so they run unchanged and see what they would in real time."""

    def __init__(self) -> None:
        self.skipping = _SkippingSelector()
        super().__init__(self.skipping)

    def time(self) -> float:
        return time.monotonic() + self.skipping.skipped


@contextlib.contextmanager
def requests_counted():
    """Count the bot's HTTP requests in flight, for VirtualClockLoop (which may skip ahead
    only while none is)."""
    original = HTTPXRequest.do_request

    async def counted(self, *args, **kwargs):
        loop = asyncio.get_running_loop()
        if not isinstance(loop, VirtualClockLoop):
            return await original(self, *args, **kwargs)
        loop.skipping.in_flight += 1
        try:
            return await original(self, *args, **kwargs)
        finally:
            loop.skipping.in_flight -= 1

    HTTPXRequest.do_request = counted
    try:
        yield
    finally:
        HTTPXRequest.do_request = original


# --- the scenario ----------------------------------------------------------------------------


class Timed:
    """Wraps a callable; adds up its calls and real (perf_counter) seconds."""

    def __init__(self, fn) -> None:
        self.fn, self.calls, self.seconds = fn, 0, 0.0

    def __call__(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return self.fn(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1


def chat_ids(chats: int) -> tuple[list[int], set[int], set[int]]:
    """All chat ids, the groups among them (negative ids) and the "today's point" chats."""
    ids, groups, point = [], set(), set()
    for i in range(chats):
        chat = -1_000_000_000_000 - i if i % 10 == 5 else 100_000 + i
        ids.append(chat)
        if i % 10 == 5:
            groups.add(chat)
        if i % 10 == 7:
            point.add(chat)
    return ids, groups, point


def spread(ids: list[int], count: int, offset: int) -> list[int]:
    """``count`` chats evenly through the list (the send order is by chat id)."""
    ordered = sorted(ids)
    step = len(ordered) / (count + 1) if count else 0
    return [ordered[min(int(step * (k + 1)) + offset, len(ordered) - 1)] for k in range(count)]


async def broadcast(args: argparse.Namespace, data: Path) -> dict:
    files = [ROOT / "samples", *sorted(CORPUS.glob("*.txt"))] if CORPUS.is_dir() else []
    new = Path(args.new) if args.new else CORPUS / DEFAULT_NEW
    if not new.is_file():  # no shared corpus: one sample speech is the new one
        new = ROOT / "samples" / "科技创新大会讲话.md"
        files = [ROOT / "samples" / "城市更新工作会议讲话.txt"]
    library = Library(data)
    library.ingest([f for f in files if f.resolve() != new.resolve()])
    state = BotState(data)
    ids, groups, point = chat_ids(args.chats)
    for chat in ids:
        if chat not in point:
            state.subscribe(chat, SUBSCRIBED_AT)
    time.sleep(0.01)  # added_at strictly after those subscriptions (before the clock starts)
    library.ingest([new])
    time.sleep(0.01)
    for chat in point:
        state.subscribe(chat, SUBSCRIBED_AT)

    news_ids = [c for c in ids if c not in point]
    blocked = set(spread(news_ids, args.blocked, 0))
    throttled = set(spread(news_ids, args.throttled, 1)) - blocked

    with RecordingApi() as api:
        settings = BotSettings(
            token=TOKEN,
            api_base_url=api.base_url,
            api_file_url=api.file_url,
            access_mode="open",
            when_empty="point",
        )
        now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=settings.zone)
        # what each kind of chat must receive, computed before the run by compose itself
        # (chat id 0 has no subscription row, so composing for it writes nothing)
        expected = {
            kind: digest.compose(
                library, state, settings, replace(state.subscription(chat), chat_id=0), now.date()
            )
            for kind, chat in (("news", news_ids[0]), ("point", min(point, default=news_ids[0])))
        }
        for chat in blocked:
            api.fail_next(chat, 403)
        for chat in throttled:
            api.fail_next(chat, 429, retry_after=1)

        app = build_application(settings, library, state)
        for job in app.job_queue.get_jobs_by_name("digests"):
            job.schedule_removal()  # driven directly below, as the job does it
        await app.initialize()
        timers = {
            "compose": Timed(digest.compose),
            "claim": Timed(state.claim_digest),
            "unsubscribe": Timed(state.unsubscribe),
            "set_last_point": Timed(state.set_last_point),
        }
        digest.compose = timers["compose"]
        for name in ("claim_digest", "unsubscribe", "set_last_point"):
            setattr(state, name, timers[name.replace("_digest", "")])
        loop = asyncio.get_running_loop()
        try:
            started, started_real = loop.time(), time.perf_counter()
            counts = await digest.send_due_digests(app.bot, library, state, settings, now=now)
            elapsed, elapsed_real = loop.time() - started, time.perf_counter() - started_real
            again = await digest.send_due_digests(app.bot, library, state, settings, now=now)
        finally:
            digest.compose = timers["compose"].fn
            await app.shutdown()

        received: dict[int, list[str]] = defaultdict(list)
        statuses: dict[int, Counter] = defaultdict(Counter)
        for chat, status, text in api.answers:
            statuses[chat][status] += 1
            if status == 200:
                received[chat].append(text)

    subscribed = {s.chat_id for s in state.subscriptions()}
    check = Counter()
    for chat in ids:
        if chat in blocked:
            continue
        want = expected["point" if chat in point else "news"]
        got = received.get(chat, [])
        if got == want:
            check["exact"] += 1
        elif not got:
            check["skipped"] += 1
        elif len(got) > len(want):
            check["duplicated"] += 1
        else:
            check["wrong"] += 1
    strangers = set(received) - set(ids)
    attempts = len(api.answers)
    delivered = sum(len(v) for v in received.values())
    floor = max(attempts - RATE, 0) / RATE
    state.close()
    library.close()
    return {
        "chats": args.chats,
        "groups": len(groups),
        "news_chats": len(news_ids),
        "point_chats": len(point),
        "new_speech": new.name,
        "messages_per_news_digest": len(expected["news"]),
        "clock": args.clock,
        "total_s": round(elapsed, 2),
        "real_s": round(elapsed_real, 2),
        "send_attempts": attempts,
        "delivered": delivered,
        "messages_per_s": round(delivered / elapsed, 2),
        "limiter_floor_s": round(floor, 2),
        "expected_chats": len(ids) - len(blocked),
        "exact": check["exact"],
        "skipped": check["skipped"],
        "duplicated": check["duplicated"],
        "wrong_content": check["wrong"],
        "sent_to_unknown_chats": len(strangers),
        "blocked": len(blocked),
        "blocked_403_answers": sum(statuses[c][403] for c in blocked),
        "blocked_unsubscribed": len(blocked - subscribed),
        "blocked_sent_anything": sum(1 for c in blocked if received.get(c)),
        "throttled": len(throttled),
        "answers_429": sum(s[429] for s in statuses.values()),
        "throttled_delivered_after_retry": sum(
            1 for c in throttled if statuses[c][429] == 1 and received.get(c) == expected["news"]
        ),
        "still_subscribed": len(subscribed),
        "counts": counts,
        "second_run": again,
        "compose_calls": timers["compose"].calls,
        "compose_s": round(timers["compose"].seconds, 3),
        "claims": timers["claim"].calls,
        "claim_ms_each": round(timers["claim"].seconds / max(timers["claim"].calls, 1) * 1000, 3),
        "sqlite_writes_s": round(sum(timers[n].seconds for n in timers if n != "compose"), 3),
    }


def table(r: dict) -> str:
    clock = (
        f"virtual (idle waits skipped; times in virtual s, real {r['real_s']:.1f} s)"
        if r["clock"] == "virtual"
        else "real"
    )
    c = r["counts"]
    rows = [
        ("clock", clock),
        (
            "chats",
            f"{r['chats']:,} ({r['groups']:,} groups; {r['news_chats']:,} get the digest of"
            f" {r['new_speech']} in {r['messages_per_news_digest']} message(s),"
            f" {r['point_chats']:,} today's point)",
        ),
        ("total time", f"{r['total_s']:.1f} s"),
        (
            "limiter floor",
            f"{r['limiter_floor_s']:.1f} s = ({r['send_attempts']:,} requests − {RATE} burst)"
            f" / {RATE}/s",
        ),
        ("messages delivered", f"{r['delivered']:,} ({r['messages_per_s']:.1f} messages/s)"),
        ("chats exactly right", f"{r['exact']:,} / {r['expected_chats']:,}"),
        (
            "skipped / duplicated / wrong",
            f"{r['skipped']} / {r['duplicated']} / {r['wrong_content']}"
            f" (messages to unknown chats: {r['sent_to_unknown_chats']})",
        ),
        (
            "403 blocked",
            f"{r['blocked']} chats, {r['blocked_403_answers']} × 403,"
            f" {r['blocked_unsubscribed']} unsubscribed, {r['blocked_sent_anything']} got anything",
        ),
        (
            "429 retry_after 1 s",
            f"{r['throttled']} chats, {r['answers_429']} × 429,"
            f" {r['throttled_delivered_after_retry']} delivered once after the retry",
        ),
        (
            "send_due_digests",
            f"sent {c['sent']:,}, empty {c['empty']}, gone {c['gone']}, failed {c['failed']};"
            f" second run sent {r['second_run']['sent']}",
        ),
        ("subscriptions left", f"{r['still_subscribed']:,}"),
        ("compose (real)", f"{r['compose_calls']:,} calls, {r['compose_s']:.2f} s"),
        (
            "SQLite writes (real)",
            f"{r['sqlite_writes_s']:.2f} s ({r['claims']:,} claims, {r['claim_ms_each']:.3f} ms"
            " each; plus unsubscribes, today's point refs)",
        ),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--clock", choices=["real", "virtual"], default="real")
    parser.add_argument("--blocked", type=int, default=5, help="chats answering 403")
    parser.add_argument("--throttled", type=int, default=5, help="chats answering one 429")
    parser.add_argument("--new", help="the speech added since the last digest (a file)")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        coro = broadcast(args, Path(tmp))
        if args.clock == "virtual":
            with requests_counted(), asyncio.Runner(loop_factory=VirtualClockLoop) as runner:
                result = runner.run(coro)
        else:
            result = asyncio.run(coro)
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    ok = (
        result["exact"] == result["expected_chats"]
        and result["sent_to_unknown_chats"] == 0
        and result["blocked_unsubscribed"] == result["blocked"]
        and result["second_run"]["sent"] == 0
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
