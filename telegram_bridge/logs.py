"""Logging set-up that keeps the bot token out of every log line."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import sys
from typing import Iterable, List, Optional

REDACTED = "<redacted>"
# Chats appear in logs only as a hash under a key that lives as long as the process: lines of one
# run can be matched, a chat id cannot be read from them.
_CHAT_LOG_KEY = secrets.token_bytes(16)


def chat_ref(chat_id: object) -> str:
    """How a chat is named in log lines: a short keyed hash, never the chat id."""
    return "chat-" + hmac.new(_CHAT_LOG_KEY, str(chat_id).encode(), hashlib.sha256).hexdigest()[:10]


class RedactingFilter(logging.Filter):
    """Replaces secrets in a record's message, exception text and stack with ``<redacted>``.

    python-telegram-bot puts the token into request URLs and into the text of ``InvalidToken``,
    so a handler-level filter catches it whichever library logs it.
    """

    def __init__(self, secrets: Iterable[Optional[str]]) -> None:
        super().__init__()
        self._secrets: List[str] = [secret for secret in secrets if secret]

    def redact(self, text: str) -> str:
        """Return ``text`` with every secret replaced."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` in place; never drops it."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A malformed call: leave it to the handler, which reports such records itself.
            return True
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info:
            text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_text = self.redact(text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(secrets: Iterable[Optional[str]] = ()) -> None:
    """Log to stderr at ``LOG_LEVEL`` (default INFO) with ``secrets`` redacted.

    httpx logs every request URL at INFO, and python-telegram-bot's URLs contain the token;
    those lines are noise anyway, so httpx and httpcore are held at WARNING.
    """
    level = os.environ.get("LOG_LEVEL", "INFO").upper()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    numeric_level = logging.getLevelName(level)
    root.setLevel(numeric_level if isinstance(numeric_level, int) else logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
