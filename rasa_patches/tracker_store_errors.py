"""A tracker store that cannot be read or written raises, instead of Rasa silently starting afresh.

Rasa 3.6 wraps every tracker store in `FailSafeTrackerStore`, which answers a failed read with
"no conversation" (so the processor starts an empty one, and the visitor loses the context without
being told) and keeps a failed write in memory only. Here both raise `TrackerStoreUnavailable`:
the channel answers with an apology, nothing is written over the stored conversation, and once
the database is back the conversation goes on with every earlier event.
"""

from __future__ import annotations

import logging
from typing import Optional

from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_patches import guard

logger = logging.getLogger(__name__)

NAME = "tracker store errors raise"
#: SHA-256 of the sources of Rasa 3.6.21's FailSafeTrackerStore methods that swallow errors.
RASA_SOURCE_SHA256 = {
    "retrieve": "35d77318b0cc79771af3c667bc8c34cd5a56e494eaa8c4d713fd754b9d00d276",
    "retrieve_full_tracker": "5272a6be0919b511c874fde07a8666777d09f5a11ba29e66f1f923f5ef85e2a0",
    "save": "8426dc08f58d71102f7c031ade8a26b0b1458c8bae162be7b091d288699a5e9b",
}


class TrackerStoreUnavailable(Exception):
    """The conversation store could not be read or written; the message was not processed."""


async def retrieve(self: FailSafeTrackerStore, sender_id: str) -> Optional[DialogueStateTracker]:
    """The primary store's tracker; raises TrackerStoreUnavailable where it cannot be read."""
    try:
        return await self._tracker_store.retrieve(sender_id)
    except Exception as error:
        logger.error("The tracker store cannot be read: %s", type(error).__name__)
        raise TrackerStoreUnavailable from error


async def retrieve_full_tracker(self: FailSafeTrackerStore, sender_id: str) -> Optional[DialogueStateTracker]:
    """The primary store's full tracker; raises TrackerStoreUnavailable where it cannot be read."""
    try:
        return await self._tracker_store.retrieve_full_tracker(sender_id)
    except Exception as error:
        logger.error("The tracker store cannot be read: %s", type(error).__name__)
        raise TrackerStoreUnavailable from error


async def save(self: FailSafeTrackerStore, tracker: DialogueStateTracker) -> None:
    """Saves in the primary store; raises TrackerStoreUnavailable where it cannot be written."""
    try:
        await self._tracker_store.save(tracker)
    except Exception as error:
        logger.error("The tracker store cannot be written: %s", type(error).__name__)
        raise TrackerStoreUnavailable from error


def install() -> bool:
    """Replaces the three methods, each only if it is the expected code (all or none)."""
    replacements = {"retrieve": retrieve, "retrieve_full_tracker": retrieve_full_tracker, "save": save}
    if not all(guard.expected_code(FailSafeTrackerStore, name, RASA_SOURCE_SHA256[name], NAME) for name in replacements):
        return any(getattr(getattr(FailSafeTrackerStore, name), guard.MARK, False) for name in replacements)
    return all(
        guard.replace(FailSafeTrackerStore, name, function, RASA_SOURCE_SHA256[name], NAME)
        for name, function in replacements.items()
    )
