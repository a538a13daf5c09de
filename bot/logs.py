"""The bot's log lines, as ``run`` prints them, with the token redacted in every handler."""

from __future__ import annotations

import logging

__all__ = ["TokenFilter", "configure_logging", "redact_token"]


class TokenFilter(logging.Filter):
    """Replaces the bot token in a record's message, arguments and traceback: Bot API URLs
    hold it, and any library may log a URL, at any level."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        # the part after the colon is the secret; "123:" alone is the public bot id
        self.secret = token.split(":", 1)[-1]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if self._holds(message) or self._holds(record.exc_text or ""):
            record.msg, record.args = self._redact(message), None
            record.exc_text = self._redact(record.exc_text) if record.exc_text else None
        return True

    def _holds(self, text: str) -> bool:
        return bool(self.secret) and self.secret in text

    def _redact(self, text: str) -> str:
        return text.replace(self.token, "[TOKEN]").replace(self.secret, "[TOKEN]")


def configure_logging(verbose: bool, token: str | None) -> None:
    """Log lines as ``run`` prints them (``--verbose``: every level), the token redacted."""
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        level=logging.DEBUG if verbose else logging.INFO,
    )
    if token:
        redact_token(token)


def redact_token(token: str) -> None:
    """Put a TokenFilter on every handler of the root logger (once)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, TokenFilter) and f.token == token for f in handler.filters):
            handler.addFilter(TokenFilter(token))
