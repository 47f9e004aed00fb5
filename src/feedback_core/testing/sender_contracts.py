"""Contract suites for SMS senders and transports: subclass them in an adapter's tests.

Each base class asks for a fixture that builds the adapter and a method that reads back
what it sent; capability flags switch rules off for adapters that cannot meet them::

    class TestFileSmsSender(SmsSenderContract[FileSmsSender]):
        @pytest.fixture
        def sender(self, tmp_path):
            return FileSmsSender(tmp_path / "sms.jsonl")

        def sent_messages(self, sender):
            return [(m["phone"], m["text"]) for m in sender.messages()]

        def break_it(self, sender):
            sender.path.mkdir()
"""

# Assertions are how a contract states its rules, and they read `expected == actual`.
# ruff: noqa: S101, SIM300

from __future__ import annotations

import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, ClassVar, Final, Generic, TypeVar, cast

import pendulum
import pytest

from feedback_core.accounts.events import AccountRegistered, UnitCreated
from feedback_core.alerts.events import AlertActivated, AlertApproved, milestone
from feedback_core.errors import DeliveryFailed
from feedback_core.outbox.wire import event_from_dict
from feedback_core.ports import SmsSender, Transport
from feedback_core.reports.events import ReportEvent
from feedback_core.reports.model import ReportAction, ReportStatus

if TYPE_CHECKING:
    from collections.abc import Callable

    from feedback_core.events import Event
    from feedback_core.testing.world import RecordingSender

__all__ = ["SmsSenderContract", "TransportContract", "sample_events"]

S = TypeVar("S", bound=SmsSender)
T = TypeVar("T", bound=Transport)

THREADS: Final = 8
PER_THREAD: Final = 25
PHONE: Final = "+84912345678"
OTHER_PHONE: Final = "+84387654321"
_CODE: Final = re.compile(r"\b\d{6}\b")
_AT: Final = pendulum.datetime(2026, 3, 2, 2, 0, 0, 123456, tz="UTC")


def activation_text(code: str) -> str:
    """A real-looking activation SMS: Vietnamese diacritics around a 6-digit code."""
    return f"Mã kích hoạt tài khoản 1022 Tây Ninh của bạn là {code}. Hiệu lực 5 phút."


def sample_events() -> list[Event]:
    """One event of each shape: account, unit, report and alert events, a milestone."""
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
        AlertApproved(at=_AT.add(hours=1), alert_id=ids[3], unit_id=ids[1]),
        milestone(AlertActivated, ids[3], ids[1], _AT.add(hours=2)),
    ]


def _returned(call: Callable[..., object], *args: object) -> object:
    return call(*args)


def _in_threads(work: Callable[[int], None]) -> None:
    """Run ``work(0..THREADS-1)`` at once; an error in any thread is raised here."""
    start = threading.Barrier(THREADS)

    def run(index: int) -> None:
        start.wait()
        work(index)

    with ThreadPoolExecutor(THREADS) as pool:
        for done in [pool.submit(run, i) for i in range(THREADS)]:
            done.result()


class SmsSenderContract(Generic[S]):
    """The rules every `SmsSender` keeps. Override `sender`, `sent_messages`, `break_it`."""

    can_fail: ClassVar[bool] = True
    """The gateway can be made to refuse messages (`break_it`)."""
    reads_codes: ClassVar[bool] = False
    """The sender has ``last_code(phone)``, as `feedback_core.testing.World` needs."""

    @pytest.fixture
    def sender(self) -> S:
        """A fresh sender with nothing sent."""
        raise NotImplementedError

    def sent_messages(self, sender: S) -> list[tuple[str, str]]:
        """What reached the phones, as (phone, text), oldest first."""
        raise NotImplementedError

    def break_it(self, sender: S) -> None:
        """Make the gateway refuse every later message."""
        raise NotImplementedError

    def test_a_sent_message_reaches_the_phone_whole(self, sender: S) -> None:
        """The phone and the Vietnamese text arrive exactly as sent."""
        sender.send(PHONE, activation_text("482913"))
        assert [(PHONE, activation_text("482913"))] == self.sent_messages(sender)

    def test_a_code_with_leading_zeros_reads_back_as_six_digits(self, sender: S) -> None:
        """A code is text, never a number: "004821" keeps its zeros."""
        sender.send(PHONE, activation_text("004821"))
        [(_, text)] = self.sent_messages(sender)
        assert ["004821"] == _CODE.findall(text)

    def test_messages_keep_their_order(self, sender: S) -> None:
        """Messages read back in the order they were sent, whatever the phone."""
        sent = [(PHONE if n % 2 else OTHER_PHONE, activation_text(f"{n:06d}")) for n in range(6)]
        for phone, text in sent:
            sender.send(phone, text)
        assert sent == self.sent_messages(sender)

    def test_concurrent_sends_all_arrive_whole_and_in_order_per_thread(self, sender: S) -> None:
        """Sends from 8 threads at once are neither lost nor interleaved."""
        phones = [f"+8491234560{i}" for i in range(THREADS)]

        def send_all(index: int) -> None:
            for n in range(PER_THREAD):
                sender.send(phones[index], activation_text(f"{index}{n:05d}"))

        _in_threads(send_all)
        sent = self.sent_messages(sender)
        for index, phone in enumerate(phones):
            expected = [activation_text(f"{index}{n:05d}") for n in range(PER_THREAD)]
            assert expected == [text for to, text in sent if to == phone]
        assert THREADS * PER_THREAD == len(sent)

    def test_a_send_returns_nothing(self, sender: S) -> None:
        """Success is returning; failure is raising, never a False to forget to check."""
        assert None is _returned(sender.send, PHONE, activation_text("482913"))

    def test_a_down_gateway_raises_delivery_failed(self, sender: S) -> None:
        """A refused message raises DeliveryFailed, which callers may catch as ConnectionError."""
        if not self.can_fail:
            pytest.skip("this sender cannot be made to fail")
        self.break_it(sender)
        with pytest.raises(DeliveryFailed) as caught:
            _returned(sender.send, PHONE, activation_text("482913"))
        assert isinstance(caught.value, ConnectionError)
        assert "sms_failed" == caught.value.code

    def test_last_code_is_the_newest_code_to_that_phone(self, sender: S) -> None:
        """The newest code to a phone wins; a code to another phone does not count."""
        if not self.reads_codes:
            pytest.skip("this sender cannot read codes back")
        reader = cast("RecordingSender", sender)
        for phone, code in ((PHONE, "111111"), (PHONE, "022222"), (OTHER_PHONE, "333333")):
            sender.send(phone, activation_text(code))
        assert "022222" == reader.last_code(PHONE)

    def test_last_code_for_a_phone_never_texted_is_a_lookup_error(self, sender: S) -> None:
        """No message to the phone means no code, not an empty one."""
        if not self.reads_codes:
            pytest.skip("this sender cannot read codes back")
        sender.send(OTHER_PHONE, activation_text("333333"))
        with pytest.raises(LookupError):
            cast("RecordingSender", sender).last_code(PHONE)


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

        _in_threads(deliver_all)
        received = self.received(transport)
        for batch in batches:
            ids = {e.id for e in batch}
            assert batch == [e for e in received if e.id in ids]
        assert THREADS * PER_THREAD == len(received)

    def test_a_delivery_returns_nothing(self, transport: T) -> None:
        """Success is returning; failure is raising, never a False to forget to check."""
        assert None is _returned(transport.deliver, sample_events()[0])

    def test_a_down_transport_raises_delivery_failed(self, transport: T) -> None:
        """A refused event raises DeliveryFailed, which callers may catch as ConnectionError."""
        if not self.can_fail:
            pytest.skip("this transport cannot be made to fail")
        self.break_it(transport)
        with pytest.raises(DeliveryFailed) as caught:
            _returned(transport.deliver, sample_events()[0])
        assert isinstance(caught.value, ConnectionError)

    def test_events_delivered_before_close_stay_delivered(self, transport: T) -> None:
        """Closing releases resources; it takes back nothing already delivered."""
        event = sample_events()[0]
        transport.deliver(event)
        transport.close()
        assert [event] == self.received(transport)
