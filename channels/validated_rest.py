"""Rasa's REST channel with input checks: a malformed request gets a clear 400, a failure a German reply.

Every message goes through channels/input_checks.py (cleaning, length, payloads, rate limits).

Rasa 3.6's own RestInput answers a body that is not a JSON object with a 500, and swallows
processing errors into an empty reply list, which a user sees as silence.
"""

from __future__ import annotations

import inspect
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Tuple, Union

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant import messages
from channels import privacy
from channels.input_checks import InputChecks, as_plain_text, clean
from rasa_patches.tracker_store_errors import TrackerStoreUnavailable

logger = logging.getLogger(__name__)

MAX_SENDER_LENGTH = 256


def parse_body(request: Request) -> Union[Tuple[str, str, Optional[Dict[str, Any]]], str]:
    """(sender, message, metadata) from a request body, or a German description of what is wrong."""
    try:
        body = request.json
    except Exception:  # Sanic raises its own error type for bodies that are not JSON
        return "Der Inhalt ist kein gültiges JSON."
    if not isinstance(body, dict):
        return 'Erwartet wird ein JSON-Objekt wie {"sender": "…", "message": "…"}.'
    sender, message, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_LENGTH:
        return f'"sender" muss ein nicht leerer Text mit höchstens {MAX_SENDER_LENGTH} Zeichen sein.'
    if not isinstance(message, str):
        return '"message" muss ein Text sein.'
    if metadata is not None and not isinstance(metadata, dict):
        return '"metadata" muss ein JSON-Objekt sein.'
    return sender, message, metadata


class ValidatedRestInput(RestInput):
    """The REST channel at the usual /webhooks/rest/webhook, answering every request in German or with a 4xx."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", inspect.getmodule(self).__name__)
        checks = InputChecks()
        privacy.schedule_retention(webhook)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            parsed = parse_body(request)
            if isinstance(parsed, str):
                return response.json({"error": parsed}, status=400)
            sender, text, metadata = parsed
            text = clean(text)
            refusal = checks.refusal(text, sender, request.remote_addr or request.ip)
            if refusal:
                return response.json([{"recipient_id": sender, "text": refusal}])
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(as_plain_text(text), collector, sender, input_channel=self.name(), metadata=metadata)
                )
            except TrackerStoreUnavailable:
                return response.json(collector.messages + [{"recipient_id": sender, "text": messages.STORE_UNAVAILABLE}])
            except Exception as error:
                logger.error("Processing a REST message failed: %s", type(error).__name__, exc_info=error)
                return response.json(collector.messages + [{"recipient_id": sender, "text": messages.PROCESSING_FAILED}])
            return response.json(collector.messages)

        @webhook.route("/forget", methods=["POST"])
        async def forget(request: Request) -> HTTPResponse:
            """Deletes every stored event of the sender's conversation (Telegram's /vergessen)."""
            parsed = parse_body(request)
            if isinstance(parsed, str):
                return response.json({"error": parsed}, status=400)
            sender = parsed[0]
            try:
                await privacy.forget(request.app.ctx.agent.tracker_store, sender)
            except Exception as error:
                logger.error("Deleting a conversation failed: %s", type(error).__name__, exc_info=error)
                return response.json([{"recipient_id": sender, "text": privacy.FORGET_FAILED}], status=503)
            return response.json([{"recipient_id": sender, "text": privacy.FORGOTTEN}])

        return webhook
