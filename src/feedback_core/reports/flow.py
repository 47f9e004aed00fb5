"""Moves along the report transition table; each returns the new state and its history entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from feedback_core.errors import InvalidTransition
from feedback_core.messages import message
from feedback_core.reports.model import (
    HistoryEntry,
    Report,
    ReportAction,
    ReportDraft,
    ReportStatus,
    allowed,
)

if TYPE_CHECKING:
    import uuid

    import pendulum

A = ReportAction


@attrs.frozen
class ReportChange:
    """A report after one action, and the history entry that records it."""

    report: Report
    entry: HistoryEntry


def submit(
    report_id: uuid.UUID, reporter_id: uuid.UUID, draft: ReportDraft, now: pendulum.DateTime
) -> ReportChange:
    """A new report, submitted now."""
    report = Report(report_id, reporter_id, draft, ReportStatus.SUBMITTED, now, updated_at=now)
    entry = HistoryEntry(report_id, now, reporter_id, A.SUBMIT, None, ReportStatus.SUBMITTED)
    return ReportChange(report, entry)


def accept(report: Report, actor_id: uuid.UUID, now: pendulum.DateTime) -> ReportChange:
    """An operator takes the report in; the resolve deadline starts."""
    return _move(report, A.ACCEPT, actor_id, now, accepted_at=now)


def refuse(
    report: Report, actor_id: uuid.UUID, now: pendulum.DateTime, reason: str
) -> ReportChange:
    """An operator declines the report, saying why."""
    return _move(report, A.REFUSE, actor_id, now, note=reason, refusal_reason=reason)


def assign(
    report: Report, actor_id: uuid.UUID, now: pendulum.DateTime, units: tuple[uuid.UUID, ...]
) -> ReportChange:
    """An operator routes the report to one or more units."""
    return _move(
        report, A.ASSIGN, actor_id, now, units=units, max_units=max(report.max_units, len(units))
    )


def give_back(
    report: Report, actor_id: uuid.UUID, now: pendulum.DateTime, unit_id: uuid.UUID, reason: str
) -> ReportChange:
    """A unit returns a report outside its competence; the last unit hands it to operators."""
    remaining = tuple(u for u in report.units if u != unit_id)
    to = report.status if remaining else ReportStatus.ACCEPTED
    return _move(report, A.RETURN, actor_id, now, to=to, note=reason, units=remaining)


def start(report: Report, actor_id: uuid.UUID, now: pendulum.DateTime) -> ReportChange:
    """A unit starts working on the report."""
    return _move(report, A.START, actor_id, now)


def resolve(
    report: Report, actor_id: uuid.UUID, now: pendulum.DateTime, response: str
) -> ReportChange:
    """A unit answers the report."""
    return _move(
        report, A.RESOLVE, actor_id, now, note=response, response=response, resolved_at=now
    )


def reopen(
    report: Report, actor_id: uuid.UUID, now: pendulum.DateTime, reason: str
) -> ReportChange:
    """The reporter is not satisfied; allowed once."""
    _once(report.reopened, A.REOPEN)
    return _move(report, A.REOPEN, actor_id, now, note=reason, reopened=True, resolved_at=None)


def rate(report: Report, actor_id: uuid.UUID, now: pendulum.DateTime, rating: int) -> ReportChange:
    """The reporter rates the answer 1..5; allowed once."""
    _once(report.rating is not None, A.RATE)
    return _move(report, A.RATE, actor_id, now, note=str(rating), rating=rating)


def close(report: Report, actor_id: uuid.UUID, now: pendulum.DateTime) -> ReportChange:
    """The case is finished."""
    return _move(report, A.CLOSE, actor_id, now, closed_at=now)


def _once(done: bool, action: ReportAction) -> None:  # noqa: FBT001 - a fact, not a switch
    if done:
        raise InvalidTransition(message("once_only", action=action.value), field="status")


def _move(
    report: Report,
    action: ReportAction,
    actor_id: uuid.UUID,
    now: pendulum.DateTime,
    *,
    to: ReportStatus | None = None,
    note: str | None = None,
    **changes: Any,  # noqa: ANN401 - fields of Report, checked by attrs.evolve
) -> ReportChange:
    targets = allowed(action, report.status)
    if not targets:
        raise InvalidTransition(
            message("invalid_transition", action=action.value, status=report.status.value),
            field="status",
        )
    target = to if to is not None else next(iter(targets))
    assert target in targets  # noqa: S101 - callers pick a target from the table
    new = attrs.evolve(report, status=target, version=report.version + 1, updated_at=now, **changes)
    return ReportChange(
        new, HistoryEntry(report.id, now, actor_id, action, report.status, target, note)
    )
