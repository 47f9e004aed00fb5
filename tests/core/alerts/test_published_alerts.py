"""What the public hears of an alert carries the alert as it stood; drafts stay inside.

A transport renders an event's alert (as CAP 1.2, say), so the event must hold what was
approved, cancelled or superseded at that moment, never a later state, and a draft's
events must hold nothing a transport could publish.
"""

import datetime as dt

import pendulum

from feedback_core import AlertStatus
from feedback_core.alerts.cap import render_alert
from feedback_core.alerts.events import (
    AlertActivated,
    AlertApproved,
    AlertCancelled,
    AlertCreated,
    AlertEdited,
    AlertExpired,
    AlertRejected,
    AlertSubmitted,
    AlertSuperseded,
)
from feedback_core.outbox.wire import event_from_dict, event_to_dict

T0 = pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC")
HOUR = dt.timedelta(hours=1)
FORM = {
    "headline": "Cảnh báo mưa lớn & ngập úng <cục bộ>",
    "description": "Mưa lớn kéo dài, nguy cơ ngập úng tại các tuyến đường trũng thấp.",
    "area": "Phường 1, TP Tây Ninh",
    "start": T0 + HOUR,
    "end": T0 + 3 * HOUR,
}


def logged(world, kind, alert_id):
    return [
        e for _, e in world.system.events(limit=500) if type(e) is kind and e.alert_id == alert_id
    ]


def approve(world, **changes):
    alert = world.system.create_alert(world.staff[0].id, **(FORM | changes))
    world.system.submit_alert(world.staff[0].id, alert.id)
    return world.system.approve_alert(world.approvers[0].id, alert.id)


def test_an_approval_carries_the_alert_as_approved(world):
    alert = approve(world)
    [event] = logged(world, AlertApproved, alert.id)
    assert alert == event.alert
    assert AlertStatus.APPROVED == event.alert.status


def test_a_draft_s_events_carry_no_alert(world):
    alert = world.system.create_alert(world.staff[0].id, **FORM)
    world.system.edit_alert(world.staff[0].id, alert.id, **FORM)
    world.system.submit_alert(world.staff[0].id, alert.id)
    world.system.reject_alert(world.approvers[0].id, alert.id, "Thiếu hướng dẫn")
    kinds = (AlertCreated, AlertEdited, AlertSubmitted, AlertRejected)
    assert [None] * 4 == [logged(world, kind, alert.id)[0].alert for kind in kinds]


def test_a_cancel_carries_the_cancelled_alert(world):
    alert = approve(world)
    cancelled = world.system.cancel_alert(world.approvers[0].id, alert.id)
    [event] = logged(world, AlertCancelled, alert.id)
    assert cancelled == event.alert


def test_a_supersede_carries_the_replaced_alert_in_its_last_state(world):
    old = approve(world)
    new = world.system.supersede_alert(world.staff[0].id, old.id, **FORM)
    world.system.submit_alert(world.staff[0].id, new.id)
    world.system.approve_alert(world.approvers[0].id, new.id)
    [event] = logged(world, AlertSuperseded, old.id)
    assert (AlertStatus.SUPERSEDED, new.id) == (event.alert.status, event.alert.superseded_by)


def test_milestones_carry_the_alert_in_force(world):
    alert = approve(world)
    world.clock.set(alert.content.end)
    emitted = world.system.tick()
    assert [(AlertActivated, alert), (AlertExpired, alert)] == [(type(e), e.alert) for e in emitted]


def test_the_carried_alert_survives_the_wire(world):
    [event] = logged(world, AlertApproved, approve(world).id)
    assert event == event_from_dict(event_to_dict(event))


def test_a_later_edit_does_not_change_what_the_approval_carried(world):
    alert = approve(world)
    world.system.cancel_alert(world.approvers[0].id, alert.id)
    [event] = logged(world, AlertApproved, alert.id)
    assert AlertStatus.APPROVED == event.alert.status


def test_an_approval_event_renders_as_cap(world):
    [event] = logged(world, AlertApproved, approve(world).id)
    xml = render_alert(event.alert, sender="tayninh.gov.vn").decode("utf-8")
    assert "<msgType>Alert</msgType>" in xml
    assert "ngập úng &lt;cục bộ&gt;" in xml
