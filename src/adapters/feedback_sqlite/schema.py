"""The SQLite schema: the shared layout (feedback_core.adapter_kit.sql.schema) in SQLite's types.

Times are INTEGER microseconds, ids TEXT. The tables keyed by a compound primary key are
WITHOUT ROWID: stored in that key's order, with no rowid b-tree beside it.
"""

from __future__ import annotations

from typing import Final

from feedback_core.adapter_kit.sql import SchemaDialect, migrations

SQLITE_SCHEMA: Final = SchemaDialect(
    uuid="TEXT",
    text="TEXT",
    ordered_text="TEXT",  # BINARY, the default collation: UTF-8 bytes sort as code points
    bigint="INTEGER",
    integer="INTEGER",
    boolean="INTEGER",
    without_rowid=" WITHOUT ROWID",
    # AUTOINCREMENT: a position is never reused, even after the newest event is deleted.
    outbox_table="""\
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL
    );""",
)

MIGRATIONS: Final = migrations(SQLITE_SCHEMA)
