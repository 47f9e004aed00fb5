"""What happens to reports: one event per step along the table."""

from __future__ import annotations

import uuid

import attrs

from feedback_core.events import Event
from feedback_core.reports.model import ReportAction, ReportStatus


@attrs.frozen(kw_only=True)
class ReportEvent(Event):
    """A report moved along its table."""

    report_id: uuid.UUID
    actor_id: uuid.UUID
    action: ReportAction
    from_status: ReportStatus | None
    to_status: ReportStatus
