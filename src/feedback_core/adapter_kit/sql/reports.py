"""Reports, their unit index and their history, as both SQL dialects store them."""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Final

import attrs

from feedback_core.adapter_kit.codec import dumps, loads, micros
from feedback_core.adapter_kit.sql.dialect import DbT
from feedback_core.adapter_kit.sql.repository import SqlRepository, stale
from feedback_core.reports.model import HistoryEntry, Report

if TYPE_CHECKING:
    from feedback_core.adapter_kit.sql.dialect import Dialect
    from feedback_core.paging import Cursor
    from feedback_core.reports.model import ReportQuery

UNINDEX_REPORT: Final = "DELETE FROM report_units WHERE report_id = ?"
APPEND_HISTORY: Final = "INSERT INTO report_history (report_id, seq, data) VALUES (?, ?, ?)"
#: Reports a reporter's unlinking rewrites per statement: one page in memory at a time.
UNLINK_BATCH: Final = 200


class SqlReports(SqlRepository[DbT], ABC):
    """Reports, their unit index and their append-only history."""

    def add(self, report: Report, entry: HistoryEntry) -> None:
        """Store a new report and its first history entry."""
        self._add_new(
            "report",
            "report_id",
            "INSERT INTO reports (id, reporter_id, status, public, submitted_at, version, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            self._key(report.id),
            self._key(report.reporter_id),
            report.status.value,
            report.draft.public,
            micros(report.submitted_at),
            report.version,
            dumps(report),
        )
        self._index_and_append(report, entry)

    def get(self, report_id: uuid.UUID) -> Report | None:
        """The report, or None."""
        data = self._one("SELECT data FROM reports WHERE id = ?", self._key(report_id))
        return None if data is None else loads(data, Report)

    def update(self, report: Report, entry: HistoryEntry) -> None:
        """Store the next version if the stored one is the one before (optimistic lock).

        The reporter must be the one read too: a report whose reporter was unlinked since
        (which keeps its version) must never get the old reporter back from a stale copy.
        """
        if not self._changed_one(
            "UPDATE reports SET status = ?, version = version + 1, data = ?"
            " WHERE id = ? AND version = ? AND reporter_id = ?",
            report.status.value,
            dumps(report),
            self._key(report.id),
            report.version - 1,
            self._key(report.reporter_id),
        ):
            raise stale("report")
        self._index_and_append(report, entry)

    def history(self, report_id: uuid.UUID) -> list[HistoryEntry]:
        """Every entry, oldest first."""
        rows = self._all(
            "SELECT data FROM report_history WHERE report_id = ? ORDER BY seq",
            self._key(report_id),
        )
        return [loads(r[0], HistoryEntry) for r in rows]

    def page(self, query: ReportQuery, after: Cursor | None, limit: int) -> list[Report]:
        """Matching reports, newest first, by keyset."""
        sql, args = report_page_sql(query, after, limit, self._dialect)
        return [loads(r[0], Report) for r in self._all(sql, *args)]

    def unlink_reporter(self, reporter_id: uuid.UUID) -> int:
        """Give each of the reporter's reports, and its steps by the reporter, a new id.

        Read a batch at a time from the reporter's index: a rewritten report leaves the
        reporter's rows, so the next batch is simply the first again, and no cursor is needed.
        """
        count = 0
        while rows := self._all(
            "SELECT data FROM reports WHERE reporter_id = ? LIMIT ?",
            self._key(reporter_id),
            UNLINK_BATCH,
        ):
            for (data,) in rows:
                self._unlink(loads(data, Report), uuid.uuid4())
            count += len(rows)
        return count

    def _unlink(self, report: Report, new_id: uuid.UUID) -> None:
        """Name ``report``'s reporter ``new_id``, in the record and in the reporter's steps."""
        key = self._key(report.id)
        self._run(
            "UPDATE reports SET reporter_id = ?, data = ? WHERE id = ?",
            self._key(new_id),
            dumps(attrs.evolve(report, reporter_id=new_id)),
            key,
        )
        history = self._all("SELECT seq, data FROM report_history WHERE report_id = ?", key)
        for seq, data in history:
            entry = loads(data, HistoryEntry)
            if entry.actor_id == report.reporter_id:
                self._run(
                    "UPDATE report_history SET data = ? WHERE report_id = ? AND seq = ?",
                    dumps(attrs.evolve(entry, actor_id=new_id)),
                    key,
                    seq,
                )

    @abstractmethod
    def _index_and_append(self, report: Report, entry: HistoryEntry) -> None:
        """Index the report under its units (replacing the old index) and append ``entry``.

        Each dialect writes the index its own way: `UNINDEX_REPORT`, then a row per unit,
        then `APPEND_HISTORY` with the report's version as the entry's ``seq``.
        """


def report_page_sql(
    query: ReportQuery, after: Cursor | None, limit: int, dialect: Dialect
) -> tuple[str, list[object]]:
    """The keyset query of one page of reports (with ``?``) and its arguments."""
    # A unit's reports come from report_units, whose key is (unit, status, time, id):
    # "reports of a unit by status" reads one index range in order.
    by_unit = query.unit_id is not None
    t = "u" if by_unit else "r"
    rid = "u.report_id" if by_unit else "r.id"
    source = "report_units u JOIN reports r ON r.id = u.report_id" if by_unit else "reports r"
    filters: list[tuple[str, object]] = [
        ("u.unit_id = ?", query.unit_id and dialect.key(query.unit_id)),
        ("r.reporter_id = ?", query.reporter_id and dialect.key(query.reporter_id)),
        (f"{t}.status = ?", query.status and query.status.value),
        ("r.public = ?", True if query.public_only else None),
    ]
    where = [sql for sql, value in filters if value is not None]
    args = [value for _, value in filters if value is not None]
    if after is not None:
        where.append(f"({t}.submitted_at, {rid}) < (?, ?)")
        args += [micros(after.at), dialect.key(after.id)]
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    order = f"{t}.submitted_at DESC, {rid} DESC"
    sql = f"SELECT r.data FROM {source} {clause} ORDER BY {order} LIMIT ?"  # noqa: S608 - no input
    return sql, [*args, limit]
