"""Who may do what: one table of grants, checked by one pure function."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Final

import attrs

from feedback_core.accounts.model import Account, Role
from feedback_core.errors import PermissionDenied
from feedback_core.messages import message

if TYPE_CHECKING:
    import uuid
    from collections.abc import Collection, Mapping


class Action(enum.StrEnum):
    """Every guarded use case."""

    MANAGE_UNITS = "manage_units"
    MANAGE_API_KEYS = "manage_api_keys"  # the keys of applications that post Open311 requests
    MANAGE_ACCOUNTS = "manage_accounts"  # disable, enable, passwords, units and roles
    READ_AUDIT = "read_audit"
    SUBMIT_REPORT = "submit_report"
    ACCEPT_REPORT = "accept_report"
    REFUSE_REPORT = "refuse_report"
    ASSIGN_REPORT = "assign_report"
    RETURN_REPORT = "return_report"
    START_REPORT = "start_report"
    RESOLVE_REPORT = "resolve_report"
    REOPEN_REPORT = "reopen_report"
    RATE_REPORT = "rate_report"
    CLOSE_REPORT = "close_report"
    READ_REPORT = "read_report"
    LIST_ALL_REPORTS = "list_all_reports"
    WRITE_ALERT = "write_alert"  # create, edit, submit, supersede-by-draft
    APPROVE_ALERT = "approve_alert"  # approve, reject, cancel


class Scope(enum.Enum):
    """How the actor must relate to the thing acted on."""

    ANY = "any"
    OWN_UNIT = "own_unit"  # the actor's unit is among the target's units
    OWNER = "owner"  # the actor is the report's author


@attrs.frozen
class Grant:
    """These roles may act, within this scope."""

    roles: frozenset[Role]
    scope: Scope


R = Role
_UNIT = frozenset({R.UNIT_STAFF, R.UNIT_APPROVER})
_OPERATOR = Grant(frozenset({R.OPERATOR}), Scope.ANY)
_REPORTER = Grant(frozenset({R.CITIZEN}), Scope.OWNER)
_HANDLING_UNIT = Grant(_UNIT, Scope.OWN_UNIT)

GRANTS: Final[Mapping[Action, tuple[Grant, ...]]] = {
    Action.MANAGE_UNITS: (Grant(frozenset({R.ADMIN}), Scope.ANY),),
    Action.MANAGE_API_KEYS: (Grant(frozenset({R.ADMIN}), Scope.ANY),),
    Action.MANAGE_ACCOUNTS: (Grant(frozenset({R.ADMIN}), Scope.ANY),),
    Action.READ_AUDIT: (Grant(frozenset({R.ADMIN}), Scope.ANY),),
    Action.SUBMIT_REPORT: (Grant(frozenset({R.CITIZEN}), Scope.ANY),),
    Action.ACCEPT_REPORT: (_OPERATOR,),
    Action.REFUSE_REPORT: (_OPERATOR,),
    Action.ASSIGN_REPORT: (_OPERATOR,),
    Action.RETURN_REPORT: (_HANDLING_UNIT,),
    Action.START_REPORT: (_HANDLING_UNIT,),
    Action.RESOLVE_REPORT: (_HANDLING_UNIT,),
    Action.REOPEN_REPORT: (_REPORTER,),
    Action.RATE_REPORT: (_REPORTER,),
    Action.CLOSE_REPORT: (_OPERATOR, _REPORTER),
    # docs/rules.md: a private report is visible to its reporter and the units handling it;
    # operators must read reports to route them. Administrators manage accounts only.
    Action.READ_REPORT: (_OPERATOR, _REPORTER, _HANDLING_UNIT),
    Action.LIST_ALL_REPORTS: (_OPERATOR,),
    Action.WRITE_ALERT: (_HANDLING_UNIT,),
    Action.APPROVE_ALERT: (Grant(frozenset({R.UNIT_APPROVER}), Scope.OWN_UNIT),),
}


def may(
    actor: Account,
    action: Action,
    *,
    units: Collection[uuid.UUID] = (),
    owner_id: uuid.UUID | None = None,
) -> bool:
    """Whether an active ``actor`` may do ``action`` to a target held by ``units``/``owner_id``."""
    if not actor.is_active:
        return False
    return any(_fits(actor, grant, units, owner_id) for grant in GRANTS[action])


def require(
    actor: Account,
    action: Action,
    *,
    units: Collection[uuid.UUID] = (),
    owner_id: uuid.UUID | None = None,
) -> None:
    """Raise PermissionDenied (on field "actor") unless `may` allows it."""
    if not may(actor, action, units=units, owner_id=owner_id):
        raise PermissionDenied(message("permission_denied", action=action.value), field="actor")


def _fits(
    actor: Account, grant: Grant, units: Collection[uuid.UUID], owner_id: uuid.UUID | None
) -> bool:
    if actor.role not in grant.roles:
        return False
    if grant.scope is Scope.OWN_UNIT:
        return actor.unit_id is not None and actor.unit_id in units
    if grant.scope is Scope.OWNER:
        return owner_id is not None and actor.id == owner_id
    return True
