"""The SMS notifier: notices to reporters, texted when the outbox delivers them.

It is a destination of the outbox like any transport, so a text goes out after the
change committed and a down SMS gateway loses nothing: the sender's DeliveryFailed is
retried with the outbox's backoff. It reads the recipient's phone and preferences when
it delivers, so notices carry no phone number, and a reporter who turned notices off
(or whose account is gone) is not texted by notices still waiting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from feedback_core.reports.events import ReporterNotice
from feedback_core.reports.notices import notice_text

if TYPE_CHECKING:
    from feedback_core.events import Event
    from feedback_core.ports import SmsSender, Storage

SMS_NOTICES: Final = "notices:sms"
"""The SMS notifier's destination name in the outbox."""


class SmsNotifier:
    """Texts each reporter notice to the reporter's phone, in the reporter's language."""

    def __init__(self, storage: Storage, sms: SmsSender) -> None:
        self._storage = storage
        self._sms = sms

    def deliver(self, event: Event) -> None:
        """Text a reporter notice; any other event, or a reporter not to text, is done."""
        if not isinstance(event, ReporterNotice):
            return
        with self._storage.transaction() as tx:
            reporter = tx.accounts.get(event.recipient_id)
        if reporter is None or reporter.phone is None or not reporter.preferences.notices:
            return
        self._sms.send(reporter.phone, notice_text(event, reporter.preferences.language))

    def close(self) -> None:
        """Nothing to release: the store and the sender belong to the system."""
