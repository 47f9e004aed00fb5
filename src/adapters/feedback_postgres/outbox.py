"""The PostgreSQL outbox: events and their per-destination deliveries.

Dispatchers in many processes claim due deliveries at once: ``FOR UPDATE SKIP LOCKED``
makes each pass over the rows another one is claiming instead of waiting for them, and
the claim moves the delivery's due time to the end of the lease in the same statement.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Final

from feedback_core.adapter_kit.codec import instant, micros
from feedback_core.delivery import Delivery
from feedback_core.serialization import event_from_dict, event_to_dict

if TYPE_CHECKING:
    import uuid
    from collections.abc import Sequence

    import pendulum
    import psycopg
    from psycopg.rows import TupleRow

    from feedback_core.events import Event

# Rows fetched per round trip when reading the log through a server-side cursor.
LOG_BATCH: Final = 200

# One event and its deliveries in one statement: no delivery for an id already kept.
_ADD: Final = """
    WITH event AS (
        INSERT INTO outbox (id, data) VALUES (%s, %s) ON CONFLICT (id) DO NOTHING RETURNING seq
    )
    INSERT INTO outbox_deliveries (seq, destination, due_at)
    SELECT event.seq, destination, %s FROM event, unnest(%s::text[]) AS destination
    ON CONFLICT DO NOTHING
"""
# The due deliveries nobody else is claiming, oldest first, moved to the lease's end.
_CLAIM: Final = """
    WITH due AS (
        SELECT seq, due_at FROM outbox_deliveries
        WHERE destination = %(to)s AND delivered_at IS NULL AND due_at <= %(now)s
        ORDER BY due_at, seq LIMIT %(limit)s
        FOR UPDATE SKIP LOCKED
    )
    UPDATE outbox_deliveries d SET due_at = %(until)s
    FROM due JOIN outbox o ON o.seq = due.seq
    WHERE d.destination = %(to)s AND d.seq = due.seq
    RETURNING due.due_at, due.seq, o.data, d.attempts, d.last_error
"""


def _event(text: str) -> Event:
    return event_from_dict(json.loads(text))


def _instant(value: int | None) -> pendulum.DateTime | None:
    return None if value is None else instant(value)


class PostgresOutbox:
    """Events written in the use case's transaction; deliveries claimed under a lease."""

    def __init__(self, conn: psycopg.Connection[TupleRow]) -> None:
        self._db = conn

    def add(self, events: Sequence[Event], destinations: Sequence[str] = ()) -> None:
        """Append events with a delivery per destination; an id present is kept once."""
        if not events:
            return
        with self._db.cursor() as cursor:
            cursor.executemany(
                _ADD,
                [
                    (
                        e.id,
                        json.dumps(event_to_dict(e), ensure_ascii=False),
                        micros(e.at),
                        list(destinations),
                    )
                    for e in events
                ],
            )

    def pending(self, limit: int) -> list[Event]:
        """Events with a delivery not yet done, oldest first."""
        rows = self._db.execute(
            "SELECT data FROM outbox WHERE seq IN (SELECT seq FROM outbox_deliveries"
            " WHERE delivered_at IS NULL) ORDER BY seq LIMIT %s",
            (limit,),
        ).fetchall()
        return [_event(r[0]) for r in rows]

    def log(self, after: int, limit: int) -> list[tuple[int, Event]]:
        """Every event in order, with its sequence number.

        The log grows without end and a reader may ask for much of it: a server-side
        cursor hands it over in batches, decoded as they arrive.
        """
        with self._db.cursor(name="feedback_outbox_log") as cursor:
            cursor.itersize = LOG_BATCH
            cursor.execute(
                "SELECT seq, data FROM outbox WHERE seq > %s ORDER BY seq LIMIT %s", (after, limit)
            )
            return [(seq, _event(data)) for seq, data in cursor]

    def claim(
        self, destination: str, now: pendulum.DateTime, lease_until: pendulum.DateTime, limit: int
    ) -> list[Delivery]:
        """Due deliveries to ``destination``, hidden from other claimers until the lease ends."""
        rows = self._db.execute(
            _CLAIM,
            {"to": destination, "now": micros(now), "limit": limit, "until": micros(lease_until)},
        ).fetchall()
        # RETURNING keeps no order; the claim's is (due time, position).
        rows.sort(key=lambda r: (r[0], r[1]))
        return [Delivery(_event(r[2]), destination, r[3], None, r[4]) for r in rows]

    def mark_delivered(self, event_id: uuid.UUID, destination: str, at: pendulum.DateTime) -> bool:
        """Record success once."""
        return (
            self._db.execute(
                "UPDATE outbox_deliveries SET delivered_at = %s, attempts = attempts + 1"
                " WHERE destination = %s AND delivered_at IS NULL"
                " AND seq = (SELECT seq FROM outbox WHERE id = %s)",
                (micros(at), destination, event_id),
            ).rowcount
            == 1
        )

    def mark_failed(
        self, event_id: uuid.UUID, destination: str, error: str, retry_at: pendulum.DateTime
    ) -> None:
        """Count a failed attempt; due again at ``retry_at``."""
        self._db.execute(
            "UPDATE outbox_deliveries SET attempts = attempts + 1, last_error = %s, due_at = %s"
            " WHERE destination = %s AND delivered_at IS NULL"
            " AND seq = (SELECT seq FROM outbox WHERE id = %s)",
            # PostgreSQL text cannot hold NUL, which a transport's error may quote.
            (error[:1000].replace("\x00", "\ufffd"), micros(retry_at), destination, event_id),
        )

    def deliveries(self, event_id: uuid.UUID) -> list[Delivery]:
        """The deliveries of one event, by destination."""
        rows = self._db.execute(
            "SELECT o.data, d.destination, d.attempts, d.delivered_at, d.last_error"
            " FROM outbox o JOIN outbox_deliveries d ON d.seq = o.seq WHERE o.id = %s"
            " ORDER BY d.destination",
            (event_id,),
        ).fetchall()
        return [Delivery(_event(r[0]), r[1], r[2], _instant(r[3]), r[4]) for r in rows]
