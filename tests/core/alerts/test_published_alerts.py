"""What the public hears of an alert carries the alert as it stood; drafts stay inside.

A transport renders an event's alert (as CAP 1.2, say), so the event must hold what was
approved, cancelled or superseded at that moment, never a later state, and a draft's
events must hold nothing a transport could publish.
"""

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pendulum
import xmlschema

from feedback_core import AlertStatus
from feedback_core.alerts.cap import render_alert, render_event
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


SCHEMA = xmlschema.XMLSchema(Path(__file__).parents[2] / "data" / "cap" / "CAP-v1.2.xsd")
SENDER = "cong1022.tayninh.gov.vn"


def cap_of(event):
    xml = render_event(event, sender=SENDER)
    root = ET.fromstring(xml)
    SCHEMA.validate(root)
    return {el.tag.split("}")[1]: el.text for el in root if len(el) == 0}


def superseding(world):
    old = approve(world)
    new = world.system.supersede_alert(world.staff[0].id, old.id, **FORM)
    world.system.submit_alert(world.staff[0].id, new.id)
    return old, world.system.approve_alert(world.approvers[0].id, new.id)


def test_an_update_s_approval_renders_as_a_cap_update_naming_what_it_replaced(world):
    old, new = superseding(world)
    [event] = logged(world, AlertApproved, new.id)
    cap = cap_of(event)
    assert ("Update", str(new.id)) == (cap["msgType"], cap["identifier"])
    assert f"{SENDER},{old.id}," in cap["references"]


def test_the_cancel_of_an_update_names_both_messages(world):
    old, new = superseding(world)
    world.system.cancel_alert(world.approvers[0].id, new.id)
    cap = cap_of(logged(world, AlertCancelled, new.id)[0])
    assert "Cancel" == cap["msgType"]
    assert {str(new.id), str(old.id)} == {ref.split(",")[1] for ref in cap["references"].split()}


def test_an_update_s_activation_stands_for_the_approved_update(world):
    _, new = superseding(world)
    world.clock.set(new.content.start)
    [activated] = [e for e in world.system.tick() if e.alert_id == new.id]
    assert "Update" == cap_of(activated)["msgType"]


def test_a_draft_s_event_stands_for_no_cap_message(world):
    alert = world.system.create_alert(world.staff[0].id, **FORM)
    assert render_event(logged(world, AlertCreated, alert.id)[0], sender=SENDER) is None
