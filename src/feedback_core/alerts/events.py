"""What happens to alerts.

Events that must happen once per alert (activation, expiry) get an id derived from the
alert, so two processes that notice the same moment produce the same event and the outbox
keeps one.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

import attrs

from feedback_core.alerts.model import Alert
from feedback_core.events import Event

if TYPE_CHECKING:
    import pendulum

_MILESTONES: Final = uuid.UUID("6f1c2a4e-5d7b-4c1e-9a0b-3e8f2d6c1b74")


@attrs.frozen(kw_only=True)
class AlertEvent(Event):
    """Something happened to an alert.

    Events the public hears of (approval, activation, expiry, cancel, supersede) carry the
    alert as it stood right after the change, so a transport renders what was approved
    (CAP 1.2, say) and never a later state; a draft's events carry none, so drafts never
    leave the system through a transport.
    """

    alert_id: uuid.UUID
    unit_id: uuid.UUID
    alert: Alert | None = None
    # For an Update: the alert it replaced, whose message CAP's references must name.
    replaces: tuple[Alert, ...] = ()


@attrs.frozen(kw_only=True)
class AlertCreated(AlertEvent):
    """A draft was written."""


@attrs.frozen(kw_only=True)
class AlertEdited(AlertEvent):
    """A draft was changed."""


@attrs.frozen(kw_only=True)
class AlertSubmitted(AlertEvent):
    """A draft went to the unit leader."""


@attrs.frozen(kw_only=True)
class AlertApproved(AlertEvent):
    """The unit leader approved it; it is in force from its start."""


@attrs.frozen(kw_only=True)
class AlertRejected(AlertEvent):
    """The unit leader sent it back."""


@attrs.frozen(kw_only=True)
class AlertCancelled(AlertEvent):
    """It was withdrawn (CAP Cancel)."""


@attrs.frozen(kw_only=True)
class AlertSuperseded(AlertEvent):
    """A newer approved alert replaced it (CAP Update)."""


@attrs.frozen(kw_only=True)
class AlertActivated(AlertEvent):
    """Its start time came; emitted once per alert, at the start instant."""


@attrs.frozen(kw_only=True)
class AlertExpired(AlertEvent):
    """Its end time came; emitted once per alert, at the end instant."""


def milestone(
    kind: type[AlertActivated | AlertExpired],
    alert_id: uuid.UUID,
    unit_id: uuid.UUID,
    at: pendulum.DateTime,
    alert: Alert | None = None,
) -> AlertActivated | AlertExpired:
    """The one event for an alert's activation or expiry, with an id fixed by the alert."""
    event_id = uuid.uuid5(_MILESTONES, f"{alert_id}:{kind.__name__}")
    return kind(id=event_id, at=at, alert_id=alert_id, unit_id=unit_id, alert=alert)


# What the public hears of: these carry the alert; drafts' events never do.
PUBLISHED: Final = (AlertApproved, AlertActivated, AlertExpired, AlertCancelled, AlertSuperseded)
