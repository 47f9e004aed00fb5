"""Passwords at the account's doors: asked again before a change, or replaced outright.

A wrong password here counts toward the same block as a wrong login, so changing the
password, the phone number or deleting the account is no way around login throttling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from feedback_core.accounts import audit
from feedback_core.accounts.throttling import after_failed_login, after_good_login, is_blocked
from feedback_core.errors import ValidationError

if TYPE_CHECKING:
    from feedback_core.accounts.model import Account
    from feedback_core.work import Context, UnitOfWork


def count_failure(ctx: Context, tx: UnitOfWork, account: Account) -> None:
    """Count one wrong password; the one that starts a block goes to the audit trail."""
    now = ctx.clock.now()
    counted = after_failed_login(account, now, ctx.settings.login)
    tx.accounts.update(counted)
    if counted.login_blocked_until != account.login_blocked_until:
        tx.audit.add(audit.record(now, audit.AuditAction.LOGIN_LOCKED_OUT, None, account.id))


def confirm_password(
    ctx: Context, tx: UnitOfWork, account: Account, password: str
) -> Account | None:
    """The account, locked, if ``password`` is its own; None (the failure counted) if not.

    The caller raises InvalidCredentials after its commit, so the failure stays counted.
    """
    now = ctx.clock.now()
    locked = tx.accounts.by_login_id(account.login_id) or account  # takes the row's lock
    if is_blocked(locked, now):
        ctx.hasher.verify(ctx.dummy_hash, password)  # the same work as a real check
        return None
    if not ctx.hasher.verify(locked.password_hash, password):
        count_failure(ctx, tx, locked)
        return None
    cleared = after_good_login(locked)
    if cleared != locked:
        tx.accounts.update(cleared)
    return cleared


def typed_password(field: str, value: object) -> str:
    """A password as typed to confirm an action: any text (rules apply only when one is set)."""
    if not isinstance(value, str):
        raise ValidationError.single(field, "wrong_type", expected="text")
    return value


def replace_password(ctx: Context, tx: UnitOfWork, account: Account, password: str) -> Account:
    """Set a password chosen by someone who proved a right to (a code, an administrator).

    Clears a login block, and ends every session: whoever held one may be who forced the
    change.
    """
    account = attrs.evolve(
        account, password_hash=ctx.hasher.hash(password), failed_logins=0, login_blocked_until=None
    )
    tx.accounts.update(account)
    tx.sessions.remove_of_account(account.id)
    return account
