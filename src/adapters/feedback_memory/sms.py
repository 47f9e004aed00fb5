"""An SMS sender that keeps what it sends, so tests and examples can read the code back."""

from __future__ import annotations

import re
import threading

import attrs

from feedback_core.errors import DeliveryFailed
from feedback_core.messages import message

_CODE = re.compile(r"\b(\d{6})\b")


@attrs.frozen
class SentSms:
    """One message as it would have reached the phone."""

    phone: str
    text: str = attrs.field(repr=False)  # it carries a live code: never in a log line


class RecordingSmsSender:
    """Records messages instead of sending them; can be told to fail like a down gateway."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sent: list[SentSms] = []
        self.down = False

    def send(self, phone: str, text: str) -> None:
        """Record the message, or raise DeliveryFailed while `down`."""
        if self.down:
            raise DeliveryFailed(message("sms_failed"), field="phone")
        with self._lock:
            self._sent.append(SentSms(phone, text))

    @property
    def sent(self) -> list[SentSms]:
        """Every message so far, oldest first."""
        with self._lock:
            return list(self._sent)

    def last_code(self, phone: str) -> str:
        """The 6-digit code in the newest message to ``phone``."""
        for sms in reversed(self.sent):
            match = _CODE.search(sms.text)
            if sms.phone == phone and match:
                return match.group(1)
        raise LookupError(phone)
