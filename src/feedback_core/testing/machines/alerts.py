"""`AlertLifecycle`: alerts written, approved, withdrawn and replaced, against a plain model.

The model holds, per alert, its unit, its window and the moments it was approved,
cancelled or superseded. From those alone it says which alerts are in force at any
instant and which activation and expiry events are due: the rules of docs/rules.md, written
without the transition table. The model, `AlertModel`, is in
`feedback_core.testing.machines.models`.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, cast

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, invariant, multiple, precondition, rule

from feedback_core.alerts.model import AlertStatus
from feedback_core.clock import to_utc
from feedback_core.errors import InvalidTransition, PermissionDenied, ValidationError
from feedback_core.testing.machines.base import UNIT_ACCOUNTS, WorldMachine, some_actor
from feedback_core.testing.machines.models import AlertModel
from feedback_core.testing.strategies import alert_forms, spans

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable, Mapping

    from hypothesis.stateful import MultipleResults

    from feedback_core.alerts.input import AlertForm
    from feedback_core.alerts.model import Alert
    from feedback_core.errors import FeedbackError

St = AlertStatus
ACTORS = (*UNIT_ACCOUNTS, "operator", "citizen", "admin")
WRITERS = some_actor(UNIT_ACCOUNTS, ACTORS)
LEADERS = some_actor(("approver0", "approver1"), ACTORS)
MAX_ALERTS = 6
NEAR = (-dt.timedelta(microseconds=1), dt.timedelta(0), dt.timedelta(microseconds=1))
STEPS = st.integers(1, 120).map(lambda s: dt.timedelta(seconds=s)) | spans(dt.timedelta(days=3))


def _unless(in_table: bool) -> tuple[type[FeedbackError], ...]:  # noqa: FBT001
    """InvalidTransition, unless the step is in the table."""
    return () if in_table else (InvalidTransition,)


def _window(form: Mapping[str, object]) -> tuple[dt.datetime, dt.datetime]:
    """The start and end of an alert form, in UTC.

    The form's times are aware in any zone; pendulum loses a stdlib `dt.timezone` when a
    timedelta is added, so the model keeps them in pendulum's UTC.
    """
    return to_utc(cast("dt.datetime", form["start"])), to_utc(cast("dt.datetime", form["end"]))


def _stored(alert: Alert) -> tuple[object, ...]:
    times = (alert.approved_at, alert.cancelled_at, alert.superseded_at)
    return (alert.status, alert.version, alert.supersedes, *times)


class AlertLifecycle(WorldMachine):
    """Random actors draft, submit, approve, reject, cancel and supersede alerts; time runs."""

    alerts = Bundle("alerts")

    def __init__(self) -> None:
        super().__init__()
        self.policy = self.system.settings.alerts
        self.model: dict[uuid.UUID, AlertModel] = {}
        self.emitted: dict[tuple[uuid.UUID, str], dt.datetime] = {}

    # who may do what, in plain words -----------------------------------------------------

    def writes_for(self, actor: str, unit: int) -> bool:
        """Staff and approvers write the alerts of their own unit."""
        return self.unit_of(actor) == unit

    def leads(self, actor: str, alert: AlertModel) -> bool:
        """Only the approver of the alert's unit approves, rejects and cancels it."""
        own = actor.startswith("approver") and self.unit_of(actor) == alert.unit
        self_approval = self.policy.forbid_self_approval and actor == alert.author
        return own and not self_approval

    def timing_errors(self, alert: AlertModel) -> tuple[type[FeedbackError], ...]:
        """ValidationError unless end > start, end in the future, duration within policy."""
        now = self.clock.now()
        ok = alert.start < alert.end and now < alert.end
        ok = ok and alert.end - alert.start <= self.policy.max_duration
        return () if ok else (ValidationError,)

    # rules -------------------------------------------------------------------------------

    def _draw_form(self, data: st.DataObject) -> AlertForm:
        return data.draw(alert_forms(self.clock.now(), self.policy.max_duration))

    def _try(
        self,
        actor: str,
        allowed: bool,  # noqa: FBT001 - the model's verdict
        errors: tuple[type[FeedbackError], ...],
        call: Callable[[uuid.UUID], Alert],
    ) -> Alert | None:
        """Call as ``actor``: PermissionDenied without leave, else one of ``errors``, else done."""
        who = self.account(actor).id
        if not allowed:
            self.refused_unchanged(partial(call, who), PermissionDenied)
        elif errors:
            self.refused_unchanged(partial(call, who), *errors)
        else:
            return call(who)
        return None

    def room_for_more(self) -> bool:
        """A few alerts per run, so that runs follow them far rather than start many."""
        return len(self.model) < MAX_ALERTS

    @precondition(room_for_more)
    @rule(target=alerts, actor=WRITERS, data=st.data())
    def create(self, actor: str, data: st.DataObject) -> MultipleResults[uuid.UUID] | uuid.UUID:
        """A unit member drafts an alert for their unit; nobody else can."""
        form, unit = self._draw_form(data), self.unit_of(actor)
        new = self._try(actor, unit is not None, (), partial(self.system.create_alert, **form))
        if new is None or unit is None:
            return multiple()
        self.model[new.id] = AlertModel(unit, actor, *_window(form))
        return new.id

    @rule(actor=WRITERS, alert=alerts, data=st.data())
    def edit(self, actor: str, alert: uuid.UUID, data: st.DataObject) -> None:
        """Only drafts can be rewritten, by their unit."""
        form, m = self._draw_form(data), self.model[alert]
        call = partial(self.system.edit_alert, alert_id=alert, **form)
        if self._try(actor, self.writes_for(actor, m.unit), _unless(m.status is St.DRAFT), call):
            m.start, m.end = _window(form)
            m.version += 1

    @rule(actor=WRITERS, alert=alerts)
    def submit(self, actor: str, alert: uuid.UUID) -> None:
        """A draft with a good window goes to the unit leader."""
        m = self.model[alert]
        errors = self.timing_errors(m) + _unless(m.status is St.DRAFT)
        call = partial(self.system.submit_alert, alert_id=alert)
        if self._try(actor, self.writes_for(actor, m.unit), errors, call):
            m.status, m.version = St.PENDING, m.version + 1

    @rule(actor=LEADERS, alert=alerts)
    def approve(self, actor: str, alert: uuid.UUID) -> None:
        """The leader approves a pending alert; the one it replaces stops at once."""
        m = self.model[alert]
        old = self.model[m.supersedes] if m.supersedes else None
        replaceable = old is None or old.status is St.APPROVED
        errors = self.timing_errors(m) + _unless(m.status is St.PENDING and replaceable)
        call = partial(self.system.approve_alert, alert_id=alert)
        if self._try(actor, self.leads(actor, m), errors, call):
            now = self.clock.now()
            m.status, m.version, m.approved_at = St.APPROVED, m.version + 1, now
            if old is not None:
                old.status, old.version, old.superseded_at = St.SUPERSEDED, old.version + 1, now

    @rule(actor=LEADERS, alert=alerts, reason=st.sampled_from(("Sai địa bàn", "Thiếu thông tin")))
    def reject(self, actor: str, alert: uuid.UUID, reason: str) -> None:
        """The leader sends a pending alert back to draft."""
        m = self.model[alert]
        call = partial(self.system.reject_alert, alert_id=alert, reason=reason)
        if self._try(actor, self.leads(actor, m), _unless(m.status is St.PENDING), call):
            m.status, m.version = St.DRAFT, m.version + 1

    @rule(actor=LEADERS, alert=alerts)
    def cancel(self, actor: str, alert: uuid.UUID) -> None:
        """The leader withdraws an approved alert that has not yet ended."""
        m, now = self.model[alert], self.clock.now()
        errors = _unless(m.status is St.APPROVED and now < m.end)
        call = partial(self.system.cancel_alert, alert_id=alert)
        if self._try(actor, self.leads(actor, m), errors, call):
            m.status, m.version, m.cancelled_at = St.CANCELLED, m.version + 1, now

    @precondition(room_for_more)
    @rule(target=alerts, actor=WRITERS, old=alerts, data=st.data())
    def supersede(
        self, actor: str, old: uuid.UUID, data: st.DataObject
    ) -> MultipleResults[uuid.UUID] | uuid.UUID:
        """The old alert's unit drafts a replacement for an approved alert."""
        new = self._replace(actor, old, data)
        return multiple() if new is None else new

    def _replace(self, actor: str, old: uuid.UUID, data: st.DataObject) -> uuid.UUID | None:
        form, m = self._draw_form(data), self.model[old]
        call = partial(self.system.supersede_alert, alert_id=old, **form)
        new = self._try(
            actor, self.writes_for(actor, m.unit), _unless(m.status is St.APPROVED), call
        )
        if new is None:
            return None
        self.model[new.id] = AlertModel(m.unit, actor, *_window(form), supersedes=old)
        return new.id

    @rule(target=alerts, alert=alerts, data=st.data())
    def move_along(self, alert: uuid.UUID, data: st.DataObject) -> MultipleResults[uuid.UUID]:
        """The right people take steps the rules allow, so runs get far.

        Submit, approve (now and then reject), then cancel the approved alert or draft a
        replacement and take that one along.
        """
        replacements: list[uuid.UUID] = []
        current: uuid.UUID | None = alert
        for _ in range(data.draw(st.integers(1, 5), label="steps")):
            if current is None:
                break
            after = self._next_step(current, data)
            if after is not None and after != current:
                replacements.append(after)
            current = after
        return multiple(*replacements)

    def _next_step(self, alert: uuid.UUID, data: st.DataObject) -> uuid.UUID | None:
        """Take one step; the alert to go on with, or None when there is nothing to do."""
        m = self.model[alert]
        writer, leader = f"staff{m.unit}", f"approver{m.unit}"
        if m.status is St.DRAFT:
            if data.draw(st.booleans(), label="new window first"):
                self.edit(writer, alert, data)
            self.submit(writer, alert)
        elif m.status is St.PENDING:
            if data.draw(st.integers(0, 3), label="reject") == 0:
                self.reject(leader, alert, "Cần bổ sung")
            else:
                self.approve(leader, alert)
        elif m.status is St.APPROVED and data.draw(st.integers(0, 2), label="cancel") == 0:
            self.cancel(leader, alert)
        elif m.status is St.APPROVED and self.room_for_more():
            return self._replace(writer, alert, data)
        else:
            return None
        return alert

    @rule(step=STEPS, then_tick=st.booleans())
    def time_passes(self, step: dt.timedelta, then_tick: bool) -> None:  # noqa: FBT001
        """The clock only moves forward; the host's scheduler may tick right after."""
        self.clock.advance(step)
        if then_tick:
            self.tick()

    @rule()
    def tick(self) -> None:
        """A tick emits exactly the milestones due now that no earlier tick emitted.

        Judged at the tick: an alert cancelled later in the very instant it began still
        had its activation (the event stream says activated, then cancelled).
        """
        emitted: dict[tuple[uuid.UUID, str], dt.datetime] = {}
        for event in self.system.tick():
            key = (event.alert_id, event.name)
            assert key not in self.emitted, f"{event.name} emitted twice for {event.alert_id}"  # noqa: S101
            emitted[key] = event.at
        due = {key: at for key, at in self._due().items() if key not in self.emitted}
        assert due == emitted  # noqa: S101
        self.emitted.update(emitted)

    @rule(offset=st.integers(-10 * 24 * 60, 10 * 24 * 60))
    def in_force_at_any_instant(self, offset: int) -> None:
        """`active_alerts(at)` answers for past and (as far as known) future instants too.

        Checked at the drawn instant and at every alert's boundaries, a microsecond either
        side included: where off-by-one-instant mistakes live.
        """
        edges = {e + d for m in self.model.values() for e in m.edges() for d in NEAR}
        for at in sorted({self.clock.now() + dt.timedelta(minutes=offset), *edges}):
            assert self._in_force(at) == [a.id for a in self.system.active_alerts(at)], at  # noqa: S101

    # invariants --------------------------------------------------------------------------

    def _in_force(self, at: dt.datetime) -> list[uuid.UUID]:
        ids = [i for i, m in self.model.items() if m.in_force_at(at)]
        return sorted(ids, key=lambda i: (self.model[i].start, i))

    def _due(self) -> dict[tuple[uuid.UUID, str], dt.datetime]:
        now = self.clock.now()
        return {
            (i, kind): at
            for i, m in self.model.items()
            for kind, at in m.milestones_due(now).items()
        }

    @invariant()
    def active_alerts_are_the_models(self) -> None:
        """In force now: approved, not cancelled or superseded, and start <= now < end."""
        assert self._in_force(self.clock.now()) == [a.id for a in self.system.active_alerts()]  # noqa: S101

    @invariant()
    def alerts_are_stored_as_modelled(self) -> None:
        """Status, version and the approval, cancel and supersede times match the model."""
        for alert_id, m in self.model.items():
            reader = self.account(f"staff{m.unit}").id
            assert m.stored_as() == _stored(self.system.get_alert(alert_id, actor=reader))  # noqa: S101
