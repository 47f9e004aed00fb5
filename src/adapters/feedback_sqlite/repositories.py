"""The SQLite repositories of one transaction: the shared ones, but for the unit index."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from feedback_core.adapter_kit.codec import dumps, micros
from feedback_core.adapter_kit.sql import APPEND_HISTORY, UNINDEX_REPORT, SqlReports, SqlTransaction
from feedback_sqlite.dialect import SQLITE
from feedback_sqlite.outbox import SqliteOutbox

if TYPE_CHECKING:
    from feedback_core.reports.model import HistoryEntry, Report


class SqliteReports(SqlReports[sqlite3.Connection]):
    """Reports; a report's units are indexed by executemany, one row each."""

    def _index_and_append(self, report: Report, entry: HistoryEntry) -> None:
        rid = str(report.id)
        self._run(UNINDEX_REPORT, rid)
        if report.units:  # a report before routing: nothing to index
            self._db.executemany(
                "INSERT INTO report_units (unit_id, report_id, status, submitted_at)"
                " VALUES (?, ?, ?, ?)",
                [
                    (str(u), rid, report.status.value, micros(report.submitted_at))
                    for u in report.units
                ],
            )
        self._run(APPEND_HISTORY, rid, report.version, dumps(entry))


class SqliteTransaction(SqlTransaction):
    """The repositories of one SQLite transaction."""

    dialect = SQLITE
    reports_class = SqliteReports
    outbox_class = SqliteOutbox
