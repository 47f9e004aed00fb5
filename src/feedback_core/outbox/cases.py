"""The outbox's use cases: dispatch it, and read what is pending or logged.

Dispatching claims due deliveries, hands them over and marks the outcome.
Claims and marks are short transactions; the hand-over happens between them, outside
any lock, so a slow broker never blocks use cases. A dispatcher that dies mid-way leaves
its claims to expire, and another dispatcher retries them: at least once, never lost.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Final

import attrs

from feedback_core import fields
from feedback_core.clock import later
from feedback_core.errors import DeliveryFailed
from feedback_core.paging import MAX_PAGE

if TYPE_CHECKING:
    from feedback_core.events import Event
    from feedback_core.outbox.model import Delivery, DispatchPolicy
    from feedback_core.ports import Transport
    from feedback_core.work import Context

log = logging.getLogger(__name__)

# Log positions pack a transaction and a sequence number; see the Outbox port.
MAX_POSITION: Final = 2**127 - 1


@attrs.frozen
class DispatchResult:
    """What one dispatch run did."""

    delivered: int = 0
    failed: int = 0


def dispatch(ctx: Context) -> DispatchResult:
    """Deliver every due delivery to every transport, batch by batch."""
    policy = ctx.settings.dispatch
    delivered = failed = 0
    for name, transport in ctx.transports.items():
        while batch := _claim(ctx, name, policy):
            outcomes = [(d, _hand_over(transport, d)) for d in batch]
            _record(ctx, name, outcomes, policy)
            failed += sum(1 for _, error in outcomes if error)
            delivered += sum(1 for _, error in outcomes if not error)
            if len(batch) < policy.batch:
                break
    return DispatchResult(delivered, failed)


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
