"""What every use case needs: the ports and the settings, plus shared lookups."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

import attrs

from feedback_core import fields
from feedback_core.errors import NotFound, PermissionDenied
from feedback_core.events import Event
from feedback_core.messages import message
from feedback_core.ports import Clock, PasswordHasher, SmsSender, Storage, Transaction
from feedback_core.settings import Settings
from feedback_core.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from feedback_core.accounts import Account


@attrs.define
class Context:
    """The ports a system was built with."""

    storage: Storage
    sms: SmsSender
    clock: Clock
    hasher: PasswordHasher
    settings: Settings
    # The transports' names: each event gets one delivery per destination.
    destinations: tuple[str, ...] = ()
    on_commit: Callable[[Sequence[Event]], None] = lambda _: None

    @contextmanager
    def transaction(self) -> Iterator[UnitOfWork]:
        """One use case's unit of work; its events reach listeners after the commit."""
        with self.storage.transaction() as tx:
            work = UnitOfWork(tx, self.destinations)
            yield work
        if work.events:
            self.on_commit(work.events)

    @cached_property
    def dummy_hash(self) -> str:
        """A hash to verify against when the login ID is unknown, so both take equal time."""
        return self.hasher.hash("not a real password, only for timing")


def actor(tx: Transaction, actor_id: object) -> Account:
    """The active account acting now; field "actor" on any problem."""
    account = tx.accounts.get(fields.identifier("actor", actor_id))
    if account is None:
        raise NotFound(message("not_found", entity="account"), field="actor")
    if not account.is_active:
        raise PermissionDenied(message("account_not_active"), field="actor")
    return account


def not_found(entity: str, field: str) -> NotFound:
    """The error for an id that names nothing."""
    return NotFound(message("not_found", entity=entity), field=field)


def new_id() -> uuid.UUID:
    """A fresh random id."""
    return uuid.uuid4()
