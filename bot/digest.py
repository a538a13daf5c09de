"""Daily digests: what each subscribed chat gets, and the job that sends them when due.

The job runs every minute (and once at start-up, which sends a digest missed while the
bot was down, the same day).  A digest is claimed in the store just before it is sent, so
no chat ever gets two on one day, even with two jobs racing.  One broadcast reads the speech
list and summarises each speech once for all its chats (``DigestBatch``), off the event loop
when the caller passes ``offload``.  Access is checked when a digest is sent: a chat that may
no longer use the bot loses its subscription.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from speechbot.index import Library, SpeechInfo, Summary

from . import fitting, render
from .config import BotSettings
from .state import BotState, Subscription

log = logging.getLogger(__name__)
T = TypeVar("T")
Offload = Callable[[Callable[[Library], T]], Awaitable[T]]
CONCURRENT_SENDS = 30  # the rate limiter keeps the overall pace at Telegram's limits


class DigestBatch:
    """What one broadcast reads and computes once for all its chats: the speech list (and
    when it was read), each speech's summary, the messages of each digest, the archive's
    point of the day.  With 10,000 chats this is the difference between one summary per
    new speech and one per chat per speech.  Its methods take the Library to read with: the
    one of the thread they run in."""

    def __init__(self, library: Library, today: dt.date) -> None:
        self.today = today
        self.listed_at = time.time()  # the digests cover the speeches added before this
        self.infos = library.list()
        self._summaries: dict[int, Summary] = {}
        self._news: dict[tuple[int, ...], list[str]] = {}
        self._points: dict[str | None, tuple | None] = {}

    def summary(self, library: Library, speech_id: int) -> Summary:
        if speech_id not in self._summaries:
            self._summaries[speech_id] = library.summary(speech_id)
        return self._summaries[speech_id]

    def news(self, library: Library, new: list[SpeechInfo]) -> list[str]:
        """The digest messages for these new speeches."""
        key = tuple(info.id for info in new)
        if key not in self._news:
            blocks = [f"📰 <b>每日摘要 {self.today.isoformat()}</b>：{len(new)} 篇新讲话"]
            for info in new:
                blocks.extend(render.summary_messages(self.summary(library, info.id)))
            self._news[key] = fitting.fit(blocks)
        return list(self._news[key])

    def point(self, library: Library, avoid: str | None):
        """(ref, title, sentence): a key sentence from the archive, chosen by date, never
        ``avoid``; None when the archive has none."""
        if avoid not in self._points:
            self._points[avoid] = self._choose_point(library, avoid)
        return self._points[avoid]

    def _choose_point(self, library: Library, avoid: str | None):
        infos = self.infos
        if not infos:
            return None
        seed = int(hashlib.sha256(self.today.isoformat().encode()).hexdigest(), 16)
        for step in range(len(infos)):
            info = infos[(seed + step) % len(infos)]
            sentences = self.summary(library, info.id).key_sentences
            for offset in range(len(sentences)):
                key = sentences[(seed // 7 + offset) % len(sentences)]
                if str(key.ref) != avoid:
                    return key.ref, info.title, key.text
        return None


def compose(
    library: Library,
    state: BotState,
    settings: BotSettings,
    sub: Subscription,
    today: dt.date,
    batch: DigestBatch | None = None,
) -> list[str]:
    """The digest messages for one chat; [] when there is nothing to send.  ``batch`` shares
    the speech list and summaries between the chats of one broadcast."""
    batch = batch or DigestBatch(library, today)
    new = [info for info in batch.infos if info.added_at > sub.last_sent_at]
    if new:
        return batch.news(library, new)
    if settings.when_empty == "skip":
        return []
    point = batch.point(library, avoid=sub.last_point)
    if point is None:
        return []
    ref, title, text = point
    state.set_last_point(sub.chat_id, str(ref))
    return [
        f"📌 <b>今日一点</b>（{today.isoformat()}，没有新讲话）\n"
        f"{render.esc(text)}\n— {render.esc(title)} {render.ref_command(ref)}"
    ]


# --- a preview, on request (/digest) ---------------------------------------------------


def preview_news(
    since: dt.datetime,
    new: Sequence[SpeechInfo],
    summaries: Sequence[Summary],
    most: int,
) -> list[str]:
    """What the next digest would hold: the newest speeches summarised, the others listed,
    in at most ``most`` messages."""
    head = (
        f"📰 <b>每日摘要预览</b>：自 {since:%Y-%m-%d %H:%M} 以来 {len(new)} 篇新讲话"
        "（下一次每日摘要的内容）"
    )
    blocks = [head]
    for summary in summaries:
        blocks.extend(render.summary_messages(summary))
    rest = new[len(summaries) :]
    if rest:
        lines = [f"另有 {len(rest)} 篇新讲话："]
        lines += [_speech_line(info) for info in rest[:10]]
        if len(rest) > 10:
            lines.append("……/speeches 查看全部")
        blocks.append("\n".join(lines))
    messages = fitting.fit(blocks)
    if len(messages) > most:
        note = "（预览到此为止，/speeches 查看全部讲话）"
        messages = messages[:most]
        last = f"{messages[-1]}\n\n{note}"
        messages[-1] = last if len(last) <= fitting.LIMIT else note
    return messages


def preview_nothing_new(since: dt.datetime, latest: Sequence[SpeechInfo]) -> str:
    lines = [f"自 {since:%Y-%m-%d %H:%M} 以来没有新讲话。最新的讲话："]
    lines += [_speech_line(info) for info in latest]
    return fitting.fit(lines, joiner="\n")[0]


def preview_unsubscribed(latest: Sequence[SpeechInfo]) -> str:
    lines = [
        "本聊天还没有订阅每日摘要（/subscribe 08:00 订阅）。订阅后，每日摘要只含此后新增的讲话。",
        "最新的讲话：",
    ]
    lines += [_speech_line(info) for info in latest]
    return fitting.fit(lines, joiner="\n")[0]


def _speech_line(info: SpeechInfo) -> str:
    date = f"{render.esc(info.date)} " if info.date else ""
    return f"#{info.id} {date}{render.esc(render.title(info.title))}  /outline_{info.id}"


async def send_due_digests(
    bot,
    library: Library,
    state: BotState,
    settings: BotSettings,
    now: dt.datetime | None = None,
    offload: Offload | None = None,
) -> dict[str, int]:
    """Send every digest that is due at ``now``; returns counts (sent, skipped, gone, failed).
    ``offload(job)`` runs ``job(library)`` off the event loop (summaries take seconds)."""
    now = now or dt.datetime.now(settings.zone)
    local = now.astimezone(settings.zone)
    today = local.date().isoformat()
    counts = {"sent": 0, "empty": 0, "gone": 0, "failed": 0}
    due = [
        s for s in state.subscriptions() if local.time() >= s.time and (s.last_sent or "") < today
    ]
    if not due:
        return counts
    batch = DigestBatch(library, local.date())
    semaphore = asyncio.Semaphore(CONCURRENT_SENDS)

    async def deliver(sub: Subscription) -> None:
        if not settings.may_use(sub.user_id, sub.chat_id):
            state.unsubscribe(sub.chat_id)
            log.info("digest subscription of chat %s dropped: access revoked", sub.chat_id)
            counts["gone"] += 1
            return
        async with semaphore:
            # claimed only when its turn comes: a broadcast to 10,000 chats takes minutes at
            # Telegram's 30 messages/s, and a restart in between must still find the chats
            # not reached yet due (the start-up run sends them); at most CONCURRENT_SENDS
            # chats are claimed and not yet sent at any time
            if not state.claim_digest(sub.chat_id, today, batch.listed_at):
                return  # another run sent it already, or the chat unsubscribed
            if offload is None:
                messages = compose(library, state, settings, sub, local.date(), batch)
            else:
                messages = await offload(
                    lambda reader: compose(reader, state, settings, sub, local.date(), batch)
                )
            if not messages:
                counts["empty"] += 1
                return
            try:
                for html in messages:
                    await bot.send_message(sub.chat_id, html, parse_mode=ParseMode.HTML)
                counts["sent"] += 1
            except Forbidden:  # blocked by the user, kicked from the group
                state.unsubscribe(sub.chat_id)
                counts["gone"] += 1
            except BadRequest as exc:
                if "chat not found" in str(exc).lower():
                    state.unsubscribe(sub.chat_id)
                    counts["gone"] += 1
                else:
                    log.warning("digest to chat %s failed: %s", sub.chat_id, exc)
                    counts["failed"] += 1
            except TelegramError as exc:  # network trouble: try again at the next run
                log.warning("digest to chat %s will be retried: %s", sub.chat_id, exc)
                state.release_digest(sub.chat_id, sub)
                counts["failed"] += 1

    await asyncio.gather(*(deliver(s) for s in due))
    return counts


async def digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue callback: runs every minute."""
    data = context.bot_data

    def offload(job):
        return data["workers"].read(lambda conversation: job(conversation.library))

    counts = await send_due_digests(
        context.bot, data["library"], data["state"], data["settings"], offload=offload
    )
    if any(counts.values()):
        log.info("digests: %s", counts)
