"""The state machines of feedback_core.testing, on the in-memory store, with other settings.

With the default settings the machines run on every store, memory included, in
tests/adapters (StorageContract.lifecycle_machines); here only what those runs do not try.
"""

from feedback_core import ActivationPolicy, Settings
from feedback_core.testing import World
from feedback_core.testing.machines import ActivationLifecycle, machine_test
from feedback_core.testing.world import SECRET_KEY
from feedback_memory import MemoryStorage, RecordingSmsSender


def world_that_locks_early() -> World:
    """Locking takes 100 failures (20 codes, 4 days) by default; here it takes 7."""
    strict = Settings(secret_key=SECRET_KEY, activation=ActivationPolicy(lock_after=7))
    return World.build(MemoryStorage(), RecordingSmsSender(), strict)


TestActivationLifecycleWithEarlyLock = machine_test(ActivationLifecycle, world_that_locks_early)
