"""What a dispatch run reports: per transport what it did and what waits, and what no
transport of the run serves (events written while another transport was configured)."""

import datetime as dt

import attrs
import pytest

from feedback_core import DeliveryFailed
from feedback_core.messages import message
from feedback_core.outbox.cases import TransportRun
from feedback_core.outbox.model import Backlog, DispatchPolicy

REFUSED = "transports: The text message could not be sent; try again later."


class Broker:
    """A transport that keeps what it was given, refuses while down, and may crash."""

    def __init__(self):
        self.events, self.down, self.crash = [], False, None

    def deliver(self, event):
        if self.crash:
            raise RuntimeError(self.crash)
        if self.down:
            raise DeliveryFailed(message("sms_failed"), field="transports")
        self.events.append(event)

    def close(self):
        pass


@pytest.fixture
def brokers():
    return {"mqtt://a": Broker(), "jsonl:b": Broker(), "jsonl:old": Broker()}


def system(world, brokers, *names):
    """A system over the world's store whose transports are ``names`` of ``brokers``.

    Without the SMS notifier: these runs are about transports alone.
    """
    chosen = {name: brokers[name] for name in names}
    settings = attrs.evolve(world.system.settings, sms_notices=False)
    return world.system_with(
        transports=chosen, dispatch_policy=DispatchPolicy(batch=2), settings=settings
    )


def new_units(world, on, count):
    for n in range(count):
        on.create_unit(world.admin.id, f"don{n}", "Sở Y tế")
        world.clock.advance(dt.timedelta(seconds=1))


def test_a_run_reports_each_transport_in_order_with_nothing_left(world, brokers):
    both = system(world, brokers, "mqtt://a", "jsonl:b")
    new_units(world, both, 3)
    result = both.dispatch()
    assert (6, 0, ()) == (result.delivered, result.failed, result.unconfigured)
    assert (TransportRun("mqtt://a", 3), TransportRun("jsonl:b", 3)) == result.transports


def test_a_failing_transport_reports_the_last_error_of_the_run_and_what_waits(world, brokers):
    both = system(world, brokers, "mqtt://a", "jsonl:b")
    new_units(world, both, 3)
    brokers["jsonl:b"].down = True
    now = world.clock.now()
    result = both.dispatch()
    retry = now.add(seconds=5)
    assert (3, 3) == (result.delivered, result.failed)
    assert (
        TransportRun("mqtt://a", 3),
        TransportRun("jsonl:b", 0, 3, REFUSED, Backlog("jsonl:b", 3, retry, 3, REFUSED)),
    ) == result.transports


def test_the_last_error_is_the_runs_last_one(world, brokers):
    one = system(world, brokers, "jsonl:b")
    new_units(world, one, 3)
    brokers["jsonl:b"].down = True
    one.dispatch()
    brokers["jsonl:b"].crash = "bug in transport"
    world.clock.advance(dt.timedelta(seconds=5))
    [run] = one.dispatch().transports
    assert (0, 3, "RuntimeError: bug in transport") == (run.delivered, run.failed, run.last_error)
    assert (3, 6) == (run.backlog.waiting, run.backlog.failed_attempts)


def test_deliveries_not_yet_due_wait_with_their_time_and_no_error(world, brokers):
    one = system(world, brokers, "jsonl:b")
    new_units(world, one, 1)
    brokers["jsonl:b"].down = True
    one.dispatch()
    brokers["jsonl:b"].down = False
    retry = world.clock.now().add(seconds=5)
    [run] = one.dispatch().transports  # before the retry is due: nothing tried
    assert TransportRun("jsonl:b", backlog=Backlog("jsonl:b", 1, retry, 1, REFUSED)) == run


def test_what_waits_for_a_transport_not_configured_now_is_reported_apart(world, brokers):
    before = system(world, brokers, "jsonl:old", "jsonl:b")
    new_units(world, before, 2)
    first = world.clock.now().subtract(seconds=2)  # the first unit's event time
    after = system(world, brokers, "mqtt://a", "jsonl:b")
    result = after.dispatch()
    assert (2, 0) == (result.delivered, result.failed)
    assert (TransportRun("mqtt://a"), TransportRun("jsonl:b", 2)) == result.transports
    assert (Backlog("jsonl:old", 2, first),) == result.unconfigured
    assert [] == brokers["jsonl:old"].events


def test_a_run_without_transports_reports_only_what_waits(world, brokers):
    before = system(world, brokers, "jsonl:old")
    new_units(world, before, 1)
    result = system(world, brokers).dispatch()
    assert ((), ("jsonl:old",)) == (
        result.transports,
        tuple(b.destination for b in result.unconfigured),
    )
