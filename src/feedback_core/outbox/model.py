"""Delivery of committed events: the record of one delivery and the retry policy."""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum

from feedback_core.events import Event


@attrs.frozen
class Delivery:
    """One event's delivery to one destination (a transport, named by its URL)."""

    event: Event
    destination: str
    attempts: int = 0
    delivered_at: pendulum.DateTime | None = None
    last_error: str | None = None


@attrs.frozen
class DispatchPolicy:
    """How a dispatcher claims work and backs off after failures."""

    batch: int = 100
    # Longer than any delivery takes, so a live dispatcher never loses its claim; a
    # crashed one's claim runs out and another dispatcher retries (at least once).
    lease: dt.timedelta = dt.timedelta(minutes=2)
    first_retry: dt.timedelta = dt.timedelta(seconds=5)
    max_retry: dt.timedelta = dt.timedelta(hours=1)

    def retry_after(self, attempts: int) -> dt.timedelta:
        """Exponential backoff: 5 s, 10 s, 20 s ... capped at an hour."""
        return min(self.first_retry * (1 << max(0, min(attempts - 1, 30))), self.max_retry)
