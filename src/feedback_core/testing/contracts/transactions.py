"""Units of work: all or nothing."""

# Assertions are how a contract states its rules, and they read `expected == actual`;
# each test is named for the rule it checks, so it needs no docstring to repeat it.
# ruff: noqa: S101, D102

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import attrs
import pytest

from feedback_core.accounts.audit import AuditAction, AuditRecord
from feedback_core.accounts.codes import CodePurpose, CodeState
from feedback_core.accounts.model import Account, AccountStatus, Role, Unit
from feedback_core.alerts.model import Alert, AlertStatus
from feedback_core.events import Event
from feedback_core.reports.model import HistoryEntry, Report, ReportQuery, ReportStatus
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.contracts.base import StorageCase, skip_unless

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from feedback_core.ports import Storage, Transaction

EVERYTHING = 1000
KINDS = ("activated", "expired")
LATER = rec.T0.add(years=1)
MQTT = "mqtt://127.0.0.1:1883/feedback"
META = "secret_key_fingerprint"
PHONE = "+84912345678"
LEAVING_PHONE = "+84381234567"


class Boom(Exception):
    """Raised inside a unit of work to make it roll back."""


@attrs.frozen
class Seeded:
    """One committed record in every repository, and the ids a unit of work may add.

    Only what the first release could store is committed (activation codes, no audit
    trail), so the migration tests can take a seeded store back to an older schema.
    """

    account: Account
    unit: Unit
    report: Report
    alert: Alert
    event: Event
    # An account that a unit of work erases: its codes, sends and its report's link to it.
    leaving: Account
    leaving_report: Report
    new_ids: tuple[uuid.UUID, ...] = attrs.field(
        factory=lambda: tuple(uuid.uuid4() for _ in range(4))
    )

    @classmethod
    def commit(cls, storage: Storage) -> Seeded:
        """Write the records in one unit of work that commits."""
        account, unit, report = rec.account(), rec.unit(), rec.report()
        leaving = rec.account(LEAVING_PHONE)
        leaving_report = rec.report(leaving.id, rec.minutes(1))
        event = rec.event()
        with storage.transaction() as tx:
            for a in (account, leaving):
                tx.accounts.add(a)
                tx.codes.save(CodeState(a.id, counter=1, issued_at=rec.T0))
            tx.units.add(unit)
            tx.codes.record_send(PHONE, rec.T0)
            tx.codes.record_send(LEAVING_PHONE, rec.T0)
            tx.reports.add(report, rec.first_entry(report))
            tx.reports.add(leaving_report, rec.first_entry(leaving_report))
            draft = rec.alert(unit.id)
            tx.alerts.add(draft)
            alert = rec.approve(tx, draft)
            tx.outbox.add([event], [MQTT])
        return cls(account, unit, report, alert, event, leaving, leaving_report)

    def write_to_every_repository(self, tx: Transaction) -> None:
        """One or more writes through every method that writes."""
        new_account, new_unit, new_report, new_alert = self.new_ids
        admin = attrs.evolve(rec.account("quantri", Role.ADMIN), id=new_account)
        tx.accounts.add(admin)
        tx.accounts.update(attrs.evolve(self.account, status=AccountStatus.LOCKED))
        tx.units.add(attrs.evolve(rec.unit("sogtvt"), id=new_unit))
        tx.codes.save(CodeState(self.account.id, counter=2, issued_at=rec.minutes(1)))
        tx.codes.save(CodeState(admin.id, counter=1, issued_at=rec.minutes(1)))
        tx.codes.save(CodeState(self.account.id, 1, rec.minutes(1), purpose=CodePurpose.RESET))
        tx.codes.record_send(PHONE, rec.minutes(1))
        tx.accounts.remove(self.leaving.id)
        tx.codes.forget(self.leaving.id, [LEAVING_PHONE])
        tx.reports.unlink_reporter(self.leaving.id)
        tx.audit.add(
            AuditRecord(new_account, rec.minutes(1), AuditAction.ACCOUNT_DELETED, None, None)
        )
        tx.audit.add(
            AuditRecord(new_unit, rec.minutes(1), AuditAction.ROLE_CHANGED, admin.id, new_account)
        )
        tx.reports.add(*_with_entry(rec.report(report_id=new_report, units=(self.unit.id,))))
        tx.reports.update(*rec.next_version(self.report, ReportStatus.ACCEPTED, rec.minutes(1)))
        tx.alerts.add(rec.alert(self.unit.id, alert_id=new_alert))
        tx.alerts.update(rec.moved(self.alert, AlertStatus.CANCELLED, rec.minutes(1)))
        tx.alerts.claim_milestone(self.alert.id, "activated")
        tx.outbox.add([rec.event(rec.minutes(1))], [MQTT])
        tx.outbox.claim(MQTT, rec.minutes(2), rec.minutes(4), EVERYTHING)
        tx.outbox.mark_delivered(self.event.id, MQTT, rec.minutes(2))
        tx.meta.put(META, "0" * 64)

    def claim_everything(self, tx: Transaction) -> tuple[list[Event], list[bool]]:
        """Claim every delivery and milestone: the events and whether each claim was won."""
        claimed = tx.outbox.claim(MQTT, rec.T0, rec.minutes(2), EVERYTHING)
        won = [tx.alerts.claim_milestone(self.alert.id, kind) for kind in KINDS]
        return [d.event for d in claimed], won

    def everything(self, tx: Transaction) -> dict[str, object]:
        """What every reading method answers about these records (claims excepted)."""
        accounts = (self.account.id, self.leaving.id, *self.new_ids)
        reports = (self.report.id, self.leaving_report.id, *self.new_ids)
        login_ids = (PHONE, LEAVING_PHONE, "quantri")
        long_ago = rec.T0.subtract(days=1)
        return {
            "accounts": [tx.accounts.get(i) for i in accounts],
            "by login id": [tx.accounts.by_login_id(x) for x in login_ids],
            "has admin": tx.accounts.has_admin(),
            "units": (tx.units.all(), tx.units.by_code("sogtvt")),
            "codes": [tx.codes.lock(i, p) for i in accounts for p in CodePurpose],
            "sends": [sorted(tx.codes.sends_since(p, long_ago)) for p in login_ids[:2]],
            "reports": tx.reports.page(ReportQuery(), None, EVERYTHING),
            "by unit": tx.reports.page(ReportQuery(unit_id=self.unit.id), None, EVERYTHING),
            "by reporter": tx.reports.page(ReportQuery(reporter_id=self.leaving.id), None, 9),
            "history": [tx.reports.history(i) for i in reports],
            "audit": (tx.audit.page(None, EVERYTHING), tx.audit.about(self.new_ids[0])),
            "alerts": tx.alerts.page(None, None, None, EVERYTHING),
            "active": _by_id(tx.alerts.active_at(rec.minutes(5))),
            "due": [_by_id(tx.alerts.milestone_candidates(k, LATER, EVERYTHING)) for k in KINDS],
            "pending": tx.outbox.pending(EVERYTHING),
            "log": tx.outbox.log(0, EVERYTHING),
            "deliveries": [tx.outbox.deliveries(e.id) for e in tx.outbox.pending(EVERYTHING)]
            + [tx.outbox.deliveries(self.event.id)],
            "meta": tx.meta.get(META),
        }


def write_then_raise(storage: Storage, write: Callable[[Transaction], object]) -> None:
    """Run ``write`` in a unit of work that then raises `Boom`, which is caught here."""
    with pytest.raises(Boom), storage.transaction() as tx:  # noqa: PT012 - the raise is the point
        write(tx)
        raise Boom


def _with_entry(r: Report) -> tuple[Report, HistoryEntry]:
    return r, rec.first_entry(r)


def _by_id(alerts: list[Alert]) -> list[Alert]:
    return sorted(alerts, key=lambda a: a.id)


class TransactionRules(StorageCase):
    """`Storage.transaction()` commits a block that ends and undoes one that raises."""

    def test_a_block_that_raises_leaves_every_repository_as_before(self, storage: Storage) -> None:
        seeded = Seeded.commit(storage)
        with storage.transaction() as tx:
            before = seeded.everything(tx)
        write_then_raise(storage, seeded.write_to_every_repository)
        with storage.transaction() as tx:
            assert before == seeded.everything(tx)

    def test_a_block_that_ends_keeps_every_write(self, storage: Storage) -> None:
        seeded = Seeded.commit(storage)
        with storage.transaction() as tx:
            before = seeded.everything(tx)
        with storage.transaction() as tx:
            seeded.write_to_every_repository(tx)
            written = seeded.everything(tx)
        with storage.transaction() as tx:
            assert written == seeded.everything(tx)
        assert before != written  # the writes did change what is read

    def test_a_claim_in_a_block_that_raises_is_given_again(self, storage: Storage) -> None:
        seeded = Seeded.commit(storage)
        write_then_raise(storage, seeded.claim_everything)
        with storage.transaction() as tx:
            assert ([seeded.event], [True, True]) == seeded.claim_everything(tx)

    def test_committed_writes_survive_reopening_the_store(self, tmp_path: Path) -> None:
        skip_unless(self.durable, f"{type(self).__name__}.durable is False")
        first = self.make_storage(tmp_path)
        seeded = Seeded.commit(first)
        with first.transaction() as tx:
            seeded.write_to_every_repository(tx)
            written = seeded.everything(tx)
        first.close()
        second = self.make_storage(tmp_path)
        try:
            with second.transaction() as tx:
                assert written == seeded.everything(tx)
        finally:
            second.close()
