"""Alerts and the milestones still due for each, as both SQL dialects store them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from feedback_core.adapter_kit.codec import dumps, loads, micros
from feedback_core.adapter_kit.sql.dialect import Db
from feedback_core.adapter_kit.sql.repository import SqlRepository, stale
from feedback_core.alerts.model import Alert, AlertStatus

if TYPE_CHECKING:
    import uuid
    from collections.abc import Sequence

    import pendulum

    from feedback_core.adapter_kit.cache import VersionCache
    from feedback_core.adapter_kit.sql.dialect import Dialect
    from feedback_core.paging import Cursor

#: A decoded alert's key in the store's cache: (id as the driver reads it, version).
AlertKey = tuple[object, int]


class SqlAlerts(SqlRepository[Db]):
    """Alerts, and the milestones still due for each."""

    def __init__(self, db: Db, dialect: Dialect, cache: VersionCache[AlertKey, Alert]) -> None:
        super().__init__(db, dialect)
        self._cache = cache
        #: What this transaction decoded, for the store to publish once it commits.
        self.learnt: dict[AlertKey, Alert] = {}

    def add(self, alert: Alert) -> None:
        """Store a new alert."""
        c = alert.content
        self._add_new(
            "alert",
            "alert_id",
            "INSERT INTO alerts (id, unit_id, status, created_at, start_at, end_at, approved_at,"
            " version, data) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)",
            self._key(alert.id),
            self._key(alert.unit_id),
            alert.status.value,
            micros(alert.created_at),
            micros(c.start),
            micros(c.end),
            alert.version,
            dumps(alert),
        )

    def get(self, alert_id: uuid.UUID) -> Alert | None:
        """The alert, or None."""
        data = self._one("SELECT data FROM alerts WHERE id = ?", self._key(alert_id))
        return None if data is None else loads(data, Alert)

    def update(self, alert: Alert) -> None:
        """Store the next version if the stored one is the one before (optimistic lock)."""
        c = alert.content
        approved = None if alert.approved_at is None else micros(alert.approved_at)
        if not self._changed_one(
            "UPDATE alerts SET status = ?, start_at = ?, end_at = ?, approved_at = ?,"
            " version = version + 1, data = ? WHERE id = ? AND version = ?",
            alert.status.value,
            micros(c.start),
            micros(c.end),
            approved,
            dumps(alert),
            self._key(alert.id),
            alert.version - 1,
        ):
            raise stale("alert")
        if alert.status is AlertStatus.APPROVED:  # only approval leads here: approved is final
            key = self._key(alert.id)
            self._run(
                "INSERT INTO alert_milestones_due (alert_id, kind, due_at)"
                " VALUES (?, 'activated', ?), (?, 'expired', ?) ON CONFLICT DO NOTHING",
                key,
                micros(c.start),
                key,
                micros(c.end),
            )

    def active_at(self, t: pendulum.DateTime) -> list[Alert]:
        """Ever-approved alerts whose window contains ``t``."""
        at = micros(t)
        rows = self._all(
            "SELECT id, version, data FROM alerts"
            " WHERE approved_at IS NOT NULL AND end_at > ? AND start_at <= ?",
            at,
            at,
        )
        # Alerts in force are read far more often than they change: reuse the decoded
        # version (decoding costs ~60 us, mostly ids and times; fetching a row ~2 us).
        cached = self._cache.get_many([(r[0], r[1]) for r in rows])
        return [a if a is not None else self._decode(r) for a, r in zip(cached, rows, strict=True)]

    def _decode(self, row: Sequence[Any]) -> Alert:
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
            args.append(self._key(unit_id))
        if status is not None:
            where.append("status = ?")
            args.append(status.value)
        if after is not None:
            where.append("(created_at, id) < (?, ?)")
            args += [micros(after.at), self._key(after.id)]
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        sql = f"SELECT data FROM alerts {clause} ORDER BY created_at DESC, id DESC LIMIT ?"  # noqa: S608
        return [loads(r[0], Alert) for r in self._all(sql, *args, limit)]

    def milestone_candidates(self, kind: str, now: pendulum.DateTime, limit: int) -> list[Alert]:
        """Alerts whose milestone of ``kind`` is due by ``now`` and not yet claimed."""
        rows = self._all(
            "SELECT a.data FROM alert_milestones_due d JOIN alerts a ON a.id = d.alert_id"  # noqa: S608
            " WHERE d.kind = ? AND d.due_at <= ? ORDER BY d.due_at, d.alert_id LIMIT ?"
            f"{self._dialect.skip_claimed}",
            kind,
            micros(now),
            limit,
        )
        return [loads(r[0], Alert) for r in rows]

    def claim_milestone(self, alert_id: uuid.UUID, kind: str) -> bool:
        """Remove the due milestone; True only for the one transaction that removed it."""
        return self._changed_one(
            "DELETE FROM alert_milestones_due WHERE alert_id = ? AND kind = ?",
            self._key(alert_id),
            kind,
        )
