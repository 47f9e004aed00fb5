"""Events on the wire: plain JSON-ready dicts with the event's class name under "type".

Every feature's events are imported here by name, so a reader decodes any of them
whatever else the process has imported.
"""

from __future__ import annotations

from typing import Any, Final

from feedback_core.accounts import events as account_events
from feedback_core.alerts import events as alert_events
from feedback_core.events import Event
from feedback_core.reports import events as report_events
from feedback_core.serialization import converter

FEATURE_EVENTS: Final = (account_events, report_events, alert_events)


def _event_classes() -> dict[str, type[Event]]:
    return {
        name: kind
        for module in FEATURE_EVENTS
        for name, kind in vars(module).items()
        if isinstance(kind, type) and issubclass(kind, Event) and kind.__module__ == module.__name__
    }


EVENT_TYPES: Final = _event_classes()


def event_to_dict(event: Event) -> dict[str, Any]:
    """An event as a dict with its class name under "type"."""
    return {"type": event.name, **converter.unstructure(event, type(event))}


def event_from_dict(data: dict[str, Any]) -> Event:
    """The event `event_to_dict` made."""
    fields = dict(data)
    kind = EVENT_TYPES[fields.pop("type")]
    return converter.structure(fields, kind)
