"""Builds the Application: the handler list, the digest job, the rate limiter, the error handler.

app = build_application(settings, library, state)
run(app, settings)        # long polling, or a webhook when [webhook] url is set
"""

from __future__ import annotations

import asyncio
import logging

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from speechbot.index import typos
from speechbot.index.errors import SpeechbotError
from speechbot.index.library import Library
from speechbot.index.thesaurus import cilin_synonyms

from . import handlers
from .config import BotSettings
from .digest import digest_job
from .service import COMMANDS, Conversation
from .state import BotState

log = logging.getLogger(__name__)


async def _post_init(app: Application) -> None:
    await app.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
    # what the first question would wait for: the index, the table of same-sounding
    # characters (0.2 s) and Cilin's groups (0.35 s), built in a thread: they touch no
    # SQLite connection
    app.bot_data["library"].index  # noqa: B018
    await asyncio.to_thread(typos.prepare)
    await asyncio.to_thread(cilin_synonyms)


def build_application(settings: BotSettings, library: Library, state: BotState) -> Application:
    # httpx logs every request URL at INFO, and Bot API URLs hold the token
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if not settings.token:
        raise SpeechbotError(
            "没有 Telegram token：请设置环境变量 TELEGRAM_BOT_TOKEN 或配置 [telegram] token"
        )
    builder = (
        Application.builder()
        .token(settings.token)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(_post_init)
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
    )
    app.add_handlers(
        [
            CommandHandler(["start", "help"], handlers.start),
            CommandHandler("ask", handlers.ask),
            CommandHandler("quote", handlers.quote),
            MessageHandler(
                filters.Regex(r"^/q_\d+(?:_\d+)*(?:p\d+)?(?:@\w+)?(?:\s|$)"), handlers.quote_ref
            ),
            CommandHandler("speeches", handlers.speeches),
            CommandHandler("outline", handlers.outline),
            MessageHandler(filters.Regex(r"^/outline_\d+(?:@\w+)?(?:\s|$)"), handlers.outline),
            CommandHandler("summary", handlers.summary),
            CommandHandler("use", handlers.use),
            CommandHandler("subscribe", handlers.subscribe),
            CommandHandler("unsubscribe", handlers.unsubscribe),
            CommandHandler("digest", handlers.digest_preview),
            CommandHandler("remove", handlers.remove),
            CommandHandler("stats", handlers.stats),
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
