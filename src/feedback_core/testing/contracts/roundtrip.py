"""Records are read back exactly as they were written."""

# Assertions are how a contract states its rules, and they read `expected == actual`;
# each test is named for the rule it checks, so it needs no docstring to repeat it.
# ruff: noqa: S101, D102

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

import attrs
import pytest

from feedback_core.accounts.audit import AuditAction, AuditRecord
from feedback_core.accounts.codes import CodePurpose, CodeState
from feedback_core.accounts.model import Account, Profile
from feedback_core.alerts.events import AlertActivated, milestone
from feedback_core.outbox.model import Delivery
from feedback_core.reports.events import ReportEvent
from feedback_core.reports.model import HistoryEntry, Location, Report, ReportAction, ReportStatus
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.contracts.base import StorageCase, exactly

if TYPE_CHECKING:
    from collections.abc import Callable

    from feedback_core.alerts.model import Alert
    from feedback_core.ports import Storage

T0: Final = rec.T0
PHONE: Final = "+84912345678"
HOOK: Final = "webhook:https://tayninh.example.vn/1022"


def account_with_every_field() -> Account:
    """A citizen of a unit, blocked from logging in for now."""
    return attrs.evolve(
        rec.account(),
        unit_id=uuid.uuid4(),
        failed_logins=3,
        login_blocked_until=T0.add(microseconds=7),
    )


def account_with_nothing_optional() -> Account:
    """An official with an empty profile and no phone."""
    return attrs.evolve(rec.account(), profile=Profile(), phone=None)


def audit_with_every_field() -> AuditRecord:
    """An administrator moving an official, with Vietnamese words of detail."""
    details = {"unit": "sotnmt", "role": "unit_approver", "lý_do": rec.vi("Điều động ✓")}
    at = T0.add(microseconds=11)
    return AuditRecord(
        uuid.uuid4(), at, AuditAction.OFFICIAL_MOVED, rec.ACTOR, uuid.uuid4(), details
    )


def audit_with_nothing_optional() -> AuditRecord:
    """A record of the system's about no account, with no detail."""
    return AuditRecord(uuid.uuid4(), T0, AuditAction.LOGIN_LOCKED_OUT, None, None)


def report_with_every_field() -> tuple[Report, Report, HistoryEntry]:
    """A report, then its resolved version with units, response and rating."""
    first = rec.report()
    later, entry = rec.next_version(first, ReportStatus.RESOLVED, T0.add(microseconds=3))
    later = attrs.evolve(
        later,
        units=(uuid.uuid4(), uuid.uuid4()),
        accepted_at=T0.add(microseconds=1),
        resolved_at=T0.add(microseconds=3),
        response=rec.vi("Đã thu gom rác, cảm ơn anh/chị đã phản ánh."),
        rating=4,
        reopened=True,
        max_units=2,
    )
    return first, later, entry


def report_with_nothing_optional() -> tuple[Report, Report, HistoryEntry]:
    """A report with only an address, then its accepted version with no note."""
    first = rec.report()
    bare = Location(address=rec.vi("Ấp Bàu Vừng, xã Tân Hiệp"))
    first = attrs.evolve(first, draft=attrs.evolve(first.draft, location=bare, media=()))
    later, entry = rec.next_version(first, ReportStatus.ACCEPTED, T0.add(microseconds=3))
    return first, later, attrs.evolve(entry, note=None)


def alert_with_every_field() -> Alert:
    """A draft that replaces another alert, with English text and a drawn area."""
    return attrs.evolve(rec.alert(uuid.uuid4()), supersedes=uuid.uuid4())


def alert_with_nothing_optional() -> Alert:
    """A draft in Vietnamese only, with no instruction and a described area."""
    draft = rec.alert(uuid.uuid4(), T0.add(minutes=1, microseconds=1))
    c = draft.content
    text = attrs.evolve(c.text, instruction=None)
    area = attrs.evolve(c.area, polygon=(), circle=None)
    return attrs.evolve(draft, content=attrs.evolve(c, text=text, area=area, text_en=None))


class RoundTripRules(StorageCase):
    """What is written is read back exactly.

    Pendulum UTC instants to the microsecond, Vietnamese NFC text, None fields, tuples
    and enum members: see `exactly`.
    """

    @pytest.mark.parametrize("build", [account_with_every_field, account_with_nothing_optional])
    def test_an_account_reads_back_exactly(
        self, storage: Storage, build: Callable[[], Account]
    ) -> None:
        written = build()
        with storage.transaction() as tx:
            tx.accounts.add(written)
        with storage.transaction() as tx:
            assert exactly(written) == exactly(tx.accounts.get(written.id))
            assert exactly(written) == exactly(tx.accounts.by_login_id(written.login_id))

    def test_a_unit_reads_back_exactly(self, storage: Storage) -> None:
        written = rec.unit("sotnmt", "Sở Tài nguyên và Môi trường tỉnh Tây Ninh")
        with storage.transaction() as tx:
            tx.units.add(written)
        with storage.transaction() as tx:
            assert exactly(written) == exactly(tx.units.get(written.id))

    @pytest.mark.parametrize(
        ("purpose", "target"), [(CodePurpose.ACTIVATION, None), (CodePurpose.PHONE, PHONE)]
    )
    def test_a_code_state_and_send_times_read_back_exactly(
        self, storage: Storage, purpose: CodePurpose, target: str | None
    ) -> None:
        at = T0.add(microseconds=1)
        state = CodeState(uuid.uuid4(), 4, at, 2, spent=True, total_failures=9, purpose=purpose)
        state = attrs.evolve(state, target=target)
        sent = T0.add(seconds=59, microseconds=876_543)
        with storage.transaction() as tx:
            tx.codes.save(state)
            tx.codes.record_send(PHONE, sent)
        with storage.transaction() as tx:
            assert exactly(state) == exactly(tx.codes.lock(state.account_id, purpose))
            assert exactly([sent]) == exactly(tx.codes.sends_since(PHONE, T0))

    @pytest.mark.parametrize("build", [audit_with_every_field, audit_with_nothing_optional])
    def test_an_audit_record_reads_back_exactly(
        self, storage: Storage, build: Callable[[], AuditRecord]
    ) -> None:
        written = build()
        with storage.transaction() as tx:
            tx.audit.add(written)
        with storage.transaction() as tx:
            assert exactly([written]) == exactly(tx.audit.page(None, 10))
            if written.subject_id is not None:
                assert exactly([written]) == exactly(tx.audit.about(written.subject_id))

    @pytest.mark.parametrize("build", [report_with_every_field, report_with_nothing_optional])
    def test_a_report_and_its_history_read_back_exactly(
        self, storage: Storage, build: Callable[[], tuple[Report, Report, HistoryEntry]]
    ) -> None:
        first, later, entry = build()
        with storage.transaction() as tx:
            tx.reports.add(first, rec.first_entry(first))
            tx.reports.update(later, entry)
        with storage.transaction() as tx:
            assert exactly(later) == exactly(tx.reports.get(first.id))
            assert exactly([rec.first_entry(first), entry]) == exactly(tx.reports.history(first.id))

    @pytest.mark.parametrize("build", [alert_with_every_field, alert_with_nothing_optional])
    def test_an_alert_reads_back_exactly(
        self, storage: Storage, build: Callable[[], Alert]
    ) -> None:
        draft = build()
        with storage.transaction() as tx:
            tx.alerts.add(draft)
            written = rec.approve(tx, draft, T0.add(microseconds=5))
        with storage.transaction() as tx:
            assert exactly(written) == exactly(tx.alerts.get(draft.id))

    def test_events_and_deliveries_read_back_exactly(self, storage: Storage) -> None:
        report_id, actor_id, alert_id, unit_id = (uuid.uuid4() for _ in range(4))
        submitted = ReportEvent(
            at=T0.add(microseconds=1),
            report_id=report_id,
            actor_id=actor_id,
            action=ReportAction.SUBMIT,
            from_status=None,
            to_status=ReportStatus.SUBMITTED,
        )
        activated = milestone(AlertActivated, alert_id, unit_id, T0.add(microseconds=2))
        done = T0.add(seconds=1, microseconds=999_999)
        with storage.transaction() as tx:
            tx.outbox.add([submitted, activated], [HOOK])
            tx.outbox.mark_delivered(activated.id, HOOK, done)
        with storage.transaction() as tx:
            assert exactly([submitted]) == exactly(tx.outbox.pending(10))
            assert exactly([Delivery(activated, HOOK, 1, done)]) == exactly(
                tx.outbox.deliveries(activated.id)
            )
