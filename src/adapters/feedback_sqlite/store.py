"""The SQLite store: one file, WAL, one connection per thread, one transaction per use case.

Every transaction starts with BEGIN IMMEDIATE: it takes the write lock up front, so the
read-check-write of a use case (code tries, versions, milestone claims) is atomic across
threads and processes, and two writers never deadlock upgrading a read lock.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final
from urllib.parse import unquote, urlsplit

from feedback_core.adapter_kit.cache import VersionCache
from feedback_core.errors import FeedbackError, ValidationError
from feedback_sqlite.errors import translated
from feedback_sqlite.repositories import SqliteTransaction
from feedback_sqlite.schema import MIGRATIONS

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from feedback_core.adapter_kit.sql import AlertKey
    from feedback_core.alerts.model import Alert
    from feedback_core.ports import Transaction

BUSY_TIMEOUT_MS: Final = 30_000


class SqliteStorage:
    """The `Storage` port on a SQLite file; safe for threads and processes sharing it."""

    def __init__(self, path: str | Path, *, synchronous: str = "FULL") -> None:
        # FULL: an acknowledged report survives a power cut, not only a crashed process.
        self.path = str(path)
        self._synchronous = synchronous
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._alert_cache: VersionCache[AlertKey, Alert] = VersionCache()
        self.migrate()

    @classmethod
    def from_url(cls, url: str) -> SqliteStorage:
        """``sqlite:///relative.db``, ``sqlite:////absolute/path.db`` or ``sqlite:///:memory:``."""
        parts = urlsplit(url)
        if parts.netloc not in {"", "localhost"}:  # sqlite://feedback.db: a host, not a file
            raise ValidationError.single("storage", "sqlite_host", url=url, host=parts.netloc)
        path = unquote(parts.path.removeprefix("/"))
        if not path:
            raise ValidationError.single("storage", "sqlite_url", url=url)
        return cls(path)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A unit of work under SQLite's write lock; rolled back if the block raises."""
        conn = self._connection()
        with translated():
            conn.execute("BEGIN IMMEDIATE")
        tx = SqliteTransaction(conn, self._alert_cache)
        try:
            yield tx
        except BaseException:
            conn.rollback()
            raise
        with translated():
            conn.commit()
        self._alert_cache.publish(tx.alerts.learnt)

    def migrate(self) -> int:
        """Apply the migrations this file lacks; returns the schema version."""
        conn = self._connection()
        with translated():
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
                current = row[0] or 0
                for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
                    for statement in _statements(script):
                        conn.execute(statement)
                    conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
        return len(MIGRATIONS)

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _open(self) -> sqlite3.Connection:
        with translated():
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA synchronous = {self._synchronous}")
            conn.execute("PRAGMA foreign_keys = ON")
        return conn


def _statements(script: str) -> list[str]:
    # executescript() would commit the open transaction; run statement by statement.
    return [s.strip() for s in script.split(";") if s.strip()]


__all__ = ["FeedbackError", "SqliteStorage"]
