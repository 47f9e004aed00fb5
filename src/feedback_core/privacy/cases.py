"""Exporting a citizen's personal data, and deleting their account.

What a deletion keeps, and why: the citizen's reports, as the agencies' record of what
was asked and answered (an administrative record the agencies must keep), but each one
with a new random reporter id of its own, so no report leads to the person nor to their
other reports. The audit trail keeps that an account (by its id, which then names no one)
was deleted and when. Everything else is erased in the same transaction: the account
record (phone number, name, e-mail, national id, address, password hash, preferences),
its sessions and its one-time code states. The send counts of its numbers stay for the
daily cap: they are kept under a keyed digest of the number, never the number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from feedback_core.accounts import audit, events
from feedback_core.accounts.confirmation import confirm_password, typed_password
from feedback_core.accounts.model import Account, Role
from feedback_core.errors import InvalidCredentials, ValidationError
from feedback_core.messages import message
from feedback_core.paging import Cursor
from feedback_core.reports.model import ReportQuery
from feedback_core.serialization import converter
from feedback_core.work import actor

if TYPE_CHECKING:
    from feedback_core.accounts.sessions import Session
    from feedback_core.reports.model import Report
    from feedback_core.work import Context, UnitOfWork

EXPORT_FORMAT: Final = "feedback-core/personal-data/1"
_BATCH: Final = 200  # reports read per page while exporting or unlinking


def export_personal_data(ctx: Context, actor_id: object) -> dict[str, Any]:
    """Everything stored about the citizen acting, as one JSON-ready document.

    The account (without its password hash), its live and expired sessions (never a
    token), its reports with their history and media list, and the audit records about it.
    """
    with ctx.transaction() as tx:
        account = _citizen(tx, actor_id)
        reports = _reports_of(tx, account)
        document: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "exported_at": converter.unstructure(ctx.clock.now()),
            "account": _account(account),
            "sessions": [_session(s) for s in tx.sessions.of_account(account.id)],
            "reports": [
                {
                    "report": converter.unstructure(report),
                    "history": converter.unstructure(tx.reports.history(report.id)),
                }
                for report in reports
            ],
            "audit": converter.unstructure(tx.audit.about(account.id)),
        }
    if ctx.media is not None:  # outside the transaction: the store is not the database
        for entry, report in zip(document["reports"], reports, strict=True):
            entry["media"] = converter.unstructure(ctx.media.items(report.id))
    return document


def delete_account(ctx: Context, actor_id: object, password: object) -> None:
    """The citizen leaves: their personal data erased, their reports kept but unlinked.

    The password is asked again (a wrong one counts like a failed login). The phone
    number is free to register again at once.
    """
    typed = typed_password("password", password)
    with ctx.transaction() as tx:
        account = _citizen(tx, actor_id)
        confirmed = confirm_password(ctx, tx, account, typed)
        if confirmed is not None:
            _erase(ctx, tx, confirmed)
    if confirmed is None:  # raised after the commit: the failure stays counted
        raise InvalidCredentials(message("invalid_credentials"), field="password")


def _erase(ctx: Context, tx: UnitOfWork, account: Account) -> None:
    now = ctx.clock.now()
    tx.reports.unlink_reporter(account.id)
    tx.sessions.remove_of_account(account.id)
    # Code states go (a pending phone change names the new number); the send counts stay:
    # they hold a keyed digest, not the number, and the daily cap must outlive the account.
    tx.codes.forget(account.id, ())
    tx.accounts.remove(account.id)
    tx.emit([events.AccountDeleted(at=now, account_id=account.id)])
    tx.audit.add(audit.record(now, audit.AuditAction.ACCOUNT_DELETED, account.id, account.id))


def _citizen(tx: UnitOfWork, actor_id: object) -> Account:
    account = actor(tx, actor_id)
    if account.role is not Role.CITIZEN:
        raise ValidationError.single("actor", "citizens_only")
    return account


def _reports_of(tx: UnitOfWork, account: Account) -> list[Report]:
    query = ReportQuery(reporter_id=account.id)
    found: list[Report] = []
    while batch := tx.reports.page(query, _cursor(found), _BATCH):
        found.extend(batch)
        if len(batch) < _BATCH:
            break
    return found


def _cursor(found: list[Report]) -> Cursor | None:
    return Cursor(found[-1].submitted_at, found[-1].id) if found else None


def _account(account: Account) -> dict[str, Any]:
    data: dict[str, Any] = converter.unstructure(account)
    del data["password_hash"]  # not the person's data, and of use to no one outside
    return data


def _session(session: Session) -> dict[str, Any]:
    data: dict[str, Any] = converter.unstructure(session)
    del data["token_hash"]
    return data
