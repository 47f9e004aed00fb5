"""What hosts show of a report: the full view for those who may see it, a public view."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import attrs
import pendulum

from feedback_core.reports import deadlines
from feedback_core.reports.model import HistoryEntry, Location, Report, ReportStatus

if TYPE_CHECKING:
    from feedback_core.reports.deadlines import DeadlinePolicy, WorkingCalendar

PUBLIC_STATUSES = frozenset(
    {
        ReportStatus.ACCEPTED,
        ReportStatus.ASSIGNED,
        ReportStatus.IN_PROGRESS,
        ReportStatus.RESOLVED,
        ReportStatus.CLOSED,
    }
)


@attrs.frozen
class ReportView:
    """A report with its history and its deadlines as of `at`."""

    report: Report
    history: tuple[HistoryEntry, ...]
    accept_deadline: pendulum.DateTime
    resolve_deadline: pendulum.DateTime | None
    overdue: bool


@attrs.frozen
class PublicReport:
    """A public report as anyone may see it: never who sent it.

    Beside what the reporter wrote: when it last changed (`Report.last_changed`), when it
    was answered, the units handling it (agencies are public) and its resolve deadline in
    working time, so a citizen, a dashboard or an Open311 client can follow it.
    """

    id: uuid.UUID
    title: str
    content: str
    category: str
    location: Location
    status: ReportStatus
    submitted_at: pendulum.DateTime
    response: str | None
    updated_at: pendulum.DateTime
    resolved_at: pendulum.DateTime | None = None
    units: tuple[uuid.UUID, ...] = ()
    resolve_deadline: pendulum.DateTime | None = None

    @classmethod
    def of(cls, report: Report, resolve_deadline: pendulum.DateTime | None = None) -> PublicReport:
        """The public face of ``report``; `public_view` computes its deadline."""
        d = report.draft
        return cls(
            report.id,
            d.title,
            d.content,
            d.category,
            d.location,
            report.status,
            report.submitted_at,
            report.response,
            report.last_changed,
            report.resolved_at,
            report.units,
            resolve_deadline,
        )


def public_view(report: Report, calendar: WorkingCalendar, policy: DeadlinePolicy) -> PublicReport:
    """The public face of ``report`` with its resolve deadline."""
    return PublicReport.of(report, deadlines.resolve_deadline(report, calendar, policy))


def is_public(report: Report) -> bool:
    """Public reports show once an operator accepted them; refused ones never do."""
    return report.draft.public and report.status in PUBLIC_STATUSES


def report_view(
    report: Report,
    history: tuple[HistoryEntry, ...],
    now: pendulum.DateTime,
    calendar: WorkingCalendar,
    policy: DeadlinePolicy,
) -> ReportView:
    """The full view of a report as of ``now``: its deadlines and whether it is overdue."""
    return ReportView(
        report,
        history,
        deadlines.accept_deadline(report, calendar, policy),
        deadlines.resolve_deadline(report, calendar, policy),
        deadlines.is_overdue(report, now, calendar, policy),
    )
