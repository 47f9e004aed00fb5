"""What happens to accounts and units."""

from __future__ import annotations

import uuid

import attrs

from feedback_core.events import Event


@attrs.frozen(kw_only=True)
class UnitCreated(Event):
    """An administrator created an agency unit."""

    unit_id: uuid.UUID
    code: str


@attrs.frozen(kw_only=True)
class AccountEvent(Event):
    """Something happened to an account."""

    account_id: uuid.UUID


@attrs.frozen(kw_only=True)
class AccountRegistered(AccountEvent):
    """A citizen registered; the account waits for its activation code."""


@attrs.frozen(kw_only=True)
class OfficialAccountCreated(AccountEvent):
    """An administrator created an operator, unit or admin account."""


@attrs.frozen(kw_only=True)
class ActivationCodeSent(AccountEvent):
    """A code went out by SMS (the code itself is never in an event)."""


@attrs.frozen(kw_only=True)
class AccountActivated(AccountEvent):
    """The right code was entered."""


@attrs.frozen(kw_only=True)
class AccountLockedOut(AccountEvent):
    """Too many failed code tries in total locked the account."""
