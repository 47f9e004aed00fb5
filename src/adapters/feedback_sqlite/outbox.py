"""The SQLite outbox: the shared one, with SQLite's writes, log and claims.

One writer at a time (BEGIN IMMEDIATE), so positions are ``seq`` itself, in commit order,
and a claim is a read then an update.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from feedback_core.adapter_kit.codec import micros
from feedback_core.adapter_kit.sql import SqlOutbox, event_text, text_event
from feedback_core.outbox.model import Delivery

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pendulum

    from feedback_core.events import Event


class SqliteOutbox(SqlOutbox[sqlite3.Connection]):
    """Events written in the use case's transaction; deliveries claimed under a lease."""

    def add(self, events: Sequence[Event], destinations: Sequence[str] = ()) -> None:
        """Append events with a delivery per destination; an id present is kept once."""
        for event in events:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO outbox (id, data) VALUES (?, ?)",
                (str(event.id), event_text(event)),
            )
            if cursor.rowcount == 1 and destinations:
                due = micros(event.at)
                self._db.executemany(
                    "INSERT INTO outbox_deliveries (seq, destination, due_at) VALUES (?, ?, ?)",
                    [(cursor.lastrowid, d, due) for d in destinations],
                )

    def log(self, after: int, limit: int) -> list[tuple[int, Event]]:
        """Every event in order, with its sequence number."""
        # Past any SQLite integer reads nothing (sqlite3 refuses an int above 2**63 - 1).
        rows = self._db.execute(
            "SELECT seq, data FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
            (min(after, 2**63 - 1), limit),
        ).fetchall()
        return [(r[0], text_event(r[1])) for r in rows]

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
        return [Delivery(text_event(r[1]), destination, r[2], None, r[3]) for r in rows]
