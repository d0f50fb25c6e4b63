"""How long Rasa waits for the action server: ACTION_TIMEOUT seconds (default 2) instead of Rasa's fixed 300.

Rasa 3.6 passes the module constant `DEFAULT_REQUEST_TIMEOUT` (5 minutes, not configurable) to every
call of the action server in `RemoteAction.run`. A hung action server would keep a visitor waiting
that long and then answer nothing; with a few seconds, `action_failure` apologises in time.
"""

from __future__ import annotations

import os

import rasa.core.actions.action as rasa_action
from rasa.core.actions.action import RemoteAction

from rasa_patches import guard

NAME = "action server timeout"
ENVIRONMENT_VARIABLE = "ACTION_TIMEOUT"
DEFAULT_SECONDS = 2.0
#: SHA-256 of the source of Rasa 3.6.21's RemoteAction.run, which reads the constant at every call.
RASA_SOURCE_SHA256 = "ccabf6f1160d527a157fad5bd285ce69e8221b1bcad23f8a61499b4360a1c17e"


def action_timeout() -> float:
    """Seconds to wait for the action server: ACTION_TIMEOUT, else the default."""
    return float(os.environ.get(ENVIRONMENT_VARIABLE) or DEFAULT_SECONDS)


def install() -> bool:
    """Sets the timeout RemoteAction.run uses, if RemoteAction.run is the expected code."""
    if not guard.expected_code(RemoteAction, "run", RASA_SOURCE_SHA256, NAME):
        return False
    rasa_action.DEFAULT_REQUEST_TIMEOUT = action_timeout()  # type: ignore[attr-defined]
    return True
