"""A forgotten password: a reset code by SMS, then a new password with that code.

The answer to "send me a reset code" is the same whether or not the number has an
account: the number's send limits apply either way (a send is counted even when no text
goes out), so neither the answer nor the cooldown tells a stranger who is registered.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

from feedback_core.accounts import audit, events
from feedback_core.accounts import codes as otp
from feedback_core.accounts.cases.one_time import (
    check_code,
    check_send_limits,
    count_send,
    issue_code,
)
from feedback_core.accounts.codes import CodePurpose, CodeState
from feedback_core.accounts.confirmation import replace_password
from feedback_core.accounts.model import Account, AccountStatus, Role
from feedback_core.accounts.passwords import check_password_rules
from feedback_core.accounts.phone import normalize_phone
from feedback_core.errors import CodeDead
from feedback_core.messages import message

if TYPE_CHECKING:
    from feedback_core.work import Context, UnitOfWork

# Whose code state the limits are checked on for a number without an account: no one's,
# with no failures, so only the number's sends decide.
_NOBODY: Final = uuid.UUID(int=0)


def request_password_reset(ctx: Context, phone: object) -> None:
    """Text a reset code to an active citizen's number; to any other number, nothing.

    SendCooldown and SendLimit come from the number's sends, whoever owns it.
    """
    number = normalize_phone(phone)
    now = ctx.clock.now()
    with ctx.transaction() as tx:
        account = _resettable(tx, number)
        state = tx.codes.lock(account.id, CodePurpose.RESET) if account else None
        # A locked-out reset is answered as a missing account: the same silence.
        check_send_limits(ctx, tx, number, CodeState(_NOBODY), now)
        count_send(ctx, tx, number, now)
        if account is None or state is None or _locked_out(ctx, state):
            return
        issue_code(ctx, tx, account, state, number, now)


def reset_password(ctx: Context, phone: object, code: object, new_password: object) -> Account:
    """Set a new password with the texted reset code; every session of the account ends.

    The password is checked before the code, so a weak password wastes no guess. A number
    without an account answers as an account without a live code (CodeDead).
    """
    number = normalize_phone(phone)
    guess = otp.check_code_format(code)
    password = check_password_rules(new_password, "new_password")
    with ctx.transaction() as tx:
        account = _resettable(tx, number)
        if account is None:
            dead = CodeDead(message("code_dead"), field="code")
            result = otp.Verification(CodeState(_NOBODY), dead)
        else:
            result = check_code(ctx, tx, account, CodePurpose.RESET, guess)
            if result.succeeded:
                account = _set_new_password(ctx, tx, account, password)
    if result.error is not None:
        raise result.error
    assert account is not None  # noqa: S101 - a right code means the account exists
    return account


def _set_new_password(ctx: Context, tx: UnitOfWork, account: Account, password: str) -> Account:
    now = ctx.clock.now()
    account = replace_password(ctx, tx, account, password)
    tx.emit([events.PasswordReset(at=now, account_id=account.id)])
    tx.audit.add(audit.record(now, audit.AuditAction.PASSWORD_RESET, account.id, account.id))
    return account


def _resettable(tx: UnitOfWork, number: str) -> Account | None:
    """The citizen behind the number if it may reset its password: active, not disabled."""
    account = tx.accounts.by_login_id(number)
    if account is None or account.role is not Role.CITIZEN or account.disabled:
        return None
    return account if account.status is AccountStatus.ACTIVE else None


def _locked_out(ctx: Context, state: CodeState) -> bool:
    return state.total_failures >= ctx.settings.activation.lock_after
