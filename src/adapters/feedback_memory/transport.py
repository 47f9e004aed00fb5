"""A transport that keeps what it is given, so tests can read delivered events back."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from feedback_core.errors import DeliveryFailed
from feedback_core.messages import message

if TYPE_CHECKING:
    from feedback_core.events import Event


class RecordingTransport:
    """Keeps delivered events in order; set `down` to make it fail like an unreachable broker."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._delivered: list[Event] = []
        self.down = False
        self.closed = False

    def deliver(self, event: Event) -> None:
        """Keep the event, or raise DeliveryFailed while `down`."""
        if self.down:
            failure = message("transport_failed", reason="the transport is down")
            raise DeliveryFailed(failure, field="transports")
        with self._lock:
            self._delivered.append(event)

    @property
    def delivered(self) -> list[Event]:
        """Every event delivered so far, oldest first, repeats included."""
        with self._lock:
            return list(self._delivered)

    def close(self) -> None:
        """Mark the transport closed; what it kept stays readable."""
        self.closed = True
