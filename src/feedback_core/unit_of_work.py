"""A use case's transaction, plus the events it emits.

Events go to the outbox in the same transaction as the change (one delivery per
configured transport) and, once it committed, to in-process listeners.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from feedback_core.events import Event
    from feedback_core.ports import Transaction


class UnitOfWork:
    """The repositories of one transaction and the events emitted in it."""

    def __init__(self, tx: Transaction, destinations: Sequence[str]) -> None:
        self.accounts = tx.accounts
        self.units = tx.units
        self.codes = tx.codes
        self.reports = tx.reports
        self.alerts = tx.alerts
        self.outbox = tx.outbox
        self.events: list[Event] = []
        self._destinations = destinations

    def emit(self, events: Sequence[Event]) -> None:
        """Write events to the outbox with this transaction."""
        self.outbox.add(events, self._destinations)
        self.events.extend(events)
