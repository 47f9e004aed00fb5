"""What happens to reports: one event per step along the table."""

from __future__ import annotations

import uuid

import attrs

from feedback_core.events import Event, Notice
from feedback_core.messages import Language
from feedback_core.reports.model import HistoryEntry, ReportAction, ReportStatus


@attrs.frozen(kw_only=True)
class ReportEvent(Event):
    """A report moved along its table."""

    report_id: uuid.UUID
    actor_id: uuid.UUID
    action: ReportAction
    from_status: ReportStatus | None
    to_status: ReportStatus

    @classmethod
    def of(cls, entry: HistoryEntry) -> ReportEvent:
        """The event of one step, as its history entry records it."""
        return cls(
            at=entry.at,
            report_id=entry.report_id,
            actor_id=entry.actor_id,
            action=entry.action,
            from_status=entry.from_status,
            to_status=entry.to_status,
        )


@attrs.frozen(kw_only=True)
class ReporterNotice(Notice):
    """The reporter is to be told that their report moved.

    Which report, what was done and the status it is in now, and the language to tell it
    in: never the report's title, content, reason or answer, so a private report's words
    stay in the system whatever carries the notice.
    """

    report_id: uuid.UUID
    action: ReportAction
    to_status: ReportStatus
    language: Language
