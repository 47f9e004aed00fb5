"""The SQLite outbox: events and their per-destination deliveries."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from feedback_core.adapter_kit.codec import instant, micros
from feedback_core.outbox.model import Delivery
from feedback_core.outbox.wire import event_from_dict, event_to_dict

if TYPE_CHECKING:
    import sqlite3
    import uuid
    from collections.abc import Sequence

    import pendulum

    from feedback_core.events import Event


def _event(text: str) -> Event:
    return event_from_dict(json.loads(text))


def _instant(value: int | None) -> pendulum.DateTime | None:
    return None if value is None else instant(value)


class SqliteOutbox:
    """Events written in the use case's transaction; deliveries claimed under a lease."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._db = conn

    def add(self, events: Sequence[Event], destinations: Sequence[str] = ()) -> None:
        """Append events with a delivery per destination; an id present is kept once."""
        for event in events:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO outbox (id, data) VALUES (?, ?)",
                (str(event.id), json.dumps(event_to_dict(event), ensure_ascii=False)),
            )
            if cursor.rowcount == 1 and destinations:
                due = micros(event.at)
                self._db.executemany(
                    "INSERT INTO outbox_deliveries (seq, destination, due_at) VALUES (?, ?, ?)",
                    [(cursor.lastrowid, d, due) for d in destinations],
                )

    def pending(self, limit: int) -> list[Event]:
        """Events with a delivery not yet done, oldest first."""
        rows = self._db.execute(
            "SELECT data FROM outbox WHERE seq IN (SELECT seq FROM outbox_deliveries"
            " WHERE delivered_at IS NULL) ORDER BY seq LIMIT ?",
            (limit,),
        ).fetchall()
        return [_event(r[0]) for r in rows]

    def log(self, after: int, limit: int) -> list[tuple[int, Event]]:
        """Every event in order, with its sequence number."""
        # Past any SQLite integer reads nothing (sqlite3 refuses an int above 2**63 - 1).
        rows = self._db.execute(
            "SELECT seq, data FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
            (min(after, 2**63 - 1), limit),
        ).fetchall()
        return [(r[0], _event(r[1])) for r in rows]

    def claim(
        self, destination: str, now: pendulum.DateTime, lease_until: pendulum.DateTime, limit: int
    ) -> list[Delivery]:
        """Due deliveries to ``destination``, hidden from other claimers until the lease ends."""
        rows = self._db.execute(
            "SELECT d.seq, o.data, d.attempts, d.last_error FROM outbox_deliveries d"
            " JOIN outbox o ON o.seq = d.seq WHERE d.destination = ? AND d.delivered_at IS NULL"
            " AND d.due_at <= ? ORDER BY d.due_at, d.seq LIMIT ?",
            (destination, micros(now), limit),
        ).fetchall()
        self._db.executemany(
            "UPDATE outbox_deliveries SET due_at = ? WHERE destination = ? AND seq = ?",
            [(micros(lease_until), destination, r[0]) for r in rows],
        )
        return [Delivery(_event(r[1]), destination, r[2], None, r[3]) for r in rows]

    def mark_delivered(self, event_id: uuid.UUID, destination: str, at: pendulum.DateTime) -> bool:
        """Record success once."""
        return (
            self._db.execute(
                "UPDATE outbox_deliveries SET delivered_at = ?, attempts = attempts + 1"
                " WHERE destination = ? AND delivered_at IS NULL"
                " AND seq = (SELECT seq FROM outbox WHERE id = ?)",
                (micros(at), destination, str(event_id)),
            ).rowcount
            == 1
        )

    def mark_failed(
        self, event_id: uuid.UUID, destination: str, error: str, retry_at: pendulum.DateTime
    ) -> None:
        """Count a failed attempt; due again at ``retry_at``."""
        self._db.execute(
            "UPDATE outbox_deliveries SET attempts = attempts + 1, last_error = ?, due_at = ?"
            " WHERE destination = ? AND delivered_at IS NULL"
            " AND seq = (SELECT seq FROM outbox WHERE id = ?)",
            (error[:1000], micros(retry_at), destination, str(event_id)),
        )

    def deliveries(self, event_id: uuid.UUID) -> list[Delivery]:
        """The deliveries of one event, by destination."""
        rows = self._db.execute(
            "SELECT o.data, d.destination, d.attempts, d.delivered_at, d.last_error"
            " FROM outbox o JOIN outbox_deliveries d ON d.seq = o.seq WHERE o.id = ?"
            " ORDER BY d.destination",
            (str(event_id),),
        ).fetchall()
        return [Delivery(_event(r[0]), r[1], r[2], _instant(r[3]), r[4]) for r in rows]
