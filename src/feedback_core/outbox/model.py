"""Delivery of committed events: one delivery, a destination's backlog, the retry policy."""

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
class Backlog:
    """The deliveries to one destination not done yet, in one row.

    ``next_due`` is the earliest time one of them is due (again): a failed one's retry
    time, a claimed one's lease end, an untried one's event time. Every attempt on a
    delivery not done failed, so ``failed_attempts`` counts them all. ``last_error`` is the
    error recorded on the failed one due latest: stores keep no time of failure, and each
    failure moves its delivery later by a growing backoff, so a recent error is there.
    None when none of them failed.
    """

    destination: str
    waiting: int
    next_due: pendulum.DateTime
    failed_attempts: int = 0
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
