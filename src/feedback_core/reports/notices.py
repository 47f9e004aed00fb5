"""Telling reporters what became of their reports: when, what, and the words of a text.

A reporter is told when their report is accepted, refused, resolved, returned by a unit
or closed, unless they did it themselves or turned notices off. The notice names the
report by a short reference; the text says what happened and sends the reader to the
portal for the rest, so no title, content, reason or answer ever leaves in a text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from feedback_core.messages import message
from feedback_core.reports.events import ReporterNotice
from feedback_core.reports.model import ReportAction

if TYPE_CHECKING:
    import uuid

    from feedback_core.accounts.model import Account
    from feedback_core.events import Notice
    from feedback_core.reports.model import HistoryEntry
    from feedback_core.work import UnitOfWork

NOTIFIED: Final = {
    ReportAction.ACCEPT: "notice_accept",
    ReportAction.REFUSE: "notice_refuse",
    ReportAction.RESOLVE: "notice_resolve",
    ReportAction.RETURN: "notice_return",
    ReportAction.CLOSE: "notice_close",
}
"""The steps a reporter is told of, with the message that tells it."""
REFERENCE_LENGTH: Final = 8


def notices_owed(work: UnitOfWork, entry: HistoryEntry, reporter_id: uuid.UUID) -> list[Notice]:
    """What a step written in ``work`` owes its reporter: one notice or none."""
    if entry.action not in NOTIFIED:
        return []  # most steps: no need to read the reporter
    notice = notice_for(entry, work.accounts.get(reporter_id))
    return [] if notice is None else [notice]


def notice_for(entry: HistoryEntry, reporter: Account | None) -> ReporterNotice | None:
    """The notice a step owes its reporter, or None.

    None when the step is not one reporters are told of, when the reporter took it
    themselves, or when the reporter is gone or turned notices off.
    """
    if entry.action not in NOTIFIED or reporter is None or reporter.id == entry.actor_id:
        return None
    if not reporter.preferences.notices:
        return None
    return ReporterNotice(
        at=entry.at,
        recipient_id=reporter.id,
        report_id=entry.report_id,
        action=entry.action,
        to_status=entry.to_status,
        language=reporter.preferences.language,
    )


def reference(report_id: uuid.UUID) -> str:
    """A report's short reference in a text: the first hex digits of its id, in capitals."""
    return report_id.hex[:REFERENCE_LENGTH].upper()


def notice_text(notice: ReporterNotice, language: str) -> str:
    """The text that tells a reporter of ``notice``, in ``language``."""
    return message(NOTIFIED[notice.action], report=reference(notice.report_id)).render(language)
