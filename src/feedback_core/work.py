"""What every use case works with: the ports, the settings and one transaction's work.

`Context` is what a system was built with; `UnitOfWork` is one use case's transaction
(its repositories) plus the events it emits. Events go to the outbox in the same
transaction as the change (one delivery per configured transport, and for a notice one
more per notifier) and, once it committed, to in-process listeners.
"""

from __future__ import annotations

import itertools
import uuid
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from feedback_core import fields
from feedback_core.errors import NotFound, PermissionDenied
from feedback_core.events import Notice
from feedback_core.messages import message

if TYPE_CHECKING:
    # Names only: the kernel loads no feature at run time (docs/architecture.md).
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from feedback_core.accounts.model import Account
    from feedback_core.events import Event
    from feedback_core.ports import (
        Clock,
        PasswordHasher,
        SmsSender,
        Storage,
        Transaction,
        Transport,
    )
    from feedback_core.reports.media import ImageCleaner, MediaStore
    from feedback_core.settings import Settings


class UnitOfWork:
    """The repositories of one transaction and the events emitted in it."""

    def __init__(
        self, tx: Transaction, destinations: Sequence[str], notifiers: Sequence[str] = ()
    ) -> None:
        self.accounts = tx.accounts
        self.units = tx.units
        self.codes = tx.codes
        self.sessions = tx.sessions
        self.api_keys = tx.api_keys
        self.audit = tx.audit
        self.reports = tx.reports
        self.alerts = tx.alerts
        self.outbox = tx.outbox
        self.events: list[Event] = []
        self._destinations = destinations
        self._notified = (*destinations, *notifiers)

    def emit(self, events: Sequence[Event]) -> None:
        """Write events to the outbox with this transaction, in order.

        Every event goes to every transport; a notice goes to the notifiers as well.
        """
        for notices, run in itertools.groupby(events, key=_is_notice):
            self.outbox.add(list(run), self._notified if notices else self._destinations)
        self.events.extend(events)


def _is_notice(event: Event) -> bool:
    return isinstance(event, Notice)


def _no_listener(_: Sequence[Event]) -> None:
    return None


class Context:
    """The ports a system was built with, its settings and its transports."""

    # A plain class, not attrs: its annotations stay names, so the kernel never loads
    # `settings` (which gathers every feature's policy) at run time.
    def __init__(
        self,
        storage: Storage,
        sms: SmsSender,
        clock: Clock,
        hasher: PasswordHasher,
        settings: Settings,
        *,
        transports: Mapping[str, Transport] | None = None,
        notifiers: Mapping[str, Transport] | None = None,
        on_commit: Callable[[Sequence[Event]], None] = _no_listener,
        media: MediaStore | None = None,
        cleaner: ImageCleaner | None = None,
    ) -> None:
        self.storage = storage
        self.sms = sms
        self.clock = clock
        self.hasher = hasher
        self.settings = settings
        # Each event gets one delivery per transport, named by its URL.
        self.transports: Mapping[str, Transport] = dict(transports or {})
        # Destinations that take notices only: the SMS one tells reporters by text.
        self.notifiers: Mapping[str, Transport] = dict(notifiers or {})
        self.on_commit = on_commit
        # Reports' photos and videos, and what strips photos' metadata (None: no media).
        self.media = media
        self.cleaner = cleaner

    @contextmanager
    def transaction(self) -> Iterator[UnitOfWork]:
        """One use case's unit of work; its events reach listeners after the commit."""
        with self.storage.transaction() as tx:
            work = UnitOfWork(tx, tuple(self.transports), tuple(self.notifiers))
            yield work
        if work.events:
            self.on_commit(work.events)

    @cached_property
    def dummy_hash(self) -> str:
        """A hash to verify against when the login ID is unknown, so both take equal time."""
        return self.hasher.hash("not a real password, only for timing")


def actor(work: UnitOfWork, actor_id: object) -> Account:
    """The active account acting now; field "actor" on any problem."""
    account = work.accounts.get(fields.identifier("actor", actor_id))
    if account is None:
        raise NotFound(message("not_found", entity="account"), field="actor")
    if not account.is_active:
        why = "account_disabled" if account.disabled else "account_not_active"
        raise PermissionDenied(message(why), field="actor")
    return account


def not_found(entity: str, field: str) -> NotFound:
    """The error for an id that names nothing."""
    return NotFound(message("not_found", entity=entity), field=field)


def new_id() -> uuid.UUID:
    """A fresh random id."""
    return uuid.uuid4()
