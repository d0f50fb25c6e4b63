"""Rasa's check of action server replies, with the schema compiled once: same verdicts, same errors."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from rasa_patches import action_result_validation

SCHEMA = RemoteAction.action_response_format_spec()
VALID_REPLY = {
    "events": [{"event": "slot", "name": "last_topic", "value": "salary", "timestamp": None}],
    "responses": [{"text": "Als Medizin-Ingenieur in Duisburg verdienen Sie laut Artikel …", "buttons": []}],
}
INVALID_REPLIES = [
    {"events": "SlotSet", "responses": []},
    {"events": [{"event": "slot", "timestamp": "yesterday"}], "responses": []},
    {"events": [{"name": "last_topic"}], "responses": []},
]


def test_a_valid_reply_passes() -> None:
    jsonschema.validate(VALID_REPLY, SCHEMA)
    assert action_result_validation.validate_action_result(RemoteAction("action_lookup_salary", None), VALID_REPLY)


@pytest.mark.parametrize("reply", INVALID_REPLIES)
def test_an_invalid_reply_raises_what_jsonschema_raises_with_rasas_hint(reply: dict) -> None:
    with pytest.raises(jsonschema.ValidationError) as plain:
        jsonschema.validate(reply, SCHEMA)
    with pytest.raises(jsonschema.ValidationError) as compiled:
        action_result_validation.validate_action_result(RemoteAction("action_lookup_salary", None), reply)
    assert compiled.value.message.startswith(plain.value.message)
    assert "Failed to validate Action server response from API" in compiled.value.message
