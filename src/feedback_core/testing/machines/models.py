"""The plain models the lifecycle machines hold the system to: what the rules say a record is.

Each machine keeps one model per record it created and moves it by the rules of
docs/rules.md, written out in plain code; its invariants compare the stored records with it.
"""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from feedback_core.accounts.model import AccountStatus
from feedback_core.alerts.model import AlertStatus
from feedback_core.reports.model import ReportAction, ReportStatus

__all__ = ["AlertModel", "CodeModel", "ReportModel"]

S, A, St = ReportStatus, ReportAction, AlertStatus


@attrs.define
class CodeModel:
    """One account's activation as the rules see it."""

    account_id: uuid.UUID
    status: AccountStatus = AccountStatus.PENDING
    codes: list[str] = attrs.Factory(list)  # every code texted, oldest first
    issued_at: dt.datetime | None = None
    wrong_tries: int = 0
    spent: bool = False  # the live code was used
    total_failures: int = 0


@attrs.define
class AlertModel:
    """What the rules say an alert is."""

    unit: int
    author: str
    start: dt.datetime
    end: dt.datetime
    supersedes: uuid.UUID | None = None
    status: AlertStatus = St.DRAFT
    version: int = 1
    approved_at: dt.datetime | None = None
    cancelled_at: dt.datetime | None = None
    superseded_at: dt.datetime | None = None

    def in_force_at(self, t: dt.datetime) -> bool:
        """Approved by ``t``, not withdrawn or replaced by ``t``, and ``t`` in its window."""
        stopped = [s for s in (self.cancelled_at, self.superseded_at) if s is not None]
        return (
            self.approved_at is not None
            and self.approved_at <= t
            and all(t < s for s in stopped)
            and self.start <= t < self.end
        )

    def milestones_due(self, now: dt.datetime) -> dict[str, dt.datetime]:
        """The activation and expiry events a tick at ``now`` must have emitted, with times.

        An alert is in force from max(start, approval) until its end, a cancel or a
        replacement; it expires (the event) only if it lasted until its end.
        """
        if self.approved_at is None:
            return {}
        began = max(self.start, self.approved_at)
        stop = min(s for s in (self.end, self.cancelled_at, self.superseded_at) if s)
        due: dict[str, dt.datetime] = {}
        if began < stop and began <= now:
            due["AlertActivated"] = began
        if began < stop == self.end <= now:
            due["AlertExpired"] = self.end
        return due

    def edges(self) -> list[dt.datetime]:
        """The instants where the alert may change phase."""
        moments = (self.approved_at, self.cancelled_at, self.superseded_at)
        return [self.start, self.end, *(m for m in moments if m is not None)]

    def stored_as(self) -> tuple[object, ...]:
        """The fields the stored alert must agree on."""
        times = (self.approved_at, self.cancelled_at, self.superseded_at)
        return (self.status, self.version, self.supersedes, *times)


@attrs.define
class ReportModel:
    """What the rules say a report is."""

    reporter: str
    public: bool
    status: ReportStatus = S.SUBMITTED
    units: frozenset[int] = frozenset()
    reopened: bool = False
    rating: int | None = None
    actions: list[ReportAction] = attrs.Factory(lambda: [A.SUBMIT])

    def seen_by(self, actor: str, unit: int | None) -> bool:
        """Operators see every report, a reporter theirs, a unit those it holds; no one else.

        Administrators manage accounts and units, not reports.
        """
        return actor in {"operator", self.reporter} or unit in self.units

    @property
    def public_now(self) -> bool:
        """Shown to the public once accepted, unless private or refused."""
        return self.public and self.status not in {S.SUBMITTED, S.REFUSED}
