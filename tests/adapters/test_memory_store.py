"""The in-memory store: undo on failure, one lock for threads, optimistic versions, outbox."""

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import attrs
import pytest

from feedback_core import (
    AccountStatus,
    Conflict,
    DeliveryFailed,
    ReportStatus,
    Unit,
    ValidationError,
)
from feedback_core.accounts.audit import AuditAction, AuditRecord
from feedback_core.accounts.codes import CodePurpose, CodeState, number_key
from feedback_core.accounts.events import (
    AccountActivated,
    AccountRegistered,
    ActivationCodeSent,
    OfficialAccountCreated,
    UnitCreated,
)
from feedback_core.accounts.sessions import SessionPolicy, new_token, opened
from feedback_core.reports.model import HistoryEntry, ReportAction
from feedback_core.testing.contracts.api_keys import api_key
from feedback_memory import MemoryStorage, RecordingSmsSender
from feedback_memory.store import UndoLog

REPORT = {
    "title": "Rác thải ven kênh",
    "content": "Rác thải đổ bừa bãi ven kênh Tây Ninh.",
    "category": "moi_truong",
    "address": "Kênh Tây Ninh, phường 3",
}


class Boom(Exception):
    """Raised inside a transaction to make it roll back."""


def submit(world, **changes):
    return world.system.submit_report(world.citizen.id, **(REPORT | changes))


def alert(world):
    now = world.clock.now()
    return world.system.create_alert(
        world.staff[0].id,
        headline="Cảnh báo",
        description="Mô tả",
        area="TP Tây Ninh",
        start=now,
        end=now.add(hours=2),
    )


def next_version(report, status=ReportStatus.ACCEPTED):
    return attrs.evolve(report, version=report.version + 1, status=status)


def entry_for(report, actor_id, status=ReportStatus.ACCEPTED):
    return HistoryEntry(
        report.id, report.submitted_at, actor_id, ReportAction.ACCEPT, report.status, status
    )


# --- undo --------------------------------------------------------------------------------


def test_a_transaction_that_raises_leaves_every_table_as_before(world):
    storage = world.storage
    report, draft = submit(world), alert(world)
    now = world.clock.now()
    ended = opened(uuid.uuid4(), world.citizen.id, new_token(), now, SessionPolicy())
    kept = api_key()
    with storage.transaction() as tx:
        tx.sessions.add(ended)
        tx.api_keys.add(kept)
    before = storage.snapshot()
    new_unit = Unit(uuid.uuid4(), "soyte", "Sở Y tế", now)
    changed = set()

    def write_to_every_table_then_fail():
        with storage.transaction() as tx:
            tx.accounts.add(attrs.evolve(world.citizen, id=uuid.uuid4(), login_id="+84903123456"))
            tx.accounts.update(attrs.evolve(world.citizen, failed_logins=3))
            tx.accounts.update(attrs.evolve(world.citizen, failed_logins=4))
            tx.units.add(new_unit)
            tx.codes.save(CodeState(world.citizen.id, counter=9))
            tx.codes.record_send("+84912345678", now)
            tx.reports.update(next_version(report), entry_for(report, world.operator.id))
            other = attrs.evolve(report, id=uuid.uuid4())
            tx.reports.add(other, entry_for(other, world.citizen.id))
            tx.alerts.update(attrs.evolve(draft, version=2))
            tx.alerts.add(attrs.evolve(draft, id=uuid.uuid4()))
            tx.alerts.claim_milestone(draft.id, "activated")
            tx.outbox.add([UnitCreated(at=now, unit_id=new_unit.id, code="soyte")], ["mqtt://x"])
            tx.meta.put("secret_key_fingerprint", "0" * 64)
            tx.sessions.remove(ended.id)
            tx.sessions.add(
                opened(uuid.uuid4(), world.citizen.id, new_token(), now, SessionPolicy())
            )
            tx.api_keys.update(attrs.evolve(kept, revoked_at=now))
            tx.api_keys.add(api_key())
            tx.codes.save(CodeState(world.citizen.id, counter=2, purpose=CodePurpose.RESET))
            # Sends are counted under the number's key: forgetting it removes the world's own.
            key = number_key(world.system.settings.secret_key, "+84912345678")
            tx.codes.forget(world.citizen.id, [key])
            tx.reports.unlink_reporter(world.citizen.id)
            tx.accounts.remove(world.staff[0].id)
            tx.audit.add(
                AuditRecord(uuid.uuid4(), now, AuditAction.ACCOUNT_DELETED, None, world.citizen.id)
            )
            during = storage.snapshot()
            changed.update(name for name, table in during.items() if table != before[name])
            raise Boom

    with pytest.raises(Boom):
        write_to_every_table_then_fail()
    assert set(before) == changed
    assert before == storage.snapshot()


def test_a_transaction_that_ends_normally_keeps_its_writes(world):
    now = world.clock.now()
    with world.storage.transaction() as tx:
        tx.codes.record_send("+84903123456", now)
    assert (now,) == world.storage.tables.sends["+84903123456"]


def test_the_undo_log_restores_the_oldest_value_of_a_key_written_twice():
    table = {"a": 1}
    log = UndoLog()
    log.put(table, "a", 2)
    log.put(table, "a", 3)
    log.put(table, "b", 4)
    assert {"a": 3, "b": 4} == table
    log.undo()
    assert {"a": 1} == table


def test_the_undo_log_puts_back_what_it_dropped_and_drops_nothing_twice():
    table = {"a": 1, "b": 2}
    log = UndoLog()
    assert [True, False] == [log.drop(table, "a"), log.drop(table, "a")]
    log.put(table, "a", 3)
    log.drop(table, "b")
    assert {"a": 3} == table
    log.undo()
    assert {"a": 1, "b": 2} == table


def test_a_failed_use_case_leaves_nothing_behind(world):
    world.sms.down = True
    before = world.storage.snapshot()
    form = {"phone": "0903123456", "password": "mat-khau-dai-du", "full_name": "Võ Thị D"}
    with pytest.raises(DeliveryFailed):
        world.system.register(form)
    assert before == world.storage.snapshot()


def test_a_snapshot_is_a_copy(world):
    snapshot = world.storage.snapshot()
    snapshot["accounts"].clear()
    assert world.citizen.id in world.storage.tables.accounts
    world.storage.close()  # nothing to release; the store stays usable
    assert world.citizen.id in world.storage.snapshot()["accounts"]


# --- threads -----------------------------------------------------------------------------


def test_16_threads_submitting_reports_concurrently_all_land(world):
    barrier = threading.Barrier(16)

    def work(n):
        barrier.wait()
        return [submit(world, title=f"Phản ánh {n}-{i}").id for i in range(5)]

    with ThreadPoolExecutor(max_workers=16) as pool:
        ids = [i for batch in pool.map(work, range(16)) for i in batch]
    assert 80 == len(set(ids))
    listed = world.system.list_reports(world.operator.id, limit=500).items
    assert sorted(ids) == sorted(r.id for r in listed)
    assert all(1 == len(world.storage.tables.history[i]) for i in ids)


def test_16_threads_accepting_one_report_let_exactly_one_win(world):
    report = submit(world)
    barrier = threading.Barrier(16)

    def accept(_):
        barrier.wait()
        try:
            world.system.accept_report(world.operator.id, report.id, expected_version=1)
        except Conflict:
            return "conflict"
        return "accepted"

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = Counter(pool.map(accept, range(16)))
    assert {"accepted": 1, "conflict": 15} == outcomes
    assert 2 == len(world.storage.tables.history[report.id])


# --- optimistic lock ---------------------------------------------------------------------


def test_updating_a_report_with_a_stale_version_is_a_conflict(world):
    report = submit(world)
    with world.storage.transaction() as tx:
        tx.reports.update(next_version(report), entry_for(report, world.operator.id))
    for stale in (next_version(report), attrs.evolve(report, version=4)):
        with pytest.raises(Conflict) as info, world.storage.transaction() as tx:
            tx.reports.update(stale, entry_for(report, world.operator.id))
        assert "conflict" == info.value.code
    assert 2 == world.storage.tables.reports[report.id].version
    assert 2 == len(world.storage.tables.history[report.id])


def test_updating_a_missing_report_is_a_conflict(world):
    ghost = attrs.evolve(submit(world), id=uuid.uuid4(), version=2)
    with pytest.raises(Conflict), world.storage.transaction() as tx:
        tx.reports.update(ghost, entry_for(ghost, world.operator.id))


def test_updating_an_alert_with_a_stale_version_is_a_conflict(world):
    draft = alert(world)
    with world.storage.transaction() as tx:
        tx.alerts.update(attrs.evolve(draft, version=2))
    with pytest.raises(Conflict), world.storage.transaction() as tx:
        tx.alerts.update(attrs.evolve(draft, version=2))


@pytest.mark.parametrize("table", ["accounts", "units", "reports", "alerts"])
def test_adding_a_row_twice_is_a_conflict(world, table):
    report, draft = submit(world), alert(world)
    twice = {
        "accounts": lambda tx: tx.accounts.add(attrs.evolve(world.citizen, id=uuid.uuid4())),
        "units": lambda tx: tx.units.add(attrs.evolve(world.units[0], id=uuid.uuid4())),
        "reports": lambda tx: tx.reports.add(report, entry_for(report, world.citizen.id)),
        "alerts": lambda tx: tx.alerts.add(draft),
    }
    with pytest.raises(Conflict) as info, world.storage.transaction() as tx:
        twice[table](tx)
    assert "already_exists" == info.value.code


def test_a_milestone_is_claimed_once(world):
    draft = alert(world)
    with world.storage.transaction() as tx:
        claims = [tx.alerts.claim_milestone(draft.id, "activated") for _ in range(2)]
        claims.append(tx.alerts.claim_milestone(draft.id, "expired"))
    assert [True, False, True] == claims


def test_a_locked_code_state_starts_fresh(world):
    account_id = uuid.uuid4()
    with world.storage.transaction() as tx:
        assert CodeState(account_id) == tx.codes.lock(account_id, CodePurpose.ACTIVATION)


# --- outbox ------------------------------------------------------------------------------


def test_the_outbox_keeps_an_event_id_once(world):
    now = world.clock.now()
    event = UnitCreated(at=now, unit_id=uuid.uuid4(), code="soyte")
    twin = attrs.evolve(event, code="changed")
    with world.storage.transaction() as tx:
        tx.outbox.add([event, event])
    with world.storage.transaction() as tx:
        tx.outbox.add([twin])
    kept = [e for _, e in world.system.events(limit=500) if e.id == event.id]
    assert [event] == kept


def test_the_event_log_is_oldest_first(world):
    names = [type(e) for _, e in world.system.events(limit=500)]
    expected = [
        OfficialAccountCreated,  # the admin
        UnitCreated,
        UnitCreated,
        *[OfficialAccountCreated] * 5,  # two staff, two approvers, the operator
        AccountRegistered,
        ActivationCodeSent,
        AccountActivated,
    ]
    assert expected == names
    assert world.system.events(limit=500)[:3] == world.system.events(limit=3)
    assert world.system.events(limit=500)[3:] == world.system.events(after=3, limit=500)


def test_an_event_delivered_everywhere_is_no_longer_pending(world):
    event = UnitCreated(at=world.clock.now(), unit_id=uuid.uuid4(), code="soyte")
    with world.storage.transaction() as tx:
        tx.outbox.add([event], ["a:", "b:"])
        tx.outbox.mark_delivered(event.id, "a:", world.clock.now())
    assert event in world.system.pending_events(500)
    with world.storage.transaction() as tx:
        tx.outbox.mark_delivered(event.id, "b:", world.clock.now())
    assert event not in world.system.pending_events(500)


@pytest.mark.parametrize("limit", [0, 501, "5"])
def test_pending_events_limit_is_checked(world, limit):
    with pytest.raises(ValidationError):
        world.system.pending_events(limit)


# --- the recording SMS sender ------------------------------------------------------------


def test_the_recording_sender_keeps_messages_and_can_be_down():
    sms = RecordingSmsSender()
    sms.send("+84912345678", "Ma 123456")
    sms.send("+84912345678", "no code here")
    sms.send("+84903123456", "Ma 654321")
    assert "123456" == sms.last_code("+84912345678")
    with pytest.raises(LookupError):
        sms.last_code("+84987654321")
    sms.down = True
    with pytest.raises(DeliveryFailed):
        sms.send("+84912345678", "Ma 111111")
    assert 3 == len(sms.sent)


def test_a_fresh_store_is_empty():
    storage = MemoryStorage()
    assert all(not table for table in storage.snapshot().values())
    with storage.transaction() as tx:
        assert not tx.accounts.has_admin()
        assert tx.accounts.by_login_id("quantri") is None
        assert tx.units.by_code("sotnmt") is None
        assert [] == tx.units.all()


def test_the_world_accounts_are_active(world):
    statuses = {a.status for a in world.storage.tables.accounts.values()}
    assert {AccountStatus.ACTIVE} == statuses
