"""Rasa's lookup of an event class by its type name, from a table instead of a walk over every class.

Rasa 3.6 finds the class of each stored event ("slot", "user", "action", ...) by collecting every
subclass of `Event` anew (`all_subclasses`, with an `inspect.isabstract` check per class) and
comparing type names. That runs for every event of the conversation each time the tracker store
is read: about a tenth of the Rasa server's time on a salary turn (py-spy, bench/notes.yml). The
table holds the same first match per type name; a name it lacks (an event class imported later)
rebuilds it once, and the "topic" and `default` cases are Rasa's.
"""

from __future__ import annotations

from typing import Dict, Optional, Text, Type

import rasa.shared.utils.common
from rasa.shared.core.events import Event

from rasa_patches import guard

NAME = "event classes by type name"
#: SHA-256 of the source of Rasa 3.6.21's Event.resolve_by_type.
RASA_SOURCE_SHA256 = "b5cf570fa7f286c7059ec73d8880528d03a78b28cf4e80285a46079c0fa65968"

_classes: Dict[Text, Type[Event]] = {}


def _rebuild() -> None:
    _classes.clear()
    for cls in rasa.shared.utils.common.all_subclasses(Event):
        _classes.setdefault(cls.type_name, cls)


def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """The event class of `type_name`, as Rasa's `Event.resolve_by_type` returns it."""
    if type_name not in _classes:
        _rebuild()
    if type_name in _classes:
        return _classes[type_name]
    if type_name == "topic":
        return None  # Rasa's backwards compatibility with old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def install() -> bool:
    """Makes Rasa look event classes up in the table, if its lookup is the expected one."""
    return guard.replace(Event, "resolve_by_type", staticmethod(resolve_by_type), RASA_SOURCE_SHA256, NAME)
