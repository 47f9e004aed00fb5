"""The transactional outbox: events kept once, one delivery per destination, leases, retries."""

# Assertions are how a contract states its rules, and they read `expected == actual`;
# each test is named for the rule it checks, so it needs no docstring to repeat it.
# ruff: noqa: S101, SIM300, D102

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

from feedback_core.outbox.model import Backlog, Delivery
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.contracts.base import StorageCase

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pendulum

    from feedback_core.events import Event
    from feedback_core.ports import Storage

EVERYTHING: Final = 1000
MQTT: Final = "mqtt://127.0.0.1:1883/feedback"
HOOK: Final = "webhook:https://tayninh.example.vn/1022"
NOW: Final = rec.minutes(30)
LEASE: Final = rec.minutes(32)
ERROR: Final = rec.vi("Máy chủ không phản hồi (timeout 10 s)")


def add(storage: Storage, events: Sequence[Event], destinations: Sequence[str] = (MQTT,)) -> None:
    """Write events in one unit of work."""
    with storage.transaction() as tx:
        tx.outbox.add(events, destinations)


def claim(
    storage: Storage,
    at: pendulum.DateTime = NOW,
    until: pendulum.DateTime = LEASE,
    limit: int = EVERYTHING,
) -> list[Delivery]:
    """Claim deliveries to MQTT in one unit of work."""
    with storage.transaction() as tx:
        return tx.outbox.claim(MQTT, at, until, limit)


def fresh(event: Event, destination: str = MQTT) -> Delivery:
    """A delivery not yet tried."""
    return Delivery(event, destination)


def pending(storage: Storage, limit: int = EVERYTHING) -> list[Event]:
    """Events not yet delivered everywhere."""
    with storage.transaction() as tx:
        return tx.outbox.pending(limit)


def deliveries(storage: Storage, event: Event) -> list[Delivery]:
    """One event's deliveries."""
    with storage.transaction() as tx:
        return tx.outbox.deliveries(event.id)


def delivered(storage: Storage, event: Event, destination: str = MQTT) -> bool:
    """Mark one delivery done at NOW; whether this call was the first."""
    with storage.transaction() as tx:
        return tx.outbox.mark_delivered(event.id, destination, NOW)


def log(storage: Storage, after: int = 0, limit: int = EVERYTHING) -> list[tuple[int, Event]]:
    """The outbox log after a position."""
    with storage.transaction() as tx:
        return tx.outbox.log(after, limit)


def logged(storage: Storage, after: int = 0) -> list[Event]:
    """The events of the log after a position, without their positions."""
    return [e for _, e in log(storage, after)]


def failed(storage: Storage, event: Event, error: str, retry_at: pendulum.DateTime) -> None:
    """Mark one attempt to MQTT failed."""
    with storage.transaction() as tx:
        tx.outbox.mark_failed(event.id, MQTT, error, retry_at)


def backlog(storage: Storage) -> list[Backlog]:
    """What waits, per destination."""
    with storage.transaction() as tx:
        return tx.outbox.backlog()


class OutboxRules(StorageCase):
    """`Outbox`: add, pending, claim, mark_delivered, mark_failed, deliveries, backlog."""

    def test_add_gives_one_fresh_delivery_per_destination_listed_by_destination(
        self, storage: Storage
    ) -> None:
        event = rec.event()
        add(storage, [event], (HOOK, MQTT))
        assert [fresh(event, MQTT), fresh(event, HOOK)] == deliveries(storage, event)

    def test_an_event_id_added_again_is_kept_once(self, storage: Storage) -> None:
        event, other = rec.event(), rec.event(rec.minutes(1))
        add(storage, [event, event])
        delivered(storage, event)
        add(storage, [event, other])
        assert ([other], [Delivery(event, MQTT, 1, NOW)]) == (
            pending(storage),
            deliveries(storage, event),
        )

    def test_an_unknown_event_has_no_deliveries(self, storage: Storage) -> None:
        add(storage, [rec.event()])
        with storage.transaction() as tx:
            assert [] == tx.outbox.deliveries(uuid.uuid4())

    def test_an_event_with_nowhere_to_go_is_logged_but_never_pending(
        self, storage: Storage
    ) -> None:
        event = rec.event()
        add(storage, [event], ())
        assert ([], [], [event]) == (pending(storage), deliveries(storage, event), logged(storage))

    def test_pending_lists_events_with_a_delivery_not_done_oldest_first(
        self, storage: Storage
    ) -> None:
        done, half, untried = (rec.event(rec.minutes(m)) for m in range(3))
        add(storage, [done, half, untried], (MQTT, HOOK))
        with storage.transaction() as tx:
            tx.outbox.mark_delivered(done.id, MQTT, NOW)
            tx.outbox.mark_delivered(done.id, HOOK, NOW)
            tx.outbox.mark_delivered(half.id, HOOK, NOW)
        assert [half, untried] == pending(storage)

    def test_pending_returns_at_most_limit_events(self, storage: Storage) -> None:
        events = [rec.event(rec.minutes(m)) for m in range(3)]
        add(storage, events)
        assert [[], events[:2], events] == [pending(storage, n) for n in (0, 2, 5)]

    def test_claim_returns_due_deliveries_to_that_destination_oldest_first(
        self, storage: Storage
    ) -> None:
        late, early, middle, future = (rec.event(rec.minutes(m)) for m in (20, 0, 10, 40))
        add(storage, [late, early, middle, future], (MQTT, HOOK))
        add(storage, [rec.event()], (HOOK,))
        assert [fresh(early), fresh(middle), fresh(late)] == claim(storage)

    def test_claim_returns_at_most_limit_deliveries(self, storage: Storage) -> None:
        events = [rec.event(rec.minutes(m)) for m in range(3)]
        add(storage, events)
        assert [[], [fresh(events[0])], [fresh(events[1]), fresh(events[2])]] == [
            claim(storage, limit=n) for n in (0, 1, 5)
        ]

    def test_a_claimed_delivery_is_hidden_until_its_lease_ends(self, storage: Storage) -> None:
        event = rec.event()
        add(storage, [event])
        first = claim(storage, NOW, LEASE)
        again = [claim(storage, t, LEASE.add(minutes=2)) for t in (NOW, LEASE - rec.US)]
        assert ([fresh(event)], [[], []], [fresh(event)]) == (first, again, claim(storage, LEASE))

    def test_a_delivery_is_marked_delivered_exactly_once(self, storage: Storage) -> None:
        event = rec.event()
        add(storage, [event], (MQTT, HOOK))
        claim(storage)
        assert [True, False] == [delivered(storage, event), delivered(storage, event)]
        assert [Delivery(event, MQTT, 1, NOW)] == [
            d for d in deliveries(storage, event) if d.destination == MQTT
        ]
        assert [] == claim(storage, rec.T0.add(years=1))

    def test_marking_an_unknown_delivery_delivered_is_false(self, storage: Storage) -> None:
        event = rec.event()
        add(storage, [event])
        assert [False, False] == [delivered(storage, rec.event()), delivered(storage, event, HOOK)]
        assert [fresh(event)] == deliveries(storage, event)

    def test_a_failure_counts_the_attempt_keeps_the_error_and_retries_at_retry_at(
        self, storage: Storage
    ) -> None:
        event = rec.event()
        add(storage, [event])
        claim(storage)
        failed(storage, event, ERROR, retry := NOW.add(seconds=5))
        retried = Delivery(event, MQTT, 1, None, ERROR)
        assert [retried] == deliveries(storage, event)
        assert ([], [retried]) == (claim(storage, retry - rec.US), claim(storage, retry))
        failed(storage, event, "refused", retry.add(seconds=10))
        assert [Delivery(event, MQTT, 2, None, "refused")] == deliveries(storage, event)

    def test_a_failure_reported_after_delivery_changes_nothing(self, storage: Storage) -> None:
        event = rec.event()
        add(storage, [event])
        delivered(storage, event)
        failed(storage, event, ERROR, NOW)
        assert ([Delivery(event, MQTT, 1, NOW)], []) == (
            deliveries(storage, event),
            pending(storage),
        )

    def test_a_failure_to_one_destination_leaves_the_others_as_they_were(
        self, storage: Storage
    ) -> None:
        event = rec.event()
        add(storage, [event], (MQTT, HOOK))
        failed(storage, event, ERROR, rec.T0.add(years=1))
        with storage.transaction() as tx:
            to_hook = tx.outbox.claim(HOOK, NOW, LEASE, EVERYTHING)
        assert [fresh(event, HOOK)] == to_hook
        assert [Delivery(event, MQTT, 1, None, ERROR), fresh(event, HOOK)] == deliveries(
            storage, event
        )

    def test_the_log_has_every_event_once_in_the_order_written(self, storage: Storage) -> None:
        events = [rec.event(rec.minutes(m)) for m in (2, 0, 1, 3)]
        add(storage, events[:2], ())
        add(storage, [events[2], events[0]], (MQTT,))
        delivered(storage, events[2])
        add(storage, events[3:], (MQTT, HOOK))
        positions = [n for n, _ in log(storage)]
        assert (events, sorted(set(positions))) == (logged(storage), positions)

    def test_the_log_reads_on_strictly_after_a_position(self, storage: Storage) -> None:
        events = [rec.event(rec.minutes(m)) for m in range(4)]
        add(storage, events[:3])
        read = log(storage)
        assert [events[n + 1 : 3] for n in range(3)] == [logged(storage, p) for p, _ in read]
        add(storage, events[3:])
        assert [events[3]] == logged(storage, read[-1][0])

    def test_the_log_returns_at_most_limit_events(self, storage: Storage) -> None:
        events = [rec.event(rec.minutes(m)) for m in range(3)]
        add(storage, events)
        assert [0, 2, 3] == [len(log(storage, 0, n)) for n in (0, 2, 5)]

    def test_the_backlog_is_empty_while_nothing_waits(self, storage: Storage) -> None:
        event, nowhere = rec.event(), rec.event(rec.minutes(1))
        empty = backlog(storage)
        add(storage, [event])
        add(storage, [nowhere], ())
        delivered(storage, event)
        assert ([], []) == (empty, backlog(storage))

    def test_the_backlog_counts_what_waits_per_destination_with_the_earliest_due_time(
        self, storage: Storage
    ) -> None:
        events = [rec.event(rec.minutes(m)) for m in (2, 0, 1)]
        add(storage, events, (HOOK, MQTT))
        delivered(storage, events[1], HOOK)
        claim(storage)  # every one to MQTT, leased until LEASE
        assert [Backlog(MQTT, 3, LEASE), Backlog(HOOK, 2, rec.minutes(1))] == backlog(storage)

    def test_the_backlog_counts_failed_attempts_and_keeps_the_error_of_the_failed_one_due_latest(
        self, storage: Storage
    ) -> None:
        first, second, third, untried, done = (rec.event(rec.minutes(m)) for m in range(5))
        add(storage, [first, second, third, untried, done])
        failed(storage, first, "refused", LEASE)
        failed(storage, first, ERROR, rec.minutes(50))
        failed(storage, second, "timeout", rec.minutes(40))
        failed(storage, third, "reset", rec.minutes(50))  # as late as first's; written later
        failed(storage, done, "refused", NOW)
        delivered(storage, done)
        assert [Backlog(MQTT, 4, rec.minutes(3), 4, "reset")] == backlog(storage)
        failed(storage, third, ERROR, rec.minutes(45))
        assert [Backlog(MQTT, 4, rec.minutes(3), 5, ERROR)] == backlog(storage)
