"""Use cases of alerts: write, submit, approve, reject, cancel, supersede; list; tick."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from feedback_core import fields
from feedback_core.accounts.model import Account
from feedback_core.accounts.permissions import Action, may, require
from feedback_core.alerts import events
from feedback_core.alerts import flow as alert_flow
from feedback_core.alerts.input import check_alert_content
from feedback_core.alerts.model import Alert, AlertContent, AlertStatus, is_active
from feedback_core.clock import elapsed
from feedback_core.errors import InvalidTransition, ValidationError
from feedback_core.messages import message
from feedback_core.paging import Cursor, Page, page_request
from feedback_core.transitions import Kind, run
from feedback_core.work import Context, UnitOfWork, actor, new_id, not_found

if TYPE_CHECKING:
    import uuid

Step = Callable[[UnitOfWork, Alert, Account, pendulum.DateTime], Alert]
MILESTONE_BATCH = 500


def create_alert(ctx: Context, actor_id: object, **form: object) -> Alert:
    """A unit member writes a draft for their own unit."""
    content = check_alert_content(form)
    with ctx.transaction() as tx:
        return _add_draft(ctx, tx, actor(tx, actor_id), content, None)


def supersede_alert(ctx: Context, actor_id: object, alert_id: object, **form: object) -> Alert:
    """A draft that, once approved, replaces an approved alert (CAP Update)."""
    old_id = fields.identifier("alert_id", alert_id)
    content = check_alert_content(form)
    with ctx.transaction() as tx:
        who = actor(tx, actor_id)
        old = _load(tx, old_id)
        require(who, Action.WRITE_ALERT, units=(old.unit_id,))
        if old.status is not AlertStatus.APPROVED:
            raise InvalidTransition(
                message("invalid_transition", action="supersede", status=old.status.value),
                field="alert_id",
            )
        return _add_draft(ctx, tx, who, content, old.id)


def edit_alert(
    ctx: Context,
    actor_id: object,
    alert_id: object,
    expected_version: object = None,
    **form: object,
) -> Alert:
    """Rewrite a draft."""
    content = check_alert_content(form)
    return step(
        ctx,
        Action.WRITE_ALERT,
        events.AlertEdited,
        actor_id,
        alert_id,
        expected_version,
        lambda _, a, __, ___: alert_flow.edit(a, content),
    )


def submit_alert(
    ctx: Context, actor_id: object, alert_id: object, expected_version: object = None
) -> Alert:
    """Send a draft to the unit leader."""
    policy = ctx.settings.alerts
    return step(
        ctx,
        Action.WRITE_ALERT,
        events.AlertSubmitted,
        actor_id,
        alert_id,
        expected_version,
        lambda _, a, __, now: alert_flow.submit(a, now, policy),
    )


def approve_alert(
    ctx: Context, actor_id: object, alert_id: object, expected_version: object = None
) -> Alert:
    """The unit leader approves; a superseding alert replaces its predecessor at once."""
    policy = ctx.settings.alerts

    def approve_step(tx: UnitOfWork, a: Alert, who: Account, now: pendulum.DateTime) -> Alert:
        approved = alert_flow.approve(a, who.id, now, policy)
        if a.supersedes is not None:
            replaced = alert_flow.supersede(_load(tx, a.supersedes), approved, now)
            tx.alerts.update(replaced)
            tx.emit([_event(tx, events.AlertSuperseded, replaced, now)])
        return approved

    return step(
        ctx,
        Action.APPROVE_ALERT,
        events.AlertApproved,
        actor_id,
        alert_id,
        expected_version,
        approve_step,
    )


def reject_alert(
    ctx: Context, actor_id: object, alert_id: object, why: object, expected_version: object = None
) -> Alert:
    """The unit leader sends a pending alert back to draft."""
    note = fields.reason("reason", why)
    return step(
        ctx,
        Action.APPROVE_ALERT,
        events.AlertRejected,
        actor_id,
        alert_id,
        expected_version,
        lambda _, a, __, ___: alert_flow.reject(a, note),
    )


def cancel_alert(
    ctx: Context, actor_id: object, alert_id: object, expected_version: object = None
) -> Alert:
    """The unit leader withdraws an approved alert (CAP Cancel)."""
    return step(
        ctx,
        Action.APPROVE_ALERT,
        events.AlertCancelled,
        actor_id,
        alert_id,
        expected_version,
        lambda _, a, who, now: alert_flow.cancel(a, who.id, now),
    )


def _write(
    work: UnitOfWork, change: tuple[Alert, events.AlertEvent]
) -> tuple[Alert, list[events.AlertEvent]]:
    alert, event = change
    work.alerts.update(alert)
    return alert, [event]


ALERTS: Final[Kind[Alert, tuple[Alert, events.AlertEvent]]] = Kind(
    "alert", "alert_id", lambda work, aid: work.alerts.get(aid), _write
)


def step(
    ctx: Context,
    action: Action,
    kind: type[events.AlertEvent],
    actor_id: object,
    alert_id: object,
    expected_version: object,
    move: Step,
) -> Alert:
    """One guarded alert transition, announced as a ``kind`` event.

    The actor needs ``action`` in the alert's unit; the event is built from the alert as
    the move left it.
    """

    def permit(who: Account, alert: Alert) -> None:
        require(who, action, units=(alert.unit_id,))

    def moved(
        work: UnitOfWork, alert: Alert, who: Account, now: pendulum.DateTime
    ) -> tuple[Alert, events.AlertEvent]:
        new = move(work, alert, who, now)
        return new, _event(work, kind, new, now)

    return run(ctx, ALERTS, actor_id, alert_id, expected_version, permit, moved)


def active_alerts(ctx: Context, at: object = None) -> list[Alert]:
    """Alerts in force at ``at`` (default now), earliest start first."""
    t = ctx.clock.now() if at is None else fields.instant("at", at)
    with ctx.transaction() as tx:
        rows = tx.alerts.active_at(t)
    return sorted((a for a in rows if is_active(a, t)), key=lambda a: (a.content.start, a.id))


def list_alerts(
    ctx: Context, actor_id: object, status: object = None, after: object = None, limit: object = 50
) -> Page[Alert]:
    """A unit member's alerts of their own unit, newest first."""
    wanted = None if status is None else fields.choice("status", status, AlertStatus)
    cursor, size = page_request(after, limit)
    with ctx.transaction() as tx:
        who = actor(tx, actor_id)
        require(who, Action.WRITE_ALERT, units=(who.unit_id,) if who.unit_id else ())
        rows = tx.alerts.page(who.unit_id, wanted, cursor, size)
    nxt = Cursor(rows[-1].created_at, rows[-1].id) if len(rows) == size else None
    return Page(tuple(rows), nxt)


def get_alert(ctx: Context, alert_id: object, actor_id: object = None) -> Alert:
    """An alert: once approved, anyone may read it; before that, only its unit."""
    aid = fields.identifier("alert_id", alert_id)
    viewer = None if actor_id is None else fields.identifier("actor", actor_id)
    with ctx.transaction() as tx:
        alert = _load(tx, aid)
        if alert.approved_at is None:
            who = None if viewer is None else actor(tx, viewer)
            if who is None or not may(who, Action.WRITE_ALERT, units=(alert.unit_id,)):
                raise not_found("alert", "alert_id")
        return alert


def tick(ctx: Context, now: object = None) -> list[events.AlertEvent]:
    """Emit each alert's activation and expiry once, however often or concurrently ticked."""
    t = ctx.clock.now() if now is None else _not_later_than_now(ctx, fields.instant("now", now))
    emitted: list[events.AlertEvent] = []
    with ctx.transaction() as tx:
        for kind in ("activated", "expired"):
            emitted += _milestones(tx, kind, t)
        tx.emit(emitted)
    return emitted


def _not_later_than_now(ctx: Context, t: pendulum.DateTime) -> pendulum.DateTime:
    # Past instants catch up after downtime; a future one would announce what has not happened.
    skew = ctx.settings.alerts.tick_skew
    if elapsed(ctx.clock.now(), t) > skew:
        raise ValidationError.single("now", "in_future", seconds=int(skew.total_seconds()))
    return t


def _milestones(tx: UnitOfWork, kind: str, now: pendulum.DateTime) -> list[events.AlertEvent]:
    found: list[events.AlertEvent] = []
    while batch := tx.alerts.milestone_candidates(kind, now, MILESTONE_BATCH):
        for alert in batch:
            if tx.alerts.claim_milestone(alert.id, kind):
                found += [_with_replaced(tx, e) for e in _milestone_event(alert, kind)]
    return found


def _milestone_event(alert: Alert, kind: str) -> list[events.AlertEvent]:
    assert alert.approved_at is not None  # noqa: S101 - candidates were all approved
    c = alert.content
    # An alert approved after its start becomes active at approval.
    began = max(c.start, alert.approved_at)
    if kind == "activated":
        if began < c.end and is_active(alert, began):
            return [events.milestone(events.AlertActivated, alert.id, alert.unit_id, began, alert)]
        return []
    last = c.end.subtract(microseconds=1)
    if began < c.end and is_active(alert, last):
        return [events.milestone(events.AlertExpired, alert.id, alert.unit_id, c.end, alert)]
    return []


def _add_draft(
    ctx: Context, tx: UnitOfWork, who: Account, content: AlertContent, supersedes: uuid.UUID | None
) -> Alert:
    require(who, Action.WRITE_ALERT, units=(who.unit_id,) if who.unit_id else ())
    assert who.unit_id is not None  # noqa: S101 - WRITE_ALERT is granted to unit roles only
    now = ctx.clock.now()
    alert = alert_flow.create(new_id(), who.unit_id, who.id, content, now, supersedes)
    tx.alerts.add(alert)
    tx.emit([_event(tx, events.AlertCreated, alert, now)])
    return alert


def _load(tx: UnitOfWork, alert_id: uuid.UUID) -> Alert:
    alert = tx.alerts.get(alert_id)
    if alert is None:
        raise not_found("alert", "alert_id")
    return alert


def _event(
    work: UnitOfWork, kind: type[events.AlertEvent], alert: Alert, now: pendulum.DateTime
) -> events.AlertEvent:
    """The event of ``alert``'s change; a published one carries the alert as it now stands."""
    shown = alert if issubclass(kind, events.PUBLISHED) else None
    event = kind(at=now, alert_id=alert.id, unit_id=alert.unit_id, alert=shown)
    return _with_replaced(work, event)


def _with_replaced(work: UnitOfWork, event: events.AlertEvent) -> events.AlertEvent:
    """A published event of an Update also carries the alert it replaced (CAP references)."""
    if event.alert is None or event.alert.supersedes is None:
        return event
    return attrs.evolve(event, replaces=(_load(work, event.alert.supersedes),))
