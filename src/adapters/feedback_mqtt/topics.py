"""The topic scheme: where each event is published, and the retained state of alerts in force.

Under the URL's prefix:

* ``<prefix>/alerts/<unit id>/<event name>``: every alert event (``AlertApproved``...);
* ``<prefix>/alerts/active/<alert id>``: retained, the ``AlertActivated`` event of each
  alert in force; an empty retained message clears it when the alert expires, is
  cancelled or superseded, so a subscriber that connects late sees what is in force now;
* ``<prefix>/reports/<event name>``: report events (ids and statuses, never content);
* ``<prefix>/notices/<account id>``: notices to one person (``ReporterNotice``: which
  report moved, and how; never its words), so an app can subscribe to its user's topic;
* ``<prefix>/accounts/<event name>``: account and unit events (ids only, no personal data);
* ``<prefix>/events/<event name>``: any other event.

Every payload but the clearing one is the event as `event_to_dict` makes it, in UTF-8 JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from feedback_core.accounts import events as account_events
from feedback_core.alerts.events import (
    AlertActivated,
    AlertCancelled,
    AlertEvent,
    AlertExpired,
    AlertSuperseded,
)
from feedback_core.events import Notice
from feedback_core.outbox.wire import event_json
from feedback_core.reports.events import ReportEvent

if TYPE_CHECKING:
    from feedback_core.events import Event

ENDED: Final = (AlertExpired, AlertCancelled, AlertSuperseded)


@attrs.frozen
class Publication:
    """One MQTT message: topic, payload, and whether the broker keeps it for late subscribers."""

    topic: str
    payload: bytes
    retain: bool = False


def payload(event: Event) -> bytes:
    """The event as compact UTF-8 JSON."""
    return event_json(event).encode("utf-8")


def event_topic(prefix: str, event: Event) -> str:
    """The topic an event is published on."""
    if isinstance(event, AlertEvent):
        return f"{prefix}/alerts/{event.unit_id}/{event.name}"
    if isinstance(event, Notice):
        return f"{prefix}/notices/{event.recipient_id}"
    if isinstance(event, ReportEvent):
        return f"{prefix}/reports/{event.name}"
    if type(event).__module__ == account_events.__name__:
        return f"{prefix}/accounts/{event.name}"
    return f"{prefix}/events/{event.name}"


def active_topic(prefix: str, alert_id: object) -> str:
    """The retained topic of one alert in force."""
    return f"{prefix}/alerts/active/{alert_id}"


def publications(prefix: str, event: Event) -> list[Publication]:
    """What one event publishes, in order: the event, then the alert's retained state."""
    body = payload(event)
    out = [Publication(event_topic(prefix, event), body)]
    if isinstance(event, AlertActivated):
        out.append(Publication(active_topic(prefix, event.alert_id), body, retain=True))
    elif isinstance(event, ENDED):
        out.append(Publication(active_topic(prefix, event.alert_id), b"", retain=True))
    return out
