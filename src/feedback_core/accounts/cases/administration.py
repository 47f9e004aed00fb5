"""What administrators do to existing accounts: disable, enable, passwords, units, roles.

Every action is written to the audit trail in its own transaction. Two rules hold at
every step: an active administrator always remains (the last one can be neither disabled
nor demoted), and a unit's approver is its leader account, "<unit>_pheduyet", alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from feedback_core import fields
from feedback_core.accounts import audit, events
from feedback_core.accounts.audit import AuditAction, AuditRecord
from feedback_core.accounts.cases.login import login_key
from feedback_core.accounts.confirmation import replace_password
from feedback_core.accounts.model import APPROVER_SUFFIX, UNIT_ROLES, Account, Role, Unit
from feedback_core.accounts.passwords import check_password_rules
from feedback_core.accounts.permissions import Action, require
from feedback_core.errors import Conflict, ValidationError
from feedback_core.messages import message
from feedback_core.paging import Cursor, Page, page_request
from feedback_core.work import actor, not_found

if TYPE_CHECKING:
    from feedback_core.work import Context, UnitOfWork


def find_account(ctx: Context, actor_id: object, login_id: object) -> Account:
    """An administrator looks an account up by its login ID (any written form of a phone)."""
    key = login_key(login_id)
    with ctx.transaction() as tx:
        require(actor(tx, actor_id), Action.MANAGE_ACCOUNTS)
        found = tx.accounts.by_login_id(key)
    if found is None:
        raise not_found("account", "login_id")
    return found


def disable_account(ctx: Context, actor_id: object, account_id: object) -> Account:
    """Disable an account: it cannot log in, its sessions end at once, its work stays."""
    with ctx.transaction() as tx:
        admin, account = _admin_and_subject(tx, actor_id, account_id)
        if account.disabled:
            return account
        if account.role is Role.ADMIN:
            _keep_an_admin(tx, account)
        account = attrs.evolve(account, disabled=True)
        tx.accounts.update(account)
        tx.sessions.remove_of_account(account.id)
        _done(ctx, tx, admin, account, AuditAction.ACCOUNT_DISABLED)
        tx.emit([events.AccountDisabled(at=ctx.clock.now(), account_id=account.id)])
        return account


def enable_account(ctx: Context, actor_id: object, account_id: object) -> Account:
    """Enable a disabled account again, with the status it had."""
    with ctx.transaction() as tx:
        admin, account = _admin_and_subject(tx, actor_id, account_id)
        if not account.disabled:
            return account
        account = attrs.evolve(account, disabled=False)
        tx.accounts.update(account)
        _done(ctx, tx, admin, account, AuditAction.ACCOUNT_ENABLED)
        tx.emit([events.AccountEnabled(at=ctx.clock.now(), account_id=account.id)])
        return account


def set_official_password(
    ctx: Context, actor_id: object, account_id: object, new_password: object
) -> Account:
    """Give an official a new password (told to them out of band); its sessions end."""
    password = check_password_rules(new_password, "new_password")
    with ctx.transaction() as tx:
        admin, account = _admin_and_subject(tx, actor_id, account_id)
        _official(account)
        account = replace_password(ctx, tx, account, password)
        _done(ctx, tx, admin, account, AuditAction.PASSWORD_SET)
        tx.emit([events.PasswordChanged(at=ctx.clock.now(), account_id=account.id)])
        return account


def move_official(ctx: Context, actor_id: object, account_id: object, unit_code: object) -> Account:
    """Move a unit's staff member to another unit (a unit leader account stays with its unit)."""
    code = fields.text("unit_code", unit_code, limit=30)
    with ctx.transaction() as tx:
        admin, account = _admin_and_subject(tx, actor_id, account_id)
        if account.role is Role.UNIT_APPROVER:
            raise ValidationError.single("account_id", "approver_stays")
        if account.role is not Role.UNIT_STAFF:
            raise ValidationError.single("account_id", "no_unit_for_role")
        unit = _unit(tx, code)
        if unit.id == account.unit_id:
            return account
        account = attrs.evolve(account, unit_id=unit.id)
        tx.accounts.update(account)
        _done(ctx, tx, admin, account, AuditAction.OFFICIAL_MOVED, unit=unit.code)
        tx.emit([events.OfficialChanged(at=ctx.clock.now(), account_id=account.id)])
        return account


def change_role(
    ctx: Context, actor_id: object, account_id: object, role: object, unit_code: object = None
) -> Account:
    """Give an official another role; a unit role needs its unit (the current one if kept).

    Only a unit's leader account, "<unit>_pheduyet", may be its approver; the last active
    administrator keeps the role.
    """
    new_role = fields.choice("role", role, Role)
    if new_role is Role.CITIZEN:
        raise ValidationError.single("role", "officials_only")
    with ctx.transaction() as tx:
        admin, account = _admin_and_subject(tx, actor_id, account_id)
        _official(account)
        unit = _unit_of_role(tx, account, new_role, unit_code)
        if new_role is Role.UNIT_APPROVER and unit is not None:
            _leader_account(account, unit)
        if account.role is Role.ADMIN and new_role is not Role.ADMIN:
            _keep_an_admin(tx, account)
        changed = attrs.evolve(account, role=new_role, unit_id=unit.id if unit else None)
        if changed == account:
            return account
        tx.accounts.update(changed)
        detail = {"role": new_role.value, **({"unit": unit.code} if unit else {})}
        _done(ctx, tx, admin, changed, AuditAction.ROLE_CHANGED, **detail)
        tx.emit([events.OfficialChanged(at=ctx.clock.now(), account_id=account.id)])
        return changed


def audit_trail(
    ctx: Context, actor_id: object, after: object = None, limit: object = 50
) -> Page[AuditRecord]:
    """The audit trail, newest first, one page at a time (administrators only)."""
    cursor, size = page_request(after, limit)
    with ctx.transaction() as tx:
        require(actor(tx, actor_id), Action.READ_AUDIT)
        rows = tx.audit.page(cursor, size + 1)
    shown = tuple(rows[:size])
    more = len(rows) > size
    return Page(shown, Cursor(shown[-1].at, shown[-1].id) if more else None)


def _admin_and_subject(
    tx: UnitOfWork, actor_id: object, account_id: object
) -> tuple[Account, Account]:
    admin = actor(tx, actor_id)
    require(admin, Action.MANAGE_ACCOUNTS)
    found = tx.accounts.get(fields.identifier("account_id", account_id))
    if found is None:
        raise not_found("account", "account_id")
    # Read again by login ID: that read holds the row's lock until the commit.
    return admin, tx.accounts.by_login_id(found.login_id) or found


def _official(account: Account) -> None:
    if account.role is Role.CITIZEN:
        # A citizen resets their own password by SMS; nobody else learns it.
        raise ValidationError.single("account_id", "officials_only")


def _unit(tx: UnitOfWork, code: str) -> Unit:
    unit = tx.units.by_code(code)
    if unit is None:
        raise not_found("unit", "unit_code")
    return unit


def _unit_of_role(tx: UnitOfWork, account: Account, role: Role, unit_code: object) -> Unit | None:
    if role not in UNIT_ROLES:
        if unit_code is not None:
            raise ValidationError.single("unit_code", "no_unit_for_role")
        return None
    if unit_code is not None:
        return _unit(tx, fields.text("unit_code", unit_code, limit=30))
    current = tx.units.get(account.unit_id) if account.unit_id else None
    if current is None:
        raise ValidationError.single("unit_code", "required")
    return current


def _leader_account(account: Account, unit: Unit) -> None:
    leader = unit.code + APPROVER_SUFFIX
    if account.login_id != leader:
        raise ValidationError.single("role", "approver_name", login=leader)


def _keep_an_admin(tx: UnitOfWork, leaving: Account) -> None:
    """Refuse to take away the last active administrator.

    Every administrator's row is read with its lock, in login-ID order (so two such
    changes at once take turns instead of deadlocking, and cannot both pass).
    """
    others = [
        locked
        for admin in tx.accounts.admins()
        if admin.id != leaving.id
        and (locked := tx.accounts.by_login_id(admin.login_id)) is not None
        and locked.is_active
    ]
    if not others:
        raise Conflict(message("last_admin"), field="account_id")


def _done(
    ctx: Context,
    tx: UnitOfWork,
    admin: Account,
    subject: Account,
    action: AuditAction,
    **detail: str,
) -> None:
    tx.audit.add(audit.record(ctx.clock.now(), action, admin.id, subject.id, **detail))
