"""A citizen's own account: registration, activation by SMS code, preferences."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from feedback_core import fields
from feedback_core.accounts import codes as otp
from feedback_core.accounts import events
from feedback_core.accounts.cases.one_time import check_code, send_code
from feedback_core.accounts.codes import CodePurpose
from feedback_core.accounts.input import check_registration
from feedback_core.accounts.model import (
    Account,
    AccountStatus,
    Preferences,
    Role,
)
from feedback_core.accounts.phone import normalize_phone
from feedback_core.errors import (
    AccountLocked,
    Conflict,
    ValidationError,
)
from feedback_core.messages import Language, message
from feedback_core.work import Context, actor, new_id, not_found

if TYPE_CHECKING:
    import pendulum

    from feedback_core.work import UnitOfWork


def register(ctx: Context, form: Mapping[str, object]) -> Account:
    """Create a pending citizen account and text it the first activation code."""
    if not isinstance(form, Mapping):
        raise ValidationError.single("form", "wrong_type", expected="a mapping of fields")
    checked = check_registration(form, ctx.settings.registration)
    now = ctx.clock.now()
    account = Account(
        new_id(),
        checked.phone,
        Role.CITIZEN,
        AccountStatus.PENDING,
        ctx.hasher.hash(checked.password),
        now,
        checked.profile,
        phone=checked.phone,
        preferences=Preferences(language=checked.language),
    )
    with ctx.transaction() as tx:
        if tx.accounts.by_login_id(account.login_id) is not None:
            raise Conflict(message("already_exists", entity="account"), field="phone")
        tx.accounts.add(account)
        tx.emit([events.AccountRegistered(at=now, account_id=account.id)])
        _send_code(ctx, tx, account)
    return account


def send_activation_code(ctx: Context, phone: object) -> None:
    """Send a new code to a pending account; the previous code dies."""
    with ctx.transaction() as tx:
        _send_code(ctx, tx, _pending_account(tx, phone))


def activate(ctx: Context, phone: object, code: object) -> Account:
    """Check a code; the right one activates the account. Wrong tries are kept on failure."""
    guess = otp.check_code_format(code)
    with ctx.transaction() as tx:
        account = _pending_account(tx, phone)
        result = check_code(ctx, tx, account, CodePurpose.ACTIVATION, guess)
        account = _after_verification(tx, account, result, ctx.clock.now())
    # Raised after commit: a wrong guess must stay counted.
    if result.error is not None:
        raise result.error
    return account


def _pending_account(tx: UnitOfWork, phone: object) -> Account:
    account = tx.accounts.by_login_id(normalize_phone(phone))
    if account is None or account.role is not Role.CITIZEN:
        raise not_found("account", "phone")
    if account.status is AccountStatus.ACTIVE:
        raise Conflict(message("already_active"), field="phone")
    return account


def _send_code(ctx: Context, tx: UnitOfWork, account: Account) -> None:
    assert account.phone is not None  # noqa: S101 - citizens always have a phone
    send_code(ctx, tx, account, CodePurpose.ACTIVATION, account.phone)


def _after_verification(
    tx: UnitOfWork, account: Account, result: otp.Verification, now: pendulum.DateTime
) -> Account:
    if result.succeeded:
        account = attrs.evolve(account, status=AccountStatus.ACTIVE)
        tx.accounts.update(account)
        tx.emit([events.AccountActivated(at=now, account_id=account.id)])
    elif isinstance(result.error, AccountLocked) and account.status is not AccountStatus.LOCKED:
        account = attrs.evolve(account, status=AccountStatus.LOCKED)
        tx.accounts.update(account)
        tx.emit([events.AccountLockedOut(at=now, account_id=account.id)])
    return account


def set_preferences(
    ctx: Context, actor_id: object, *, language: object = None, notices: object = None
) -> Account:
    """An account chooses its language and whether it is told when its reports move.

    Only what is given changes; None keeps the current value.
    """
    with ctx.transaction() as tx:
        account = actor(tx, actor_id)
        chosen = account.preferences
        if language is not None:
            chosen = attrs.evolve(chosen, language=fields.choice("language", language, Language))
        if notices is not None:
            chosen = attrs.evolve(chosen, notices=fields.flag("notices", notices))
        if chosen != account.preferences:
            account = attrs.evolve(account, preferences=chosen)
            tx.accounts.update(account)
        return account
