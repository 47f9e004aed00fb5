"""SMS and events written to JSON-lines files: a gateway stand-in and a file transport."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from feedback_core.clock import SystemClock
from feedback_core.errors import DeliveryFailed
from feedback_core.messages import message
from feedback_core.outbox.wire import event_to_dict
from feedback_sms.files import JsonLinesFile, path_from_url

if TYPE_CHECKING:
    import os
    from pathlib import Path

    from feedback_core.events import Event
    from feedback_core.ports import Clock

_CODE = re.compile(r"\b(\d{6})\b")


class FileSmsSender:
    """Appends each SMS as {"phone", "text", "at"} to a file, so demos and tests read codes."""

    def __init__(self, path: str | os.PathLike[str], clock: Clock | None = None) -> None:
        self.file = JsonLinesFile(path)
        self.clock = clock or SystemClock()

    @classmethod
    def from_url(cls, url: str) -> FileSmsSender:
        """``file:///var/tmp/sms.jsonl`` or ``file:sms.jsonl`` (relative)."""
        return cls(path_from_url(url, "sms"))

    @property
    def path(self) -> Path:
        """The file the messages go to."""
        return self.file.path

    def send(self, phone: str, text: str) -> None:
        """Append the message, synced to disk; DeliveryFailed when the file cannot take it."""
        record = {"phone": phone, "text": text, "at": self.clock.now().isoformat()}
        try:
            self.file.append(record)
        except OSError as error:
            raise DeliveryFailed(message("sms_failed"), field="sms") from error

    def messages(self) -> list[dict[str, Any]]:
        """Every message written so far, oldest first."""
        return self.file.read()

    def last_code(self, phone: str) -> str:
        """The 6-digit code in the newest message to ``phone``; LookupError if none."""
        for sms in reversed(self.messages()):
            match = _CODE.search(sms["text"])
            if sms["phone"] == phone and match:
                return match.group(1)
        raise LookupError(phone)


class JsonLinesTransport:
    """Appends each event, as `event_to_dict` makes it, to a file; one synced line per event."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.file = JsonLinesFile(path)

    @classmethod
    def from_url(cls, url: str) -> JsonLinesTransport:
        """``jsonl:///var/lib/feedback/events.jsonl`` or ``jsonl:events.jsonl`` (relative)."""
        return cls(path_from_url(url, "transports"))

    def deliver(self, event: Event) -> None:
        """Append the event; DeliveryFailed when the file cannot take it."""
        try:
            self.file.append(event_to_dict(event))
        except OSError as error:
            # No message code names a failed transport yet; the file is where events are kept.
            reason = f"{self.file.path}: {error.strerror or error}"
            failure = message("transport_failed", reason=reason)
            raise DeliveryFailed(failure, field="transports") from error

    def events(self) -> list[dict[str, Any]]:
        """Every event written so far, as dicts, oldest first."""
        return self.file.read()

    def close(self) -> None:
        """Nothing to release: the file is opened for each event."""
