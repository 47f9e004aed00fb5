"""The SQLite store: one file, WAL, one connection per thread, one transaction per use case.

Every transaction starts with BEGIN IMMEDIATE: it takes the write lock up front, so the
read-check-write of a use case (code tries, versions, milestone claims) is atomic across
threads and processes, and two writers never deadlock upgrading a read lock. A file this
process may not write is opened read-only and takes no lock (see `SqliteStorage`).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Final
from urllib.parse import unquote, urlsplit

from feedback_core.adapter_kit.cache import VersionCache
from feedback_core.errors import FeedbackError, ValidationError
from feedback_sqlite.errors import fault, translated
from feedback_sqlite.repositories import SqliteTransaction
from feedback_sqlite.schema import MIGRATIONS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from feedback_core.adapter_kit.sql import AlertKey
    from feedback_core.alerts.model import Alert
    from feedback_core.ports import Transaction

BUSY_TIMEOUT_MS: Final = 30_000


class SqliteStorage:
    """The `Storage` port on a SQLite file; safe for threads and processes sharing it.

    Opened with ``create=False``, a file this process may not write (a read-only file,
    folder or file system) is opened read-only: it serves every reading use case, and a
    write raises StorageFault (``storage_read_only``). Every sqlite3 error becomes a
    FeedbackError (errors.py).
    """

    def __init__(self, path: str | Path, *, synchronous: str = "FULL", create: bool = True) -> None:
        # FULL: an acknowledged report survives a power cut, not only a crashed process.
        self.path = str(path)
        self._synchronous = synchronous
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._alert_cache: VersionCache[AlertKey, Alert] = VersionCache()
        self._target, self.read_only = _locate(self.path, create=create)
        try:
            self.migrate(create=create)
        except BaseException:
            self.close()
            raise

    @classmethod
    def from_url(cls, url: str, *, create: bool = True) -> SqliteStorage:
        """``sqlite:///relative.db``, ``sqlite:////absolute/path.db`` or ``sqlite:///:memory:``.

        With ``create=False`` a file that is missing, or holds no store, is StorageFault
        (``storage_missing``) and nothing is written; a read-only file is opened read-only.
        With ``create`` (the default) the store is set up: a read-only file is StorageFault
        (``storage_read_only``).
        """
        parts = urlsplit(url)
        if parts.netloc not in {"", "localhost"}:  # sqlite://feedback.db: a host, not a file
            raise ValidationError.single("storage", "sqlite_host", url=url, host=parts.netloc)
        path = unquote(parts.path.removeprefix("/"))
        if not path:
            raise ValidationError.single("storage", "sqlite_url", url=url)
        return cls(path, create=create)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A unit of work under SQLite's write lock; rolled back if the block raises."""
        conn = self._connection()
        with translated(self.path):
            # A read-only file takes no write lock: its readers never change anything.
            conn.execute("BEGIN" if self.read_only else "BEGIN IMMEDIATE")
            try:
                tx = SqliteTransaction(conn, self._alert_cache)
                yield tx
                conn.commit()
            except BaseException:
                self._roll_back(conn)
                raise
        self._alert_cache.publish(tx.alerts.learnt)

    def migrate(self, *, create: bool = True) -> int:
        """Apply the migrations this file lacks; returns the schema version.

        A file without our tables is a store only with ``create``; without it, it is
        StorageFault (``storage_missing``) and nothing is written. A read-only file must
        hold every migration already (``storage_old`` otherwise).
        """
        conn = self._connection()
        with translated(self.path):
            found = conn.execute(_HAS_VERSIONS).fetchone() is not None
            if not found and not create:
                raise fault("storage_missing", self.path)
            if self.read_only:  # nothing to create, and nothing may be migrated
                if _version(conn) < len(MIGRATIONS):
                    raise fault("storage_old", self.path)
                return len(MIGRATIONS)
            conn.execute("PRAGMA journal_mode = WAL")  # kept in the file: readers never block
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                current = _version(conn)
                for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
                    for statement in _statements(script):
                        conn.execute(statement)
                    conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
                conn.commit()
            except BaseException:
                self._roll_back(conn)
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
        with translated(self.path):
            conn = sqlite3.connect(
                self._target, isolation_level=None, check_same_thread=False, uri=True
            )
            try:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                conn.execute(f"PRAGMA synchronous = {self._synchronous}")
                conn.execute("PRAGMA foreign_keys = ON")
            except BaseException:
                conn.close()
                raise
        return conn

    def _roll_back(self, conn: sqlite3.Connection) -> None:
        """Undo the open transaction; a connection that cannot is dropped for a new one."""
        try:
            conn.rollback()
        except sqlite3.Error:
            with self._lock:
                if conn in self._connections:
                    self._connections.remove(conn)
            if getattr(self._local, "conn", None) is conn:
                del self._local.conn
            with suppress(sqlite3.Error):
                conn.close()


_HAS_VERSIONS: Final = (
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
)


def _version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _locate(path: str, *, create: bool) -> tuple[str, bool]:
    """The URI sqlite3 opens for ``path``, and whether it is read-only here.

    Nothing is created unless ``create``: an existing file opens with ``mode=rw``, and only
    a new one with ``mode=rwc``. A file this process may not write opens with ``mode=ro``,
    but only without ``create``: setting a store up (``init``) needs to write it.
    """
    if path == ":memory:":  # private to each connection: nothing to find or keep
        if not create:
            raise fault("storage_missing", path)
        return "file::memory:", False
    file = Path(path)
    if not file.exists():
        if not create:
            raise fault("storage_missing", path)
        if not file.parent.is_dir():
            raise fault("storage_no_folder", path)
        return f"{file.absolute().as_uri()}?mode=rwc", False
    # SQLite writes beside the file too (its -wal and -shm files): both must be writable.
    folder_writable = os.access(file.parent, os.W_OK)
    if os.access(file, os.W_OK) and folder_writable:
        return f"{file.absolute().as_uri()}?mode=rw", False
    if create:  # setting a store up (create or migrate) needs to write it
        raise fault("storage_read_only", path)
    # Read-only. Where SQLite cannot make its -shm file it reads a WAL database only as
    # immutable: done when no -wal file is there, so no writer has the file open now (one
    # that starts later, from an account that may write, goes unseen by this store).
    wal = Path(f"{path}-wal")
    immutable = not folder_writable and not wal.exists()
    return f"{file.absolute().as_uri()}?mode=ro{'&immutable=1' if immutable else ''}", True


def _statements(script: str) -> list[str]:
    # executescript() would commit the open transaction; run statement by statement.
    return [s.strip() for s in script.split(";") if s.strip()]


__all__ = ["FeedbackError", "SqliteStorage"]
