"""Rasa's check of action server replies, with the JSON schema compiled once instead of on every action.

Rasa 3.6 checks each reply of the action server with `jsonschema.validate`, which first checks
the schema itself against the JSON Schema 2020-12 meta-schema: about 30 ms on a 2-core machine
for every custom action, most of a salary turn (measured with py-spy, bench/results/summary.md).
The schema is a constant, so it is checked once here; each reply is still validated against it
and a bad reply raises the same `ValidationError` with the same message as before.
"""

from __future__ import annotations

import functools
from typing import Any, Dict, Text

from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

from rasa_patches import guard

NAME = "compiled action reply check"
#: SHA-256 of the source of Rasa 3.6.21's RemoteAction._validate_action_result.
RASA_SOURCE_SHA256 = "f8cdb4be6812396167ced74161b2ccd65c5ea676ad86d7d359d8c322d9d8dc42"


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(_: RemoteAction, result: Dict[Text, Any]) -> bool:
    """Validates one action server reply; raises `ValidationError` as Rasa's own check does."""
    error = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> bool:
    """Makes every RemoteAction of this process use the compiled validator, if Rasa's is the expected one."""
    return guard.replace(RemoteAction, "_validate_action_result", validate_action_result, RASA_SOURCE_SHA256, NAME)

