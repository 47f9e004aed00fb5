"""Logging in: one answer for every kind of failure, in about the same time."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from feedback_core import fields
from feedback_core.accounts.confirmation import count_failure
from feedback_core.accounts.phone import is_phone_like, normalize_phone
from feedback_core.accounts.throttling import after_good_login, is_blocked
from feedback_core.errors import (
    AccountNotActive,
    FeedbackError,
    InvalidCredentials,
    ValidationError,
)
from feedback_core.messages import message

if TYPE_CHECKING:
    from feedback_core.accounts.model import Account
    from feedback_core.work import Context, UnitOfWork


def login(ctx: Context, login_id: object, password: object) -> Account:
    """The account for these credentials; one answer for every kind of failure."""
    key = login_key(login_id)
    if not isinstance(password, str):
        raise ValidationError.single("password", "wrong_type", expected="text")
    with ctx.transaction() as tx:
        account = tx.accounts.by_login_id(key)
        failure = _check_password(ctx, tx, account, password)
    if failure is not None:
        raise failure
    assert account is not None  # noqa: S101 - no failure means the account exists
    if not account.is_active:
        why = "account_disabled" if account.disabled else "account_not_active"
        raise AccountNotActive(message(why), field="login_id")
    return account


def login_key(login_id: object) -> str:
    """The stored form of a login ID: E.164 for anything phone-like, else the username."""
    if not isinstance(login_id, str):
        raise ValidationError.single("login_id", "wrong_type", expected="text")
    if is_phone_like(login_id):
        return normalize_phone(login_id, field="login_id")
    return fields.text("login_id", login_id, limit=64)


def _check_password(
    ctx: Context, tx: UnitOfWork, account: Account | None, password: str
) -> FeedbackError | None:
    now = ctx.clock.now()
    if account is None or is_blocked(account, now):
        ctx.hasher.verify(ctx.dummy_hash, password)  # same work as a real check
        return InvalidCredentials(message("invalid_credentials"), field="login_id")
    if not ctx.hasher.verify(account.password_hash, password):
        count_failure(ctx, tx, account)
        return InvalidCredentials(message("invalid_credentials"), field="login_id")
    updated = after_good_login(account)
    if ctx.hasher.needs_rehash(account.password_hash):
        updated = attrs.evolve(updated, password_hash=ctx.hasher.hash(password))
    if updated != account:
        tx.accounts.update(updated)
    return None
