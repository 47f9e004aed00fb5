"""The in-memory store keeps the storage contract and runs the lifecycle machines."""

from feedback_core.testing.contracts import StorageContract
from feedback_memory import MemoryStorage


class TestMemoryStorage(StorageContract):
    def make_storage(self, directory):
        return MemoryStorage()


TestMemoryMachines = TestMemoryStorage.lifecycle_machines()
