"""A published alert event reaches a webhook with its CAP 1.2 message when a sender is set."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pendulum
import pytest
import xmlschema

from feedback_core import ValidationError
from feedback_core.alerts.events import AlertApproved, AlertCreated
from feedback_webhook.transport import WebhookTransport

SCHEMA = xmlschema.XMLSchema(Path(__file__).parents[1] / "data" / "cap" / "CAP-v1.2.xsd")
SECRET = {"FEEDBACK_WEBHOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}
T0 = pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC")
FORM = {
    "headline": "Cắt nước khu vực phường 1",
    "description": "Tạm ngưng cấp nước để sửa chữa đường ống.",
    "area": "Phường 1, TP Tây Ninh",
    "start": T0 + pendulum.duration(hours=1),
    "end": T0 + pendulum.duration(hours=3),
}


def transport(query=""):
    return WebhookTransport.from_url(f"webhook:https://hooks.example.vn/in{query}", SECRET)


def logged(world, kind):
    return [e for _, e in world.system.events(limit=500) if type(e) is kind]


def approved(world):
    alert = world.system.create_alert(world.staff[0].id, **FORM)
    world.system.submit_alert(world.staff[0].id, alert.id)
    return world.system.approve_alert(world.approvers[0].id, alert.id)


def test_an_approval_carries_its_cap_message_when_a_sender_is_set(world):
    alert = approved(world)
    [event] = logged(world, AlertApproved)
    body = transport("?cap_sender=cong1022.tayninh.gov.vn").payload(event)
    root = ET.fromstring(body["cap"])
    SCHEMA.validate(root)
    assert str(alert.id) == root.findtext("{urn:oasis:names:tc:emergency:cap:1.2}identifier")
    assert "https://hooks.example.vn/in" == transport("?cap_sender=x.vn").url


def test_without_a_sender_the_body_is_the_event_alone(world):
    approved(world)
    [event] = logged(world, AlertApproved)
    assert "cap" not in transport().payload(event)


def test_a_draft_event_never_carries_cap(world):
    world.system.create_alert(world.staff[0].id, **FORM)
    [event] = logged(world, AlertCreated)
    assert "cap" not in transport("?cap_sender=x.vn").payload(event)


@pytest.mark.parametrize("sender", ["có dấu cách", "a,b", "a<b", ""])
def test_a_cap_sender_cap_cannot_carry_is_refused(sender):
    with pytest.raises(ValidationError) as info:
        transport(f"?cap_sender={sender}")
    assert "cap_sender" == info.value.field
