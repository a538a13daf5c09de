"""Small async handlers: read the update, run one entry of the command table, send the replies.

Access and flood control come first, in ``gate`` (handler group -1): an update it stops
never reaches the others, so they assume the user may be answered.
"""

from __future__ import annotations

import logging
import re
from pathlib import PurePath

from aiolimiter import AsyncLimiter
from telegram import InlineQueryResultArticle, InputFile, InputTextMessageContent, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop, ContextTypes

from speechbot.index import SUPPORTED_SUFFIXES

from . import commands, render
from .commands import ON_LOOP, WRITE, Command, Request
from .config import BotSettings
from .service import Conversation, Reply
from .workers import Workers

log = logging.getLogger(__name__)
REFUSAL = "抱歉，这个机器人只对授权用户开放。如需使用，请联系管理员。"
SLOW_DOWN = "您发送得太快了，请稍候再试。"


def _conversation(context: ContextTypes.DEFAULT_TYPE) -> Conversation:
    return context.bot_data["conversation"]


def _settings(context: ContextTypes.DEFAULT_TYPE) -> BotSettings:
    return context.bot_data["settings"]


def _workers(context: ContextTypes.DEFAULT_TYPE) -> Workers:
    return context.bot_data["workers"]


def _request(update: Update, arg: str = "") -> Request:
    user = update.effective_user
    return Request(update.effective_chat.id, user.id if user else None, arg)


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Only allowed users and chats get past (others get one polite refusal), and each user
    within a rate limit (a flood gets one short notice and is dropped; others are not slowed)."""
    user = update.effective_user
    chat = update.effective_chat
    user_id = user.id if user else None
    if not _settings(context).may_use(user_id, chat.id if chat else None):
        await _refuse(update, context, user_id)
        raise ApplicationHandlerStop
    flood: FloodGuard = context.bot_data.setdefault("flood", FloodGuard(_settings(context)))
    verdict = await flood.check(user_id)
    if verdict == FloodGuard.NOTICE:
        if update.callback_query:
            await update.callback_query.answer(SLOW_DOWN)
        elif update.effective_message:
            await update.effective_message.reply_text(SLOW_DOWN)
    if verdict != FloodGuard.OK:
        raise ApplicationHandlerStop


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
        if reply.document is not None:
            name, data = reply.document
            await context.bot.send_document(
                chat_id,
                InputFile(data, filename=name),
                caption=reply.html,
                parse_mode=ParseMode.HTML,
                reply_markup=reply.keyboard,
            )
            continue
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


async def _execute(
    update: Update, context: ContextTypes.DEFAULT_TYPE, command: Command, request: Request
) -> None:
    if command.work == ON_LOOP:
        replies = command.run(_conversation(context), request)
    else:
        replies = await _workers(context).run(
            command.work, lambda conversation: command.run(conversation, request)
        )
    await send(update, context, replies)


async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any command of the table, and its tappable forms (/q_3_1_2, /outline_3)."""
    parsed = commands.parse(update.effective_message.text or "", context.bot.username)
    if parsed is not None:
        found, arg = parsed
        await _execute(update, context, found, _request(update, arg))


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


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An uploaded file: admins ingest it (in the writer thread); others are told politely."""
    settings = _settings(context)
    doc = update.effective_message.document
    request = _request(update)
    if not settings.is_admin(request.user_id):
        await send(update, context, [Reply("抱歉，只有管理员可以导入讲话。")])
        return
    name = doc.file_name or "upload.txt"
    if PurePath(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        supported = "、".join(sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES))
        await send(
            update, context, [Reply(f"不支持的文件类型：{render.esc(name)}。支持：{supported}")]
        )
        return
    limit = _conversation(context).library.config.max_file_bytes
    if doc.file_size and doc.file_size > limit:
        await send(
            update,
            context,
            [Reply(f"文件太大（{doc.file_size / 1e6:.1f} MB），上限 {limit / 2**20:g} MB。")],
        )
        return
    file = await doc.get_file()
    data = bytes(await file.download_as_bytearray())
    if len(data) > limit:
        await send(update, context, [Reply("文件太大，未导入。")])
        return
    replies = await _workers(context).run(
        WRITE, lambda conversation: conversation.upload(request.user_id, name, data)
    )
    await send(update, context, replies)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Inline buttons (see ``buttons``): they act in the chat whose message holds them."""
    query = update.callback_query
    await query.answer()
    if update.effective_chat is None:  # a button under a message posted in inline mode
        return
    chat_id = update.effective_chat.id
    await send(update, context, commands.press(_conversation(context), chat_id, query.data))


async def inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Inline mode: @bot words offers passages to post in any chat."""
    query = update.inline_query
    answers = _conversation(context).inline(query.query or "")
    if not answers:
        await query.answer([], cache_time=0)
        return
    results = [
        InlineQueryResultArticle(
            id=str(n),
            title=answer.title,
            description=answer.description,
            input_message_content=InputTextMessageContent(
                answer.html, parse_mode=ParseMode.HTML, disable_web_page_preview=True
            ),
        )
        for n, answer in enumerate(answers)
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
