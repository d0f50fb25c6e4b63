"""A plain python-socketio client speaking the widget's protocol (session_request, user_uttered, bot_uttered).

It uses the polling transport: python-engineio 4.15.1's WebSocket client needs a newer aiohttp than Rasa 3.6 pins.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Awaitable, Dict, List, Optional, TypeVar

import socketio

from tests.conftest import RasaServer

#: How long after the last reply a turn counts as finished; only a bound, the wait ends on the replies.
QUIET_SECONDS = 1.5
TURN_TIMEOUT_SECONDS = 30.0
T = TypeVar("T")


def run_async(scenario: Awaitable[T], timeout: float) -> T:
    """Runs a coroutine to its end within `timeout` s, in a thread of its own (Playwright's sync API
    keeps an event loop running in the main thread once the browser tests have started)."""

    async def bounded() -> T:
        return await asyncio.wait_for(scenario, timeout)

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, bounded()).result()


class WidgetClient:
    """One browser tab's socket: asks for a session (optionally naming one) and collects the bot's messages."""

    def __init__(self, server: RasaServer, session_id: Optional[str] = None) -> None:
        self.server = server
        self.requested_session = session_id
        self.session_id: Optional[str] = None
        self.received: List[Dict[str, Any]] = []
        self._changed = asyncio.Event()
        self._confirmed = asyncio.Event()
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("bot_uttered", self._on_bot_uttered)
        self.sio.on("session_confirm", self._on_session_confirm)

    async def _on_bot_uttered(self, data: Dict[str, Any]) -> None:
        self.received.append(data)
        self._changed.set()

    async def _on_session_confirm(self, session_id: str) -> None:
        self.session_id = session_id
        self._confirmed.set()

    async def __aenter__(self) -> "WidgetClient":
        await self.sio.connect(self.server.url, headers={"Origin": self.server.web_origin}, transports=["polling"])
        await self.sio.emit("session_request", {"session_id": self.requested_session})
        await asyncio.wait_for(self._confirmed.wait(), TURN_TIMEOUT_SECONDS)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.sio.disconnect()

    async def send(self, message: str, session_id: Optional[str] = None) -> None:
        """Sends a message naming `session_id` (default: the confirmed one), as the widget does."""
        await self.sio.emit("user_uttered", {"message": message, "session_id": session_id or self.session_id})

    async def say(self, message: str, session_id: Optional[str] = None) -> List[Dict[str, Any]]:
        """Sends a message and returns the replies once at least one came and then none for a while."""
        before = len(self.received)
        await self.send(message, session_id)
        await self.wait_for_replies(before + 1)
        while True:
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), QUIET_SECONDS)
            except asyncio.TimeoutError:
                return self.received[before:]

    async def wait_for_replies(self, count: int, timeout: float = TURN_TIMEOUT_SECONDS) -> None:
        """Waits until `count` bot messages arrived in all."""
        async def arrived() -> None:
            while len(self.received) < count:
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(arrived(), timeout)
