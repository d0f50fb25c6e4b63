"""Rasa's socket.io channel, open only to the web pages named in WEB_ORIGINS.

Rasa 3.6.21 creates its socket.io server with `cors_allowed_origins=[]`, which switches off
python-engineio's origin check and its CORS headers: CORS for the polling transport is left to
Sanic-CORS (`rasa run --cors`), and WebSocket connections, to which browsers apply no CORS, are
accepted from any page. This channel gives engine.io the list of page origins, so that it rejects
every other origin on both transports with a 400 and answers CORS for the listed ones itself
(Rasa then runs without `--cors`, which would add a second Access-Control-Allow-Origin header).
"""

from __future__ import annotations

import os
import re
from typing import Any, Awaitable, Callable, List

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

DEFAULT_ORIGINS = "http://localhost:8080 http://127.0.0.1:8080"


def web_origins(value: str) -> List[str]:
    """The origins in a list separated by spaces or commas, without trailing slashes."""
    return [origin.rstrip("/") for origin in re.split(r"[\s,]+", value) if origin]


class OriginCheckedSocketIOInput(SocketIOInput):
    """The socket.io channel (same name, events and session persistence) with engine.io's origin check on."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        assert self.sio is not None
        self.sio.eio.cors_allowed_origins = web_origins(os.environ.get("WEB_ORIGINS", DEFAULT_ORIGINS))
        return socketio_webhook
