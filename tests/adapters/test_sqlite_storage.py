"""The SQLite store keeps the storage contract and runs the lifecycle machines."""

from hypothesis import settings

from feedback_core.testing.contracts import StorageContract
from feedback_sqlite import SqliteStorage


class TestSqliteStorage(StorageContract):
    durable = True
    supports_concurrent_processes = True

    def make_storage(self, directory):
        return SqliteStorage(directory / "feedback.db")


# The machines' rules live in the core, and test_memory_storage.py runs them with the
# full profile (300 examples each). Here they check that SQLite keeps what the core wrote
# through long runs of steps: 50 examples of up to 50 steps each. The profile's 300 took
# ~7 of CI's minutes with coverage (~2.4 without; a database file per example).
MACHINE_RUNS = settings(max_examples=min(settings().max_examples, 50))
TestSqliteMachines = TestSqliteStorage.lifecycle_machines(MACHINE_RUNS)
