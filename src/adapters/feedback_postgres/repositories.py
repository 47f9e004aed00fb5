"""The PostgreSQL repositories of one READ COMMITTED transaction.

Other transactions commit between our statements, so no read is trusted to stay true
until a write that depends on it, unless the read took a lock first:

* code state: ``SELECT ... FOR UPDATE`` on the account's row (created first if missing,
  so there is always a row to lock); the per-phone send count under a transaction-level
  advisory lock on the phone number, taken before the sends are read;
* accounts: `PostgresAccounts.by_login_id` locks the row, because every account update
  of the core (login throttling, activation) follows that read;
* reports and alerts: optimistic versions, ``UPDATE ... WHERE version = %s``; no row
  changed is a Conflict;
* unique keys: ``INSERT ... ON CONFLICT DO NOTHING`` and the row count, which leaves the
  transaction usable (a unique violation would abort it) and waits for a concurrent
  insert of the same key to commit or roll back;
* milestones: the claim is a ``DELETE`` whose row count says who won.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from feedback_core.accounts.codes import CodeState
from feedback_core.accounts.model import Account, Role, Unit
from feedback_core.adapter_kit.codec import dumps, instant, loads, micros
from feedback_core.alerts.model import Alert, AlertStatus
from feedback_core.errors import Conflict
from feedback_core.messages import message
from feedback_core.reports.model import HistoryEntry, Report
from feedback_postgres.outbox import PostgresOutbox

if TYPE_CHECKING:
    import uuid

    import pendulum
    import psycopg
    from psycopg.rows import TupleRow

    from feedback_core.adapter_kit.cache import VersionCache
    from feedback_core.paging import Cursor
    from feedback_core.reports.model import ReportQuery

# The two-key advisory lock of one phone number's sends, in this schema only.
PHONE_LOCK: Final = "SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext(%s))"


def _conflict(entity: str, field: str = "version") -> Conflict:
    return Conflict(message("conflict", entity=entity), field=field)


def _taken(entity: str, field: str) -> Conflict:
    return Conflict(message("already_exists", entity=entity), field=field)


class _Repository:
    def __init__(self, conn: psycopg.Connection[TupleRow]) -> None:
        self._db = conn

    def _one(self, sql: str, *args: object) -> str | None:
        row = self._db.execute(sql, args).fetchone()
        return None if row is None else str(row[0])

    def _changed_one(self, sql: str, *args: object) -> bool:
        return self._db.execute(sql, args).rowcount == 1


class PostgresAccounts(_Repository):
    """Accounts."""

    def add(self, account: Account) -> None:
        """Store a new account; Conflict if the login ID (or the id) is taken."""
        if not self._changed_one(
            "INSERT INTO accounts (id, login_id, role, data) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT DO NOTHING",
            account.id,
            account.login_id,
            account.role.value,
            dumps(account),
        ):
            raise _taken("account", "login_id")

    def get(self, account_id: uuid.UUID) -> Account | None:
        """The account, or None (not locked: the core only reads accounts by id)."""
        data = self._one("SELECT data FROM accounts WHERE id = %s", account_id)
        return None if data is None else loads(data, Account)

    def by_login_id(self, login_id: str) -> Account | None:
        """The account with this login ID, or None; locked until the transaction ends.

        Concurrent logins to one account take turns, so each wrong password is counted.
        """
        data = self._one(
            "SELECT data FROM accounts WHERE login_id = %s FOR NO KEY UPDATE", login_id
        )
        return None if data is None else loads(data, Account)

    def update(self, account: Account) -> None:
        """Replace the stored account."""
        self._db.execute(
            "UPDATE accounts SET data = %s WHERE id = %s", (dumps(account), account.id)
        )

    def has_admin(self) -> bool:
        """Whether an administrator exists."""
        found = self._one("SELECT 1 FROM accounts WHERE role = %s LIMIT 1", Role.ADMIN.value)
        return found is not None


class PostgresUnits(_Repository):
    """Units."""

    def add(self, unit: Unit) -> None:
        """Store a new unit; Conflict if the code is taken."""
        if not self._changed_one(
            "INSERT INTO units (id, code, data) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
            unit.id,
            unit.code,
            dumps(unit),
        ):
            raise _taken("unit", "code")

    def get(self, unit_id: uuid.UUID) -> Unit | None:
        """The unit, or None."""
        data = self._one("SELECT data FROM units WHERE id = %s", unit_id)
        return None if data is None else loads(data, Unit)

    def by_code(self, code: str) -> Unit | None:
        """The unit with this code, or None."""
        data = self._one("SELECT data FROM units WHERE code = %s", code)
        return None if data is None else loads(data, Unit)

    def all(self) -> list[Unit]:
        """Every unit, by code."""
        rows = self._db.execute("SELECT data FROM units ORDER BY code").fetchall()
        return [loads(r[0], Unit) for r in rows]


class PostgresCodes(_Repository):
    """Activation codes, counted under row and advisory locks."""

    _LOCK: Final = "SELECT data FROM activation_codes WHERE account_id = %s FOR UPDATE"

    def lock(self, account_id: uuid.UUID) -> CodeState:
        """The state, locked until the transaction ends; a fresh one is stored first if none."""
        data = self._one(self._LOCK, account_id)
        if data is None:
            # A row to lock: a concurrent first try then waits for ours instead of both
            # reading "no tries yet". ON CONFLICT waits for a concurrent insert to commit.
            self._db.execute(
                "INSERT INTO activation_codes (account_id, data) VALUES (%s, %s)"
                " ON CONFLICT DO NOTHING",
                (account_id, dumps(CodeState(account_id))),
            )
            data = self._one(self._LOCK, account_id)
        assert data is not None  # noqa: S101 - inserted or found, and rows are never deleted
        return loads(data, CodeState)

    def save(self, state: CodeState) -> None:
        """Write the state."""
        self._db.execute(
            "INSERT INTO activation_codes (account_id, data) VALUES (%s, %s)"
            " ON CONFLICT (account_id) DO UPDATE SET data = excluded.data",
            (state.account_id, dumps(state)),
        )

    def sends_since(self, phone: str, since: pendulum.DateTime) -> list[pendulum.DateTime]:
        """Send times after ``since``; the phone's sends stay locked until the transaction ends.

        The lock comes first, in a statement of its own: the read after it starts once any
        concurrent send to this phone has committed, so it counts that send too.
        """
        self._db.execute(PHONE_LOCK, (phone,))
        rows = self._db.execute(
            "SELECT sent_at FROM code_sends WHERE phone = %s AND sent_at > %s ORDER BY sent_at",
            (phone, micros(since)),
        ).fetchall()
        return [instant(r[0]) for r in rows]

    def record_send(self, phone: str, at: pendulum.DateTime) -> None:
        """Count one send (its check, `sends_since`, already holds the phone's lock)."""
        self._db.execute(
            "INSERT INTO code_sends (phone, sent_at) VALUES (%s, %s)", (phone, micros(at))
        )


class PostgresReports(_Repository):
    """Reports, their unit index and their append-only history."""

    def add(self, report: Report, entry: HistoryEntry) -> None:
        """Store a new report and its first history entry."""
        if not self._changed_one(
            "INSERT INTO reports (id, reporter_id, status, public, submitted_at, version, data)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            report.id,
            report.reporter_id,
            report.status.value,
            report.draft.public,
            micros(report.submitted_at),
            report.version,
            dumps(report),
        ):
            raise _taken("report", "report_id")
        self._index_and_append(report, entry)

    def get(self, report_id: uuid.UUID) -> Report | None:
        """The report, or None."""
        data = self._one("SELECT data FROM reports WHERE id = %s", report_id)
        return None if data is None else loads(data, Report)

    def update(self, report: Report, entry: HistoryEntry) -> None:
        """Store the next version if the stored one is the one before (optimistic lock)."""
        changed = self._db.execute(
            "UPDATE reports SET status = %s, version = version + 1, data = %s"
            " WHERE id = %s AND version = %s",
            (report.status.value, dumps(report), report.id, report.version - 1),
        ).rowcount
        if changed != 1:
            raise _conflict("report")
        self._index_and_append(report, entry)

    def history(self, report_id: uuid.UUID) -> list[HistoryEntry]:
        """Every entry, oldest first."""
        rows = self._db.execute(
            "SELECT data FROM report_history WHERE report_id = %s ORDER BY seq", (report_id,)
        ).fetchall()
        return [loads(r[0], HistoryEntry) for r in rows]

    def page(self, query: ReportQuery, after: Cursor | None, limit: int) -> list[Report]:
        """Matching reports, newest first, by keyset."""
        sql, args = _report_page_sql(query, after, limit)
        return [loads(r[0], Report) for r in self._db.execute(sql, args).fetchall()]

    def _index_and_append(self, report: Report, entry: HistoryEntry) -> None:
        # Three independent writes sent in one round trip.
        with self._db.pipeline():
            self._db.execute("DELETE FROM report_units WHERE report_id = %s", (report.id,))
            self._db.execute(
                "INSERT INTO report_units (unit_id, report_id, status, submitted_at)"
                " SELECT unit_id, %s, %s, %s FROM unnest(%s::uuid[]) AS unit_id",
                (report.id, report.status.value, micros(report.submitted_at), list(report.units)),
            )
            self._db.execute(
                "INSERT INTO report_history (report_id, seq, data) VALUES (%s, %s, %s)",
                (report.id, report.version, dumps(entry)),
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
        ("u.unit_id = %s", query.unit_id),
        ("r.reporter_id = %s", query.reporter_id),
        (f"{t}.status = %s", query.status and query.status.value),
        ("r.public = %s", True if query.public_only else None),
    ]
    where = [sql for sql, value in filters if value is not None]
    args = [value for _, value in filters if value is not None]
    if after is not None:
        where.append(f"({t}.submitted_at, {rid}) < (%s, %s)")
        args += [micros(after.at), after.id]
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    order = f"{t}.submitted_at DESC, {rid} DESC"
    sql = f"SELECT r.data FROM {source} {clause} ORDER BY {order} LIMIT %s"  # noqa: S608 - no input
    return sql, [*args, limit]


class PostgresAlerts(_Repository):
    """Alerts, and the milestones still due for each."""

    def __init__(
        self,
        conn: psycopg.Connection[TupleRow],
        cache: VersionCache[tuple[uuid.UUID, int], Alert],
    ) -> None:
        super().__init__(conn)
        self._cache = cache
        self.learnt: dict[tuple[uuid.UUID, int], Alert] = {}

    def add(self, alert: Alert) -> None:
        """Store a new alert."""
        c = alert.content
        if not self._changed_one(
            "INSERT INTO alerts (id, unit_id, status, created_at, start_at, end_at, approved_at,"
            " version, data) VALUES (%s, %s, %s, %s, %s, %s, NULL, %s, %s) ON CONFLICT DO NOTHING",
            alert.id,
            alert.unit_id,
            alert.status.value,
            micros(alert.created_at),
            micros(c.start),
            micros(c.end),
            alert.version,
            dumps(alert),
        ):
            raise _taken("alert", "alert_id")

    def get(self, alert_id: uuid.UUID) -> Alert | None:
        """The alert, or None."""
        data = self._one("SELECT data FROM alerts WHERE id = %s", alert_id)
        return None if data is None else loads(data, Alert)

    def update(self, alert: Alert) -> None:
        """Store the next version if the stored one is the one before (optimistic lock)."""
        c = alert.content
        approved = None if alert.approved_at is None else micros(alert.approved_at)
        changed = self._db.execute(
            "UPDATE alerts SET status = %s, start_at = %s, end_at = %s, approved_at = %s,"
            " version = version + 1, data = %s WHERE id = %s AND version = %s",
            (
                alert.status.value,
                micros(c.start),
                micros(c.end),
                approved,
                dumps(alert),
                alert.id,
                alert.version - 1,
            ),
        ).rowcount
        if changed != 1:
            raise _conflict("alert")
        if alert.status is AlertStatus.APPROVED:  # only approval leads here: approved is final
            self._db.execute(
                "INSERT INTO alert_milestones_due (alert_id, kind, due_at)"
                " VALUES (%s, 'activated', %s), (%s, 'expired', %s) ON CONFLICT DO NOTHING",
                (alert.id, micros(c.start), alert.id, micros(c.end)),
            )

    def active_at(self, t: pendulum.DateTime) -> list[Alert]:
        """Ever-approved alerts whose window contains ``t``."""
        at = micros(t)
        rows = self._db.execute(
            "SELECT id, version, data FROM alerts"
            " WHERE approved_at IS NOT NULL AND end_at > %s AND start_at <= %s",
            (at, at),
        ).fetchall()
        # Alerts in force are read far more often than they change: reuse the decoded
        # version (see feedback_core.adapter_kit.cache).
        cached = self._cache.get_many([(r[0], r[1]) for r in rows])
        return [a if a is not None else self._decode(r) for a, r in zip(cached, rows, strict=True)]

    def _decode(self, row: TupleRow) -> Alert:
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
            where.append("unit_id = %s")
            args.append(unit_id)
        if status is not None:
            where.append("status = %s")
            args.append(status.value)
        if after is not None:
            where.append("(created_at, id) < (%s, %s)")
            args += [micros(after.at), after.id]
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        sql = f"SELECT data FROM alerts {clause} ORDER BY created_at DESC, id DESC LIMIT %s"  # noqa: S608
        return [loads(r[0], Alert) for r in self._db.execute(sql, [*args, limit]).fetchall()]

    def milestone_candidates(self, kind: str, now: pendulum.DateTime, limit: int) -> list[Alert]:
        """Alerts whose milestone of ``kind`` is due by ``now`` and not yet claimed.

        Milestones another tick is claiming right now are skipped rather than waited for.
        """
        rows = self._db.execute(
            "SELECT a.data FROM alert_milestones_due d JOIN alerts a ON a.id = d.alert_id"
            " WHERE d.kind = %s AND d.due_at <= %s ORDER BY d.due_at, d.alert_id LIMIT %s"
            " FOR UPDATE OF d SKIP LOCKED",
            (kind, micros(now), limit),
        ).fetchall()
        return [loads(r[0], Alert) for r in rows]

    def claim_milestone(self, alert_id: uuid.UUID, kind: str) -> bool:
        """Remove the due milestone; True only for the one transaction that removed it."""
        return self._changed_one(
            "DELETE FROM alert_milestones_due WHERE alert_id = %s AND kind = %s", alert_id, kind
        )


class PostgresTransaction:
    """The repositories of one PostgreSQL transaction."""

    def __init__(
        self,
        conn: psycopg.Connection[TupleRow],
        alert_cache: VersionCache[tuple[uuid.UUID, int], Alert],
    ) -> None:
        self.accounts = PostgresAccounts(conn)
        self.units = PostgresUnits(conn)
        self.codes = PostgresCodes(conn)
        self.reports = PostgresReports(conn)
        self.alerts = PostgresAlerts(conn, alert_cache)
        self.outbox = PostgresOutbox(conn)
