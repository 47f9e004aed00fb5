"""The delivery policy is a setting like any other, so `from_urls` takes it too."""

import datetime as dt

import pendulum

from feedback_core import DeliveryFailed, FeedbackSystem, FixedClock, Settings, hookimpl
from feedback_core.messages import message
from feedback_core.outbox.model import DispatchPolicy
from feedback_core.plugin.manager import make_plugins
from feedback_core.testing.world import SECRET_KEY, cheap_hasher
from feedback_memory import MemoryStorage

T0 = pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC")


class FlakyBroker:
    """Refuses its first delivery, takes every later one."""

    def __init__(self):
        self.events, self.refused = [], 0

    def deliver(self, event):
        if not self.refused:
            self.refused += 1
            raise DeliveryFailed(message("sms_failed"), field="transports")
        self.events.append(event)

    def close(self):
        pass


class BrokerPlugin:
    """Serves ``flaky:`` transport URLs with one broker, and memory storage."""

    def __init__(self, broker):
        self.broker, self.storage = broker, MemoryStorage()

    @hookimpl
    def feedback_register_adapters(self, registry):
        registry.add_storage("mem", lambda url: self.storage)
        registry.add_transport("flaky", lambda url: self.broker)


def system_with(policy, broker, clock):
    plugin = BrokerPlugin(broker)
    return FeedbackSystem.from_urls(
        Settings(secret_key=SECRET_KEY, dispatch=policy),
        storage="mem:",
        sms="console:",
        transports=["flaky:"],
        plugins=make_plugins(plugin),
        clock=clock,
        hasher=cheap_hasher(),
    )


def failed_once_then_waited(policy, wait):
    clock, broker = FixedClock(T0), FlakyBroker()
    system = system_with(policy, broker, clock)
    system.bootstrap_admin("quantri", "mat khau quan tri")
    system.dispatch()
    clock.advance(wait)
    system.dispatch()
    return broker.events


def test_from_urls_retries_after_the_settings_first_retry_not_the_default():
    slow = DispatchPolicy(first_retry=dt.timedelta(hours=1))
    assert [] == failed_once_then_waited(slow, dt.timedelta(minutes=30))


def test_the_default_policy_retries_after_five_seconds():
    assert 1 == len(failed_once_then_waited(DispatchPolicy(), dt.timedelta(seconds=5)))


def test_settings_carry_the_default_dispatch_policy():
    assert DispatchPolicy() == Settings(secret_key=SECRET_KEY).dispatch
