"""The in-memory repositories: plain dicts, written through the transaction's undo log."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, TypeVar

import attrs
import pendulum

from feedback_core.accounts.codes import CodeState
from feedback_core.accounts.model import Account, Role, Unit
from feedback_core.alerts.model import Alert, AlertStatus
from feedback_core.errors import Conflict
from feedback_core.events import Event
from feedback_core.messages import message
from feedback_core.outbox.model import Delivery
from feedback_core.reports.model import HistoryEntry, Report

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from feedback_core.paging import Cursor
    from feedback_core.reports.model import ReportQuery
    from feedback_memory.store import UndoLog

T = TypeVar("T")
_EVER_APPROVED = frozenset({AlertStatus.APPROVED, AlertStatus.CANCELLED, AlertStatus.SUPERSEDED})


@attrs.define
class Tables:
    """Everything the store holds."""

    accounts: dict[uuid.UUID, Account] = attrs.Factory(dict)
    login_ids: dict[str, uuid.UUID] = attrs.Factory(dict)
    units: dict[uuid.UUID, Unit] = attrs.Factory(dict)
    unit_codes: dict[str, uuid.UUID] = attrs.Factory(dict)
    codes: dict[uuid.UUID, CodeState] = attrs.Factory(dict)
    sends: dict[str, tuple[pendulum.DateTime, ...]] = attrs.Factory(dict)
    reports: dict[uuid.UUID, Report] = attrs.Factory(dict)
    history: dict[uuid.UUID, tuple[HistoryEntry, ...]] = attrs.Factory(dict)
    alerts: dict[uuid.UUID, Alert] = attrs.Factory(dict)
    milestones: dict[tuple[uuid.UUID, str], bool] = attrs.Factory(dict)
    outbox: dict[uuid.UUID, Event] = attrs.Factory(dict)
    deliveries: dict[tuple[uuid.UUID, str], DeliveryState] = attrs.Factory(dict)


class _Repository:
    def __init__(self, tables: Tables, log: UndoLog) -> None:
        self._t = tables
        self._log = log


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


class MemoryAccounts(_Repository):
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


class MemoryUnits(_Repository):
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


class MemoryCodes(_Repository):
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


class MemoryReports(_Repository):
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


class MemoryAlerts(_Repository):
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


@attrs.frozen
class DeliveryState:
    """Where one event's delivery to one destination stands."""

    due_at: pendulum.DateTime
    attempts: int = 0
    delivered_at: pendulum.DateTime | None = None
    last_error: str | None = None


class MemoryOutbox(_Repository):
    """Events in the order written, with their deliveries."""

    def add(self, events: Sequence[Event], destinations: Sequence[str] = ()) -> None:
        """Append events with a delivery per destination, keeping each id once."""
        for event in events:
            if event.id in self._t.outbox:
                continue
            self._log.put(self._t.outbox, event.id, event)
            for destination in destinations:
                self._log.put(self._t.deliveries, (event.id, destination), DeliveryState(event.at))

    def pending(self, limit: int) -> list[Event]:
        """Events with a delivery not yet done, oldest first."""
        undone = {i for (i, _), d in self._t.deliveries.items() if d.delivered_at is None}
        waiting = (e for i, e in self._t.outbox.items() if i in undone)
        return [e for _, e in zip(range(limit), waiting, strict=False)]

    def log(self, after: int, limit: int) -> list[tuple[int, Event]]:
        """Every event in order, numbered from 1."""
        numbered = enumerate(self._t.outbox.values(), start=1)
        return [(n, e) for n, e in numbered if n > after][:limit]

    def claim(
        self, destination: str, now: pendulum.DateTime, lease_until: pendulum.DateTime, limit: int
    ) -> list[Delivery]:
        """Due deliveries to ``destination``, oldest first, leased until ``lease_until``."""
        order = {event_id: n for n, event_id in enumerate(self._t.outbox)}
        due = sorted(
            (
                (state.due_at, order[event_id], event_id, state)
                for (event_id, dest), state in self._t.deliveries.items()
                if dest == destination and state.delivered_at is None and state.due_at <= now
            ),
            key=lambda row: row[:2],
        )[:limit]
        for _, _, event_id, state in due:
            leased = attrs.evolve(state, due_at=lease_until)
            self._log.put(self._t.deliveries, (event_id, destination), leased)
        return [
            Delivery(self._t.outbox[i], destination, s.attempts, None, s.last_error)
            for _, _, i, s in due
        ]

    def mark_delivered(self, event_id: uuid.UUID, destination: str, at: pendulum.DateTime) -> bool:
        """Record success once."""
        state = self._t.deliveries.get((event_id, destination))
        if state is None or state.delivered_at is not None:
            return False
        done = attrs.evolve(state, delivered_at=at, attempts=state.attempts + 1)
        self._log.put(self._t.deliveries, (event_id, destination), done)
        return True

    def mark_failed(
        self, event_id: uuid.UUID, destination: str, error: str, retry_at: pendulum.DateTime
    ) -> None:
        """Count a failed attempt; due again at ``retry_at``."""
        state = self._t.deliveries.get((event_id, destination))
        if state is None or state.delivered_at is not None:
            return
        failed = attrs.evolve(
            state, attempts=state.attempts + 1, last_error=error[:1000], due_at=retry_at
        )
        self._log.put(self._t.deliveries, (event_id, destination), failed)

    def deliveries(self, event_id: uuid.UUID) -> list[Delivery]:
        """The deliveries of one event, by destination."""
        return sorted(
            (
                Delivery(self._t.outbox[i], dest, s.attempts, s.delivered_at, s.last_error)
                for (i, dest), s in self._t.deliveries.items()
                if i == event_id
            ),
            key=lambda d: d.destination,
        )
