"""The outbox: events written with their change, delivered at least once, never lost."""

import datetime as dt
import time

import pytest

from feedback_core import DeliveryFailed
from feedback_core.accounts.events import UnitCreated
from feedback_core.messages import message
from feedback_core.outbox.model import DispatchPolicy


class Broker:
    """A transport that keeps what it was given and can be down."""

    def __init__(self):
        self.events = []
        self.down = False
        self.closed = False

    def deliver(self, event):
        if self.down:
            raise DeliveryFailed(message("sms_failed"), field="transports")
        self.events.append(event)

    def close(self):
        self.closed = True


@pytest.fixture
def brokers():
    return {"mqtt://a": Broker(), "jsonl:b": Broker()}


@pytest.fixture
def system(world, brokers):
    return world.system_with(transports=brokers, dispatch_policy=DispatchPolicy(batch=2))


def new_unit(world, system, code="soyte"):
    return system.create_unit(world.admin.id, code, "Sở Y tế")


def test_an_event_reaches_every_transport_once_dispatched(world, system, brokers):
    unit = new_unit(world, system)
    result = system.dispatch()
    for broker in brokers.values():
        assert [unit.id] == [e.unit_id for e in broker.events if isinstance(e, UnitCreated)]
    assert (2, 0) == (result.delivered, result.failed)


def test_delivered_events_are_not_delivered_again(world, system, brokers):
    new_unit(world, system)
    system.dispatch()
    again = system.dispatch()
    assert (0, 0) == (again.delivered, again.failed)
    assert [] == system.pending_events()


def test_a_down_transport_loses_nothing_and_is_retried_with_backoff(world, system, brokers):
    unit = new_unit(world, system)
    brokers["mqtt://a"].down = True
    assert 1 == system.dispatch().failed
    [event] = system.pending_events()
    [failed] = [d for d in _deliveries(world, event) if d.destination == "mqtt://a"]
    assert (1, "transports: The text message could not be sent; try again later.") == (
        failed.attempts,
        failed.last_error,
    )
    brokers["mqtt://a"].down = False
    assert 0 == system.dispatch().delivered  # not before the 5 s backoff
    world.clock.advance(dt.timedelta(seconds=5))
    assert 1 == system.dispatch().delivered
    assert [unit.id] == [e.unit_id for e in brokers["mqtt://a"].events]


def test_backoff_doubles_and_is_capped():
    policy = DispatchPolicy()
    delays = [policy.retry_after(n).total_seconds() for n in (1, 2, 3, 4, 20)]
    assert [5, 10, 20, 40, 3600] == delays


def test_more_events_than_a_batch_are_all_delivered(world, system, brokers):
    units = [new_unit(world, system, f"don{n}") for n in range(5)]
    system.dispatch()
    delivered = [e.unit_id for e in brokers["jsonl:b"].events]
    assert [u.id for u in units] == delivered


def test_a_transport_that_crashes_is_recorded_like_a_failure(world, system, brokers):
    def crash(event):
        raise RuntimeError("bug in transport")

    brokers["jsonl:b"].deliver = crash
    new_unit(world, system)
    result = system.dispatch()
    assert (1, 1) == (result.delivered, result.failed)
    [event] = system.pending_events()
    errors = {d.destination: d.last_error for d in _deliveries(world, event)}
    assert {"jsonl:b": "RuntimeError: bug in transport", "mqtt://a": None} == errors


def test_closing_the_system_closes_transports_and_store(world, system, brokers):
    system.close()
    assert all(b.closed for b in brokers.values())


def _deliveries(world, event):
    with world.storage.transaction() as tx:
        return tx.outbox.deliveries(event.id)


class SlowBroker(Broker):
    """A broker that takes 20 ms per event: a receiver near its timeouts."""

    def deliver(self, event):
        time.sleep(0.02)
        super().deliver(event)


def test_a_slow_transport_stops_a_batch_at_half_the_lease_and_the_rest_waits_for_it(world):
    slow = SlowBroker()
    policy = DispatchPolicy(batch=10, lease=dt.timedelta(milliseconds=100))
    system = world.system_with(transports={"slow:": slow}, dispatch_policy=policy)
    for n in range(10):
        new_unit(world, system, f"don{n}")

    first = system.dispatch()
    assert 1 <= first.delivered < 10  # the batch stopped at 50 ms, its outcomes recorded
    assert 0 == system.dispatch().delivered  # the rest stay claimed until the lease ends
    runs = 1
    while system.pending_events():
        world.clock.advance(policy.lease)  # the claims of what was not handed over run out
        system.dispatch()
        runs += 1
    assert 10 == len({event.id for event in slow.events}) == len(slow.events)
    assert runs > 1
