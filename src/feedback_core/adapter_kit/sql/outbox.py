"""The outbox as both SQL dialects store it: events, and a delivery per destination.

What the dialects share is here: reading the undelivered events, marking deliveries,
listing them and counting what waits per destination. Writing events, reading the log in
order and claiming deliveries under a lease are each dialect's own (SQLite's single
writer, PostgreSQL's concurrent ones).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

from feedback_core.adapter_kit.codec import instant, micros
from feedback_core.adapter_kit.sql.dialect import DbT
from feedback_core.adapter_kit.sql.repository import SqlRepository
from feedback_core.outbox.model import Backlog, Delivery
from feedback_core.outbox.wire import event_from_json, event_json

if TYPE_CHECKING:
    import uuid
    from collections.abc import Sequence

    import pendulum

    from feedback_core.events import Event

#: The longest error text kept per delivery.
ERROR_CHARS = 1000

# Per destination, its deliveries not done: through the partial index outbox_due, which
# also finds the failed one due latest (the last error) by reading back from the end.
_BACKLOG = (
    "SELECT d.destination, count(*), min(d.due_at), sum(d.attempts),"
    " (SELECT e.last_error FROM outbox_deliveries e WHERE e.destination = d.destination"
    " AND e.delivered_at IS NULL AND e.last_error IS NOT NULL"
    " ORDER BY e.due_at DESC, e.seq DESC LIMIT 1)"
    " FROM outbox_deliveries d WHERE d.delivered_at IS NULL"
    " GROUP BY d.destination ORDER BY d.destination"
)


def event_text(event: Event) -> str:
    """The event as its stored JSON text (the wire format, see feedback_core.outbox.wire)."""
    return event_json(event)


def text_event(text: str) -> Event:
    """The event stored as ``text``."""
    return event_from_json(text)


class SqlOutbox(SqlRepository[DbT], ABC):
    """Events written in the use case's transaction; deliveries claimed under a lease."""

    @abstractmethod
    def add(self, events: Sequence[Event], destinations: Sequence[str] = ()) -> None:
        """Append events with a delivery per destination; an id present is kept once."""

    @abstractmethod
    def log(self, after: int, limit: int) -> list[tuple[int, Event]]:
        """Every event written, in order, with its position; read on from ``after``."""

    @abstractmethod
    def claim(
        self, destination: str, now: pendulum.DateTime, lease_until: pendulum.DateTime, limit: int
    ) -> list[Delivery]:
        """Due deliveries to ``destination``, hidden from other claimers until the lease ends."""

    def pending(self, limit: int) -> list[Event]:
        """Events with a delivery not yet done, oldest first."""
        rows = self._all(
            "SELECT data FROM outbox WHERE seq IN (SELECT seq FROM outbox_deliveries"
            " WHERE delivered_at IS NULL) ORDER BY seq LIMIT ?",
            limit,
        )
        return [text_event(r[0]) for r in rows]

    def mark_delivered(self, event_id: uuid.UUID, destination: str, at: pendulum.DateTime) -> bool:
        """Record success once."""
        return self._changed_one(
            "UPDATE outbox_deliveries SET delivered_at = ?, attempts = attempts + 1"
            " WHERE destination = ? AND delivered_at IS NULL"
            " AND seq = (SELECT seq FROM outbox WHERE id = ?)",
            micros(at),
            destination,
            self._key(event_id),
        )

    def mark_failed(
        self, event_id: uuid.UUID, destination: str, error: str, retry_at: pendulum.DateTime
    ) -> None:
        """Count a failed attempt; due again at ``retry_at``."""
        self._run(
            "UPDATE outbox_deliveries SET attempts = attempts + 1, last_error = ?, due_at = ?"
            " WHERE destination = ? AND delivered_at IS NULL"
            " AND seq = (SELECT seq FROM outbox WHERE id = ?)",
            self._error_text(error[:ERROR_CHARS]),
            micros(retry_at),
            destination,
            self._key(event_id),
        )

    def deliveries(self, event_id: uuid.UUID) -> list[Delivery]:
        """The deliveries of one event, by destination."""
        rows = self._all(
            "SELECT o.data, d.destination, d.attempts, d.delivered_at, d.last_error"
            " FROM outbox o JOIN outbox_deliveries d ON d.seq = o.seq WHERE o.id = ?"
            " ORDER BY d.destination",
            self._key(event_id),
        )
        return [
            Delivery(text_event(data), to, attempts, None if at is None else instant(at), error)
            for data, to, attempts, at, error in rows
        ]

    def backlog(self) -> list[Backlog]:
        """One row per destination with deliveries not done, by destination."""
        return [
            Backlog(to, waiting, instant(due), int(attempts), error)
            for to, waiting, due, attempts, error in self._all(_BACKLOG)
        ]

    def _error_text(self, error: str) -> str:
        """``error`` as a text column can hold it."""
        return error
