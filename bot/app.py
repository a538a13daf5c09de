"""Builds the Application from the command table: the gate, the handlers, the digest job,
the rate limiter, the error handler, the order in which updates are handled.

app = build_application(settings, library, state)
run(app, settings)        # long polling, or a webhook when [webhook] url is set
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from speechbot.index import Library, SpeechbotError

from . import commands, handlers
from .config import BotSettings
from .digest import digest_job
from .logs import redact_token
from .service import Conversation
from .state import BotState
from .workers import Workers

__all__ = ["ChatOrderedUpdates", "build_application", "run", "webhook_options"]

log = logging.getLogger(__name__)
CONCURRENT_UPDATES = 64


class ChatOrderedUpdates(BaseUpdateProcessor):
    """Updates of one chat one after another (its answers keep their order), of different
    chats at the same time: one chat's upload holds no one else's answer."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int | None, asyncio.Lock] = {}
        self._users: dict[int | None, int] = {}

    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        # the chat's turn first, then a slot: updates waiting for their chat take no slot
        # from other chats
        key = _chat_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await super().process_update(update, coroutine)
        finally:
            self._users[key] -= 1
            if not self._users[key]:  # no one waits: forget the chat
                del self._users[key], self._locks[key]

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await coroutine

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def _chat_key(update: object) -> int | None:
    """The chat; for inline queries (no chat) the user, whose private chat has the same id."""
    if isinstance(update, Update):
        if update.effective_chat:
            return update.effective_chat.id
        if update.effective_user:
            return update.effective_user.id
    return None


async def _post_init(app: Application) -> None:
    await app.bot.set_my_commands([BotCommand(name, text) for name, text in commands.menu()])
    # what the first question would wait for: before the first update is fetched
    app.bot_data["library"].warm_up()


async def _post_shutdown(app: Application) -> None:
    app.bot_data["workers"].close()


def build_application(settings: BotSettings, library: Library, state: BotState) -> Application:
    # httpx logs every request URL at INFO: noise, and Bot API URLs hold the token
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if not settings.token:
        raise SpeechbotError(
            "没有 Telegram token：请设置环境变量 TELEGRAM_BOT_TOKEN 或配置 [telegram] token"
        )
    redact_token(settings.token)
    if notice := library.stale_notice():  # the operator reads the log, not the users
        log.warning(notice)
    builder = (
        Application.builder()
        .token(settings.token)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .concurrent_updates(ChatOrderedUpdates(CONCURRENT_UPDATES))
    )
    if settings.api_base_url:
        builder = builder.base_url(settings.api_base_url)
    if settings.api_file_url:
        builder = builder.base_file_url(settings.api_file_url)
    app = builder.build()
    app.bot_data.update(
        library=library,
        state=state,
        settings=settings,
        conversation=Conversation(library, state, settings),
        workers=Workers(library, state, settings),
    )
    app.add_handler(TypeHandler(Update, handlers.gate), group=-1)
    names = [c.name for c in commands.COMMANDS if c.pattern is None]
    app.add_handlers(
        [
            CommandHandler(names, handlers.command),
            MessageHandler(filters.Regex(commands.shortcut_pattern()), handlers.command),
            MessageHandler(filters.Document.ALL, handlers.document),
            MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.text),
            CallbackQueryHandler(handlers.button),
            InlineQueryHandler(handlers.inline),
        ]
    )
    app.add_error_handler(handlers.error)
    app.job_queue.run_repeating(digest_job, interval=60, first=1, name="digests")
    return app


def webhook_options(settings: BotSettings) -> dict:
    """Where the webhook listens, the public URL Telegram posts to, and the secret it sends."""
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": settings.webhook_path,
        "webhook_url": settings.webhook_url.rstrip("/") + "/" + settings.webhook_path,
        "secret_token": settings.webhook_secret,
        "allowed_updates": Update.ALL_TYPES,
    }


def run(app: Application, settings: BotSettings) -> None:
    """Long polling by default; a webhook when a public URL is configured."""
    if settings.webhook_url:
        log.info("webhook mode on %s:%s", settings.webhook_listen, settings.webhook_port)
        app.run_webhook(**webhook_options(settings))
    else:
        log.info("long polling")
        app.run_polling(allowed_updates=Update.ALL_TYPES)
