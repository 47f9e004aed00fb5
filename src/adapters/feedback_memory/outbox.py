"""The in-memory outbox: events in the order written, each with its deliveries."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from feedback_core.outbox.model import Backlog, Delivery
from feedback_memory.tables import DeliveryState, Repository

if TYPE_CHECKING:
    import uuid
    from collections.abc import Sequence

    import pendulum

    from feedback_core.events import Event


class MemoryOutbox(Repository):
    """Events in the order written, with their deliveries."""

    def add(self, events: Sequence[Event], destinations: Sequence[str] = ()) -> None:
        """Append events with a delivery per destination, keeping each id once."""
        for event in events:
            if event.id in self._t.outbox:
                continue
            self._log.put(self._t.outbox, event.id, event)
            for destination in destinations:
                self._log.put(self._t.deliveries, (event.id, destination), DeliveryState(event.at))

    def pending(self, limit: int) -> list[Event]:
        """Events with a delivery not yet done, oldest first."""
        undone = {i for (i, _), d in self._t.deliveries.items() if d.delivered_at is None}
        waiting = (e for i, e in self._t.outbox.items() if i in undone)
        return [e for _, e in zip(range(limit), waiting, strict=False)]

    def log(self, after: int, limit: int) -> list[tuple[int, Event]]:
        """Every event in order, numbered from 1."""
        numbered = enumerate(self._t.outbox.values(), start=1)
        return [(n, e) for n, e in numbered if n > after][:limit]

    def claim(
        self, destination: str, now: pendulum.DateTime, lease_until: pendulum.DateTime, limit: int
    ) -> list[Delivery]:
        """Due deliveries to ``destination``, oldest first, leased until ``lease_until``."""
        order = {event_id: n for n, event_id in enumerate(self._t.outbox)}
        due = sorted(
            (
                (state.due_at, order[event_id], event_id, state)
                for (event_id, dest), state in self._t.deliveries.items()
                if dest == destination and state.delivered_at is None and state.due_at <= now
            ),
            key=lambda row: row[:2],
        )[:limit]
        for _, _, event_id, state in due:
            leased = attrs.evolve(state, due_at=lease_until)
            self._log.put(self._t.deliveries, (event_id, destination), leased)
        return [
            Delivery(self._t.outbox[i], destination, s.attempts, None, s.last_error)
            for _, _, i, s in due
        ]

    def mark_delivered(self, event_id: uuid.UUID, destination: str, at: pendulum.DateTime) -> bool:
        """Record success once."""
        state = self._t.deliveries.get((event_id, destination))
        if state is None or state.delivered_at is not None:
            return False
        done = attrs.evolve(state, delivered_at=at, attempts=state.attempts + 1)
        self._log.put(self._t.deliveries, (event_id, destination), done)
        return True

    def mark_failed(
        self, event_id: uuid.UUID, destination: str, error: str, retry_at: pendulum.DateTime
    ) -> None:
        """Count a failed attempt; due again at ``retry_at``."""
        state = self._t.deliveries.get((event_id, destination))
        if state is None or state.delivered_at is not None:
            return
        failed = attrs.evolve(
            state, attempts=state.attempts + 1, last_error=error[:1000], due_at=retry_at
        )
        self._log.put(self._t.deliveries, (event_id, destination), failed)

    def deliveries(self, event_id: uuid.UUID) -> list[Delivery]:
        """The deliveries of one event, by destination."""
        return sorted(
            (
                Delivery(self._t.outbox[i], dest, s.attempts, s.delivered_at, s.last_error)
                for (i, dest), s in self._t.deliveries.items()
                if i == event_id
            ),
            key=lambda d: d.destination,
        )

    def backlog(self) -> list[Backlog]:
        """One row per destination with deliveries not done, by destination."""
        order = {event_id: n for n, event_id in enumerate(self._t.outbox)}
        waiting: dict[str, list[tuple[pendulum.DateTime, int, DeliveryState]]] = {}
        for (event_id, destination), state in self._t.deliveries.items():
            if state.delivered_at is None:
                waiting.setdefault(destination, []).append((state.due_at, order[event_id], state))
        rows = []
        for destination, states in sorted(waiting.items()):
            failed = [row for row in states if row[2].last_error is not None]
            last = max(failed, key=lambda row: row[:2])[2].last_error if failed else None
            rows.append(
                Backlog(
                    destination,
                    len(states),
                    min(due for due, _, _ in states),
                    sum(state.attempts for _, _, state in states),
                    last,
                )
            )
        return rows
