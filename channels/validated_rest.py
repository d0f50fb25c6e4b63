"""Rasa's REST channel with input checks: a malformed request gets a clear 400, a failure a German reply.

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

from channels import action_result_validation, model_loading

logger = logging.getLogger(__name__)
# Rasa imports this channel in every server that takes REST messages, before it loads the model:
# the faster model loading and action check (bench/results/summary.md) go in with it.
action_result_validation.install()
model_loading.install()

MAX_SENDER_LENGTH = 256
APOLOGY = "Entschuldigung, dabei ist bei mir ein Fehler passiert. Bitte versuchen Sie es noch einmal."


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

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            parsed = parse_body(request)
            if isinstance(parsed, str):
                return response.json({"error": parsed}, status=400)
            sender, text, metadata = parsed
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
                )
            except Exception:
                logger.exception("Processing a REST message failed")
                return response.json(collector.messages + [{"recipient_id": sender, "text": APOLOGY}])
            return response.json(collector.messages)

        return webhook
