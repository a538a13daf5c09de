"""The bot's typed settings, from the configuration's tables and the environment.

The file is found and read once, by ``speechbot.index.load_settings``; the upload
limit is the library's (``LibraryConfig.max_file_bytes``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from speechbot.index import SpeechbotError

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"


@dataclass(frozen=True)
class BotSettings:
    token: str | None
    api_base_url: str | None = None  # e.g. http://127.0.0.1:8081/bot (self-hosted server, tests)
    api_file_url: str | None = None
    admins: frozenset[int] = frozenset()
    access_mode: str = "allowlist"  # "open" or "allowlist"
    allowed_users: frozenset[int] = frozenset()
    allowed_chats: frozenset[int] = frozenset()
    timezone: str = "Asia/Shanghai"
    digest_time: dt.time = dt.time(8, 0)
    when_empty: str = "point"  # "skip" or "point" (one point from the archive)
    results_per_page: int = 3
    user_rate: float = 8  # requests a user may make per user_rate_period seconds
    user_rate_period: float = 10
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_url: str | None = None  # public URL; webhook mode when set
    webhook_path: str = "telegram"
    webhook_secret: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def may_use(self, user_id: int | None, chat_id: int | None) -> bool:
        """Whether this user (in this chat) may see any content."""
        if self.access_mode == "open" or (user_id is not None and user_id in self.admins):
            return True
        return (user_id in self.allowed_users) or (chat_id in self.allowed_chats)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins


def parse_time(text: str) -> dt.time:
    """ "08:00" → time(8, 0); raises SpeechbotError on anything else."""
    match = re.fullmatch(r"\s*(\d{1,2})[:：](\d{2})\s*", text or "")
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise SpeechbotError(f"时间格式应为 HH:MM，例如 08:00（收到：{text}）")
    return dt.time(int(match.group(1)), int(match.group(2)))


def bot_settings(config: dict[str, Any], environ: dict[str, str] | None = None) -> BotSettings:
    environ = dict(os.environ) if environ is None else environ
    telegram = config.get("telegram", {})
    access = config.get("access", {})
    digest = config.get("digest", {})
    bot = config.get("bot", {})
    webhook = config.get("webhook", {})
    admins = frozenset(int(x) for x in telegram.get("admins", []))
    timezone = str(digest.get("timezone", "Asia/Shanghai"))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SpeechbotError(f"未知时区 {timezone}") from exc
    mode = str(access.get("mode", "allowlist"))
    if mode not in ("open", "allowlist"):
        raise SpeechbotError(f"[access] mode 应为 open 或 allowlist（收到：{mode}）")
    when_empty = str(digest.get("when_empty", "point"))
    if when_empty not in ("skip", "point"):
        raise SpeechbotError(f"[digest] when_empty 应为 skip 或 point（收到：{when_empty}）")
    return BotSettings(
        token=environ.get(TOKEN_ENV) or telegram.get("token") or None,
        api_base_url=telegram.get("api_base_url"),
        api_file_url=telegram.get("api_file_url"),
        admins=admins,
        access_mode=mode,
        allowed_users=frozenset(int(x) for x in access.get("users", [])),
        allowed_chats=frozenset(int(x) for x in access.get("chats", [])),
        timezone=timezone,
        digest_time=parse_time(str(digest.get("time", "08:00"))),
        when_empty=when_empty,
        results_per_page=int(bot.get("results_per_page", 3)),
        user_rate=float(bot.get("user_rate", 8)),
        user_rate_period=float(bot.get("user_rate_period", 10)),
        webhook_listen=str(webhook.get("listen", "127.0.0.1")),
        webhook_port=int(webhook.get("port", 8443)),
        webhook_url=webhook.get("url"),
        webhook_path=str(webhook.get("path", "telegram")),
        webhook_secret=webhook.get("secret_token"),
    )
