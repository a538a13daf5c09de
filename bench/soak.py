"""The soak: many mixed updates from many chats through the real Application, while
`speechbot ingest` (another process) and the bot's own uploads and removals write to the
same data directory.

    python -m bench.soak                              # 100,000 updates from 1,000 chats
    python -m bench.soak --updates 300 --chats 30     # CI smoke run: every update checked

Each chat is one user who sends an update, waits until the bot has handled it, thinks for a
while (about ``chats / rate`` seconds, never fast enough to hit the per-user flood limit)
and sends the next.  Nine chats in ten are allowlisted users (one in a hundred an admin);
the tenth are strangers.  Users ask questions, quote (``/q_…`` and ``/quote N …``), browse
(``/speeches``, ``/outline N``, ``/help``), press the buttons of their last answer, forge
buttons (another chat's result list, a guessed id, junk) and upload files; admins' uploads
are ingested and some of them removed again (``/remove``).  Meanwhile ``speechbot ingest``
runs three times in a subprocess on the same data directory, each time with new files
holding a word no other speech has; at the end each of those words is asked through the bot.

Every update is checked against what its user must see: questions a results page, quotes
and outlines exactly what the same ``Conversation`` gave before the run, forged buttons the
"expired"/"invalid" notice and nothing of another chat, strangers one refusal and then
nothing.  An error is an update with no reply or a wrong one, or any log record at ERROR or
with a traceback (the bot's and the ingest's).  Exit status 1 when there is any.

Reply time is measured for allowlisted users from pushing the update to the first message
the bot sends or edits for it (and to the last).  Memory is this process's RSS: the bot and
the fake server run in it; the benchmark keeps only counters and the latencies.

``--clock virtual`` (default) feeds updates straight into the Application's update queue,
as its updater would after getUpdates, and runs on broadcast's ``VirtualClockLoop``: while
no Bot API request and no worker thread is busy, the loop moves its clock to its next timer
(a user's think time, the rate limiter's next slot) instead of sleeping.  Times are in the
loop's seconds, which is what the real clock would show.  ``--clock real`` long-polls the
fake server through getUpdates in real time (Telegram's 30 messages/s bound it).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import random
import re
import sys
import tempfile
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from telegram import Update

from bench.bot_load import QUESTIONS
from bench.broadcast import CORPUS, VirtualClockLoop, requests_counted
from bench.fakebot import TOKEN
from bench.harness import (
    LogErrors,
    SoakApi,
    busy,
    leftover_processes,
    memory,
    start_ingest,
    stop_group,
    work_counted,
)
from speechbot.bot import commands
from speechbot.bot.app import build_application
from speechbot.bot.commands import Request
from speechbot.bot.config import BotSettings
from speechbot.bot.handlers import REFUSAL
from speechbot.bot.service import Conversation
from speechbot.bot.state import BotState
from speechbot.index.library import Library

ROOT = Path(__file__).resolve().parents[1]

MARKERS = ("青鸾工程", "玄鸟行动", "白泽计划")  # words of no other speech: one per CLI ingest
CLI_AT = (0.1, 0.4, 0.7)  # when each CLI ingest starts, as a share of the updates sent
EXPIRED = "这组结果已过期，请重新提问。"
INVALID = "这个按钮已失效，请重新提问。"
NOT_ADMIN = "抱歉，只有管理员可以导入讲话。"
WAIT = 300.0  # loop seconds an update may take before it counts as unanswered


# --- the speeches --------------------------------------------------------------------------


def speech_text(title: str, word: str, n: int) -> str:
    return (
        f"{title}\n\n同志们：\n\n今天的会议部署第{n}号专项工作。\n\n"
        f"一、总体要求\n\n推进{word}，是今年的重点。要把{word}落到实处，按季度检查进展。\n\n"
        f"二、重点任务\n\n一是完善第{n}号专项的资金保障。二是加强{word}的督促检查。\n\n"
        "三、组织保障\n\n各部门要密切配合，确保各项任务按时完成。\n"
    )


def library_files(data: Path) -> tuple[list[Path], list[list[Path]]]:
    """What the library starts with, and the three batches the CLI ingests (each with a
    marker speech, plus a share of the shared corpus when it is there)."""
    corpus = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    held_out = corpus[-6:]
    batches = []
    for k, word in enumerate(MARKERS):
        marker = data.parent / f"marker-{k}.txt"
        marker.write_text(speech_text(f"关于{word}的讲话", word, 900 + k), encoding="utf-8")
        batches.append([marker, *held_out[2 * k : 2 * k + 2]])
    return [ROOT / "samples", *corpus[:-6]], batches


def fixed_answers(conversation: Conversation, library: Library) -> dict[str, list[str]]:
    """Commands whose answer no write changes (quotes and outlines of the first speeches),
    answered once before the run by the same Conversation the bot uses."""
    lines = []
    for info in library.list():
        lines.append(f"/outline {info.id}")
        sections = [s for s in library.speech(info.id).outline.walk() if s.path][:6]
        for section in sections:
            lines.append("/q_" + "_".join(map(str, (info.id, *section.path))))
        if sections:
            lines.append(f"/quote {info.id} {sections[0].label}")
    return {
        line: [r.html for r in commands.respond(conversation, Request(0, None), line)]
        for line in lines
    }


# --- the users -----------------------------------------------------------------------------


def _results(text: str) -> bool:
    """A page of results, after the line that says which speeches were searched (🗂 …)."""
    if text.startswith("🗂"):
        text = text.partition("\n\n")[2]
    return text.startswith("🔎")


@dataclass
class User:
    chat: int
    kind: str  # "member", "admin" or "stranger"
    buttons: list[str] = field(default_factory=list)  # callback data of its last answer
    uploads: list[int] = field(default_factory=list)  # speeches it uploaded, not yet removed
    refused: bool = False


@dataclass
class Soak:
    args: argparse.Namespace
    api: SoakApi
    fixed: dict[str, list[str]]
    rng: random.Random
    sent: int = 0
    done: dict[int, asyncio.Future] = field(default_factory=dict)
    kinds: Counter = field(default_factory=Counter)
    wrong: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    first: array = field(default_factory=lambda: array("d"))
    last: array = field(default_factory=lambda: array("d"))
    results: dict[int, int] = field(default_factory=dict)  # chat → id of its last result list
    memory: list[tuple[int, dict]] = field(default_factory=list)
    uploaded: int = 0
    removed: int = 0

    def choose(self, user: User) -> tuple[str, str]:
        """(kind, what is sent) of the user's next update."""
        rng, roll = self.rng, self.rng.random()
        if user.kind == "stranger":
            if roll < 0.6:
                return "stranger text", rng.choice(QUESTIONS)
            if roll < 0.8:
                return "stranger command", rng.choice(list(self.fixed))
            return "stranger button", f"p:{rng.randrange(1, 2**62)}:0"
        if user.kind == "admin" and user.uploads and roll < 0.05:
            return "remove", f"/remove {user.uploads.pop(0)}"
        if roll < 0.05:
            return "upload", ""
        if roll < 0.40:
            return "ask", rng.choice(QUESTIONS) if rng.random() < 0.7 else "/ask " + rng.choice(
                QUESTIONS
            )
        if roll < 0.60:
            line = rng.choice([k for k in self.fixed if not k.startswith("/outline")])
            return "quote", line
        if roll < 0.80 and user.buttons:
            return "press", rng.choice(user.buttons)
        if roll < 0.85:
            others = [r for c, r in self.results.items() if c != user.chat]
            forged = [f"p:{rng.choice(others)}:0"] if others else []
            return "forged button", rng.choice([*forged, *forged, "p:1:0", "x:1", "o:abc"])
        return "browse", rng.choice(
            ["/speeches", "/help", *[k for k in self.fixed if "outline" in k]]
        )

    def push(self, user: User, kind: str, payload: str) -> int:
        api, chat = self.api, user.chat
        if kind.endswith("button") or kind == "press":
            return api.callback(chat, chat, 1, payload)
        if kind == "upload":
            n = self.sent
            text = speech_text(f"第{n}号浸泡测试讲话", f"浸泡测试{n}号专项", n)
            return api.document(chat, chat, f"soak-{n}.txt", text.encode())
        return api.message(chat, chat, payload)

    def check(self, user: User, kind: str, payload: str, calls: list) -> str | None:
        """None when the user saw what it must; else what was wrong."""
        texts = [p["text"] for _, m, p in calls if m in ("sendMessage", "editMessageText")]
        alerts = [p.get("text") for _, m, p in calls if m == "answerCallbackQuery"]
        if user.kind == "stranger":
            if kind == "stranger button":
                return None if not texts and alerts == [REFUSAL] else "stranger button answered"
            want = [] if user.refused else [REFUSAL]
            user.refused = True
            return None if texts == want else "stranger answered"
        if not texts:
            return "no reply"
        if kind.startswith("ask"):
            keyboard = next(
                (p.get("reply_markup") for _, m, p in calls if "reply_markup" in p), None
            )
            if len(texts) != 1 or not _results(texts[0]):
                return "no results"
            user.buttons = [b["callback_data"] for row in keyboard["inline_keyboard"] for b in row]
            pages = [b for b in user.buttons if b.startswith("p:")]
            if pages:
                self.results[user.chat] = int(pages[0].split(":")[1])
            return None
        if kind in ("quote", "browse") and payload in self.fixed:
            return None if texts == self.fixed[payload] else "not the fixed answer"
        if kind == "browse":
            return None if len(texts) == 1 and "抱歉" not in texts[0] else "browse failed"
        if kind == "press":
            if payload.startswith("p:"):
                return None if len(texts) == 1 and _results(texts[0]) else "page lost"
            if payload.startswith("c:"):  # 引用: the citation alone, ready to copy
                ok = len(texts) == 1 and ("指出：“" in texts[0] or "不存在" in texts[0])
                return None if ok else "citation failed"
            ok = texts[0].startswith("📖") or "不存在" in texts[0]
            return None if ok else "original failed"
        if kind == "forged button":
            want = EXPIRED if payload.startswith("p:") else INVALID
            return None if texts == [want] else "forged button obeyed"
        if kind == "upload":
            if user.kind != "admin":
                return None if texts == [NOT_ADMIN] else "upload by a non-admin"
            if not texts[0].startswith("✅ 已导入：#"):
                return "upload failed"
            user.uploads.append(int(texts[0].split("#")[1].split()[0]))
            self.uploaded += 1
            return None
        if kind == "remove":
            if len(texts) == 1 and texts[0].startswith(f"已删除 #{payload.split()[1]} "):
                self.removed += 1
                return None
            return "remove failed"
        return None

    async def one(self, user: User, kind: str, payload: str, timed: bool) -> list[str]:
        """Send one update, wait until it is handled, check it; the texts the user got."""
        loop = asyncio.get_running_loop()
        pushed = loop.time()
        update_id = self.push(user, kind, payload)
        finished = self.done[update_id] = loop.create_future()
        try:
            ended = await asyncio.wait_for(finished, WAIT)
        except TimeoutError:
            ended, problem = None, "no reply (timed out)"
        calls = self.api.take(user.chat)
        self.api.forget_file(update_id)
        if ended is not None:
            problem = self.check(user, kind, payload, calls)
        self.kinds[kind] += 1
        if problem:
            self.wrong[problem] += 1
            if len(self.examples) < 12:
                shown = [(m, p.get("text", "")[:80]) for _, m, p in calls]
                self.examples.append(f"{kind} {payload[:40]!r} in {user.chat}: {problem} {shown}")
        elif timed and user.kind != "stranger":
            replies = [t for t, m, _ in calls if m in ("sendMessage", "editMessageText")]
            self.first.append((replies[0] - pushed) * 1000)
            self.last.append((ended - pushed) * 1000)
        return [p["text"] for _, m, p in calls if m in ("sendMessage", "editMessageText")]

    async def run_user(self, user: User, think: float) -> None:
        rng = random.Random(self.rng.random())
        await asyncio.sleep(rng.uniform(0, 2 * think))  # arrivals spread from the start
        while self.sent < self.args.updates:
            self.sent += 1
            if self.sent % max(self.args.updates // 10, 1) == 0:
                self.memory.append((self.sent, memory()))
                if self.args.updates >= 10_000:  # a long run shows it is alive
                    print(
                        f"{self.sent} updates sent, {sum(self.wrong.values())} wrong so far,"
                        f" RSS {self.memory[-1][1]['VmRSS']:.0f} MB",
                        file=sys.stderr,
                    )
            kind, payload = self.choose(user)
            await self.one(user, kind, payload, timed=True)
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)


async def cli_ingests(soak: Soak, data: Path, batches: list[list[Path]], log: Path) -> dict:
    """The three `speechbot ingest` runs, each starting when its share of updates is sent."""
    runs = {"codes": [], "seconds": 0.0, "files": 0, "during": []}
    for share, batch in zip(CLI_AT, batches, strict=True):
        while soak.sent < share * soak.args.updates:
            await asyncio.sleep(0.5)
        started, at = time.perf_counter(), soak.sent
        process = start_ingest(data, batch, log)
        runs["groups"] = [*runs.get("groups", []), process.pid]
        with busy():  # real work the clock must not skip past
            try:
                while process.poll() is None:
                    await asyncio.sleep(0.2)
            finally:
                stop_group(process)
        runs["codes"].append(process.returncode)
        runs["seconds"] += time.perf_counter() - started
        runs["files"] += len(batch)
        runs["during"].append((at, soak.sent))
    return runs


# --- the run -------------------------------------------------------------------------------


def roles(chats: int) -> list[User]:
    users = []
    for i in range(chats):
        kind = "stranger" if i % 10 == 9 else "admin" if i % 100 == 0 else "member"
        users.append(User(200_000 + i, kind))
    return users


async def soak(args: argparse.Namespace, data: Path) -> dict:
    library = Library(data)
    start_files, batches = library_files(data)
    library.ingest(start_files)
    state = BotState(data)
    users = roles(args.chats)
    members = frozenset(u.chat for u in users if u.kind != "stranger")
    admins = frozenset(u.chat for u in users if u.kind == "admin")
    log_path = data.parent / "ingest.log"
    logs = LogErrors()
    logging.getLogger().addHandler(logs)
    with SoakApi() as api:
        settings = BotSettings(
            token=TOKEN,
            api_base_url=api.base_url,
            api_file_url=api.file_url,
            allowed_users=members,
            admins=admins,
        )
        fixed = fixed_answers(Conversation(library, state, settings), library)
        app = build_application(settings, library, state)
        for job in app.job_queue.get_jobs_by_name("digests"):
            job.schedule_removal()
        run = Soak(args, api, fixed, random.Random(args.seed))
        loop = asyncio.get_running_loop()
        api.clock = loop.time
        if args.clock == "virtual":
            api.feed = lambda update: app.update_queue.put_nowait(Update.de_json(update, app.bot))
        processor = app.update_processor
        handle = processor.do_process_update

        async def handled(update, coroutine):
            try:
                await handle(update, coroutine)
            finally:
                finished = run.done.pop(update.update_id, None)
                if finished is not None and not finished.done():
                    finished.set_result(loop.time())

        processor.do_process_update = handled
        await app.initialize()
        await app.start()
        if args.clock == "real":
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
        start_memory = memory()
        started, started_real = loop.time(), time.perf_counter()
        ingests = asyncio.ensure_future(cli_ingests(run, data, batches, log_path))
        think = max(args.chats / args.rate, 3.0)
        try:
            await asyncio.gather(*(run.run_user(u, think) for u in users))
            runs = await ingests
            elapsed, elapsed_real = loop.time() - started, time.perf_counter() - started_real
            # what the CLI ingested, asked through the bot after all the writes
            asker = next(u for u in users if u.kind == "member")
            found = 0
            for word in MARKERS:
                texts = await run.one(asker, "ask (CLI's speech)", word, timed=False)
                found += any(word in re.sub(r"<[^>]+>", "", t) for t in texts)
            end_memory = memory()
        finally:
            ingests.cancel()
            with contextlib.suppress(BaseException):
                await ingests
            if app.updater.running:
                await app.updater.stop()
            await app.stop()
            await app.shutdown()
            logging.getLogger().removeHandler(logs)
        stray = api.stray()
    state.close()
    library.close()
    ingest_log = log_path.read_text(errors="replace") if log_path.exists() else ""
    return {
        "run": run,
        "runs": runs,
        "found": found,
        "logs": logs,
        "ingest_log": ingest_log,
        "stray": stray,
        "memory": [(0, start_memory), *run.memory, (args.updates, end_memory)],
        "elapsed": elapsed,
        "elapsed_real": elapsed_real,
        "speeches": len(start_files),
    }


def percentile(values: array, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)] if ordered else float("nan")


def report(args: argparse.Namespace, out: dict) -> int:
    run, runs, logs = out["run"], out["runs"], out["logs"]
    log_errors = logs.errors()
    ingest_tracebacks = out["ingest_log"].count("Traceback")
    failed_ingests = sum(code != 0 for code in runs["codes"])
    missing = len(MARKERS) - out["found"]
    errors = (
        sum(run.wrong.values())
        + len(log_errors)
        + ingest_tracebacks
        + failed_ingests
        + missing
        + len(out["stray"])
        + len(out["left"])
    )
    print(
        f"soak: {sum(run.kinds.values())} updates from {args.chats} chats"
        f" ({args.chats - args.chats // 10} allowlisted, {len(range(0, args.chats, 100))} admins,"
        f" {args.chats // 10} strangers), clock {args.clock},"
        f" {out['elapsed']:.0f} s ({out['elapsed_real']:.0f} s real)"
    )
    print("  " + ", ".join(f"{k} {n}" for k, n in sorted(run.kinds.items())))
    print(
        f"reply time, allowlisted ({len(run.first)} updates): first message p50"
        f" {percentile(run.first, 0.5):.0f} ms, p99 {percentile(run.first, 0.99):.0f} ms;"
        f" last message p50 {percentile(run.last, 0.5):.0f} ms,"
        f" p99 {percentile(run.last, 0.99):.0f} ms"
    )
    print(
        f"writes: {out['speeches']} sources at start; {run.uploaded} uploads ingested and"
        f" {run.removed} removed by the bot; `speechbot ingest` {len(runs['codes'])} runs"
        f" ({runs['files']} files, {runs['seconds']:.1f} s, exit {runs['codes']},"
        f" during updates {runs['during']}); its speeches found by the bot afterwards:"
        f" {out['found']}/{len(MARKERS)}"
    )
    print(
        "memory (MB, RSS / own / file pages): "
        + " → ".join(
            f"{m['VmRSS']:.0f}/{m['RssAnon']:.0f}/{m['RssFile']:.0f} at {n}"
            for n, m in out["memory"]
        )
        + f"; peak {out['memory'][-1][1]['VmHWM']:.0f}"
    )
    print(
        f"errors: {errors} (wrong or no reply {sum(run.wrong.values())} {dict(run.wrong)};"
        f" log errors {len(log_errors)}; ingest tracebacks {ingest_tracebacks}, failed"
        f" {failed_ingests}; CLI speeches not found {missing}; calls to no chat"
        f" {len(out['stray'])}; processes left {len(out['left'])})"
    )
    for line in [*run.examples, *log_errors[:5], *map(str, out["stray"][:3])]:
        print("  " + line)
    warnings = [msg for level, msg, tb in logs.records if level == "WARNING" and not tb]
    if warnings:
        print(f"log warnings: {len(warnings)}, e.g. {warnings[0]}")
    return 1 if errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=100_000)
    parser.add_argument("--chats", type=int, default=1_000)
    parser.add_argument(
        "--rate", type=float, default=20, help="updates per second the users send together"
    )
    parser.add_argument("--clock", choices=("virtual", "real"), default="virtual")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, requests_counted(), work_counted():
        data = Path(tmp) / "data"
        data.mkdir()
        loop = VirtualClockLoop() if args.clock == "virtual" else asyncio.new_event_loop()
        try:
            out = loop.run_until_complete(soak(args, data))
        finally:
            loop.close()
        out["left"] = leftover_processes(out["runs"]["groups"])
    sys.exit(report(args, out))


if __name__ == "__main__":
    main()
