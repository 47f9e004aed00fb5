"""Domain events: the base every feature's events share.

Every event has an id that doubles as its idempotency key downstream. Each feature keeps
its own events beside its model (`accounts.events`, `reports.events`, `alerts.events`).
"""

from __future__ import annotations

import uuid

import attrs
import pendulum


def _new_id() -> uuid.UUID:
    return uuid.uuid4()


@attrs.frozen(kw_only=True)
class Event:
    """Base of every event: when it happened, and its idempotency key."""

    at: pendulum.DateTime
    id: uuid.UUID = attrs.field(factory=_new_id)

    @property
    def name(self) -> str:
        """The event's type name, as used on the wire."""
        return type(self).__name__


@attrs.frozen(kw_only=True)
class Notice(Event):
    """An event that tells one person something: it also goes to the notifiers.

    Notifiers (the SMS one by default) are destinations that take notices only; every
    other transport takes them too, so a host can route them to its app's push service.
    A notice names its recipient by account id and carries no personal data.
    """

    recipient_id: uuid.UUID
