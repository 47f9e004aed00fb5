"""Events: a fresh id each, named by their class."""

import uuid

import pendulum

from feedback_core.accounts.events import UnitCreated

T0 = pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC")


def test_ordinary_events_get_fresh_ids_and_are_named_by_class():
    unit_id = uuid.uuid4()
    a = UnitCreated(at=T0, unit_id=unit_id, code="soyte")
    b = UnitCreated(at=T0, unit_id=unit_id, code="soyte")
    assert a.id != b.id
    assert "UnitCreated" == a.name
