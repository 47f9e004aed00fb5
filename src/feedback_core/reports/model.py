"""Feedback reports ("phản ánh"): the record, its transition table and its history."""

from __future__ import annotations

import enum
import uuid
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


class ReportStatus(enum.StrEnum):
    """Where a report is in its flow."""

    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


class ReportAction(enum.StrEnum):
    """What can be done to a report."""

    SUBMIT = "submit"
    ACCEPT = "accept"
    REFUSE = "refuse"
    ASSIGN = "assign"
    RETURN = "return"
    START = "start"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    RATE = "rate"
    CLOSE = "close"


S = ReportStatus
A = ReportAction
# (action, status before) -> the statuses it may lead to. Nothing else is a transition.
# A unit's return keeps the status while other units still hold the report, and gives it
# back to the operators (accepted) when it was the last one.
TRANSITIONS: Final[Mapping[tuple[ReportAction, ReportStatus | None], frozenset[ReportStatus]]] = {
    (A.SUBMIT, None): frozenset({S.SUBMITTED}),
    (A.ACCEPT, S.SUBMITTED): frozenset({S.ACCEPTED}),
    (A.REFUSE, S.SUBMITTED): frozenset({S.REFUSED}),
    (A.ASSIGN, S.ACCEPTED): frozenset({S.ASSIGNED}),
    (A.RETURN, S.ASSIGNED): frozenset({S.ASSIGNED, S.ACCEPTED}),
    (A.RETURN, S.IN_PROGRESS): frozenset({S.IN_PROGRESS, S.ACCEPTED}),
    (A.START, S.ASSIGNED): frozenset({S.IN_PROGRESS}),
    (A.RESOLVE, S.IN_PROGRESS): frozenset({S.RESOLVED}),
    (A.REOPEN, S.RESOLVED): frozenset({S.IN_PROGRESS}),
    (A.RATE, S.RESOLVED): frozenset({S.RESOLVED}),
    (A.RATE, S.CLOSED): frozenset({S.CLOSED}),
    (A.CLOSE, S.RESOLVED): frozenset({S.CLOSED}),
}
OPEN_STATUSES: Final = frozenset({S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS})


@attrs.frozen
class Location:
    """Where the problem is: coordinates, an address, or both."""

    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None


@attrs.frozen
class ReportDraft:
    """What a citizen fills in, already checked."""

    title: str
    content: str
    category: str
    location: Location
    media: tuple[str, ...] = ()
    public: bool = True
    urgent: bool = False


@attrs.frozen
class HistoryEntry:
    """One step of a report's life; the history is append-only."""

    report_id: uuid.UUID
    at: pendulum.DateTime
    actor_id: uuid.UUID
    action: ReportAction
    from_status: ReportStatus | None
    to_status: ReportStatus
    note: str | None = None


@attrs.frozen
class Report:
    """A report's current state; `version` grows by one with every change."""

    id: uuid.UUID
    reporter_id: uuid.UUID
    draft: ReportDraft
    status: ReportStatus
    submitted_at: pendulum.DateTime
    version: int = 1
    units: tuple[uuid.UUID, ...] = ()
    accepted_at: pendulum.DateTime | None = None
    resolved_at: pendulum.DateTime | None = None
    closed_at: pendulum.DateTime | None = None
    response: str | None = None
    refusal_reason: str | None = None
    rating: int | None = None
    reopened: bool = False
    # the most units that ever held it at once: fixes the 10- or 15-working-day deadline
    max_units: int = 0
    # the last step's time; None in records stored before it was kept (see `last_changed`)
    updated_at: pendulum.DateTime | None = None

    @property
    def last_changed(self) -> pendulum.DateTime:
        """When the report last changed: `updated_at`, else the latest time it records."""
        if self.updated_at is not None:
            return self.updated_at
        known = (self.accepted_at, self.resolved_at, self.closed_at)
        return max((self.submitted_at, *(t for t in known if t is not None)))

    @property
    def is_open(self) -> bool:
        """Accepted and not yet resolved: the resolve deadline runs."""
        return self.status in OPEN_STATUSES


def allowed(action: ReportAction, status: ReportStatus | None) -> frozenset[ReportStatus]:
    """The statuses ``action`` may lead to from ``status``; empty when it is not allowed."""
    return TRANSITIONS.get((action, status), frozenset())


def replay(history: Sequence[HistoryEntry]) -> ReportStatus | None:
    """The status a history leads to, or None if any step is not in the table."""
    status: ReportStatus | None = None
    for entry in history:
        if entry.from_status != status or entry.to_status not in allowed(entry.action, status):
            return None
        status = entry.to_status
    return status


@attrs.frozen
class ReportQuery:
    """Which reports to list; None means "any"."""

    reporter_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None
    status: ReportStatus | None = None
    public_only: bool = False
