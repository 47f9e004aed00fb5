"""Use cases of accounts: registration, activation by SMS code, login, officials and units."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import attrs

from feedback_core import fields
from feedback_core.accounts import codes as otp
from feedback_core.accounts import events
from feedback_core.accounts.input import check_registration
from feedback_core.accounts.model import (
    UNIT_CODE,
    UNIT_ROLES,
    Account,
    AccountStatus,
    Profile,
    Role,
    Unit,
)
from feedback_core.accounts.passwords import check_password_rules
from feedback_core.accounts.permissions import Action, require
from feedback_core.accounts.phone import is_phone_like, normalize_phone
from feedback_core.accounts.throttling import after_failed_login, after_good_login, is_blocked
from feedback_core.clock import earlier
from feedback_core.errors import (
    AccountLocked,
    AccountNotActive,
    Conflict,
    FeedbackError,
    InvalidCredentials,
    ValidationError,
)
from feedback_core.messages import message
from feedback_core.work import Context, actor, new_id, not_found

if TYPE_CHECKING:
    import pendulum

    from feedback_core.work import UnitOfWork


_USERNAME: Final = re.compile(r"[a-z][a-z0-9_]{2,63}")
APPROVER_SUFFIX: Final = "_pheduyet"  # "phê duyệt": approve
UNIT_CODE_MIN: Final = 2  # the shortest code UNIT_CODE matches: too short is said as such
OFFICIAL_FIELDS: Final = ("role", "password", "unit_code", "username", "full_name")


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
        state = tx.codes.lock(account.id)
        secret = otp.derive_secret(ctx.settings.secret_key, account.id)
        now = ctx.clock.now()
        result = otp.verify(state, secret, guess, now, ctx.settings.activation)
        tx.codes.save(result.state)
        account = _after_verification(tx, account, result, now)
    # Raised after commit: a wrong guess must stay counted.
    if result.error is not None:
        raise result.error
    return account


def login(ctx: Context, login_id: object, password: object) -> Account:
    """The account for these credentials; one answer for every kind of failure."""
    key = _login_key(login_id)
    if not isinstance(password, str):
        raise ValidationError.single("password", "wrong_type", expected="text")
    with ctx.transaction() as tx:
        account = tx.accounts.by_login_id(key)
        failure = _check_password(ctx, tx, account, password)
    if failure is not None:
        raise failure
    assert account is not None  # noqa: S101 - no failure means the account exists
    if account.status is not AccountStatus.ACTIVE:
        raise AccountNotActive(message("account_not_active"), field="login_id")
    return account


def bootstrap_admin(ctx: Context, username: object, password: object) -> Account:
    """Create the first administrator; refused once one exists.

    Conflict on "username": ``already_exists`` (entity "admin") when this administrator
    is the one there, ``admin_exists`` naming the one there when it is another.
    """
    name = _username("username", username, "")
    secret = check_password_rules(password)
    with ctx.transaction() as tx:
        if admins := [a.login_id for a in tx.accounts.admins()]:
            if name in admins:
                raise Conflict(message("already_exists", entity="admin"), field="username")
            raise Conflict(message("admin_exists", login=", ".join(admins)), field="username")
        return _add_official(ctx, tx, name, secret, Role.ADMIN, None, Profile())


def create_unit(ctx: Context, actor_id: object, code: object, name: object) -> Unit:
    """An administrator adds an agency unit, e.g. code "sotnmt"."""
    unit_code = fields.text("code", code, limit=30)
    if len(unit_code) < UNIT_CODE_MIN:
        raise ValidationError.single("code", "too_short", limit=UNIT_CODE_MIN)
    if not UNIT_CODE.fullmatch(unit_code):
        raise ValidationError.single("code", "invalid_unit_code")
    unit_name = fields.text("name", name, limit=200)
    with ctx.transaction() as tx:
        require(actor(tx, actor_id), Action.MANAGE_UNITS)
        unit = Unit(new_id(), unit_code, unit_name, ctx.clock.now())
        tx.units.add(unit)
        tx.emit([events.UnitCreated(at=unit.created_at, unit_id=unit.id, code=unit.code)])
        return unit


def create_official(ctx: Context, actor_id: object, **form: object) -> Account:
    """An administrator adds an operator, admin or unit account (approver: "<unit>_pheduyet").

    Fields: role, password, unit_code, username, full_name.
    """
    fields.only_known(form, OFFICIAL_FIELDS)
    official_role = fields.choice("role", form.get("role"), Role)
    if official_role is Role.CITIZEN:
        raise ValidationError.single(
            "role", "invalid_choice", choices="operator, unit_staff, unit_approver, admin"
        )
    secret = check_password_rules(form.get("password"))
    profile = Profile(full_name=fields.optional_text("full_name", form.get("full_name"), limit=200))
    with ctx.transaction() as tx:
        require(actor(tx, actor_id), Action.MANAGE_UNITS)
        unit = _unit_for(tx, official_role, form.get("unit_code"))
        name = _official_username(official_role, unit, form.get("username"))
        return _add_official(ctx, tx, name, secret, official_role, unit, profile)


def units(ctx: Context) -> list[Unit]:
    """Every unit, by code."""
    with ctx.transaction() as work:
        return work.units.all()


def _unit_for(tx: UnitOfWork, role: Role, unit_code: object) -> Unit | None:
    if role not in UNIT_ROLES:
        if unit_code is not None:
            raise ValidationError.single("unit_code", "no_unit_for_role")
        return None
    code = fields.text("unit_code", unit_code, limit=30)
    unit = tx.units.by_code(code)
    if unit is None:
        raise not_found("unit", "unit_code")
    return unit


def _official_username(role: Role, unit: Unit | None, username: object) -> str:
    prefix = f"{unit.code}_" if unit is not None else ""
    if username is None and role is Role.UNIT_APPROVER and unit is not None:
        return unit.code + APPROVER_SUFFIX
    return _username("username", username, prefix)


def _username(field: str, value: object, prefix: str) -> str:
    name = fields.text(field, value, limit=64)
    if not _USERNAME.fullmatch(name) or not name.startswith(prefix) or is_phone_like(name):
        raise ValidationError.single(field, "invalid_username", prefix=prefix or "a letter")
    return name


def _add_official(
    ctx: Context,
    tx: UnitOfWork,
    name: str,
    password: str,
    role: Role,
    unit: Unit | None,
    profile: Profile,
) -> Account:
    now = ctx.clock.now()
    account = Account(
        new_id(),
        name,
        role,
        AccountStatus.ACTIVE,
        ctx.hasher.hash(password),
        now,
        profile,
        unit_id=unit.id if unit else None,
    )
    if tx.accounts.by_login_id(name) is not None:
        raise Conflict(message("already_exists", entity="account"), field="username")
    tx.accounts.add(account)
    tx.emit([events.OfficialAccountCreated(at=now, account_id=account.id)])
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
    now = ctx.clock.now()
    policy = ctx.settings.activation
    state = tx.codes.lock(account.id)
    otp.check_send(
        state, tx.codes.sends_since(account.phone, earlier(now, policy.send_window)), now, policy
    )
    state = otp.issue(state, now)
    tx.codes.save(state)
    tx.codes.record_send(account.phone, now)
    tx.emit([events.ActivationCodeSent(at=now, account_id=account.id)])
    code = otp.code_at(otp.derive_secret(ctx.settings.secret_key, account.id), state.counter)
    minutes = int(policy.ttl.total_seconds() // 60)
    # Sent inside the transaction: if the gateway fails, the send is not counted and the
    # old code stays valid; if the commit fails after sending, the texted code is simply
    # not the stored one and the citizen asks again.
    ctx.sms.send(account.phone, ctx.settings.sms_template.format(code=code, minutes=minutes))


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


def _login_key(login_id: object) -> str:
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
        tx.accounts.update(after_failed_login(account, now, ctx.settings.login))
        return InvalidCredentials(message("invalid_credentials"), field="login_id")
    updated = after_good_login(account)
    if ctx.hasher.needs_rehash(account.password_hash):
        updated = attrs.evolve(updated, password_hash=ctx.hasher.hash(password))
    if updated != account:
        tx.accounts.update(updated)
    return None
