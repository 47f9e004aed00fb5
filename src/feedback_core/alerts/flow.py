"""Moves along the alert transition table, with the timing rules of docs/rules.md."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from feedback_core.alerts.model import TRANSITIONS, Alert, AlertAction, AlertContent, AlertStatus
from feedback_core.errors import InvalidTransition, PermissionDenied, ValidationError
from feedback_core.messages import message

if TYPE_CHECKING:
    import uuid

    import pendulum


@attrs.frozen
class AlertPolicy:
    """Province settings for alerts."""

    max_duration: dt.timedelta = dt.timedelta(days=30)
    # Off by default: in the seed, unit leaders both write and approve their alerts.
    forbid_self_approval: bool = False
    # How far past the system clock a caller's `tick(now)` may be: clocks of a cluster
    # drift by a little; an event must never be announced before its time.
    tick_skew: dt.timedelta = dt.timedelta(seconds=5)


def create(
    alert_id: uuid.UUID,
    unit_id: uuid.UUID,
    author_id: uuid.UUID,
    content: AlertContent,
    now: pendulum.DateTime,
    supersedes: uuid.UUID | None = None,
) -> Alert:
    """A new draft; ``supersedes`` names the approved alert it will replace."""
    return Alert(
        alert_id, unit_id, content, AlertStatus.DRAFT, author_id, now, supersedes=supersedes
    )


def edit(alert: Alert, content: AlertContent) -> Alert:
    """Replace the content of a draft."""
    return _move(alert, AlertAction.EDIT, content=content)


def submit(alert: Alert, now: pendulum.DateTime, policy: AlertPolicy) -> Alert:
    """Send a draft to the unit leader."""
    check_timing(alert.content, now, policy)
    return _move(alert, AlertAction.SUBMIT, submitted_at=now, rejection_reason=None)


def approve(
    alert: Alert, approver_id: uuid.UUID, now: pendulum.DateTime, policy: AlertPolicy
) -> Alert:
    """The unit leader approves: the alert takes effect from its start."""
    if policy.forbid_self_approval and approver_id == alert.created_by:
        raise PermissionDenied(message("self_approval"), field="actor")
    check_timing(alert.content, now, policy)
    return _move(alert, AlertAction.APPROVE, approved_by=approver_id, approved_at=now)


def reject(alert: Alert, reason: str) -> Alert:
    """The unit leader sends it back to draft, saying why."""
    return _move(alert, AlertAction.REJECT, rejection_reason=reason, submitted_at=None)


def cancel(alert: Alert, actor_id: uuid.UUID, now: pendulum.DateTime) -> Alert:
    """Withdraw an approved alert that has not yet expired (CAP Cancel)."""
    if now >= alert.content.end:
        raise _invalid(AlertAction.CANCEL, "expired")
    return _move(alert, AlertAction.CANCEL, cancelled_by=actor_id, cancelled_at=now)


def supersede(old: Alert, new: Alert, now: pendulum.DateTime) -> Alert:
    """Mark ``old`` replaced by the just-approved ``new`` (CAP Update)."""
    return _move(old, AlertAction.SUPERSEDE, superseded_by=new.id, superseded_at=now)


def check_timing(content: AlertContent, now: pendulum.DateTime, policy: AlertPolicy) -> None:
    """End after start, end in the future, and no longer than the policy allows."""
    if content.end <= content.start:
        raise ValidationError.single("end", "end_before_start")
    if content.end <= now:
        raise ValidationError.single("end", "end_in_past")
    if content.duration > policy.max_duration:
        raise ValidationError.single("end", "too_long_duration", days=policy.max_duration.days)


def _move(alert: Alert, action: AlertAction, **changes: Any) -> Alert:  # noqa: ANN401
    target = TRANSITIONS.get((action, alert.status))
    if target is None:
        raise _invalid(action, alert.status.value)
    return attrs.evolve(alert, status=target, version=alert.version + 1, **changes)


def _invalid(action: AlertAction, status: str) -> InvalidTransition:
    return InvalidTransition(
        message("invalid_transition", action=action.value, status=status), field="status"
    )
