"""The SQLite schema, as numbered migrations applied once each, in order.

Times are INTEGER microseconds since the epoch (UTC): compact, exact and sortable. Each
record is also kept whole as JSON (`data`); the other columns exist to be searched.
"""

from __future__ import annotations

from typing import Final

MIGRATIONS: Final[tuple[str, ...]] = (
    # 1: the whole domain
    """
    CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        login_id TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE units (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL
    );
    CREATE TABLE activation_codes (
        account_id TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    CREATE TABLE code_sends (
        phone TEXT NOT NULL,
        sent_at INTEGER NOT NULL
    );
    CREATE INDEX code_sends_by_phone ON code_sends (phone, sent_at);
    CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        reporter_id TEXT NOT NULL,
        status TEXT NOT NULL,
        public INTEGER NOT NULL,
        submitted_at INTEGER NOT NULL,
        version INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX reports_by_reporter ON reports (reporter_id, submitted_at, id);
    CREATE INDEX reports_by_status ON reports (status, submitted_at, id);
    CREATE INDEX reports_newest ON reports (submitted_at, id);
    CREATE TABLE report_units (
        unit_id TEXT NOT NULL,
        report_id TEXT NOT NULL REFERENCES reports (id),
        status TEXT NOT NULL,
        submitted_at INTEGER NOT NULL,
        PRIMARY KEY (unit_id, status, submitted_at, report_id)
    ) WITHOUT ROWID;
    CREATE INDEX report_units_by_report ON report_units (report_id);
    CREATE TABLE report_history (
        report_id TEXT NOT NULL REFERENCES reports (id),
        seq INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (report_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        unit_id TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        start_at INTEGER NOT NULL,
        end_at INTEGER NOT NULL,
        approved_at INTEGER,
        version INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX alerts_in_force ON alerts (end_at, start_at) WHERE approved_at IS NOT NULL;
    CREATE INDEX alerts_by_unit ON alerts (unit_id, created_at, id);
    CREATE TABLE alert_milestones_due (
        alert_id TEXT NOT NULL REFERENCES alerts (id),
        kind TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        PRIMARY KEY (alert_id, kind)
    ) WITHOUT ROWID;
    CREATE INDEX alert_milestones_by_due ON alert_milestones_due (kind, due_at);
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL
    );
    CREATE TABLE outbox_deliveries (
        seq INTEGER NOT NULL REFERENCES outbox (seq),
        destination TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        due_at INTEGER NOT NULL,
        delivered_at INTEGER,
        last_error TEXT,
        PRIMARY KEY (destination, seq)
    ) WITHOUT ROWID;
    CREATE INDEX outbox_due ON outbox_deliveries (destination, due_at) WHERE delivered_at IS NULL;
    """,
)
