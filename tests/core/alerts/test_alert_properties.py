"""Alerts as properties: in force exactly when the rules of docs/rules.md say."""

import contextlib
import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

from feedback_core import AlertPhase, FeedbackError, alert_status_at, is_active
from feedback_core.alerts import flow as alert_flow
from feedback_core.alerts.flow import AlertPolicy
from feedback_core.alerts.input import check_alert_content
from feedback_core.testing import World
from feedback_core.testing.strategies import alert_forms
from feedback_core.testing.world import START
from feedback_memory import MemoryStorage, RecordingSmsSender

SECOND = dt.timedelta(seconds=1)
MICROSECOND = dt.timedelta(microseconds=1)


def fresh_world():
    return World.build(MemoryStorage(), RecordingSmsSender())


def in_force(alert, t):
    """The rule, written out: approved by t, not cancelled or superseded by t, in its window."""
    return (
        alert.approved_at is not None
        and alert.approved_at <= t
        and not (alert.cancelled_at is not None and alert.cancelled_at <= t)
        and not (alert.superseded_at is not None and alert.superseded_at <= t)
        and alert.content.start <= t < alert.content.end
    )


STAGES = st.sampled_from(("draft", "pending", "approved", "cancelled", "superseded"))
GAPS = st.integers(0, 3 * 24 * 3600).map(lambda s: dt.timedelta(seconds=s))


@st.composite
def alerts_at_some_stage(draw):
    """An alert built with alert_flow, taken to a drawn stage at drawn times."""
    now, policy = START, AlertPolicy()
    content = check_alert_content(draw(alert_forms(now)))
    alert = alert_flow.create(*draw(st.tuples(st.uuids(), st.uuids(), st.uuids())), content, now)
    stage = draw(STAGES)
    if stage == "draft":
        return alert
    alert = alert_flow.submit(alert, now, policy)
    if stage == "pending":
        return alert
    # Approval must come before the end; cancelling too.
    latest = (content.end - now).total_seconds() - 1
    approved_at = now + dt.timedelta(seconds=draw(st.integers(0, int(latest))))
    alert = alert_flow.approve(alert, alert.created_by, approved_at, policy)
    stop = approved_at + draw(GAPS)
    if stage == "cancelled":
        return alert_flow.cancel(alert, alert.created_by, min(stop, content.end - SECOND))
    if stage == "superseded":
        newer = alert_flow.create(draw(st.uuids()), alert.unit_id, alert.created_by, content, stop)
        return alert_flow.supersede(alert, newer, stop)
    return alert


def instants_around(alert):
    """Every boundary of the alert, a microsecond either side, and anything in between."""
    marks = [alert.content.start, alert.content.end, alert.created_at]
    marks += [m for m in (alert.approved_at, alert.cancelled_at, alert.superseded_at) if m]
    edges = [m + d for m in marks for d in (-MICROSECOND, dt.timedelta(0), MICROSECOND)]
    span = st.integers(-40 * 24 * 3600, 70 * 24 * 3600)
    return st.sampled_from(edges) | span.map(lambda s: START + dt.timedelta(seconds=s))


@given(data=st.data(), alert=alerts_at_some_stage())
def test_an_alert_is_active_exactly_when_approved_not_withdrawn_and_inside_its_window(data, alert):
    t = data.draw(instants_around(alert))
    assert in_force(alert, t) == is_active(alert, t)


@given(data=st.data(), alert=alerts_at_some_stage())
def test_an_alert_is_never_active_before_its_approval(data, alert):
    t = data.draw(instants_around(alert))
    assume(alert.approved_at is None or t < alert.approved_at)
    assert alert_status_at(alert, t) in {AlertPhase.DRAFT, AlertPhase.PENDING}


@given(data=st.data(), waits=st.lists(GAPS, max_size=3))
def test_the_system_lists_as_active_exactly_the_alerts_in_force(data, waits):
    world = fresh_world()
    system, staff, leader = world.system, world.staff[0].id, world.approvers[0].id
    alert = system.create_alert(staff, **data.draw(alert_forms(world.clock.now())))
    # As far as it gets: submitted, approved, cancelled, each after a wait.
    steps = (system.submit_alert, system.approve_alert, system.cancel_alert)
    for step, who, wait in zip(steps, (staff, leader, leader), waits, strict=False):
        world.clock.advance(wait)
        with contextlib.suppress(FeedbackError):  # the end may have passed meanwhile
            step(who, alert.id)
    stored = system.get_alert(alert.id, actor=staff)
    t = data.draw(instants_around(stored))
    listed = {a.id for a in system.active_alerts(t)}
    assert in_force(stored, t) == (alert.id in listed)
