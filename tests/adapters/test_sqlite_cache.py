"""SQLite reuses decoded alerts by version, and never a version that was rolled back."""

import datetime as dt

import attrs
import pytest

from feedback_core.alerts.model import AlertStatus
from feedback_core.testing.world import World
from feedback_memory import RecordingSmsSender
from feedback_sqlite import SqliteStorage


class Boom(Exception):
    pass


@pytest.fixture
def world(tmp_path):
    storage = SqliteStorage(tmp_path / "feedback.db")
    yield World.build(storage, RecordingSmsSender())
    storage.close()


def approved(world):
    now = world.clock.now()
    alert = world.system.create_alert(
        world.staff[0].id,
        headline="Ngập",
        description="Mưa lớn",
        area="Phường 1",
        start=now,
        end=now + dt.timedelta(hours=3),
    )
    world.system.submit_alert(world.staff[0].id, alert.id)
    return world.system.approve_alert(world.approvers[0].id, alert.id)


def in_force(world):
    with world.storage.transaction() as tx:
        return tx.alerts.active_at(world.clock.now())


def test_an_alert_in_force_is_decoded_once_per_version(world):
    approved(world)
    first, again = in_force(world), in_force(world)
    assert first == again
    assert first[0] is again[0]


def test_a_version_read_inside_a_rolled_back_transaction_is_never_served(world):
    alert = approved(world)
    cancelled = attrs.evolve(
        alert,
        status=AlertStatus.CANCELLED,
        version=alert.version + 1,
        cancelled_at=world.clock.now(),
        cancelled_by=world.approvers[0].id,
    )
    seen_before_rollback = []

    def cancel_read_and_fail():
        with world.storage.transaction() as tx:
            tx.alerts.update(cancelled)
            seen_before_rollback.extend(tx.alerts.active_at(world.clock.now()))
            raise Boom

    with pytest.raises(Boom):
        cancel_read_and_fail()
    assert [cancelled] == seen_before_rollback
    superseded = attrs.evolve(
        alert,
        status=AlertStatus.SUPERSEDED,
        version=alert.version + 1,
        superseded_at=world.clock.now(),
    )
    with world.storage.transaction() as tx:
        tx.alerts.update(superseded)
    assert [superseded] == in_force(world)
