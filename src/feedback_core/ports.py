"""The ports: what the core needs from the outside world, as Protocols.

Adapters implement them (src/adapters/feedback_*); the core never imports an adapter.
Storage is a unit of work: every use case runs in one `Storage.transaction()`, which
commits when the block ends and rolls back when it raises, so nothing is half-written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import uuid
    from collections.abc import Sequence
    from contextlib import AbstractContextManager

    import pendulum

    from feedback_core.accounts.api_keys import ApiKeyRepository
    from feedback_core.accounts.audit import AuditRepository
    from feedback_core.accounts.codes import CodePurpose, CodeState
    from feedback_core.accounts.model import Account, Unit
    from feedback_core.accounts.sessions import SessionRepository
    from feedback_core.alerts.model import Alert, AlertStatus
    from feedback_core.events import Event
    from feedback_core.outbox.model import Backlog, Delivery
    from feedback_core.paging import Cursor
    from feedback_core.reports.model import HistoryEntry, Report, ReportQuery


class Clock(Protocol):
    """Where "now" comes from."""

    def now(self) -> pendulum.DateTime:
        """The current instant, aware, in UTC."""


class PasswordHasher(Protocol):
    """Hashes passwords; the default is argon2id."""

    def hash(self, password: str) -> str:
        """A salted hash of ``password``."""

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` matches ``password_hash``."""

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with outdated parameters."""


class Transport(Protocol):
    """Carries committed events out of the process (a broker, a webhook, a file)."""

    def deliver(self, event: Event) -> None:
        """Hand over one event; raise DeliveryFailed if it was not taken."""

    def close(self) -> None:
        """Release connections."""


class SmsSender(Protocol):
    """Sends a text message; raises DeliveryFailed when the gateway does not take it."""

    def send(self, phone: str, text: str) -> None:
        """Send ``text`` to the E.164 number ``phone``."""


class AccountRepository(Protocol):
    """Accounts by id and by login ID."""

    def add(self, account: Account) -> None:
        """Store a new account; Conflict if its login ID is taken."""

    def get(self, account_id: uuid.UUID) -> Account | None:
        """The account, or None."""

    def by_login_id(self, login_id: str) -> Account | None:
        """The account with this E.164 phone or username, or None."""

    def update(self, account: Account) -> None:
        """Replace the stored account with the same id (its login ID may change)."""

    def remove(self, account_id: uuid.UUID) -> bool:
        """Erase the account record; whether it was there (its login ID is free again)."""

    def has_admin(self) -> bool:
        """Whether any administrator account exists."""

    def admins(self) -> list[Account]:
        """Every administrator account, by login ID."""


class UnitRepository(Protocol):
    """Agency units."""

    def add(self, unit: Unit) -> None:
        """Store a new unit; Conflict if its code is taken."""

    def get(self, unit_id: uuid.UUID) -> Unit | None:
        """The unit, or None."""

    def by_code(self, code: str) -> Unit | None:
        """The unit with this code, or None."""

    def all(self) -> list[Unit]:
        """Every unit, by code."""


class CodeRepository(Protocol):
    """One-time code state per account and purpose, and send times per phone number."""

    def lock(self, account_id: uuid.UUID, purpose: CodePurpose) -> CodeState:
        """The state for ``purpose``, locked until the transaction ends (fresh if none)."""

    def save(self, state: CodeState) -> None:
        """Write the state returned by the otp rules."""

    def sends_since(self, phone: str, since: pendulum.DateTime) -> list[pendulum.DateTime]:
        """When codes went to ``phone`` after ``since``."""

    def record_send(self, phone: str, at: pendulum.DateTime) -> None:
        """Count one send to ``phone``."""

    def forget(self, account_id: uuid.UUID, phones: Sequence[str]) -> None:
        """Erase the account's code states of every purpose and the sends to ``phones``."""


class ReportRepository(Protocol):
    """Reports with their append-only history."""

    def add(self, report: Report, entry: HistoryEntry) -> None:
        """Store a new report and its first history entry."""

    def get(self, report_id: uuid.UUID) -> Report | None:
        """The report, or None."""

    def update(self, report: Report, entry: HistoryEntry) -> None:
        """Store the next version; Conflict unless the stored one is ``report.version - 1``."""

    def history(self, report_id: uuid.UUID) -> list[HistoryEntry]:
        """Every entry, oldest first."""

    def page(self, query: ReportQuery, after: Cursor | None, limit: int) -> list[Report]:
        """Up to ``limit`` matching reports, newest submitted first, after the cursor."""

    def unlink_reporter(self, reporter_id: uuid.UUID) -> int:
        """Give each of the reporter's reports a new random reporter id of its own.

        The history's steps by the reporter take the report's new id too, so the reports
        keep their story but lead to no account, nor to each other. How many reports.
        """


class AlertRepository(Protocol):
    """Alerts, and the once-only records of their activation and expiry."""

    def add(self, alert: Alert) -> None:
        """Store a new alert."""

    def get(self, alert_id: uuid.UUID) -> Alert | None:
        """The alert, or None."""

    def update(self, alert: Alert) -> None:
        """Store the next version; Conflict unless the stored one is ``alert.version - 1``."""

    def active_at(self, t: pendulum.DateTime) -> list[Alert]:
        """Approved alerts whose window contains ``t`` (callers apply `is_active`)."""

    def page(
        self,
        unit_id: uuid.UUID | None,
        status: AlertStatus | None,
        after: Cursor | None,
        limit: int,
    ) -> list[Alert]:
        """Up to ``limit`` alerts, newest created first, after the cursor."""

    def milestone_candidates(self, kind: str, now: pendulum.DateTime, limit: int) -> list[Alert]:
        """Ever-approved alerts whose start ("activated") or end ("expired") is due, unclaimed."""

    def claim_milestone(self, alert_id: uuid.UUID, kind: str) -> bool:
        """Record the milestone; True only for the one caller that recorded it first."""


class Outbox(Protocol):
    """Events written with the change that caused them (transactional outbox).

    Each event gets one delivery per destination configured when it was written. A
    dispatcher claims due deliveries for a lease, delivers them outside the transaction,
    then marks them; a crashed dispatcher's lease runs out and another retries, so
    delivery is at least once and the event id is the receiver's idempotency key.
    """

    def add(self, events: Sequence[Event], destinations: Sequence[str] = ()) -> None:
        """Append events with a delivery for each destination; an id present is kept once."""

    def pending(self, limit: int) -> list[Event]:
        """Events with a delivery not yet done, oldest first."""

    def log(self, after: int, limit: int) -> list[tuple[int, Event]]:
        """Every event written, in order, with its position; read on from ``after``.

        Positions are opaque increasing ints, not necessarily consecutive (0 reads from the
        start). Reading on from any position returned outside a writing transaction never
        skips an event, also while other processes are writing.
        """

    def claim(
        self, destination: str, now: pendulum.DateTime, lease_until: pendulum.DateTime, limit: int
    ) -> list[Delivery]:
        """Up to ``limit`` due deliveries, oldest first, hidden from others until the lease."""

    def mark_delivered(self, event_id: uuid.UUID, destination: str, at: pendulum.DateTime) -> bool:
        """Record success; True only the first time (a late duplicate changes nothing)."""

    def mark_failed(
        self, event_id: uuid.UUID, destination: str, error: str, retry_at: pendulum.DateTime
    ) -> None:
        """Count a failed attempt and make the delivery due again at ``retry_at``."""

    def deliveries(self, event_id: uuid.UUID) -> list[Delivery]:
        """The deliveries of one event, by destination."""

    def backlog(self) -> list[Backlog]:
        """One row per destination with deliveries not done, by destination."""


class MetaRepository(Protocol):
    """Facts about the store itself (e.g. its key's fingerprint): short texts, by name."""

    def get(self, name: str) -> str | None:
        """The value stored under ``name``, or None."""

    def put(self, name: str, value: str) -> None:
        """Store ``value`` under ``name``, replacing any value there."""


class Transaction(Protocol):
    """The repositories of one unit of work."""

    @property
    def accounts(self) -> AccountRepository:
        """Accounts."""

    @property
    def units(self) -> UnitRepository:
        """Units."""

    @property
    def codes(self) -> CodeRepository:
        """One-time codes."""

    @property
    def sessions(self) -> SessionRepository:
        """Sessions (the Protocol sits beside the `Session` record)."""

    @property
    def api_keys(self) -> ApiKeyRepository:
        """API keys (the Protocol sits beside the `ApiKey` record)."""

    @property
    def audit(self) -> AuditRepository:
        """The audit trail (the Protocol sits beside the `AuditRecord` record)."""

    @property
    def reports(self) -> ReportRepository:
        """Reports."""

    @property
    def alerts(self) -> AlertRepository:
        """Alerts."""

    @property
    def outbox(self) -> Outbox:
        """The outbox."""

    @property
    def meta(self) -> MetaRepository:
        """Facts about the store itself."""


class Storage(Protocol):
    """A store that runs units of work.

    No driver error leaves it: each becomes a FeedbackError, `StorageUnavailable` when a
    retry may succeed (busy, locked, a dropped connection), `StorageFault` when it will not
    (a damaged file, a missing folder, a read-only place, a full disk, a refusal), and
    `Conflict` for a race the database broke.
    """

    def transaction(self) -> AbstractContextManager[Transaction]:
        """Begin a unit of work: commit on normal exit, roll back on an exception."""

    def close(self) -> None:
        """Release connections and files."""
