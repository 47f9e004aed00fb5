"""The SMS notifier: notices to people, texted when the outbox delivers them.

Reporters are told when their reports move; a citizen's previous number is told when the
account's login number changed.

It is a destination of the outbox like any transport, so a text goes out after the
change committed and a down SMS gateway loses nothing: the sender's DeliveryFailed is
retried with the outbox's backoff. It reads the recipient's phone and preferences when
it delivers, so notices carry no phone number, and a reporter who turned notices off
(or whose account is gone) is not texted by notices still waiting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from feedback_core.accounts.events import PhoneChanged
from feedback_core.messages import message
from feedback_core.reports.events import ReporterNotice
from feedback_core.reports.notices import notice_text

if TYPE_CHECKING:
    from feedback_core.events import Event
    from feedback_core.ports import SmsSender, Storage

SMS_NOTICES: Final = "notices:sms"
"""The SMS notifier's destination name in the outbox."""


class SmsNotifier:
    """Texts each notice to its person's phone, in the person's language."""

    def __init__(self, storage: Storage, sms: SmsSender) -> None:
        self._storage = storage
        self._sms = sms

    def deliver(self, event: Event) -> None:
        """Text a notice; any other event, or a person not to text, is done."""
        if isinstance(event, ReporterNotice):
            self._tell_reporter(event)
        elif isinstance(event, PhoneChanged):
            self._tell_previous_number(event)

    def _tell_reporter(self, event: ReporterNotice) -> None:
        with self._storage.transaction() as tx:
            reporter = tx.accounts.get(event.recipient_id)
        if reporter is None or reporter.phone is None or not reporter.preferences.notices:
            return
        self._sms.send(reporter.phone, notice_text(event, reporter.preferences.language))

    def _tell_previous_number(self, event: PhoneChanged) -> None:
        # Told whatever the preferences say: a change of login number is a security
        # event, and the old number's owner is the one who can say it was not them.
        with self._storage.transaction() as tx:
            account = tx.accounts.get(event.recipient_id)
        if account is None or account.previous_phone is None:
            return  # the account was deleted meanwhile: nothing of it is kept to text
        text = message("notice_phone_changed").render(account.preferences.language)
        self._sms.send(account.previous_phone, text)

    def close(self) -> None:
        """Nothing to release: the store and the sender belong to the system."""
