"""The Telegram front end under a few conversations, for its peak memory.

The bridge runs as its own process (`python -m telegram_bridge`, as `make run` starts it) against
the Bot API stand-in of tests/telegram/fake_bot_api.py on 127.0.0.1, and talks to the real Rasa
server. Each chat sends its next message when the reply to the previous one has arrived.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Dict, Sequence

from bench import servers

sys.path.insert(0, str(servers.ROOT / "tests" / "telegram"))
from fake_bot_api import TEST_TOKEN, FakeBotApi  # noqa: E402

REPLY_TIMEOUT_SECONDS = 60.0


async def _chat(api: FakeBotApi, chat_id: int, conversation: Sequence[str]) -> int:
    answered = 0
    for message in conversation:
        before = len(api.sent(chat_id))
        api.queue_text(chat_id, message)
        await api.wait_for(lambda: len(api.sent(chat_id)) > before, REPLY_TIMEOUT_SECONDS, f"a reply in chat {chat_id}")
        answered += 1
    return answered


async def exercise_bridge(work: Path, rasa_url: str, chats: int, conversation: Sequence[str]) -> Dict[str, object]:
    """Runs `chats` conversations at once through the bridge; turns answered and the bridge's peak memory."""
    async with FakeBotApi() as api:
        bridge = servers.start_telegram_bridge(work, api.base_url, TEST_TOKEN, rasa_url)
        try:
            answered = await asyncio.gather(*(_chat(api, 1000 + chat, conversation) for chat in range(chats)))
            peak = bridge.peak_rss_megabytes().get("telegram_bridge")
        finally:
            await asyncio.get_running_loop().run_in_executor(None, bridge.stop)
    return {"chats": chats, "turns": chats * len(conversation), "answered": sum(answered), "peak_rss_megabytes": peak}
