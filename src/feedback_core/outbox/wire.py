"""Events on the wire: plain JSON-ready dicts with the event's class name under "type".

Every feature's events are imported here by name, so a reader decodes any of them
whatever else the process has imported.
"""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING, Any, Final

from feedback_core.accounts import events as account_events
from feedback_core.alerts import events as alert_events
from feedback_core.events import Event
from feedback_core.reports import events as report_events
from feedback_core.serialization import converter

if TYPE_CHECKING:
    import uuid

FEATURE_EVENTS: Final = (account_events, report_events, alert_events)


def _event_classes() -> dict[str, type[Event]]:
    return {
        name: kind
        for module in FEATURE_EVENTS
        for name, kind in vars(module).items()
        if isinstance(kind, type) and issubclass(kind, Event) and kind.__module__ == module.__name__
    }


EVENT_TYPES: Final = _event_classes()
# Events read from a store lately, with their stored text: a dispatch batch's worth, and
# some; by id, checked by identity (a new event object is always encoded afresh).
KEPT_TEXTS: Final = 1024
_kept: dict[uuid.UUID, tuple[Event, str]] = {}
_keeping = threading.Lock()


def event_to_dict(event: Event) -> dict[str, Any]:
    """An event as a dict with its class name under "type"."""
    return {"type": event.name, **converter.unstructure(event, type(event))}


def event_json(event: Event) -> str:
    """The event as compact JSON text, the form stores keep and transports send.

    An event a store just read is sent as the very text it was stored as (the last
    `KEPT_TEXTS` read are remembered, by identity): no second encoding per delivery.
    """
    kept = _kept.get(event.id)
    if kept is not None and kept[0] is event:
        return kept[1]
    return json.dumps(event_to_dict(event), ensure_ascii=False, separators=(",", ":"))


def event_from_json(text: str) -> Event:
    """The event stored as ``text`` (remembered with its text, see `event_json`)."""
    event = event_from_dict(json.loads(text))
    with _keeping:
        if len(_kept) >= KEPT_TEXTS:
            del _kept[next(iter(_kept))]
        _kept[event.id] = (event, text)
    return event


def event_from_dict(data: dict[str, Any]) -> Event:
    """The event `event_to_dict` made."""
    fields = dict(data)
    kind = EVENT_TYPES[fields.pop("type")]
    return converter.structure(fields, kind)
