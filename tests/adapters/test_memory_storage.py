"""The in-memory store keeps the storage contract and runs the lifecycle machines.

This is the worked example of docs/testing.md: the whole test module of a storage
adapter. tests/testing/test_docs_example.py keeps the guide and this file the same.
"""

from pathlib import Path

from feedback_core.ports import Storage
from feedback_core.testing.contracts import StorageContract
from feedback_memory import MemoryStorage


class TestMemoryStorage(StorageContract):
    # What the store can do. A rule that needs more is skipped, and the skip names the flag.
    durable = False  # a new MemoryStorage starts empty: nothing survives closing it
    supports_concurrent_threads = True  # one lock guards the tables
    supports_concurrent_processes = False  # each process has a memory of its own

    def make_storage(self, directory: Path) -> Storage:
        # A new, empty store for each test and each Hypothesis example. ``directory`` is
        # empty and the test's own: a file-based store keeps its files there.
        return MemoryStorage()


# The four lifecycle state machines, each example on a fresh store from make_storage.
TestMemoryMachines = TestMemoryStorage.lifecycle_machines()
