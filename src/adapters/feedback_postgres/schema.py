"""The PostgreSQL schema: the shared layout (feedback_core.adapter_kit.sql.schema) in its types.

Times are BIGINT microseconds since the epoch (UTC). Ids are ``uuid`` (16 bytes, ordered
like Python's `uuid.UUID`, which is how listings break ties). Unit codes and destinations
sort by code point (COLLATE "C"), as Python sorts str, whatever the database's default
collation.

``data`` is text, not jsonb: the server never looks inside a record, and on PostgreSQL 15
reading 500 reports as text decoded by our codec took ~5% less than jsonb decoded by the
driver, writing them ~20% less (jsonb is parsed on the way in and printed on the way out).

``outbox.tx`` is the id of the transaction that wrote the event (the top-level one, even
from a savepoint): ``seq`` is taken at insert, not at commit, so the log is read in
``(tx, seq)`` order up to the oldest transaction still running (see outbox.py).
"""

from __future__ import annotations

from typing import Final

from feedback_core.adapter_kit.sql import SchemaDialect, migrations

# Serializes migrations of one schema between processes (and the CREATE SCHEMA before
# them, which is not safe against itself even with IF NOT EXISTS). The one-key form of the
# advisory lock: it never meets the two-key locks the repositories take.
MIGRATION_KEY: Final = "hashtextextended('feedback_core:' || %s, 0)"  # %s: the schema's name
MIGRATION_LOCK: Final = f"SELECT pg_advisory_xact_lock({MIGRATION_KEY})"

POSTGRES_SCHEMA: Final = SchemaDialect(
    uuid="uuid",
    text="text",
    ordered_text='text COLLATE "C"',
    bigint="bigint",
    integer="integer",
    boolean="boolean",
    without_rowid="",
    outbox_table="""\
    CREATE TABLE outbox (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
        id uuid NOT NULL UNIQUE,
        data text NOT NULL
    );
    CREATE INDEX outbox_log ON outbox (tx, seq);""",
)

MIGRATIONS: Final = migrations(POSTGRES_SCHEMA)
