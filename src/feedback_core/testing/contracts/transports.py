"""`TransportContract`: the rules every event transport keeps, for an adapter's tests.

The base class asks for a fixture that builds the transport and methods that read back
what it delivered and break it; `sample_events` gives one event of each shape::

    class TestJsonLinesTransport(TransportContract[JsonLinesTransport]):
        @pytest.fixture
        def transport(self, tmp_path):
            return JsonLinesTransport(tmp_path / "events.jsonl")

        def delivered_events(self, transport):
            return transport.events()

        def break_it(self, transport):
            transport.file.path.mkdir()
"""

# Assertions are how a contract states its rules, and they read `expected == actual`.
# ruff: noqa: S101, SIM300

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, ClassVar, Final, Generic, TypeVar

import pendulum
import pytest

from feedback_core.accounts.events import AccountRegistered, UnitCreated
from feedback_core.alerts.events import AlertActivated, AlertApproved, milestone
from feedback_core.errors import DeliveryFailed
from feedback_core.messages import Language
from feedback_core.outbox.wire import event_from_dict
from feedback_core.ports import Transport
from feedback_core.reports.events import ReporterNotice, ReportEvent
from feedback_core.reports.model import ReportAction, ReportStatus
from feedback_core.testing.contracts._threads import PER_THREAD, THREADS, in_threads, returned

if TYPE_CHECKING:
    from feedback_core.events import Event

__all__ = ["TransportContract", "sample_events"]

T = TypeVar("T", bound=Transport)

_AT: Final = pendulum.datetime(2026, 3, 2, 2, 0, 0, 123456, tz="UTC")


def sample_events() -> list[Event]:
    """One event of each shape: account, unit, report and alert events, a notice, a milestone."""
    ids = [uuid.uuid4() for _ in range(4)]
    return [
        AccountRegistered(at=_AT, account_id=ids[0]),
        UnitCreated(at=_AT, unit_id=ids[1], code="congan_tayninh"),
        ReportEvent(
            at=_AT.add(minutes=1),
            report_id=ids[2],
            actor_id=ids[0],
            action=ReportAction.SUBMIT,
            from_status=None,
            to_status=ReportStatus.SUBMITTED,
        ),
        ReporterNotice(
            at=_AT.add(minutes=2),
            recipient_id=ids[0],
            report_id=ids[2],
            action=ReportAction.ACCEPT,
            to_status=ReportStatus.ACCEPTED,
            language=Language.VI,
        ),
        AlertApproved(at=_AT.add(hours=1), alert_id=ids[3], unit_id=ids[1]),
        milestone(AlertActivated, ids[3], ids[1], _AT.add(hours=2)),
    ]


class TransportContract(Generic[T]):
    """The rules every `Transport` keeps. Override `transport`, `delivered_events`, `break_it`."""

    can_fail: ClassVar[bool] = True
    """The transport can be made to refuse events (`break_it`)."""
    dedupes: ClassVar[bool] = False
    """The transport drops an event id it has delivered (else receivers dedupe by id)."""

    @pytest.fixture
    def transport(self) -> T:
        """A fresh transport with nothing delivered."""
        raise NotImplementedError

    def delivered_events(self, transport: T) -> list[dict[str, Any]]:
        """What receivers got, as `event_to_dict` dicts, oldest first."""
        raise NotImplementedError

    def break_it(self, transport: T) -> None:
        """Make the transport refuse every later event."""
        raise NotImplementedError

    def received(self, transport: T) -> list[Event]:
        """The delivered events, read back with `event_from_dict`."""
        return [event_from_dict(d) for d in self.delivered_events(transport)]

    def test_delivered_events_read_back_equal_in_order(self, transport: T) -> None:
        """Every kind of event comes back equal, times to the microsecond, in order."""
        sent = sample_events()
        for event in sent:
            transport.deliver(event)
        assert sent == self.received(transport)

    def test_the_same_event_delivered_twice_is_seen_twice_unless_deduped(
        self, transport: T
    ) -> None:
        """Delivery is at least once: a retried event may arrive again, with the same id."""
        event = sample_events()[0]
        transport.deliver(event)
        transport.deliver(event)
        assert [event] * (1 if self.dedupes else 2) == self.received(transport)

    def test_concurrent_deliveries_all_arrive_whole_and_in_order_per_thread(
        self, transport: T
    ) -> None:
        """Events from 8 threads at once are neither lost nor interleaved."""
        batches = [[sample_events()[0] for _ in range(PER_THREAD)] for _ in range(THREADS)]

        def deliver_all(index: int) -> None:
            for event in batches[index]:
                transport.deliver(event)

        in_threads(deliver_all)
        received = self.received(transport)
        for batch in batches:
            ids = {e.id for e in batch}
            assert batch == [e for e in received if e.id in ids]
        assert THREADS * PER_THREAD == len(received)

    def test_a_delivery_returns_nothing(self, transport: T) -> None:
        """Success is returning; failure is raising, never a False to forget to check."""
        assert None is returned(transport.deliver, sample_events()[0])

    def test_a_down_transport_raises_delivery_failed(self, transport: T) -> None:
        """A refused event raises DeliveryFailed, which callers may catch as ConnectionError."""
        if not self.can_fail:
            pytest.skip("this transport cannot be made to fail")
        self.break_it(transport)
        with pytest.raises(DeliveryFailed) as caught:
            returned(transport.deliver, sample_events()[0])
        assert isinstance(caught.value, ConnectionError)

    def test_events_delivered_before_close_stay_delivered(self, transport: T) -> None:
        """Closing releases resources; it takes back nothing already delivered."""
        event = sample_events()[0]
        transport.deliver(event)
        transport.close()
        assert [event] == self.received(transport)
