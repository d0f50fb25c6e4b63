"""A custom action that fails, hangs or cannot reach its server sends a German apology instead of nothing.

Rasa 3.6 logs such a failure, drops the action's events and goes on to listen: the visitor gets an
empty reply, which looks like "no answer to that". This wrapper around `RemoteAction.run` returns
the apology as the action's only event instead. The conversation's earlier events and slots stay
as they were, so the next question is answered normally once the action server is back.
A form's rejection (`ActionExecutionRejection`) is part of normal dialogue and passes through.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, List

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance
from rasa.shared.core.events import Event

from assistant import messages
from rasa_patches import guard

logger = logging.getLogger(__name__)

NAME = "apology for a failed custom action"
#: SHA-256 of the source of Rasa 3.6.21's RemoteAction.run.
RASA_SOURCE_SHA256 = "ccabf6f1160d527a157fad5bd285ce69e8221b1bcad23f8a61499b4360a1c17e"


def apologising(rasa_run: Callable[..., Any]) -> Callable[..., Any]:
    """`RemoteAction.run` that answers with an apology where Rasa's would fail."""

    async def run_or_apologise(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Event]:
        try:
            return await rasa_run(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except Exception as error:  # connection refused, HTTP error, or asyncio's timeout: all mean "not now"
            logger.warning("Custom action %s failed (%s); the visitor gets an apology", self.name(), type(error).__name__)
            return [create_bot_utterance({"text": messages.ACTION_UNAVAILABLE})]

    run_or_apologise.__doc__ = "RemoteAction.run with a German apology where the action server fails."
    return run_or_apologise


def install() -> bool:
    """Wraps RemoteAction.run, if it is the expected code."""
    if not guard.expected_code(RemoteAction, "run", RASA_SOURCE_SHA256, NAME):
        return False
    return guard.replace(RemoteAction, "run", apologising(RemoteAction.run), RASA_SOURCE_SHA256, NAME)
