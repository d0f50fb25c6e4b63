"""Settings of the Telegram bridge, read from environment variables."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Mapping, Optional
from urllib.parse import urlparse

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_RASA_URL = "http://localhost:5005"

# The shape BotFather hands out: numeric bot id, colon, a 35-character secret.
_TOKEN_PATTERN = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{30,60}$")
# Telegram's own rule for the webhook secret_token.
_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """A setting is missing or malformed. The message is safe to show: it never holds the token."""


@dataclass(frozen=True)
class Config:
    """Everything the bridge needs to run.

    Attributes:
        token: The bot token from @BotFather.
        api_base_url: Bot API base URL in python-telegram-bot's form; the token is appended.
        rasa_url: Base URL of the Rasa server (its REST channel is used).
        rasa_timeout: Seconds to wait for Rasa's answer before apologising to the user.
        telegram_timeout: Seconds for connecting to / reading from the Bot API on each call.
        poll_timeout: Long-polling timeout in seconds for getUpdates.
        send_retries: How often a Bot API call is retried after a timeout or network error.
        flood_waits: How often a Bot API call is retried after a 429 (each after its retry_after).
        webhook_url: Public HTTPS URL Telegram posts updates to; None means long polling.
        webhook_secret: Secret token Telegram must send with every webhook update.
        webhook_listen: Address the local webhook server binds to.
        webhook_port: Port the local webhook server listens on.
        max_concurrent_updates: Updates processed at once across all chats.
        sender_key: Key of the sender ids the bridge gives Rasa (TELEGRAM_SENDER_KEY; default: the token).
    """

    token: str = field(repr=False)
    api_base_url: str = DEFAULT_API_BASE_URL
    rasa_url: str = DEFAULT_RASA_URL
    rasa_timeout: float = 30.0
    telegram_timeout: float = 10.0
    poll_timeout: int = 10
    send_retries: int = 3
    flood_waits: int = 5
    webhook_url: Optional[str] = None
    webhook_secret: Optional[str] = field(default=None, repr=False)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    max_concurrent_updates: int = 64
    sender_key: Optional[str] = field(default=None, repr=False)

    @property
    def sender_secret(self) -> bytes:
        """The key of the bridge's sender ids: TELEGRAM_SENDER_KEY, else the bot token (secret either way)."""
        return (self.sender_key or self.token).encode()

    @property
    def webhook_path(self) -> str:
        """The URL path of :attr:`webhook_url`, where the local webhook server accepts updates."""
        if not self.webhook_url:
            return ""
        return urlparse(self.webhook_url).path.strip("/")

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "Config":
        """Build the settings from environment variables.

        Raises:
            ConfigError: if the token is missing or malformed or another setting is invalid.
        """
        env = os.environ if environ is None else environ
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather in Telegram and "
                "put its token into TELEGRAM_BOT_TOKEN."
            )
        if not _TOKEN_PATTERN.match(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is malformed: a bot token looks like "
                "'123456789:' followed by about 35 letters, digits, '_' or '-'."
            )

        webhook_url = env.get("TELEGRAM_WEBHOOK_URL", "").strip() or None
        if webhook_url and urlparse(webhook_url).scheme not in ("https", "http"):
            raise ConfigError(
                "TELEGRAM_WEBHOOK_URL must be a full URL; Telegram itself requires https://."
            )
        webhook_secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip() or None
        if webhook_secret and not _SECRET_PATTERN.match(webhook_secret):
            raise ConfigError(
                "TELEGRAM_WEBHOOK_SECRET may only hold 1 to 256 letters, digits, '_' and '-'."
            )
        if webhook_url and not webhook_secret:
            raise ConfigError(
                "TELEGRAM_WEBHOOK_SECRET must be set in webhook mode, so that only Telegram "
                "can post updates to the bridge."
            )

        return cls(
            token=token,
            api_base_url=env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL,
            rasa_url=(env.get("RASA_URL", "").strip() or DEFAULT_RASA_URL).rstrip("/"),
            rasa_timeout=_number(env, "RASA_TIMEOUT", 30.0),
            telegram_timeout=_number(env, "TELEGRAM_TIMEOUT", 10.0),
            poll_timeout=int(_number(env, "TELEGRAM_POLL_TIMEOUT", 10)),
            send_retries=int(_number(env, "TELEGRAM_SEND_RETRIES", 3)),
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN", "").strip() or "127.0.0.1",
            webhook_port=int(_number(env, "TELEGRAM_WEBHOOK_PORT", 8443)),
            sender_key=env.get("TELEGRAM_SENDER_KEY", "").strip() or None,
        )


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    """Read a non-negative number from ``env[name]``, or ``default`` when it is unset."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}.") from None
    if value < 0:
        raise ConfigError(f"{name} must not be negative.")
    return value
