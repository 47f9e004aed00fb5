"""A thread-safe in-memory store.

One lock serialises transactions, which makes every read-check-write inside a use case
atomic, as row locks do in a database. Writes are applied at once and undone from a log
if the transaction raises, so a failed use case leaves nothing behind.
"""

from __future__ import annotations

import threading
import uuid
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import attrs

from feedback_memory.api_keys import MemoryApiKeys
from feedback_memory.audit import MemoryAudit
from feedback_memory.outbox import MemoryOutbox
from feedback_memory.repositories import (
    MemoryAccounts,
    MemoryAlerts,
    MemoryCodes,
    MemoryMeta,
    MemoryReports,
    MemoryUnits,
)
from feedback_memory.sessions import MemorySessions
from feedback_memory.tables import Tables

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterator

    from feedback_core.ports import Transaction


class UndoLog:
    """Remembers how to reverse each write of the running transaction."""

    def __init__(self) -> None:
        self._steps: list[Callable[[], None]] = []

    def put(self, table: dict[Any, Any], key: Hashable, value: object) -> None:
        """Set ``table[key]``, remembering what was there."""
        if key in table:
            old = table[key]
            self._steps.append(lambda: table.__setitem__(key, old))
        else:
            self._steps.append(lambda: table.pop(key))
        table[key] = value

    def drop(self, table: dict[Any, Any], key: Hashable) -> bool:
        """Delete ``table[key]``, remembering it; whether it was there."""
        if key not in table:
            return False
        old = table.pop(key)
        self._steps.append(lambda: table.__setitem__(key, old))
        return True

    def undo(self) -> None:
        """Reverse every write, newest first."""
        while self._steps:
            self._steps.pop()()


class MemoryTransaction:
    """The repositories of one in-memory unit of work."""

    def __init__(self, tables: Tables, log: UndoLog) -> None:
        self.accounts = MemoryAccounts(tables, log)
        self.sessions = MemorySessions(tables, log)
        self.api_keys = MemoryApiKeys(tables, log)
        self.audit = MemoryAudit(tables, log)
        self.units = MemoryUnits(tables, log)
        self.codes = MemoryCodes(tables, log)
        self.reports = MemoryReports(tables, log)
        self.alerts = MemoryAlerts(tables, log)
        self.outbox = MemoryOutbox(tables, log)
        self.meta = MemoryMeta(tables, log)


class MemoryStorage:
    """The `Storage` port in memory; shared safely by threads of one process."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.tables = Tables()
        self.id = uuid.uuid4()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Run a unit of work under the store's lock; undo it if the block raises."""
        with self._lock:
            log = UndoLog()
            try:
                yield MemoryTransaction(self.tables, log)
            except BaseException:
                log.undo()
                raise

    def snapshot(self) -> dict[str, dict[Any, Any]]:
        """A copy of every table, to compare before and after (rows are immutable)."""
        with self._lock:
            return {
                name: dict(table)
                for name, table in attrs.asdict(self.tables, recurse=False).items()
            }

    def close(self) -> None:
        """Nothing to release."""
