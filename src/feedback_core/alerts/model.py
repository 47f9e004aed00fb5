"""Public alerts ("thông tin cảnh báo"): the record, CAP 1.2 vocabularies, status from time.

An approved alert is active while start <= t < end and expired from end on. That is
derived from the clock here, never stored by a background job; `alert_status_at` also
answers for past instants, so "what was in force at 07:15 yesterday" has one answer.
"""

from __future__ import annotations

import enum
import uuid
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

HEADLINE_LIMIT: Final = 140


class Category(enum.StrEnum):
    """CAP 1.2 <category>."""

    GEO = "Geo"
    MET = "Met"
    SAFETY = "Safety"
    SECURITY = "Security"
    RESCUE = "Rescue"
    FIRE = "Fire"
    HEALTH = "Health"
    ENV = "Env"
    TRANSPORT = "Transport"
    INFRA = "Infra"
    CBRNE = "CBRNE"
    OTHER = "Other"


class Severity(enum.StrEnum):
    """CAP 1.2 <severity>."""

    EXTREME = "Extreme"
    SEVERE = "Severe"
    MODERATE = "Moderate"
    MINOR = "Minor"
    UNKNOWN = "Unknown"


class Urgency(enum.StrEnum):
    """CAP 1.2 <urgency>."""

    IMMEDIATE = "Immediate"
    EXPECTED = "Expected"
    FUTURE = "Future"
    PAST = "Past"
    UNKNOWN = "Unknown"


class Certainty(enum.StrEnum):
    """CAP 1.2 <certainty>."""

    OBSERVED = "Observed"
    LIKELY = "Likely"
    POSSIBLE = "Possible"
    UNLIKELY = "Unlikely"
    UNKNOWN = "Unknown"


class AlertStatus(enum.StrEnum):
    """The stored status; whether an approved alert is in force is derived from time."""

    DRAFT = "draft"
    PENDING = "pending_approval"
    APPROVED = "approved"
    CANCELLED = "cancelled"
    SUPERSEDED = "superseded"


class AlertPhase(enum.StrEnum):
    """What an alert is at one instant."""

    DRAFT = "draft"
    PENDING = "pending_approval"
    SCHEDULED = "scheduled"
    ACTIVE = "active"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    SUPERSEDED = "superseded"


class AlertAction(enum.StrEnum):
    """What can be done to an alert."""

    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    CANCEL = "cancel"
    SUPERSEDE = "supersede"


St = AlertStatus
TRANSITIONS: Final[Mapping[tuple[AlertAction, AlertStatus], AlertStatus]] = {
    (AlertAction.EDIT, St.DRAFT): St.DRAFT,
    (AlertAction.SUBMIT, St.DRAFT): St.PENDING,
    (AlertAction.APPROVE, St.PENDING): St.APPROVED,
    (AlertAction.REJECT, St.PENDING): St.DRAFT,  # back to the author, with the reason
    (AlertAction.CANCEL, St.APPROVED): St.CANCELLED,  # CAP Cancel
    (AlertAction.SUPERSEDE, St.APPROVED): St.SUPERSEDED,  # CAP Update, by a newer alert
}


@attrs.frozen
class Point:
    """WGS 84 coordinates."""

    latitude: float
    longitude: float


@attrs.frozen
class Circle:
    """A centre and a radius in kilometres (CAP <circle>)."""

    center: Point
    radius_km: float


@attrs.frozen
class Area:
    """Where the alert applies: always a description, optionally a closed polygon or circle."""

    description: str
    polygon: tuple[Point, ...] = ()
    circle: Circle | None = None


@attrs.frozen
class AlertText:
    """The words of an alert in one language."""

    headline: str
    description: str
    instruction: str | None = None


@attrs.frozen
class AlertContent:
    """Everything an author writes; replaced whole on edit, never on an approved alert."""

    text: AlertText  # Vietnamese, always
    category: Category
    severity: Severity
    urgency: Urgency
    certainty: Certainty
    area: Area
    start: pendulum.DateTime
    end: pendulum.DateTime
    text_en: AlertText | None = None

    @property
    def duration(self) -> dt.timedelta:
        """How long the alert is in force."""
        return self.end - self.start


@attrs.frozen
class Alert:
    """An alert's current state; `version` grows by one with every change."""

    id: uuid.UUID
    unit_id: uuid.UUID
    content: AlertContent
    status: AlertStatus
    created_by: uuid.UUID
    created_at: pendulum.DateTime
    version: int = 1
    supersedes: uuid.UUID | None = None
    submitted_at: pendulum.DateTime | None = None
    approved_by: uuid.UUID | None = None
    approved_at: pendulum.DateTime | None = None
    rejection_reason: str | None = None
    cancelled_by: uuid.UUID | None = None
    cancelled_at: pendulum.DateTime | None = None
    superseded_by: uuid.UUID | None = None
    superseded_at: pendulum.DateTime | None = None


def alert_status_at(alert: Alert, t: dt.datetime) -> AlertPhase:
    """What the alert was (or will be, as far as is known now) at instant ``t``."""
    if alert.approved_at is None or t < alert.approved_at:
        return AlertPhase.DRAFT if alert.status is AlertStatus.DRAFT else AlertPhase.PENDING
    if alert.cancelled_at is not None and t >= alert.cancelled_at:
        return AlertPhase.CANCELLED
    if alert.superseded_at is not None and t >= alert.superseded_at:
        return AlertPhase.SUPERSEDED
    if t < alert.content.start:
        return AlertPhase.SCHEDULED
    return AlertPhase.ACTIVE if t < alert.content.end else AlertPhase.EXPIRED


def is_active(alert: Alert, t: dt.datetime) -> bool:
    """Whether the alert is in force at ``t``."""
    return alert_status_at(alert, t) is AlertPhase.ACTIVE
