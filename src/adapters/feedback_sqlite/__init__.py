"""The SQLite store: feedback-core's embedded, zero-configuration default."""

from feedback_sqlite.store import SqliteStorage

__all__ = ["SqliteStorage"]
