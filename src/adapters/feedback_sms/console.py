"""SMS and events printed one line each: for development and demos on a terminal."""

from __future__ import annotations

import json
import sys
import threading
from typing import TYPE_CHECKING, TextIO

from feedback_core.errors import DeliveryFailed
from feedback_core.messages import Message, message
from feedback_core.outbox.wire import event_to_dict

if TYPE_CHECKING:
    from feedback_core.events import Event


class _LinePrinter:
    """Writes whole lines to a stream (standard output unless given), one thread at a time."""

    def __init__(self, stream: TextIO | None) -> None:
        # None means sys.stdout as it is at print time, so redirection and capture work.
        self.stream = stream
        self._lock = threading.Lock()

    def write_line(self, line: str, failure: Message, field: str) -> None:
        """Write ``line``; DeliveryFailed if the stream is closed or refuses it."""
        stream = sys.stdout if self.stream is None else self.stream
        try:
            with self._lock:
                stream.write(line + "\n")
                stream.flush()
        except (OSError, ValueError) as error:  # ValueError: the stream was closed
            raise DeliveryFailed(failure, field=field) from error


class ConsoleSmsSender(_LinePrinter):
    """Prints "SMS to +84912345678: text" for each message."""

    @classmethod
    def from_url(cls, url: str) -> ConsoleSmsSender:  # noqa: ARG003 - "console:" says it all
        """``console:`` prints to standard output."""
        return cls(None)

    def send(self, phone: str, text: str) -> None:
        """Print the message."""
        self.write_line(f"SMS to {phone}: {text}", message("sms_failed"), "sms")


class ConsoleTransport(_LinePrinter):
    """Prints each event as one line of JSON."""

    @classmethod
    def from_url(cls, url: str) -> ConsoleTransport:  # noqa: ARG003 - "console:" says it all
        """``console:`` prints to standard output."""
        return cls(None)

    def deliver(self, event: Event) -> None:
        """Print the event as `event_to_dict` makes it."""
        line = json.dumps(event_to_dict(event), ensure_ascii=False)
        failure = message("transport_failed", reason="the console is closed")
        self.write_line(line, failure, "transports")

    def close(self) -> None:
        """Nothing to release: the stream belongs to whoever gave it."""
