"""Domain events: one frozen class per state change.

Every event has an id that doubles as its idempotency key downstream. Events that must
happen once per alert (activation, expiry) get an id derived from the alert, so two
processes that notice the same moment produce the same event and the outbox keeps one.
"""

from __future__ import annotations

import uuid
from typing import Final

import attrs
import pendulum

from feedback_core.reports import ReportAction, ReportStatus

_MILESTONES: Final = uuid.UUID("6f1c2a4e-5d7b-4c1e-9a0b-3e8f2d6c1b74")


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
class UnitCreated(Event):
    """An administrator created an agency unit."""

    unit_id: uuid.UUID
    code: str


@attrs.frozen(kw_only=True)
class AccountEvent(Event):
    """Something happened to an account."""

    account_id: uuid.UUID


@attrs.frozen(kw_only=True)
class AccountRegistered(AccountEvent):
    """A citizen registered; the account waits for its activation code."""


@attrs.frozen(kw_only=True)
class OfficialAccountCreated(AccountEvent):
    """An administrator created an operator, unit or admin account."""


@attrs.frozen(kw_only=True)
class ActivationCodeSent(AccountEvent):
    """A code went out by SMS (the code itself is never in an event)."""


@attrs.frozen(kw_only=True)
class AccountActivated(AccountEvent):
    """The right code was entered."""


@attrs.frozen(kw_only=True)
class AccountLockedOut(AccountEvent):
    """Too many failed code tries in total locked the account."""


@attrs.frozen(kw_only=True)
class ReportEvent(Event):
    """A report moved along its table."""

    report_id: uuid.UUID
    actor_id: uuid.UUID
    action: ReportAction
    from_status: ReportStatus | None
    to_status: ReportStatus


@attrs.frozen(kw_only=True)
class AlertEvent(Event):
    """Something happened to an alert."""

    alert_id: uuid.UUID
    unit_id: uuid.UUID


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
) -> AlertActivated | AlertExpired:
    """The one event for an alert's activation or expiry, with an id fixed by the alert."""
    event_id = uuid.uuid5(_MILESTONES, f"{alert_id}:{kind.__name__}")
    return kind(id=event_id, at=at, alert_id=alert_id, unit_id=unit_id)
