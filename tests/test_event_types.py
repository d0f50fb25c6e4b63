"""Event classes by type name from a table: the same classes and errors as Rasa's own lookup."""

from __future__ import annotations

import pytest
import rasa.shared.utils.common
from rasa.shared.core.events import Event, SlotSet

from rasa_patches import event_types

TYPE_NAMES = sorted({cls.type_name for cls in rasa.shared.utils.common.all_subclasses(Event)})


def rasas_lookup(type_name: str, default=None):
    """Rasa 3.6.21's Event.resolve_by_type, as the patch replaces it."""
    for cls in rasa.shared.utils.common.all_subclasses(Event):
        if cls.type_name == type_name:
            return cls
    if type_name == "topic":
        return None
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


@pytest.mark.parametrize("type_name", TYPE_NAMES)
def test_every_event_type_resolves_to_rasas_class(type_name: str) -> None:
    assert event_types.resolve_by_type(type_name) is rasas_lookup(type_name)


def test_unknown_names_behave_as_in_rasa() -> None:
    assert event_types.resolve_by_type("topic") is None
    assert event_types.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        event_types.resolve_by_type("no_such_event")


def test_an_event_class_defined_later_is_found() -> None:
    class Later(SlotSet):
        type_name = "test_later_event"

    assert event_types.resolve_by_type("slot") is SlotSet
    assert event_types.resolve_by_type("test_later_event") is Later
