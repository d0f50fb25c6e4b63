"""A stand-in for Rasa's REST channel on 127.0.0.1, for fault and load tests of the bridge.

It can be stopped and started again on the same port (Rasa down, then back) and slowed down.
Conversation tests use the real Rasa server instead.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Union

from aiohttp import web

from bench.servers import free_port

Responder = Callable[[str, str], List[Dict[str, Any]]]


def echo(sender: str, message: str) -> List[Dict[str, Any]]:
    """Answer every message with ``Antwort: <message>``."""
    return [{"recipient_id": sender, "text": f"Antwort: {message}"}]


@dataclass
class FakeRasa:
    """The fake Rasa server. Use as ``async with FakeRasa() as rasa:``.

    Attributes:
        responder: Builds the answer for ``(sender, message)``.
        delay: Seconds to wait before answering, or a function of ``(sender, message)`` giving them.
        received: ``(sender, message)`` of every request, in arrival order.
        max_in_flight: The most requests that were being answered at the same time.
        images: PNG images served at ``/images/<name>``, as the assistant's chart server serves charts.
    """

    responder: Responder = echo
    delay: Union[float, Callable[[str, str], float]] = 0.0
    received: List[tuple] = field(default_factory=list)
    max_in_flight: int = 0
    images: Dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.port = free_port()
        self._in_flight = 0
        self._runner: Optional[web.AppRunner] = None

    @property
    def url(self) -> str:
        """Base URL, as the bridge's RASA_URL."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Start serving (again) on :attr:`port`."""
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self._handle)
        app.router.add_get("/images/{name}", self._image)
        self._runner = web.AppRunner(app, shutdown_timeout=0.2, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        """Stop serving; connections to :attr:`port` are refused until :meth:`start`."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "FakeRasa":
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def messages_from(self, sender: str) -> List[str]:
        """The messages ``sender`` sent, in arrival order."""
        return [message for who, message in self.received if who == sender]

    async def _image(self, request: web.Request) -> web.Response:
        image = self.images.get(request.match_info["name"])
        if image is None:
            raise web.HTTPNotFound()
        return web.Response(body=image, content_type="image/png")

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        sender, message = str(body["sender"]), str(body["message"])
        self.received.append((sender, message))
        self._in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            delay = self.delay(sender, message) if callable(self.delay) else self.delay
            if delay:
                await asyncio.sleep(delay)
            return web.json_response(self.responder(sender, message))
        finally:
            self._in_flight -= 1
