"""The state machines of feedback_core.testing, on the in-memory store."""

from feedback_core import ActivationPolicy, Settings
from feedback_core.testing import World
from feedback_core.testing.machines import (
    ActivationLifecycle,
    AlertLifecycle,
    ReportLifecycle,
    machine_test,
)
from feedback_core.testing.world import SECRET_KEY
from feedback_memory import MemoryStorage, RecordingSmsSender


def fresh_world() -> World:
    return World.build(MemoryStorage(), RecordingSmsSender())


def world_that_locks_early() -> World:
    """Locking takes 100 failures (20 codes, 4 days) by default; here it takes 7."""
    strict = Settings(secret_key=SECRET_KEY, activation=ActivationPolicy(lock_after=7))
    return World.build(MemoryStorage(), RecordingSmsSender(), strict)


TestAlertLifecycle = machine_test(AlertLifecycle, fresh_world)
TestReportLifecycle = machine_test(ReportLifecycle, fresh_world)
TestActivationLifecycle = machine_test(ActivationLifecycle, fresh_world)
TestActivationLifecycleWithEarlyLock = machine_test(ActivationLifecycle, world_that_locks_early)
