"""Changes a citizen makes to their own account: password, phone number, profile."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from feedback_core import fields
from feedback_core.accounts import audit, events
from feedback_core.accounts import codes as otp
from feedback_core.accounts.cases.one_time import check_code, send_code
from feedback_core.accounts.codes import CodePurpose
from feedback_core.accounts.confirmation import confirm_password, typed_password
from feedback_core.accounts.input import check_profile_changes
from feedback_core.accounts.model import Account, Role
from feedback_core.accounts.passwords import check_password_rules
from feedback_core.accounts.phone import normalize_phone
from feedback_core.errors import CodeDead, Conflict, InvalidCredentials, ValidationError
from feedback_core.messages import message
from feedback_core.work import actor

if TYPE_CHECKING:
    from feedback_core.work import Context, UnitOfWork


def change_password(
    ctx: Context,
    actor_id: object,
    current_password: object,
    new_password: object,
    keep_session: object = None,
) -> Account:
    """Change one's password, the current one required; every other session ends.

    ``keep_session`` is the id of the session the change is made from, which stays open. A
    wrong current password counts as a failed login (so this is no way around throttling).
    """
    current = typed_password("current_password", current_password)
    password = check_password_rules(new_password, "new_password")
    kept = None if keep_session is None else fields.identifier("keep_session", keep_session)
    with ctx.transaction() as tx:
        account = confirm_password(ctx, tx, actor(tx, actor_id), current)
        if account is not None:
            now = ctx.clock.now()
            account = attrs.evolve(account, password_hash=ctx.hasher.hash(password))
            tx.accounts.update(account)
            for session in tx.sessions.of_account(account.id):
                if session.id != kept:
                    tx.sessions.remove(session.id)
            tx.emit([events.PasswordChanged(at=now, account_id=account.id)])
            tx.audit.add(
                audit.record(now, audit.AuditAction.PASSWORD_CHANGED, account.id, account.id)
            )
    if account is None:  # raised after the commit: the failure stays counted
        raise InvalidCredentials(message("invalid_credentials"), field="current_password")
    return account


def request_phone_change(
    ctx: Context, actor_id: object, new_phone: object, password: object
) -> None:
    """Text a code to the new number; the login ID changes only when the code comes back."""
    number = normalize_phone(new_phone, field="new_phone")
    current = typed_password("password", password)
    with ctx.transaction() as tx:
        account = confirm_password(ctx, tx, _citizen(tx, actor_id), current)
        if account is not None:
            if account.phone == number:
                raise ValidationError.single("new_phone", "same_phone")
            _number_free(tx, number)
            send_code(ctx, tx, account, CodePurpose.PHONE, number)
    if account is None:
        raise InvalidCredentials(message("invalid_credentials"), field="password")


def confirm_phone_change(ctx: Context, actor_id: object, code: object) -> Account:
    """The code texted to the new number makes it the login ID; the old number is told."""
    guess = otp.check_code_format(code)
    with ctx.transaction() as tx:
        account = _citizen(tx, actor_id)
        result = check_code(ctx, tx, account, CodePurpose.PHONE, guess)
        if result.succeeded:
            account = _move_to(ctx, tx, account, result.state.target)
    if result.error is not None:
        raise result.error
    return account


def update_profile(ctx: Context, actor_id: object, form: Mapping[str, object]) -> Account:
    """Correct one's name, e-mail, national id or address, checked as at registration."""
    if not isinstance(form, Mapping):
        raise ValidationError.single("form", "wrong_type", expected="a mapping of fields")
    with ctx.transaction() as tx:
        account = _citizen(tx, actor_id)
        profile = check_profile_changes(form, ctx.settings.registration, account.profile)
        if profile != account.profile:
            now = ctx.clock.now()
            account = attrs.evolve(account, profile=profile)
            tx.accounts.update(account)
            tx.emit([events.ProfileUpdated(at=now, account_id=account.id)])
            changed = ",".join(sorted(form))
            record = audit.record(
                now, audit.AuditAction.PROFILE_UPDATED, account.id, account.id, fields=changed
            )
            tx.audit.add(record)
        return account


def _move_to(ctx: Context, tx: UnitOfWork, account: Account, number: str | None) -> Account:
    if number is None:  # a PHONE state always names its number; an old record may not
        raise CodeDead(message("code_dead"), field="code")
    _number_free(tx, number)
    now = ctx.clock.now()
    moved = attrs.evolve(account, login_id=number, phone=number, previous_phone=account.phone)
    tx.accounts.update(moved)
    tx.emit([events.PhoneChanged(at=now, recipient_id=account.id)])
    tx.audit.add(audit.record(now, audit.AuditAction.PHONE_CHANGED, account.id, account.id))
    return moved


def _number_free(tx: UnitOfWork, number: str) -> None:
    if tx.accounts.by_login_id(number) is not None:
        raise Conflict(message("already_exists", entity="account"), field="new_phone")


def _citizen(tx: UnitOfWork, actor_id: object) -> Account:
    account = actor(tx, actor_id)
    if account.role is not Role.CITIZEN:
        # Officials have no phone login: an administrator manages their accounts.
        raise ValidationError.single("actor", "citizens_only")
    return account
