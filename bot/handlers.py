"""Small async handlers: read the update, make one Conversation call, send the replies."""

from __future__ import annotations

import functools
import logging
import re
from pathlib import PurePath
from uuid import uuid4

from aiolimiter import AsyncLimiter
from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from speechbot.index.loaders import SUPPORTED_SUFFIXES

from . import render
from .config import BotSettings
from .service import Conversation, Reply

log = logging.getLogger(__name__)
REFUSAL = "抱歉，这个机器人只对授权用户开放。如需使用，请联系管理员。"
SLOW_DOWN = "您发送得太快了，请稍候再试。"


def _conversation(context: ContextTypes.DEFAULT_TYPE) -> Conversation:
    return context.bot_data["conversation"]


def _settings(context: ContextTypes.DEFAULT_TYPE) -> BotSettings:
    return context.bot_data["settings"]


def guarded(handler):
    """Only allowed users and chats get past (others get one polite refusal), and each user
    within a rate limit (a flood gets one short notice and is dropped; others are not slowed)."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        chat = update.effective_chat
        user_id = user.id if user else None
        if not _settings(context).may_use(user_id, chat.id if chat else None):
            await _refuse(update, context, user_id)
            return
        flood: FloodGuard = context.bot_data.setdefault("flood", FloodGuard(_settings(context)))
        verdict = await flood.check(user_id)
        if verdict == FloodGuard.NOTICE:
            if update.callback_query:
                await update.callback_query.answer(SLOW_DOWN)
            elif update.effective_message:
                await update.effective_message.reply_text(SLOW_DOWN)
        if verdict != FloodGuard.OK:
            return
        await handler(update, context)

    return wrapper


async def _refuse(update: Update, context: ContextTypes.DEFAULT_TYPE, user_id: int | None) -> None:
    """One polite refusal per user (per run); nothing of the content."""
    if update.callback_query:
        await update.callback_query.answer(REFUSAL, show_alert=True)
        return
    if update.inline_query:
        await update.inline_query.answer([], cache_time=0, is_personal=True)
        return
    refused: set = context.bot_data.setdefault("refused", set())
    chat = update.effective_chat
    if user_id in refused or not (
        chat and chat.type == ChatType.PRIVATE and update.effective_message
    ):
        return
    refused.add(user_id)
    await update.effective_message.reply_text(REFUSAL)


class FloodGuard:
    """A leaky bucket per user (aiolimiter): ``rate`` requests per ``period`` seconds."""

    OK, NOTICE, DROP = "ok", "notice", "drop"

    def __init__(self, settings: BotSettings) -> None:
        self.rate = settings.user_rate
        self.period = settings.user_rate_period
        self._buckets: dict[int | None, AsyncLimiter] = {}
        self._noticed: set[int | None] = set()

    async def check(self, user_id: int | None) -> str:
        bucket = self._buckets.get(user_id)
        if bucket is None:
            if len(self._buckets) > 10_000:  # forget idle users rather than grow forever
                self._buckets.clear()
                self._noticed.clear()
            bucket = self._buckets[user_id] = AsyncLimiter(self.rate, self.period)
        if bucket.has_capacity():
            await bucket.acquire()  # returns at once: there is capacity
            self._noticed.discard(user_id)
            return self.OK
        if user_id in self._noticed:
            return self.DROP
        self._noticed.add(user_id)
        return self.NOTICE


async def send(update: Update, context: ContextTypes.DEFAULT_TYPE, replies: list[Reply]) -> None:
    chat_id = update.effective_chat.id
    for reply in replies:
        if reply.edit and update.callback_query and update.callback_query.message:
            try:
                await update.callback_query.edit_message_text(
                    reply.html,
                    parse_mode=ParseMode.HTML,
                    reply_markup=reply.keyboard,
                    disable_web_page_preview=True,
                )
                continue
            except BadRequest as exc:  # e.g. "message is not modified"
                if "not modified" in str(exc):
                    continue
                raise
        await context.bot.send_message(
            chat_id,
            reply.html,
            parse_mode=ParseMode.HTML,
            reply_markup=reply.keyboard,
            disable_web_page_preview=True,
        )


def _args(context: ContextTypes.DEFAULT_TYPE) -> str:
    return " ".join(context.args or [])


@guarded
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start and /help: what the bot does, with examples."""
    await send(update, context, [_conversation(context).help()])


@guarded
async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask QUESTION (any chat)."""
    await send(
        update, context, _conversation(context).ask(update.effective_chat.id, _args(context))
    )


@guarded
async def text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain text: a question in private chats; in groups only when the bot is addressed."""
    message = update.effective_message
    question = message.text or ""
    if update.effective_chat.type != ChatType.PRIVATE:
        me = context.bot.username or ""
        replied = (
            message.reply_to_message
            and message.reply_to_message.from_user
            and (message.reply_to_message.from_user.id == context.bot.id)
        )
        mention = f"@{me}".lower()
        if mention in question.lower():
            question = re.sub(re.escape(mention), " ", question, flags=re.IGNORECASE)
        elif not replied:
            return
    await send(update, context, _conversation(context).ask(update.effective_chat.id, question))


@guarded
async def quote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/quote POINT."""
    await send(
        update, context, _conversation(context).quote(update.effective_chat.id, _args(context))
    )


@guarded
async def quote_ref(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/q_3_1_2: the tappable reference printed under every result."""
    command = (update.effective_message.text or "").split()[0]
    await send(update, context, _conversation(context).quote_ref(command.lstrip("/")))


@guarded
async def speeches(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, context, [_conversation(context).speeches()])


@guarded
async def outline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/outline [ID] and the tappable /outline_3."""
    command = (update.effective_message.text or "").split()[0]
    arg = command.split("_", 1)[1].split("@")[0] if "_" in command else _args(context)
    await send(update, context, _conversation(context).outline(update.effective_chat.id, arg))


@guarded
async def summary(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(
        update, context, _conversation(context).summary(update.effective_chat.id, _args(context))
    )


@guarded
async def use(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(
        update, context, [_conversation(context).use(update.effective_chat.id, _args(context))]
    )


@guarded
async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(
        update,
        context,
        [_conversation(context).subscribe(update.effective_chat.id, _args(context))],
    )


@guarded
async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, context, [_conversation(context).unsubscribe(update.effective_chat.id)])


@guarded
async def digest_preview(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest: what the next digest would hold, now."""
    from .digest import compose

    conversation = _conversation(context)
    chat_id = update.effective_chat.id
    sub = conversation.state.subscription(chat_id)
    if sub is None:
        from .state import Subscription

        sub = Subscription(chat_id, conversation.settings.digest_time, None, 0.0, None)
    messages = compose(
        conversation.library, conversation.state, conversation.settings, sub, conversation.today()
    )
    await send(update, context, [Reply(m) for m in messages] or [Reply("目前没有可发送的摘要。")])


@guarded
async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An uploaded file: admins ingest it; everyone else is told politely."""
    conversation = _conversation(context)
    settings = _settings(context)
    doc = update.effective_message.document
    user_id = update.effective_user.id if update.effective_user else None
    if not settings.is_admin(user_id):
        await send(update, context, [Reply("抱歉，只有管理员可以导入讲话。")])
        return
    name = doc.file_name or "upload.txt"
    if PurePath(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        supported = "、".join(sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES))
        await send(
            update, context, [Reply(f"不支持的文件类型：{render.esc(name)}。支持：{supported}")]
        )
        return
    if doc.file_size and doc.file_size > settings.max_upload_bytes:
        limit = settings.max_upload_bytes // (1024 * 1024)
        await send(
            update, context, [Reply(f"文件太大（{doc.file_size / 1e6:.1f} MB），上限 {limit} MB。")]
        )
        return
    file = await doc.get_file()
    data = bytes(await file.download_as_bytearray())
    if len(data) > settings.max_upload_bytes:
        await send(update, context, [Reply("文件太大，未导入。")])
        return
    await send(update, context, conversation.upload(user_id, name, data))


@guarded
async def remove(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user_id = update.effective_user.id if update.effective_user else None
    await send(update, context, [_conversation(context).remove(user_id, _args(context))])


@guarded
async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user_id = update.effective_user.id if update.effective_user else None
    await send(update, context, [_conversation(context).stats(user_id)])


@guarded
async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Inline buttons: p:RESULT:PAGE (paging), o:REF (the section's full text), s:PAGE (list)."""
    query = update.callback_query
    conversation = _conversation(context)
    kind, _, rest = (query.data or "").partition(":")
    await query.answer()
    if kind == "p" and re.fullmatch(r"\d+:\d+", rest):
        result_id, page = (int(x) for x in rest.split(":"))
        await send(update, context, [conversation.page(result_id, page)])
    elif kind == "o":
        await send(update, context, conversation.quote_ref(rest))
    elif kind == "s" and rest.isdigit():
        reply = conversation.speeches(int(rest))
        reply.edit = True
        await send(update, context, [reply])
    else:
        await send(update, context, [Reply("这个按钮已失效，请重新提问。")])


@guarded
async def inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Inline mode: @bot words offers passages to post in any chat."""
    query = update.inline_query
    words = (query.query or "").strip()
    if not words:
        await query.answer([], cache_time=0)
        return
    hits = _conversation(context).library.search(words[:200], top=8)
    results = [
        InlineQueryResultArticle(
            id=uuid4().hex,
            title=f"{hit.title} 〔{hit.ref}〕",
            description=hit.text[:120],
            input_message_content=InputTextMessageContent(
                render.hit_block(n, hit), parse_mode=ParseMode.HTML, disable_web_page_preview=True
            ),
        )
        for n, hit in enumerate(hits, start=1)
    ]
    await query.answer(results, cache_time=10, is_personal=True)


async def error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error; tell the user briefly, never with a traceback."""
    log.error("handler failed: %s", context.error, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await context.bot.send_message(
                update.effective_chat.id, "抱歉，处理时出错了，请稍后再试。"
            )
        except Exception:  # noqa: BLE001 - the error path must not raise
            log.warning("could not report the error to the chat")
