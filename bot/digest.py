"""Daily digests: what each subscribed chat gets, and the job that sends them when due.

The job runs every minute (and once at start-up, which sends a digest missed while the
bot was down, the same day).  A digest is claimed in the store before it is sent, so no
chat ever gets two on one day, even with two jobs racing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import time

from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from index.library import Library
from index.summary import summarise

from . import render
from .config import BotSettings
from .state import BotState, Subscription

log = logging.getLogger(__name__)
CONCURRENT_SENDS = 30  # the rate limiter keeps the overall pace at Telegram's limits


def compose(
    library: Library, state: BotState, settings: BotSettings, sub: Subscription, today: dt.date
) -> list[str]:
    """The digest messages for one chat; [] when there is nothing to send."""
    new = [info for info in library.list() if info.added_at > sub.last_sent_at]
    if new:
        blocks = [f"📰 <b>每日摘要 {today.isoformat()}</b>：{len(new)} 篇新讲话"]
        for info in new:
            summary = summarise(library.speech(info.id))
            blocks.extend(render.summary_messages(summary))
        return render.fit(blocks)
    if settings.when_empty == "skip":
        return []
    point = todays_point(library, today, avoid=sub.last_point)
    if point is None:
        return []
    ref, title, text = point
    state.set_last_point(sub.chat_id, str(ref))
    return [
        f"📌 <b>今日一点</b>（{today.isoformat()}，没有新讲话）\n"
        f"{render.esc(text)}\n— {render.esc(title)} {render.ref_command(ref)}"
    ]


def todays_point(library: Library, today: dt.date, avoid: str | None):
    """(ref, title, sentence): a key sentence from the archive, chosen by date, never ``avoid``."""
    infos = library.list()
    if not infos:
        return None
    seed = int(hashlib.sha256(today.isoformat().encode()).hexdigest(), 16)
    for step in range(len(infos)):
        info = infos[(seed + step) % len(infos)]
        sentences = summarise(library.speech(info.id)).key_sentences
        for offset in range(len(sentences)):
            key = sentences[(seed // 7 + offset) % len(sentences)]
            if str(key.ref) != avoid:
                return key.ref, info.title, key.text
    return None


async def send_due_digests(
    bot, library: Library, state: BotState, settings: BotSettings, now: dt.datetime | None = None
) -> dict[str, int]:
    """Send every digest that is due at ``now``; returns counts (sent, skipped, gone, failed)."""
    now = now or dt.datetime.now(settings.zone)
    local = now.astimezone(settings.zone)
    today = local.date().isoformat()
    counts = {"sent": 0, "empty": 0, "gone": 0, "failed": 0}
    due = [
        s for s in state.subscriptions() if local.time() >= s.time and (s.last_sent or "") < today
    ]
    semaphore = asyncio.Semaphore(CONCURRENT_SENDS)

    async def deliver(sub: Subscription) -> None:
        if not state.claim_digest(sub.chat_id, today, time.time()):
            return  # another run sent it already
        messages = compose(library, state, settings, sub, local.date())
        if not messages:
            counts["empty"] += 1
            return
        async with semaphore:
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
    counts = await send_due_digests(context.bot, data["library"], data["state"], data["settings"])
    if any(counts.values()):
        log.info("digests: %s", counts)
