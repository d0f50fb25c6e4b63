"""Every change this project makes to Rasa's own code, installed in one place by `install()`.

The start module (`python -m assistant.serve`, used by `make run`, the tests, `make bench` and the
trainer tools) calls `install()` before Rasa loads a model. Each patch checks that Rasa is the
release it was written for and that the function it replaces is unchanged (`guard`); otherwise it
logs a warning and Rasa's own code stays.

  action_result_validation  the action server's reply schema compiled once (43 % of a salary turn)
  event_types               event classes looked up by type name in a table (a tenth of a salary turn)
  model_loading             DIET's weights built by one prediction instead of a training step
  action_timeout            ACTION_TIMEOUT seconds for the action server instead of Rasa's fixed 300
  action_failure            a German apology where a custom action fails, hangs or is unreachable
  tracker_store_errors      an unreadable tracker store raises instead of starting an empty conversation
"""

from __future__ import annotations

from typing import Dict

from rasa_patches import (
    action_failure, action_result_validation, action_timeout, event_types, model_loading, tracker_store_errors,
)

# action_timeout checks RemoteAction.run before action_failure wraps it.
PATCHES = (action_result_validation, event_types, model_loading, action_timeout, action_failure, tracker_store_errors)


def install() -> Dict[str, bool]:
    """Installs every patch that fits this Rasa; returns each patch's name and whether it is in place."""
    return {patch.NAME: patch.install() for patch in PATCHES}
