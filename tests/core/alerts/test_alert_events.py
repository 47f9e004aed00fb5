"""Alert events: milestone ids fixed by the alert and the kind of milestone."""

import uuid

import pendulum

from feedback_core.alerts.events import AlertActivated, AlertExpired, milestone

T0 = pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC")


def test_milestone_ids_are_fixed_by_alert_and_kind():
    alert_id, unit_id = uuid.uuid4(), uuid.uuid4()
    first = milestone(AlertActivated, alert_id, unit_id, T0)
    again = milestone(AlertActivated, alert_id, unit_id, T0.add(hours=1))
    expired = milestone(AlertExpired, alert_id, unit_id, T0)
    other = milestone(AlertActivated, uuid.uuid4(), unit_id, T0)
    assert first.id == again.id
    assert 3 == len({first.id, expired.id, other.id})
    assert (AlertActivated, alert_id, unit_id, T0) == (
        type(first),
        first.alert_id,
        first.unit_id,
        first.at,
    )
    assert (
        uuid.uuid5(uuid.UUID("6f1c2a4e-5d7b-4c1e-9a0b-3e8f2d6c1b74"), f"{alert_id}:AlertActivated")
        == first.id
    )
