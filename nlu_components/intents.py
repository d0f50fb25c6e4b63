"""What the custom classifiers share: setting the message's intent where the actions read it."""

from __future__ import annotations

from typing import Any, Dict, Text

from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message


def put_first(message: Message, intent: Dict[Text, Any]) -> None:
    """Makes `intent` the message's intent and the top of its ranking, where the actions read it
    (rasa_sdk's Tracker.get_intent_of_latest_message)."""
    message.set(INTENT, intent, add_to_output=True)
    others = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != intent.get(INTENT_NAME_KEY)]
    message.set(INTENT_RANKING_KEY, [intent, *others], add_to_output=True)
