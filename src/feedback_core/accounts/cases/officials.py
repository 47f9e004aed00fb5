"""Officials and units: the first administrator, agency units and their accounts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from feedback_core import fields
from feedback_core.accounts import audit, events
from feedback_core.accounts.model import (
    APPROVER_SUFFIX,
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
from feedback_core.accounts.phone import is_phone_like
from feedback_core.errors import (
    Conflict,
    ValidationError,
)
from feedback_core.messages import message
from feedback_core.work import Context, actor, new_id, not_found

if TYPE_CHECKING:
    from feedback_core.work import UnitOfWork


_USERNAME: Final = re.compile(r"[a-z][a-z0-9_]{2,63}")
UNIT_CODE_MIN: Final = 2  # the shortest code UNIT_CODE matches: too short is said as such
OFFICIAL_FIELDS: Final = ("role", "password", "unit_code", "username", "full_name")


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
        admin = actor(tx, actor_id)
        require(admin, Action.MANAGE_UNITS)
        unit = Unit(new_id(), unit_code, unit_name, ctx.clock.now())
        tx.units.add(unit)
        tx.emit([events.UnitCreated(at=unit.created_at, unit_id=unit.id, code=unit.code)])
        action = audit.AuditAction.UNIT_CREATED
        tx.audit.add(audit.record(unit.created_at, action, admin.id, None, unit=unit.code))
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
        admin = actor(tx, actor_id)
        require(admin, Action.MANAGE_UNITS)
        unit = _unit_for(tx, official_role, form.get("unit_code"))
        name = _official_username(official_role, unit, form.get("username"))
        official = _add_official(ctx, tx, name, secret, official_role, unit, profile)
        detail = {"role": official_role.value, **({"unit": unit.code} if unit else {})}
        action = audit.AuditAction.OFFICIAL_CREATED
        tx.audit.add(audit.record(official.created_at, action, admin.id, official.id, **detail))
        return official


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
    if role is Role.UNIT_APPROVER and unit is not None:
        # The unit's leader account is its only approver, so its name is fixed.
        leader = unit.code + APPROVER_SUFFIX
        if username is not None and username != leader:
            raise ValidationError.single("username", "approver_name", login=leader)
        return leader
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
