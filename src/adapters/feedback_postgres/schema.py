"""The PostgreSQL schema, as numbered migrations applied once each, in order.

The layout is SQLite's (feedback_sqlite/schema.py): times are BIGINT microseconds since the
epoch (UTC), each record is kept whole as JSON text in ``data`` and the other columns exist
to be searched. Ids are ``uuid`` (16 bytes, ordered like Python's `uuid.UUID`, which is
how listings break ties). Unit codes and destinations sort by code point (COLLATE "C"), as
Python sorts str, whatever the database's default collation.

``data`` is text, not jsonb: the server never looks inside a record, and on PostgreSQL 15
reading 500 reports as text decoded by our codec took ~5% less than jsonb decoded by the
driver, writing them ~20% less (jsonb is parsed on the way in and printed on the way out).

``outbox.tx`` is the id of the transaction that wrote the event (the top-level one, even
from a savepoint): ``seq`` is taken at insert, not at commit, so the log is read in
``(tx, seq)`` order up to the oldest transaction still running (see outbox.py).
"""

from __future__ import annotations

from typing import Final

# Serializes migrations of one schema between processes (and the CREATE SCHEMA before
# them, which is not safe against itself even with IF NOT EXISTS). The one-key form of the
# advisory lock: it never meets the two-key locks the repositories take.
MIGRATION_KEY: Final = "hashtextextended('feedback_core:' || %s, 0)"  # %s: the schema's name
MIGRATION_LOCK: Final = f"SELECT pg_advisory_xact_lock({MIGRATION_KEY})"

MIGRATIONS: Final[tuple[str, ...]] = (
    # 1: the whole domain
    """
    CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        login_id text NOT NULL UNIQUE,
        role text NOT NULL,
        data text NOT NULL
    );
    CREATE TABLE units (
        id uuid PRIMARY KEY,
        code text COLLATE "C" NOT NULL UNIQUE,
        data text NOT NULL
    );
    CREATE TABLE activation_codes (
        account_id uuid PRIMARY KEY,
        data text NOT NULL
    );
    CREATE TABLE code_sends (
        phone text NOT NULL,
        sent_at bigint NOT NULL
    );
    CREATE INDEX code_sends_by_phone ON code_sends (phone, sent_at);
    CREATE TABLE reports (
        id uuid PRIMARY KEY,
        reporter_id uuid NOT NULL,
        status text NOT NULL,
        public boolean NOT NULL,
        submitted_at bigint NOT NULL,
        version integer NOT NULL,
        data text NOT NULL
    );
    CREATE INDEX reports_by_reporter ON reports (reporter_id, submitted_at, id);
    CREATE INDEX reports_by_status ON reports (status, submitted_at, id);
    CREATE INDEX reports_newest ON reports (submitted_at, id);
    CREATE TABLE report_units (
        unit_id uuid NOT NULL,
        report_id uuid NOT NULL REFERENCES reports (id),
        status text NOT NULL,
        submitted_at bigint NOT NULL,
        PRIMARY KEY (unit_id, status, submitted_at, report_id)
    );
    CREATE INDEX report_units_by_report ON report_units (report_id);
    CREATE TABLE report_history (
        report_id uuid NOT NULL REFERENCES reports (id),
        seq integer NOT NULL,
        data text NOT NULL,
        PRIMARY KEY (report_id, seq)
    );
    CREATE TABLE alerts (
        id uuid PRIMARY KEY,
        unit_id uuid NOT NULL,
        status text NOT NULL,
        created_at bigint NOT NULL,
        start_at bigint NOT NULL,
        end_at bigint NOT NULL,
        approved_at bigint,
        version integer NOT NULL,
        data text NOT NULL
    );
    CREATE INDEX alerts_in_force ON alerts (end_at, start_at) WHERE approved_at IS NOT NULL;
    CREATE INDEX alerts_by_unit ON alerts (unit_id, created_at, id);
    CREATE TABLE alert_milestones_due (
        alert_id uuid NOT NULL REFERENCES alerts (id),
        kind text NOT NULL,
        due_at bigint NOT NULL,
        PRIMARY KEY (alert_id, kind)
    );
    CREATE INDEX alert_milestones_by_due ON alert_milestones_due (kind, due_at);
    CREATE TABLE outbox (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
        id uuid NOT NULL UNIQUE,
        data text NOT NULL
    );
    CREATE INDEX outbox_log ON outbox (tx, seq);
    CREATE TABLE outbox_deliveries (
        seq bigint NOT NULL REFERENCES outbox (seq),
        destination text COLLATE "C" NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        due_at bigint NOT NULL,
        delivered_at bigint,
        last_error text,
        PRIMARY KEY (destination, seq)
    );
    CREATE INDEX outbox_due ON outbox_deliveries (destination, due_at) WHERE delivered_at IS NULL;
    """,
)
