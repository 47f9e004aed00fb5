"""The in-memory repositories: plain dicts, written through the transaction's undo log."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from feedback_core.accounts.codes import CodeState
from feedback_core.accounts.model import Account, Role, Unit
from feedback_core.alerts.model import Alert, AlertStatus
from feedback_core.errors import Conflict
from feedback_core.messages import message
from feedback_memory.tables import Repository

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable, Iterable

    import pendulum

    from feedback_core.accounts.sessions import Session
    from feedback_core.paging import Cursor
    from feedback_core.reports.model import HistoryEntry, Report, ReportQuery

T = TypeVar("T")
_EVER_APPROVED = frozenset({AlertStatus.APPROVED, AlertStatus.CANCELLED, AlertStatus.SUPERSEDED})


def _conflict(entity: str) -> Conflict:
    return Conflict(message("conflict", entity=entity), field="version")


def _newest_first(
    rows: Iterable[T],
    key: Callable[[T], tuple[pendulum.DateTime, uuid.UUID]],
    after: Cursor | None,
    limit: int,
) -> list[T]:
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
        """Replace the stored account."""
        self._log.put(self._t.accounts, account.id, account)

    def has_admin(self) -> bool:
        """Whether an administrator exists."""
        return any(a.role is Role.ADMIN for a in self._t.accounts.values())

    def admins(self) -> list[Account]:
        """Every administrator, by login ID."""
        found = (a for a in self._t.accounts.values() if a.role is Role.ADMIN)
        return sorted(found, key=lambda a: a.login_id)


class MemorySessions(Repository):
    """Login sessions, by id and by their token's hash."""

    def add(self, session: Session) -> None:
        """Store a new session; Conflict if its token hash (or its id) is taken."""
        if session.token_hash in self._t.session_hashes or session.id in self._t.sessions:
            raise Conflict(message("already_exists", entity="session"), field="token_hash")
        self._log.put(self._t.session_hashes, session.token_hash, session.id)
        self._log.put(self._t.sessions, session.id, session)

    def by_hash(self, token_hash: str) -> Session | None:
        """The session whose token has this hash, or None."""
        session_id = self._t.session_hashes.get(token_hash)
        return None if session_id is None else self._t.sessions[session_id]

    def update(self, session: Session) -> None:
        """Replace the stored session (its token hash never changes)."""
        if session.id in self._t.sessions:
            self._log.put(self._t.sessions, session.id, session)

    def remove(self, session_id: uuid.UUID) -> bool:
        """End one session; whether it was there."""
        session = self._t.sessions.get(session_id)
        if session is None:
            return False
        self._log.drop(self._t.session_hashes, session.token_hash)
        return self._log.drop(self._t.sessions, session_id)

    def of_account(self, account_id: uuid.UUID) -> list[Session]:
        """Every stored session of the account, newest created first."""
        mine = (s for s in self._t.sessions.values() if s.account_id == account_id)
        return sorted(mine, key=lambda s: (s.created_at, s.id), reverse=True)

    def remove_of_account(self, account_id: uuid.UUID) -> int:
        """End every session of the account; how many there were."""
        return sum(self.remove(s.id) for s in self.of_account(account_id))


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
    """Activation codes; the store's lock is the row lock."""

    def lock(self, account_id: uuid.UUID) -> CodeState:
        """The state, or a fresh one."""
        return self._t.codes.get(account_id) or CodeState(account_id)

    def save(self, state: CodeState) -> None:
        """Write the state."""
        self._log.put(self._t.codes, state.account_id, state)

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
        if stored is None or stored.version != report.version - 1:
            raise _conflict("report")
        self._log.put(self._t.reports, report.id, report)
        self._log.put(self._t.history, report.id, (*self._t.history[report.id], entry))

    def history(self, report_id: uuid.UUID) -> list[HistoryEntry]:
        """Every entry, oldest first."""
        return list(self._t.history.get(report_id, ()))

    def page(self, query: ReportQuery, after: Cursor | None, limit: int) -> list[Report]:
        """Matching reports, newest first."""
        rows = (r for r in self._t.reports.values() if _matches(r, query))
        return _newest_first(rows, lambda r: (r.submitted_at, r.id), after, limit)


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
        return _newest_first(rows, lambda a: (a.created_at, a.id), after, limit)

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
