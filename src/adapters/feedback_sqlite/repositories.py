"""The SQLite repositories of one transaction."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from feedback_core.accounts.codes import CodeState
from feedback_core.accounts.model import Account, Role, Unit
from feedback_core.adapter_kit.codec import dumps, instant, loads, micros
from feedback_core.alerts.model import Alert, AlertStatus
from feedback_core.errors import Conflict
from feedback_core.messages import message
from feedback_core.reports.model import HistoryEntry, Report
from feedback_sqlite.outbox import SqliteOutbox

if TYPE_CHECKING:
    import uuid

    import pendulum

    from feedback_core.adapter_kit.cache import VersionCache
    from feedback_core.paging import Cursor
    from feedback_core.reports.model import ReportQuery


def _conflict(entity: str, field: str = "version") -> Conflict:
    return Conflict(message("conflict", entity=entity), field=field)


class _Repository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._db = conn

    def _one(self, sql: str, *args: object) -> str | None:
        row = self._db.execute(sql, args).fetchone()
        return None if row is None else str(row[0])


class SqliteAccounts(_Repository):
    """Accounts."""

    def add(self, account: Account) -> None:
        """Store a new account; Conflict if the login ID is taken."""
        try:
            self._db.execute(
                "INSERT INTO accounts (id, login_id, role, data) VALUES (?, ?, ?, ?)",
                (str(account.id), account.login_id, account.role.value, dumps(account)),
            )
        except sqlite3.IntegrityError:
            raise Conflict(message("already_exists", entity="account"), field="login_id") from None

    def get(self, account_id: uuid.UUID) -> Account | None:
        """The account, or None."""
        data = self._one("SELECT data FROM accounts WHERE id = ?", str(account_id))
        return None if data is None else loads(data, Account)

    def by_login_id(self, login_id: str) -> Account | None:
        """The account with this login ID, or None."""
        data = self._one("SELECT data FROM accounts WHERE login_id = ?", login_id)
        return None if data is None else loads(data, Account)

    def update(self, account: Account) -> None:
        """Replace the stored account."""
        self._db.execute(
            "UPDATE accounts SET data = ? WHERE id = ?", (dumps(account), str(account.id))
        )

    def has_admin(self) -> bool:
        """Whether an administrator exists."""
        return (
            self._one("SELECT 1 FROM accounts WHERE role = ? LIMIT 1", Role.ADMIN.value) is not None
        )


class SqliteUnits(_Repository):
    """Units."""

    def add(self, unit: Unit) -> None:
        """Store a new unit; Conflict if the code is taken."""
        try:
            self._db.execute(
                "INSERT INTO units (id, code, data) VALUES (?, ?, ?)",
                (str(unit.id), unit.code, dumps(unit)),
            )
        except sqlite3.IntegrityError:
            raise Conflict(message("already_exists", entity="unit"), field="code") from None

    def get(self, unit_id: uuid.UUID) -> Unit | None:
        """The unit, or None."""
        data = self._one("SELECT data FROM units WHERE id = ?", str(unit_id))
        return None if data is None else loads(data, Unit)

    def by_code(self, code: str) -> Unit | None:
        """The unit with this code, or None."""
        data = self._one("SELECT data FROM units WHERE code = ?", code)
        return None if data is None else loads(data, Unit)

    def all(self) -> list[Unit]:
        """Every unit, by code."""
        rows = self._db.execute("SELECT data FROM units ORDER BY code").fetchall()
        return [loads(r[0], Unit) for r in rows]


class SqliteCodes(_Repository):
    """Activation codes; BEGIN IMMEDIATE already holds the write lock, so reads are locked."""

    def lock(self, account_id: uuid.UUID) -> CodeState:
        """The state, or a fresh one."""
        data = self._one("SELECT data FROM activation_codes WHERE account_id = ?", str(account_id))
        return CodeState(account_id) if data is None else loads(data, CodeState)

    def save(self, state: CodeState) -> None:
        """Write the state."""
        self._db.execute(
            "INSERT INTO activation_codes (account_id, data) VALUES (?, ?) "
            "ON CONFLICT (account_id) DO UPDATE SET data = excluded.data",
            (str(state.account_id), dumps(state)),
        )

    def sends_since(self, phone: str, since: pendulum.DateTime) -> list[pendulum.DateTime]:
        """Send times after ``since``."""
        rows = self._db.execute(
            "SELECT sent_at FROM code_sends WHERE phone = ? AND sent_at > ? ORDER BY sent_at",
            (phone, micros(since)),
        ).fetchall()
        return [instant(r[0]) for r in rows]

    def record_send(self, phone: str, at: pendulum.DateTime) -> None:
        """Count one send."""
        self._db.execute(
            "INSERT INTO code_sends (phone, sent_at) VALUES (?, ?)", (phone, micros(at))
        )


class SqliteReports(_Repository):
    """Reports, their unit index and their append-only history."""

    def add(self, report: Report, entry: HistoryEntry) -> None:
        """Store a new report and its first history entry."""
        try:
            self._db.execute(
                "INSERT INTO reports (id, reporter_id, status, public, submitted_at, version, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    str(report.id),
                    str(report.reporter_id),
                    report.status.value,
                    int(report.draft.public),
                    micros(report.submitted_at),
                    report.version,
                    dumps(report),
                ),
            )
        except sqlite3.IntegrityError:
            raise Conflict(message("already_exists", entity="report"), field="report_id") from None
        self._index_units(report)
        self._append(report.id, 1, entry)

    def get(self, report_id: uuid.UUID) -> Report | None:
        """The report, or None."""
        data = self._one("SELECT data FROM reports WHERE id = ?", str(report_id))
        return None if data is None else loads(data, Report)

    def update(self, report: Report, entry: HistoryEntry) -> None:
        """Store the next version if the stored one is the one before (optimistic lock)."""
        changed = self._db.execute(
            "UPDATE reports SET status = ?, version = ?, data = ? WHERE id = ? AND version = ?",
            (
                report.status.value,
                report.version,
                dumps(report),
                str(report.id),
                report.version - 1,
            ),
        ).rowcount
        if changed != 1:
            raise _conflict("report")
        self._index_units(report)
        self._append(report.id, report.version, entry)

    def history(self, report_id: uuid.UUID) -> list[HistoryEntry]:
        """Every entry, oldest first."""
        rows = self._db.execute(
            "SELECT data FROM report_history WHERE report_id = ? ORDER BY seq", (str(report_id),)
        ).fetchall()
        return [loads(r[0], HistoryEntry) for r in rows]

    def page(self, query: ReportQuery, after: Cursor | None, limit: int) -> list[Report]:
        """Matching reports, newest first, by keyset."""
        sql, args = _report_page_sql(query, after, limit)
        return [loads(r[0], Report) for r in self._db.execute(sql, args).fetchall()]

    def _append(self, report_id: uuid.UUID, seq: int, entry: HistoryEntry) -> None:
        self._db.execute(
            "INSERT INTO report_history (report_id, seq, data) VALUES (?, ?, ?)",
            (str(report_id), seq, dumps(entry)),
        )

    def _index_units(self, report: Report) -> None:
        rid = str(report.id)
        self._db.execute("DELETE FROM report_units WHERE report_id = ?", (rid,))
        if not report.units:  # a report before routing: nothing to index
            return
        self._db.executemany(
            "INSERT INTO report_units (unit_id, report_id, status, submitted_at)"
            " VALUES (?, ?, ?, ?)",
            [(str(u), rid, report.status.value, micros(report.submitted_at)) for u in report.units],
        )


def _report_page_sql(
    query: ReportQuery, after: Cursor | None, limit: int
) -> tuple[str, list[object]]:
    # A unit's reports come from report_units, whose key is (unit, status, time, id):
    # "reports of a unit by status" reads one index range in order.
    by_unit = query.unit_id is not None
    t = "u" if by_unit else "r"
    rid = "u.report_id" if by_unit else "r.id"
    source = "report_units u JOIN reports r ON r.id = u.report_id" if by_unit else "reports r"
    filters: list[tuple[str, object]] = [
        ("u.unit_id = ?", query.unit_id and str(query.unit_id)),
        ("r.reporter_id = ?", query.reporter_id and str(query.reporter_id)),
        (f"{t}.status = ?", query.status and query.status.value),
        ("r.public = ?", 1 if query.public_only else None),
    ]
    where = [sql for sql, value in filters if value is not None]
    args = [value for _, value in filters if value is not None]
    if after is not None:
        where.append(f"({t}.submitted_at, {rid}) < (?, ?)")
        args += [micros(after.at), str(after.id)]
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    order = f"{t}.submitted_at DESC, {rid} DESC"
    sql = f"SELECT r.data FROM {source} {clause} ORDER BY {order} LIMIT ?"  # noqa: S608 - no input
    return sql, [*args, limit]


class SqliteAlerts(_Repository):
    """Alerts, and the milestones still due for each."""

    def __init__(
        self, conn: sqlite3.Connection, cache: VersionCache[tuple[str, int], Alert]
    ) -> None:
        super().__init__(conn)
        self._cache = cache
        self.learnt: dict[tuple[str, int], Alert] = {}

    def add(self, alert: Alert) -> None:
        """Store a new alert."""
        c = alert.content
        try:
            self._db.execute(
                "INSERT INTO alerts (id, unit_id, status, created_at, start_at, end_at,"
                " approved_at, version, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(alert.id),
                    str(alert.unit_id),
                    alert.status.value,
                    micros(alert.created_at),
                    micros(c.start),
                    micros(c.end),
                    None,
                    alert.version,
                    dumps(alert),
                ),
            )
        except sqlite3.IntegrityError:
            raise Conflict(message("already_exists", entity="alert"), field="alert_id") from None

    def get(self, alert_id: uuid.UUID) -> Alert | None:
        """The alert, or None."""
        data = self._one("SELECT data FROM alerts WHERE id = ?", str(alert_id))
        return None if data is None else loads(data, Alert)

    def update(self, alert: Alert) -> None:
        """Store the next version if the stored one is the one before (optimistic lock)."""
        c = alert.content
        approved = None if alert.approved_at is None else micros(alert.approved_at)
        changed = self._db.execute(
            "UPDATE alerts SET status = ?, start_at = ?, end_at = ?, approved_at = ?, version = ?,"
            " data = ? WHERE id = ? AND version = ?",
            (
                alert.status.value,
                micros(c.start),
                micros(c.end),
                approved,
                alert.version,
                dumps(alert),
                str(alert.id),
                alert.version - 1,
            ),
        ).rowcount
        if changed != 1:
            raise _conflict("alert")
        if alert.status is AlertStatus.APPROVED:  # only approval leads here: approved is final
            self._schedule_milestones(alert)

    def active_at(self, t: pendulum.DateTime) -> list[Alert]:
        """Ever-approved alerts whose window contains ``t``."""
        at = micros(t)
        rows = self._db.execute(
            "SELECT id, version, data FROM alerts"
            " WHERE approved_at IS NOT NULL AND end_at > ? AND start_at <= ?",
            (at, at),
        ).fetchall()
        # Alerts in force are read far more often than they change: reuse the decoded
        # version (decoding costs ~60 us, mostly ids and times; fetching a row ~2 us).
        cached = self._cache.get_many([(r[0], r[1]) for r in rows])
        return [a if a is not None else self._decode(r) for a, r in zip(cached, rows, strict=True)]

    def _decode(self, row: tuple[str, int, str]) -> Alert:
        alert = loads(row[2], Alert)
        self.learnt[row[0], row[1]] = alert
        return alert

    def page(
        self,
        unit_id: uuid.UUID | None,
        status: AlertStatus | None,
        after: Cursor | None,
        limit: int,
    ) -> list[Alert]:
        """Alerts, newest created first, by keyset."""
        where: list[str] = []
        args: list[object] = []
        if unit_id is not None:
            where.append("unit_id = ?")
            args.append(str(unit_id))
        if status is not None:
            where.append("status = ?")
            args.append(status.value)
        if after is not None:
            where.append("(created_at, id) < (?, ?)")
            args += [micros(after.at), str(after.id)]
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        sql = f"SELECT data FROM alerts {clause} ORDER BY created_at DESC, id DESC LIMIT ?"  # noqa: S608
        return [loads(r[0], Alert) for r in self._db.execute(sql, [*args, limit]).fetchall()]

    def milestone_candidates(self, kind: str, now: pendulum.DateTime, limit: int) -> list[Alert]:
        """Alerts whose milestone of ``kind`` is due by ``now`` and not yet claimed."""
        rows = self._db.execute(
            "SELECT a.data FROM alert_milestones_due d JOIN alerts a ON a.id = d.alert_id"
            " WHERE d.kind = ? AND d.due_at <= ? ORDER BY d.due_at, d.alert_id LIMIT ?",
            (kind, micros(now), limit),
        ).fetchall()
        return [loads(r[0], Alert) for r in rows]

    def claim_milestone(self, alert_id: uuid.UUID, kind: str) -> bool:
        """Remove the due milestone; True only for the one transaction that removed it."""
        return (
            self._db.execute(
                "DELETE FROM alert_milestones_due WHERE alert_id = ? AND kind = ?",
                (str(alert_id), kind),
            ).rowcount
            == 1
        )

    def _schedule_milestones(self, alert: Alert) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO alert_milestones_due (alert_id, kind, due_at) VALUES (?, ?, ?)",
            [
                (str(alert.id), "activated", micros(alert.content.start)),
                (str(alert.id), "expired", micros(alert.content.end)),
            ],
        )


class SqliteTransaction:
    """The repositories of one SQLite transaction."""

    def __init__(
        self, conn: sqlite3.Connection, alert_cache: VersionCache[tuple[str, int], Alert]
    ) -> None:
        self.accounts = SqliteAccounts(conn)
        self.units = SqliteUnits(conn)
        self.codes = SqliteCodes(conn)
        self.reports = SqliteReports(conn)
        self.alerts = SqliteAlerts(conn, alert_cache)
        self.outbox = SqliteOutbox(conn)
