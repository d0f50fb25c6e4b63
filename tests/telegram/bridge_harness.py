"""Running the real bridge application in-process against the fake Bot API."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, AsyncIterator, Awaitable, TypeVar

from telegram.ext import Application

from fake_bot_api import TEST_TOKEN, FakeBotApi
from telegram_bridge.bot import ALLOWED_UPDATES, build_application, sender_id
from telegram_bridge.config import Config

T = TypeVar("T")

#: Small timeouts so that fault tests finish in seconds.
TEST_SETTINGS = {
    "rasa_timeout": 2.0,
    "telegram_timeout": 1.0,
    "poll_timeout": 1,
    "send_retries": 3,
}


def sender_of(chat: int) -> str:
    """The sender id the bridge gives Rasa for ``chat`` (keyed with the test token)."""
    return sender_id(chat, TEST_TOKEN.encode())


def make_config(api: FakeBotApi, rasa_url: str, **overrides: Any) -> Config:
    """Bridge settings pointing at ``api`` and ``rasa_url``."""
    settings = {**TEST_SETTINGS, **overrides}
    return Config(token=api.token, api_base_url=api.base_url, rasa_url=rasa_url, **settings)


@contextlib.asynccontextmanager
async def running_bridge(
    api: FakeBotApi, rasa_url: str, **overrides: Any
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Run the bridge with long polling, as ``run_polling`` does but without signal handlers."""
    config = make_config(api, rasa_url, **overrides)
    application = build_application(config)
    await application.initialize()
    assert application.post_init is not None and application.updater is not None
    await application.post_init(application)
    await application.updater.start_polling(
        timeout=config.poll_timeout, allowed_updates=ALLOWED_UPDATES
    )
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        assert application.post_shutdown is not None
        await application.post_shutdown(application)


def run(scenario: Awaitable[T], timeout: float = 30.0) -> T:
    """Run an async test scenario, failing it if it takes longer than ``timeout`` seconds."""

    async def bounded() -> T:
        return await asyncio.wait_for(scenario, timeout)

    return asyncio.run(bounded())
