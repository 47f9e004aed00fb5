"""`SmsSenderContract`: the rules every SMS sender keeps, for an adapter's tests to inherit.

The base class asks for a fixture that builds the sender and methods that read back what
it sent and break it; capability flags switch rules off for senders that cannot meet them::

    class TestFileSmsSender(SmsSenderContract[FileSmsSender]):
        reads_codes = True

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
from typing import TYPE_CHECKING, ClassVar, Final, Generic, TypeVar, cast

import pytest

from feedback_core.errors import DeliveryFailed
from feedback_core.ports import SmsSender
from feedback_core.testing.contracts._threads import PER_THREAD, THREADS, in_threads, returned

if TYPE_CHECKING:
    from feedback_core.testing.world import RecordingSender

__all__ = ["SmsSenderContract"]

S = TypeVar("S", bound=SmsSender)

PHONE: Final = "+84912345678"
OTHER_PHONE: Final = "+84387654321"
_CODE: Final = re.compile(r"\b\d{6}\b")


def activation_text(code: str) -> str:
    """A real-looking activation SMS: Vietnamese diacritics around a 6-digit code."""
    return f"Mã kích hoạt tài khoản 1022 Tây Ninh của bạn là {code}. Hiệu lực 5 phút."


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

        in_threads(send_all)
        sent = self.sent_messages(sender)
        for index, phone in enumerate(phones):
            expected = [activation_text(f"{index}{n:05d}") for n in range(PER_THREAD)]
            assert expected == [text for to, text in sent if to == phone]
        assert THREADS * PER_THREAD == len(sent)

    def test_a_send_returns_nothing(self, sender: S) -> None:
        """Success is returning; failure is raising, never a False to forget to check."""
        assert None is returned(sender.send, PHONE, activation_text("482913"))

    def test_a_down_gateway_raises_delivery_failed(self, sender: S) -> None:
        """A refused message raises DeliveryFailed, which callers may catch as ConnectionError."""
        if not self.can_fail:
            pytest.skip("this sender cannot be made to fail")
        self.break_it(sender)
        with pytest.raises(DeliveryFailed) as caught:
            returned(sender.send, PHONE, activation_text("482913"))
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
