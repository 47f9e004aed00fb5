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
    """A public report as anyone may see it: never who sent it."""

    id: uuid.UUID
    title: str
    content: str
    category: str
    location: Location
    status: ReportStatus
    submitted_at: pendulum.DateTime
    response: str | None

    @classmethod
    def of(cls, report: Report) -> PublicReport:
        """The public face of ``report``."""
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
        )


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
