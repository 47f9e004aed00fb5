"""The SQLite store keeps the storage contract and runs the lifecycle machines."""

from feedback_core.testing.contracts import StorageContract
from feedback_sqlite import SqliteStorage


class TestSqliteStorage(StorageContract):
    durable = True
    supports_concurrent_processes = True

    def make_storage(self, directory):
        return SqliteStorage(directory / "feedback.db")


TestSqliteMachines = TestSqliteStorage.lifecycle_machines()
