"""The layout both SQL dialects store, as numbered migrations applied once each, in order.

Times are microseconds since the epoch (UTC): compact, exact and sortable. Each record is
also kept whole as JSON text (``data``) that only the row codec reads; the other columns
exist to be searched.

A migration is written once, with a ``{name}`` wherever a dialect spells a type its own
way (`SchemaDialect`). A store records the numbers it applied, so the text a dialect gets
for a number must never change: a change to the layout is a new migration at the end.
"""

from __future__ import annotations

from typing import Final

import attrs


@attrs.frozen
class SchemaDialect:
    """How one dialect spells the pieces of the layout that differ."""

    #: An id.
    uuid: str
    #: Text.
    text: str
    #: Text sorted by code point, as Python sorts str (unit codes, destinations).
    ordered_text: str
    #: A time in microseconds, or an outbox position.
    bigint: str
    #: A version, a count.
    integer: str
    #: A flag.
    boolean: str
    #: Ends a table that is best stored in its primary key's order.
    without_rowid: str
    #: The outbox table, whole: how its positions are made differs wholly. Its lines are
    #: indented as the template's, without a newline before or after.
    outbox_table: str


def migrations(dialect: SchemaDialect) -> tuple[str, ...]:
    """Every migration, in order, in ``dialect``."""
    pieces = attrs.asdict(dialect)
    return tuple(template.format_map(pieces) for template in _TEMPLATES)


_TEMPLATES: Final[tuple[str, ...]] = (
    # 1: the whole domain
    """
    CREATE TABLE accounts (
        id {uuid} PRIMARY KEY,
        login_id {text} NOT NULL UNIQUE,
        role {text} NOT NULL,
        data {text} NOT NULL
    );
    CREATE TABLE units (
        id {uuid} PRIMARY KEY,
        code {ordered_text} NOT NULL UNIQUE,
        data {text} NOT NULL
    );
    CREATE TABLE activation_codes (
        account_id {uuid} PRIMARY KEY,
        data {text} NOT NULL
    );
    CREATE TABLE code_sends (
        phone {text} NOT NULL,
        sent_at {bigint} NOT NULL
    );
    CREATE INDEX code_sends_by_phone ON code_sends (phone, sent_at);
    CREATE TABLE reports (
        id {uuid} PRIMARY KEY,
        reporter_id {uuid} NOT NULL,
        status {text} NOT NULL,
        public {boolean} NOT NULL,
        submitted_at {bigint} NOT NULL,
        version {integer} NOT NULL,
        data {text} NOT NULL
    );
    CREATE INDEX reports_by_reporter ON reports (reporter_id, submitted_at, id);
    CREATE INDEX reports_by_status ON reports (status, submitted_at, id);
    CREATE INDEX reports_newest ON reports (submitted_at, id);
    CREATE TABLE report_units (
        unit_id {uuid} NOT NULL,
        report_id {uuid} NOT NULL REFERENCES reports (id),
        status {text} NOT NULL,
        submitted_at {bigint} NOT NULL,
        PRIMARY KEY (unit_id, status, submitted_at, report_id)
    ){without_rowid};
    CREATE INDEX report_units_by_report ON report_units (report_id);
    CREATE TABLE report_history (
        report_id {uuid} NOT NULL REFERENCES reports (id),
        seq {integer} NOT NULL,
        data {text} NOT NULL,
        PRIMARY KEY (report_id, seq)
    ){without_rowid};
    CREATE TABLE alerts (
        id {uuid} PRIMARY KEY,
        unit_id {uuid} NOT NULL,
        status {text} NOT NULL,
        created_at {bigint} NOT NULL,
        start_at {bigint} NOT NULL,
        end_at {bigint} NOT NULL,
        approved_at {bigint},
        version {integer} NOT NULL,
        data {text} NOT NULL
    );
    CREATE INDEX alerts_in_force ON alerts (end_at, start_at) WHERE approved_at IS NOT NULL;
    CREATE INDEX alerts_by_unit ON alerts (unit_id, created_at, id);
    CREATE TABLE alert_milestones_due (
        alert_id {uuid} NOT NULL REFERENCES alerts (id),
        kind {text} NOT NULL,
        due_at {bigint} NOT NULL,
        PRIMARY KEY (alert_id, kind)
    ){without_rowid};
    CREATE INDEX alert_milestones_by_due ON alert_milestones_due (kind, due_at);
{outbox_table}
    CREATE TABLE outbox_deliveries (
        seq {bigint} NOT NULL REFERENCES outbox (seq),
        destination {ordered_text} NOT NULL,
        attempts {integer} NOT NULL DEFAULT 0,
        due_at {bigint} NOT NULL,
        delivered_at {bigint},
        last_error {text},
        PRIMARY KEY (destination, seq)
    ){without_rowid};
    CREATE INDEX outbox_due ON outbox_deliveries (destination, due_at) WHERE delivered_at IS NULL;
    """,
    # 2: facts about the store itself (the fingerprint of its secret key)
    """
    CREATE TABLE meta (
        name {ordered_text} PRIMARY KEY,
        value {text} NOT NULL
    ){without_rowid};
    """,
    # 3: login sessions, found by their token's hash, listed by account
    """
    CREATE TABLE sessions (
        id {uuid} PRIMARY KEY,
        token_hash {text} NOT NULL UNIQUE,
        account_id {uuid} NOT NULL,
        created_at {bigint} NOT NULL,
        data {text} NOT NULL
    );
    CREATE INDEX sessions_by_account ON sessions (account_id, created_at);
    """,
    # 4: the API keys of Open311 client applications, found by their hash
    """
    CREATE TABLE api_keys (
        id {uuid} PRIMARY KEY,
        key_hash {text} NOT NULL UNIQUE,
        created_at {bigint} NOT NULL,
        data {text} NOT NULL
    );
    """,
    # 5: one-time codes by purpose (activation, password reset, phone change), whose
    # activation states carry over; and the append-only audit trail, read newest first
    # and, for one account's data export, by the account it is about (``subject_id``)
    """
    CREATE TABLE account_codes (
        account_id {uuid} NOT NULL,
        purpose {ordered_text} NOT NULL,
        data {text} NOT NULL,
        PRIMARY KEY (account_id, purpose)
    ){without_rowid};
    INSERT INTO account_codes (account_id, purpose, data)
        SELECT account_id, 'activation', data FROM activation_codes;
    DROP TABLE activation_codes;
    CREATE TABLE audit_trail (
        id {uuid} PRIMARY KEY,
        at {bigint} NOT NULL,
        subject_id {uuid},
        data {text} NOT NULL
    );
    CREATE INDEX audit_trail_newest ON audit_trail (at, id);
    CREATE INDEX audit_trail_by_subject ON audit_trail (subject_id, at, id);
    """,
)
