"""Decoded records by (id, version), shared by the transactions of one store.

A stored version never changes, so a record decoded once can be reused until evicted.
Entries learnt inside a transaction are published only after it commits: a version
written and rolled back must never be served.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class VersionCache(Generic[K, V]):
    """A thread-safe LRU of decoded records."""

    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The record, or None."""
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def get_many(self, keys: list[K]) -> list[V | None]:
        """The records for ``keys`` (None where absent), under one lock."""
        with self._lock:
            found = [self._items.get(key) for key in keys]
            for key, value in zip(keys, found, strict=True):
                if value is not None:
                    self._items.move_to_end(key)
            return found

    def publish(self, learnt: dict[K, V]) -> None:
        """Add what a committed transaction decoded, evicting the least recently used."""
        if not learnt:
            return
        with self._lock:
            self._items.update(learnt)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
