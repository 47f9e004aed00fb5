"""What happens to accounts and units."""

from __future__ import annotations

import uuid

import attrs

from feedback_core.events import Event, Notice


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


@attrs.frozen(kw_only=True)
class ResetCodeSent(AccountEvent):
    """A password-reset code went out by SMS (never for a number without an account)."""


@attrs.frozen(kw_only=True)
class PhoneCodeSent(AccountEvent):
    """A code went to the new number the account asked to change to."""


@attrs.frozen(kw_only=True)
class PasswordReset(AccountEvent):
    """The password was reset with an SMS code; every session ended."""


@attrs.frozen(kw_only=True)
class PasswordChanged(AccountEvent):
    """The account changed its own password, or an administrator set it."""


@attrs.frozen(kw_only=True)
class PhoneChanged(Notice):
    """The login phone number changed; the previous number is told (never named here)."""


@attrs.frozen(kw_only=True)
class ProfileUpdated(AccountEvent):
    """The citizen corrected their profile."""


@attrs.frozen(kw_only=True)
class AccountDeleted(AccountEvent):
    """The citizen left: personal data erased, reports unlinked (the id now names no one)."""


@attrs.frozen(kw_only=True)
class AccountDisabled(AccountEvent):
    """An administrator disabled the account; its sessions ended."""


@attrs.frozen(kw_only=True)
class AccountEnabled(AccountEvent):
    """An administrator enabled the account again."""


@attrs.frozen(kw_only=True)
class OfficialChanged(AccountEvent):
    """An administrator moved an official to another unit or changed its role."""
