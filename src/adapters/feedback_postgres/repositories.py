"""The PostgreSQL repositories of one READ COMMITTED transaction.

Other transactions commit between our statements, so no read is trusted to stay true
until a write that depends on it, unless the read took a lock first:

* code state: ``SELECT ... FOR UPDATE`` on the row of the account and purpose (created
  first if missing, so there is always a row to lock); the per-phone send count under a
  transaction-level advisory lock on the phone number, taken before the sends are read;
* accounts: ``by_login_id`` locks the row (``Dialect.lock_login``), because every
  account update of the core (login throttling, activation) follows that read;
* reports and alerts: optimistic versions, ``UPDATE ... WHERE version = %s``; no row
  changed is a Conflict;
* unique keys: ``INSERT ... ON CONFLICT DO NOTHING`` and the row count (dialect.py);
* milestones: the claim is a ``DELETE`` whose row count says who won.

The statements are the shared ones (feedback_core.adapter_kit.sql); here are only the
locks above and the writes that PostgreSQL sends its own way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import psycopg
from psycopg.rows import TupleRow

from feedback_core.accounts.codes import CodeState
from feedback_core.adapter_kit.codec import dumps, loads, micros
from feedback_core.adapter_kit.sql import APPEND_HISTORY, UNINDEX_REPORT, SqlReports, SqlTransaction
from feedback_core.adapter_kit.sql.accounts import CODE_STATE, NEW_CODE_STATE, SqlCodes
from feedback_postgres.dialect import POSTGRES
from feedback_postgres.outbox import PostgresOutbox

if TYPE_CHECKING:
    import uuid

    from feedback_core.accounts.codes import CodePurpose
    from feedback_core.reports.model import HistoryEntry, Report

Connection = psycopg.Connection[TupleRow]

# The two-key advisory lock of one phone number's sends, in this schema only.
PHONE_LOCK: Final = "SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext(%s))"
_LOCK_CODE_STATE: Final = f"{CODE_STATE} FOR UPDATE"


class PostgresCodes(SqlCodes):
    """One-time codes, counted under row and advisory locks."""

    def lock(self, account_id: uuid.UUID, purpose: CodePurpose) -> CodeState:
        """The state, locked until the transaction ends; a fresh one is stored first if none."""
        data = self._one(_LOCK_CODE_STATE, account_id, purpose.value)
        while data is None:
            # A row to lock: a concurrent first try then waits for ours instead of both
            # reading "no tries yet". ON CONFLICT waits for a concurrent insert to commit.
            # Looped: the row found taken may be erased (`forget`) before our read locks it.
            fresh = dumps(CodeState(account_id, purpose=purpose))
            self._insert_new(NEW_CODE_STATE, account_id, purpose.value, fresh)
            data = self._one(_LOCK_CODE_STATE, account_id, purpose.value)
        return loads(data, CodeState)

    def _lock_phone(self, phone: str) -> None:
        # A statement of its own: the read after it starts once any concurrent send to
        # this phone has committed, so it counts that send too.
        self._db.execute(PHONE_LOCK, (phone,))


class PostgresReports(SqlReports[Connection]):
    """Reports; the unit index and the history entry written in one round trip."""

    def _index_and_append(self, report: Report, entry: HistoryEntry) -> None:
        # Three independent writes sent in one pipeline; the index in one statement.
        with self._db.pipeline():
            self._run(UNINDEX_REPORT, report.id)
            self._db.execute(
                "INSERT INTO report_units (unit_id, report_id, status, submitted_at)"
                " SELECT unit_id, %s, %s, %s FROM unnest(%s::uuid[]) AS unit_id",
                (report.id, report.status.value, micros(report.submitted_at), list(report.units)),
            )
            self._run(APPEND_HISTORY, report.id, report.version, dumps(entry))


class PostgresTransaction(SqlTransaction):
    """The repositories of one PostgreSQL transaction."""

    dialect = POSTGRES
    reports_class = PostgresReports
    outbox_class = PostgresOutbox
    codes_class = PostgresCodes
