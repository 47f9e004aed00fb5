"""The in-memory repositories: plain dicts, written through the transaction's undo log."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, TypeVar

import attrs

from feedback_core.accounts.codes import CodePurpose, CodeState
from feedback_core.accounts.model import Account, Role, Unit
from feedback_core.alerts.model import Alert, AlertStatus
from feedback_core.errors import Conflict
from feedback_core.messages import message
from feedback_memory.tables import Repository

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    import pendulum

    from feedback_core.paging import Cursor
    from feedback_core.reports.model import HistoryEntry, Report, ReportQuery

T = TypeVar("T")
_EVER_APPROVED = frozenset({AlertStatus.APPROVED, AlertStatus.CANCELLED, AlertStatus.SUPERSEDED})


def _conflict(entity: str) -> Conflict:
    return Conflict(message("conflict", entity=entity), field="version")


def newest_first(
    rows: Iterable[T],
    key: Callable[[T], tuple[pendulum.DateTime, uuid.UUID]],
    after: Cursor | None,
    limit: int,
) -> list[T]:
    """Up to ``limit`` rows, newest first by ``key`` (ties by id, the higher first), after it."""
    ordered = sorted(rows, key=key, reverse=True)
    if after is not None:
        ordered = [r for r in ordered if key(r) < (after.at, after.id)]
    return ordered[:limit]


class MemoryAccounts(Repository):
    """Accounts."""

    def add(self, account: Account) -> None:
        """Store a new account; Conflict if the login ID is taken."""
        if account.login_id in self._t.login_ids:
            raise Conflict(message("already_exists", entity="account"), field="login_id")
        self._log.put(self._t.login_ids, account.login_id, account.id)
        self._log.put(self._t.accounts, account.id, account)

    def get(self, account_id: uuid.UUID) -> Account | None:
        """The account, or None."""
        return self._t.accounts.get(account_id)

    def by_login_id(self, login_id: str) -> Account | None:
        """The account with this login ID, or None."""
        account_id = self._t.login_ids.get(login_id)
        return None if account_id is None else self._t.accounts[account_id]

    def update(self, account: Account) -> None:
        """Replace the stored account, moving its login ID; Conflict if that is taken."""
        stored = self._t.accounts.get(account.id)
        if stored is None:
            return
        if self._t.login_ids.get(account.login_id, account.id) != account.id:
            raise Conflict(message("already_exists", entity="account"), field="login_id")
        if stored.login_id != account.login_id:
            self._log.drop(self._t.login_ids, stored.login_id)
            self._log.put(self._t.login_ids, account.login_id, account.id)
        self._log.put(self._t.accounts, account.id, account)

    def remove(self, account_id: uuid.UUID) -> bool:
        """Erase the account; whether it was there. Its login ID is free again."""
        account = self._t.accounts.get(account_id)
        if account is None:
            return False
        self._log.drop(self._t.login_ids, account.login_id)
        return self._log.drop(self._t.accounts, account_id)

    def has_admin(self) -> bool:
        """Whether an administrator exists."""
        return any(a.role is Role.ADMIN for a in self._t.accounts.values())

    def admins(self) -> list[Account]:
        """Every administrator, by login ID."""
        found = (a for a in self._t.accounts.values() if a.role is Role.ADMIN)
        return sorted(found, key=lambda a: a.login_id)


class MemoryUnits(Repository):
    """Units."""

    def add(self, unit: Unit) -> None:
        """Store a new unit; Conflict if the code is taken."""
        if unit.code in self._t.unit_codes:
            raise Conflict(message("already_exists", entity="unit"), field="code")
        self._log.put(self._t.unit_codes, unit.code, unit.id)
        self._log.put(self._t.units, unit.id, unit)

    def get(self, unit_id: uuid.UUID) -> Unit | None:
        """The unit, or None."""
        return self._t.units.get(unit_id)

    def by_code(self, code: str) -> Unit | None:
        """The unit with this code, or None."""
        unit_id = self._t.unit_codes.get(code)
        return None if unit_id is None else self._t.units[unit_id]

    def all(self) -> list[Unit]:
        """Every unit, by code."""
        return sorted(self._t.units.values(), key=lambda u: u.code)


class MemoryCodes(Repository):
    """One-time codes per account and purpose; the store's lock is the row lock."""

    def lock(self, account_id: uuid.UUID, purpose: CodePurpose) -> CodeState:
        """The state for ``purpose``, or a fresh one."""
        found = self._t.codes.get((account_id, purpose))
        return CodeState(account_id, purpose=purpose) if found is None else found

    def save(self, state: CodeState) -> None:
        """Write the state, under its account and purpose."""
        self._log.put(self._t.codes, (state.account_id, state.purpose), state)

    def forget(self, account_id: uuid.UUID, phones: Sequence[str]) -> None:
        """Erase the account's states of every purpose and every send to ``phones``."""
        for purpose in CodePurpose:
            self._log.drop(self._t.codes, (account_id, purpose))
        for phone in phones:
            self._log.drop(self._t.sends, phone)

    def sends_since(self, phone: str, since: pendulum.DateTime) -> list[pendulum.DateTime]:
        """Send times after ``since``."""
        return [t for t in self._t.sends.get(phone, ()) if t > since]

    def record_send(self, phone: str, at: pendulum.DateTime) -> None:
        """Count one send."""
        self._log.put(self._t.sends, phone, (*self._t.sends.get(phone, ()), at))


class MemoryReports(Repository):
    """Reports and their history."""

    def add(self, report: Report, entry: HistoryEntry) -> None:
        """Store a new report."""
        if report.id in self._t.reports:
            raise Conflict(message("already_exists", entity="report"), field="report_id")
        self._log.put(self._t.reports, report.id, report)
        self._log.put(self._t.history, report.id, (entry,))

    def get(self, report_id: uuid.UUID) -> Report | None:
        """The report, or None."""
        return self._t.reports.get(report_id)

    def update(self, report: Report, entry: HistoryEntry) -> None:
        """Store the next version, checking the one before."""
        stored = self._t.reports.get(report.id)
        # The reporter too, as in SQL: a copy read before its reporter was unlinked is stale.
        if (
            stored is None
            or stored.version != report.version - 1
            or stored.reporter_id != report.reporter_id
        ):
            raise _conflict("report")
        self._log.put(self._t.reports, report.id, report)
        self._log.put(self._t.history, report.id, (*self._t.history[report.id], entry))

    def history(self, report_id: uuid.UUID) -> list[HistoryEntry]:
        """Every entry, oldest first."""
        return list(self._t.history.get(report_id, ()))

    def page(self, query: ReportQuery, after: Cursor | None, limit: int) -> list[Report]:
        """Matching reports, newest first."""
        rows = (r for r in self._t.reports.values() if _matches(r, query))
        return newest_first(rows, lambda r: (r.submitted_at, r.id), after, limit)

    def unlink_reporter(self, reporter_id: uuid.UUID) -> int:
        """Give each of the reporter's reports, and its steps by the reporter, a new id."""
        mine = [r for r in self._t.reports.values() if r.reporter_id == reporter_id]
        for report in mine:
            new_id = uuid.uuid4()
            steps = tuple(
                attrs.evolve(e, actor_id=new_id) if e.actor_id == reporter_id else e
                for e in self._t.history[report.id]
            )
            self._log.put(self._t.reports, report.id, attrs.evolve(report, reporter_id=new_id))
            self._log.put(self._t.history, report.id, steps)
        return len(mine)


def _matches(report: Report, query: ReportQuery) -> bool:
    return (
        (query.reporter_id is None or report.reporter_id == query.reporter_id)
        and (query.unit_id is None or query.unit_id in report.units)
        and (query.status is None or report.status is query.status)
        and (not query.public_only or report.draft.public)
    )


class MemoryAlerts(Repository):
    """Alerts and their milestones."""

    def add(self, alert: Alert) -> None:
        """Store a new alert."""
        if alert.id in self._t.alerts:
            raise Conflict(message("already_exists", entity="alert"), field="alert_id")
        self._log.put(self._t.alerts, alert.id, alert)

    def get(self, alert_id: uuid.UUID) -> Alert | None:
        """The alert, or None."""
        return self._t.alerts.get(alert_id)

    def update(self, alert: Alert) -> None:
        """Store the next version, checking the one before."""
        stored = self._t.alerts.get(alert.id)
        if stored is None or stored.version != alert.version - 1:
            raise _conflict("alert")
        self._log.put(self._t.alerts, alert.id, alert)

    def active_at(self, t: pendulum.DateTime) -> list[Alert]:
        """Ever-approved alerts whose window contains ``t``."""
        return [
            a
            for a in self._t.alerts.values()
            if a.status in _EVER_APPROVED and a.content.start <= t < a.content.end
        ]

    def page(
        self,
        unit_id: uuid.UUID | None,
        status: AlertStatus | None,
        after: Cursor | None,
        limit: int,
    ) -> list[Alert]:
        """Alerts, newest created first."""
        rows = (
            a
            for a in self._t.alerts.values()
            if (unit_id is None or a.unit_id == unit_id) and (status is None or a.status is status)
        )
        return newest_first(rows, lambda a: (a.created_at, a.id), after, limit)

    def milestone_candidates(self, kind: str, now: pendulum.DateTime, limit: int) -> list[Alert]:
        """Ever-approved alerts past their start/end with the milestone unclaimed."""
        due = (
            a
            for a in self._t.alerts.values()
            if a.status in _EVER_APPROVED
            and (a.content.start if kind == "activated" else a.content.end) <= now
            and (a.id, kind) not in self._t.milestones
        )
        return sorted(due, key=lambda a: (a.content.start, a.id))[:limit]

    def claim_milestone(self, alert_id: uuid.UUID, kind: str) -> bool:
        """Record the milestone once."""
        if (alert_id, kind) in self._t.milestones:
            return False
        self._log.put(self._t.milestones, (alert_id, kind), value=True)
        return True


class MemoryMeta(Repository):
    """Facts about the store itself."""

    def get(self, name: str) -> str | None:
        """The value under ``name``, or None."""
        return self._t.meta.get(name)

    def put(self, name: str, value: str) -> None:
        """Store ``value`` under ``name``."""
        self._log.put(self._t.meta, name, value)
