"""The outbox's use cases: dispatch it, and read what is pending or logged.

Dispatching claims due deliveries, hands them over and marks the outcome, then reports
per transport what it delivered, what failed and why, and what still waits, with what
waits for destinations no transport serves now.
Claims and marks are short transactions; the hand-over happens between them, outside
any lock, so a slow broker never blocks use cases. A dispatcher that dies mid-way leaves
its claims to expire, and another dispatcher retries them: at least once, never lost.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Final

import attrs

from feedback_core import fields
from feedback_core.clock import later
from feedback_core.errors import DeliveryFailed
from feedback_core.outbox.model import Backlog
from feedback_core.paging import MAX_PAGE

if TYPE_CHECKING:
    import datetime as dt

    from feedback_core.events import Event
    from feedback_core.outbox.model import Delivery, DispatchPolicy
    from feedback_core.ports import Transport
    from feedback_core.work import Context

log = logging.getLogger(__name__)

# Log positions pack a transaction and a sequence number; see the Outbox port.
MAX_POSITION: Final = 2**127 - 1


@attrs.frozen
class TransportRun:
    """One transport in one dispatch run: what it took, what it refused, what still waits.

    ``last_error`` is the error of this run's last failed delivery (None if none failed);
    ``backlog`` is what waits for the transport once the run ended (None if nothing).
    """

    destination: str
    delivered: int = 0
    failed: int = 0
    last_error: str | None = None
    backlog: Backlog | None = None


@attrs.frozen
class DispatchResult:
    """What one dispatch run did: totals, then each configured transport in order.

    ``unconfigured`` is what waits for destinations that no transport of this run serves:
    events written while another transport was configured. Only a dispatch with that
    transport configured delivers them.
    """

    delivered: int = 0
    failed: int = 0
    transports: tuple[TransportRun, ...] = ()
    unconfigured: tuple[Backlog, ...] = ()


def dispatch(ctx: Context) -> DispatchResult:
    """Deliver every due delivery to every transport and notifier, batch by batch.

    Then read the backlog.
    """
    destinations = {**ctx.transports, **ctx.notifiers}
    runs = [_dispatch_to(ctx, name, transport) for name, transport in destinations.items()]
    with ctx.transaction() as work:
        waiting = {row.destination: row for row in work.outbox.backlog()}
    return DispatchResult(
        sum(run.delivered for run in runs),
        sum(run.failed for run in runs),
        tuple(attrs.evolve(run, backlog=waiting.pop(run.destination, None)) for run in runs),
        tuple(waiting.values()),
    )


def _dispatch_to(ctx: Context, name: str, transport: Transport) -> TransportRun:
    policy = ctx.settings.dispatch
    delivered = failed = 0
    last_error = None
    while batch := _claim(ctx, name, policy):
        outcomes = _hand_over_in_time(transport, batch, policy.lease / 2)
        _record(ctx, name, outcomes, policy)
        errors = [error for _, error in outcomes if error is not None]
        failed += len(errors)
        delivered += len(outcomes) - len(errors)
        last_error = errors[-1] if errors else last_error
        if len(batch) < policy.batch:
            break
    return TransportRun(name, delivered, failed, last_error)


def pending_events(ctx: Context, limit: object = 100) -> list[Event]:
    """Events not yet delivered to every transport, oldest first."""
    size = fields.integer("limit", limit, low=1, high=MAX_PAGE)
    with ctx.transaction() as work:
        return work.outbox.pending(size)


def events(ctx: Context, after: object = 0, limit: object = 100) -> list[tuple[int, Event]]:
    """The event log, in order, with positions: read on with ``after=`` the last one.

    Positions are opaque increasing ints, not consecutive; PostgreSQL's exceed 2**63.
    """
    start = fields.integer("after", after, low=0, high=MAX_POSITION)
    size = fields.integer("limit", limit, low=1, high=MAX_PAGE)
    with ctx.transaction() as work:
        return work.outbox.log(start, size)


def _claim(ctx: Context, name: str, policy: DispatchPolicy) -> list[Delivery]:
    now = ctx.clock.now()
    with ctx.transaction() as tx:
        return tx.outbox.claim(name, now, later(now, policy.lease), policy.batch)


def _hand_over_in_time(
    transport: Transport, batch: list[Delivery], budget: dt.timedelta
) -> list[tuple[Delivery, str | None]]:
    """Hand the batch over until ``budget`` (half the lease) is spent; the outcomes.

    A claim lasts one lease for the whole batch, and a slow receiver can take its
    timeouts on every delivery: stopping halfway leaves time to record the outcomes
    before another dispatcher may claim the same deliveries. Those not handed over stay
    claimed until the lease ends, then are due again.
    """
    deadline = time.monotonic() + budget.total_seconds()
    outcomes: list[tuple[Delivery, str | None]] = []
    for delivery in batch:
        if outcomes and time.monotonic() >= deadline:
            break
        outcomes.append((delivery, _hand_over(transport, delivery)))
    return outcomes


def _hand_over(transport: Transport, delivery: Delivery) -> str | None:
    try:
        transport.deliver(delivery.event)
    except DeliveryFailed as error:
        return error.render("en")
    except Exception as error:
        # A transport bug must not stop the others; it is recorded and retried like a failure.
        log.exception("transport %s raised on event %s", delivery.destination, delivery.event.id)
        return f"{type(error).__name__}: {error}"
    return None


def _record(
    ctx: Context,
    name: str,
    outcomes: list[tuple[Delivery, str | None]],
    policy: DispatchPolicy,
) -> None:
    now = ctx.clock.now()
    with ctx.transaction() as tx:
        for delivery, error in outcomes:
            if error is None:
                tx.outbox.mark_delivered(delivery.event.id, name, now)
            else:
                retry_at = later(now, policy.retry_after(delivery.attempts + 1))
                tx.outbox.mark_failed(delivery.event.id, name, error, retry_at)
