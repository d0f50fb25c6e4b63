"""Rasa's socket.io channel, open only to the web pages named in WEB_ORIGINS, with server-issued sessions.

Origins: Rasa 3.6.21 creates its socket.io server with `cors_allowed_origins=[]`, which switches off
python-engineio's origin check and its CORS headers: CORS for the polling transport is left to
Sanic-CORS (`rasa run --cors`), and WebSocket connections, to which browsers apply no CORS, are
accepted from any page. This channel gives engine.io the list of page origins, so that it rejects
every other origin on both transports with a 400 and answers CORS for the listed ones itself
(Rasa then runs without `--cors`, which would add a second Access-Control-Allow-Origin header).

Sessions: Rasa's channel joins whatever session id a client names, so whoever knows or guesses
another visitor's id reads their replies and writes into their conversation. Here the server
issues the session token (channels/sessions.py) and binds it to the socket: a client's
`session_request` keeps its token only if the server issued it, and every message goes into the
conversation of the socket's own token, whatever session id the message names.

Messages pass channels/input_checks.py. POST /webhooks/socketio/forget with a session token as its
body deletes that conversation (channels/privacy.py): the widget's "Meine Daten löschen".
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant import messages
from channels import privacy, sessions
from channels.input_checks import InputChecks, as_plain_text, clean
from rasa_patches.tracker_store_errors import TrackerStoreUnavailable

logger = logging.getLogger(__name__)

DEFAULT_ORIGINS = "http://localhost:8080 http://127.0.0.1:8080"


def web_origins(value: str) -> List[str]:
    """The origins in a list separated by spaces or commas, without trailing slashes."""
    return [origin.rstrip("/") for origin in re.split(r"[\s,]+", value) if origin]


def _client_address(environ: Dict[str, Any]) -> Optional[str]:
    """The visitor's address: the one a trusted proxy passes on (Sanic's REAL_IP_HEADER), else the peer's."""
    request = environ.get("sanic.request")
    return (request.remote_addr or request.ip) if request is not None else None


class OriginCheckedSocketIOInput(SocketIOInput):
    """The socket.io channel (same name and events) with engine.io's origin check and server-issued sessions."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None
        origins = web_origins(os.environ.get("WEB_ORIGINS", DEFAULT_ORIGINS))
        sio.eio.cors_allowed_origins = origins
        checks = InputChecks()
        privacy.schedule_retention(socketio_webhook)
        senders: Dict[str, str] = {}

        async def reply(sid: str, text: str) -> None:
            await sio.emit(self.bot_message_evt, {"text": text}, room=sid)

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str) -> None:
            senders.pop(sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Optional[Dict]) -> None:
            token = data.get("session_id") if isinstance(data, dict) else None
            if not sessions.valid(token):
                token = sessions.issue()
            senders[sid] = sessions.sender_of(token)
            sio.enter_room(sid, senders[sid])  # python-socketio 5.9.0: not a coroutine (see README, Choices)
            await sio.emit("session_confirm", token, room=sid)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            sender = senders.get(sid)
            if sender is None:
                return  # no session_request yet: Rasa's channel ignores such a message too
            raw = data.get("message") if isinstance(data, dict) else None
            text = clean(raw if isinstance(raw, str) else "")
            refusal = checks.refusal(text, sender, _client_address(sio.get_environ(sid) or {}))
            if refusal:
                await reply(sid, refusal)
                return
            output = SocketIOOutput(sio, self.bot_message_evt)
            try:
                await on_new_message(UserMessage(as_plain_text(text), output, sender, input_channel=self.name()))
            except TrackerStoreUnavailable:
                await reply(sid, messages.STORE_UNAVAILABLE)
            except Exception as error:
                logger.error("Processing a socket.io message failed: %s", type(error).__name__, exc_info=error)
                await reply(sid, messages.PROCESSING_FAILED)

        @socketio_webhook.route("/forget", methods=["POST"])
        async def forget(request: Request) -> HTTPResponse:
            """Deletes the conversation of the session token in the body (plain text, so no CORS preflight)."""
            token = request.body.decode("utf-8", errors="replace").strip()
            origin = request.headers.get("Origin")
            headers = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"} if origin in origins else {}
            if not sessions.valid(token):
                return response.json({"error": "unbekannte Sitzung"}, status=403, headers=headers)
            try:
                await privacy.forget(request.app.ctx.agent.tracker_store, sessions.sender_of(token))
            except Exception as error:
                logger.error("Deleting a conversation failed: %s", type(error).__name__, exc_info=error)
                return response.json({"text": privacy.FORGET_FAILED}, status=503, headers=headers)
            return response.json({"text": privacy.FORGOTTEN}, headers=headers)

        return socketio_webhook
