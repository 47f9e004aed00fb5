"""Sending and checking one-time SMS codes, for every purpose: the same limits for all.

Each purpose keeps its own code state (a reset code never activates, an activation code
never resets), but sends are counted per phone number whatever the purpose, so the
cooldown and the daily cap protect a number from every kind of text at once. They are
counted under a keyed digest of the number (`number_key`), which outlives a deletion.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback_core.accounts import audit, events
from feedback_core.accounts import codes as otp
from feedback_core.accounts.codes import CodePurpose
from feedback_core.clock import earlier
from feedback_core.errors import AccountLocked

if TYPE_CHECKING:
    import pendulum

    from feedback_core.accounts.model import Account
    from feedback_core.work import Context, UnitOfWork

_SENT = {
    CodePurpose.ACTIVATION: events.ActivationCodeSent,
    CodePurpose.RESET: events.ResetCodeSent,
    CodePurpose.PHONE: events.PhoneCodeSent,
}


def check_send_limits(
    ctx: Context, tx: UnitOfWork, phone: str, state: otp.CodeState, now: pendulum.DateTime
) -> None:
    """Refuse a send to ``phone`` in its cooldown, past its daily cap, or on a locked state."""
    policy = ctx.settings.activation
    since = earlier(now, policy.send_window)
    sends = tx.codes.sends_since(otp.number_key(ctx.settings.secret_key, phone), since)
    otp.check_send(state, sends, now, policy)


def send_code(
    ctx: Context, tx: UnitOfWork, account: Account, purpose: CodePurpose, phone: str
) -> None:
    """Text ``phone`` a new code for ``purpose``; every earlier code of that purpose dies."""
    now = ctx.clock.now()
    state = tx.codes.lock(account.id, purpose)
    check_send_limits(ctx, tx, phone, state, now)
    count_send(ctx, tx, phone, now)
    issue_code(ctx, tx, account, state, phone, now)


def count_send(ctx: Context, tx: UnitOfWork, phone: str, now: pendulum.DateTime) -> None:
    """Count one send to ``phone`` (under its key), whatever the purpose."""
    tx.codes.record_send(otp.number_key(ctx.settings.secret_key, phone), now)


def issue_code(
    ctx: Context,
    tx: UnitOfWork,
    account: Account,
    state: otp.CodeState,
    phone: str,
    now: pendulum.DateTime,
) -> None:
    """Move ``state`` (locked) to a new code of its purpose, and text it to ``phone``."""
    purpose = state.purpose
    state = otp.issue(state, now, target=phone if purpose is CodePurpose.PHONE else None)
    tx.codes.save(state)
    tx.emit([_SENT[purpose](at=now, account_id=account.id)])
    _text_code(ctx, phone, purpose, otp.code_at(_secret(ctx, account, purpose), state.counter))


def _text_code(ctx: Context, phone: str, purpose: CodePurpose, code: str) -> None:
    """Send the code itself, inside the transaction: the person is waiting for it.

    If the gateway fails, the send is not counted and the old code stays valid; if the
    commit fails after sending, the texted code is simply not the stored one and the
    person asks again.
    """
    settings = ctx.settings
    template = {
        CodePurpose.ACTIVATION: settings.sms_template,
        CodePurpose.RESET: settings.reset_sms_template,
        CodePurpose.PHONE: settings.phone_sms_template,
    }[purpose]
    minutes = int(settings.activation.ttl.total_seconds() // 60)
    ctx.sms.send(phone, template.format(code=code, minutes=minutes))


def check_code(
    ctx: Context, tx: UnitOfWork, account: Account, purpose: CodePurpose, guess: str
) -> otp.Verification:
    """Judge a guess at the account's code for ``purpose`` and store what it did.

    The caller raises ``error`` after its commit, so a wrong guess stays counted. The guess
    that locks the codes out is written to the audit trail.
    """
    now = ctx.clock.now()
    state = tx.codes.lock(account.id, purpose)
    result = otp.verify(state, _secret(ctx, account, purpose), guess, now, ctx.settings.activation)
    tx.codes.save(result.state)
    if isinstance(result.error, AccountLocked) and state != result.state:
        detail = {"purpose": purpose.value}
        tx.audit.add(
            audit.record(now, audit.AuditAction.CODE_LOCKED_OUT, None, account.id, **detail)
        )
    return result


def _secret(ctx: Context, account: Account, purpose: CodePurpose) -> str:
    return otp.derive_secret(ctx.settings.secret_key, account.id, purpose)
