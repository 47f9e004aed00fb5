"""The PostgreSQL store keeps the storage contract, runs the lifecycle machines, and more.

Needs a server: see postgres_support.py (FEEDBACK_TEST_POSTGRES_URL).
"""

import bisect
import json
import multiprocessing
import subprocess
import sys
import threading
import uuid
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import attrs
import postgres_support as pg
import pytest
from hypothesis import settings

from feedback_core import Conflict, FeedbackSystem, Settings
from feedback_core.accounts.codes import CodePurpose
from feedback_core.alerts.model import AlertStatus
from feedback_core.errors import StorageUnavailable, ValidationError
from feedback_core.outbox.wire import event_to_dict
from feedback_core.testing.contracts import StorageContract
from feedback_core.testing.contracts import _records as rec
from feedback_core.testing.world import World
from feedback_memory import RecordingSmsSender
from feedback_postgres import PostgresStorage
from feedback_postgres.outbox import LOG_BATCH
from feedback_postgres.schema import MIGRATION_KEY, MIGRATION_LOCK, MIGRATIONS
from feedback_postgres.url import parse_url

WORKERS = 4  # as many as a test store's pool has connections (postgres_support.py)


@pg.needs_server
class TestPostgresStorage(StorageContract):
    durable = True
    supports_concurrent_processes = True

    def make_storage(self, directory):
        return pg.open_store(directory)


# Each example builds a world in a new schema (CREATE SCHEMA and the migrations' DDL, each
# committed on the server): ~0.6 s against SQLite's ~0.15 s. The machines' rules live in
# the core and run with the full profile (300 examples) on the memory store; here they
# check that PostgreSQL keeps what the core wrote through long runs of steps (SQLite's 50
# examples run the same shared repositories, adapter_kit/sql, in their other dialect).
# At most 25 examples per machine, of up to 50 steps: 50 took ~3 of CI's minutes (with
# coverage), 300 took ~9 of them.
MACHINE_RUNS = settings(max_examples=min(settings().max_examples, 25))
TestPostgresMachines = pg.needs_server(TestPostgresStorage.lifecycle_machines(MACHINE_RUNS))


@pytest.fixture
def store(tmp_path):
    storage = pg.open_store(tmp_path)
    yield storage
    storage.close()


def together(job, times=WORKERS):
    """Run ``job`` on threads, each with its own pooled connection; the results."""
    with ThreadPoolExecutor(times) as threads:
        return list(threads.map(lambda _: job(), range(times)))


# --- URLs ---------------------------------------------------------------------------------


def test_the_stores_parameters_are_taken_out_and_libpqs_are_passed_on():
    parsed = parse_url(
        "postgresql://feedback@db.tayninh.gov.vn:6432/portal"
        "?schema=tn1022&sslmode=require&pool_max=20&application_name=cong%201022"
    )
    libpq = "postgresql://feedback@db.tayninh.gov.vn:6432/portal?sslmode=require&application_name=cong%201022"
    assert (libpq, "tn1022", 1, 20, 30) == (
        parsed.conninfo,
        parsed.schema,
        parsed.pool_min,
        parsed.pool_max,
        parsed.pool_timeout,
    )


def test_a_url_without_a_schema_uses_public():
    assert "public" == parse_url("postgres://postgres@127.0.0.1/test").schema


@pytest.mark.parametrize(
    "url",
    [
        "mysql://root@127.0.0.1/test",
        "postgresql://h/db?schema=Feedback",
        "postgresql://h/db?schema=pg_catalog",
        "postgresql://h/db?schema=a;drop",
        "postgresql://h/db?schema=",
        "postgresql://h/db?schema=a&schema=b",
        "postgresql://h/db?pool_max=0",
        "postgresql://h/db?pool_max=ten",
        "postgresql://h/db?pool_min=5&pool_max=2",
        "postgresql://h/db?pool_timeout=-1",
        "postgresql://h/db?no_such_libpq_parameter=1",
    ],
)
def test_a_bad_url_is_a_validation_error_on_storage(url):
    with pytest.raises(ValidationError) as raised:
        PostgresStorage.from_url(url)
    assert "storage" == raised.value.field


def test_an_unreachable_server_is_storage_unavailable():
    # Port 1 on this machine refuses at once: nothing listens there.
    with pytest.raises(StorageUnavailable) as raised:
        PostgresStorage.from_url("postgresql://postgres@127.0.0.1:1/test?connect_timeout=5")
    assert ("storage", "storage_unavailable") == (raised.value.field, raised.value.code)


# --- schema and migrations ----------------------------------------------------------------


def versions(schema):
    with pg.connect() as conn:
        rows = conn.execute(f"SELECT version FROM {schema}.schema_version ORDER BY version")
        return [r[0] for r in rows]


def schema_exists(schema):
    with pg.connect() as conn:
        row = conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s", [schema])
        return row.fetchone()[0] == 1


@pg.needs_server
def test_a_missing_schema_is_created_and_migrated(tmp_path):
    schema = pg.schema_for(tmp_path)
    assert not schema_exists(schema)
    PostgresStorage.from_url(pg.url_for(schema)).close()
    assert list(range(1, len(MIGRATIONS) + 1)) == versions(schema)


@pg.needs_server
def test_migrating_again_changes_nothing(store):
    before = versions(store.schema)
    assert (len(MIGRATIONS), before) == (store.migrate(), versions(store.schema))


def migrate_in_this_process(schema):
    PostgresStorage.from_url(pg.url_for(schema)).close()
    return versions(schema)


def waiting_for_the_migration_lock(conn, schema):
    # A one-key advisory lock shows its 64-bit key split in two halves.
    row = conn.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        f" AND objsubid = 1 AND (classid::int8 << 32 | objid::int8) = {MIGRATION_KEY}",
        [schema],
    ).fetchone()
    return row[0]


@pg.needs_server
def test_processes_migrating_at_once_apply_each_migration_once(tmp_path):
    schema = pg.schema_for(tmp_path)
    spawn = multiprocessing.get_context("spawn")
    with pg.connect() as holder, ProcessPoolExecutor(3, mp_context=spawn) as pool:
        # Hold the lock the migration takes first, so that all three queue on it and
        # then race for the same empty schema the moment it is released.
        with holder.transaction():
            holder.execute(MIGRATION_LOCK, [schema])
            futures = [pool.submit(migrate_in_this_process, schema) for _ in range(3)]
            with pg.connect() as watcher:
                for _ in range(600):
                    if waiting_for_the_migration_lock(watcher, schema) >= 3 or any(
                        f.done() for f in futures
                    ):
                        break
                    threading.Event().wait(0.05)
                queued = waiting_for_the_migration_lock(watcher, schema)
        seen = [f.result(timeout=120) for f in futures]
    every = list(range(1, len(MIGRATIONS) + 1))
    assert (3, [every] * 3) == (queued, seen)


# --- plugin -------------------------------------------------------------------------------


@pg.needs_server
@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_from_urls_opens_the_store_by_scheme(tmp_path, scheme):
    url = f"{scheme}:" + pg.url_for(pg.schema_for(tmp_path)).partition(":")[2]
    system = FeedbackSystem.from_urls(Settings(secret_key=b"k" * 32), storage=url)
    try:
        admin = system.bootstrap_admin("quantri", "mat khau dai du")
        assert (PostgresStorage, admin) == (
            type(system.storage),
            system.login("quantri", "mat khau dai du"),
        )
    finally:
        system.close()


def test_without_psycopg_the_url_names_the_extra_to_install():
    # A fresh interpreter where importing psycopg fails as if it were not installed.
    probe = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from feedback_core import FeedbackSystem, Settings, FeedbackError\n"
        "try:\n"
        "    FeedbackSystem.from_urls(Settings(secret_key=b'k' * 32),"
        " storage='postgresql://postgres@127.0.0.1/test', sms='console:')\n"
        "except FeedbackError as error:\n"
        "    print(type(error).__name__, error.field, error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert (
        "AdapterError storage storage: The 'postgresql:' adapter needs an extra:"
        " pip install 'feedback-core[postgres]'\n"
    ) == result.stdout


# --- what the contract cannot see ---------------------------------------------------------


@pg.needs_server
def test_concurrent_sends_to_one_phone_never_pass_the_limit(store):
    limit, phone = 5, "+84912345678"

    def send_if_allowed():
        with store.transaction() as tx:
            if len(tx.codes.sends_since(phone, rec.T0)) < limit:
                tx.codes.record_send(phone, rec.minutes(1))

    together(lambda: [send_if_allowed() for _ in range(3)])
    with store.transaction() as tx:
        assert limit == len(tx.codes.sends_since(phone, rec.T0))


@pg.needs_server
def test_concurrent_failed_logins_are_all_counted(store):
    account = rec.account("+84912345678")
    with store.transaction() as tx:
        tx.accounts.add(account)

    def fail_once():
        with store.transaction() as tx:
            found = tx.accounts.by_login_id(account.login_id)
            tx.accounts.update(attrs.evolve(found, failed_logins=found.failed_logins + 1))

    together(lambda: [fail_once() for _ in range(5)])
    with store.transaction() as tx:
        assert WORKERS * 5 == tx.accounts.get(account.id).failed_logins


@pg.needs_server
def test_a_deadlock_is_a_conflict_for_one_side_only(store):
    first, second = uuid.uuid4(), uuid.uuid4()
    both_hold_one = threading.Barrier(2)

    def lock_both(order):
        try:
            with store.transaction() as tx:
                tx.codes.lock(order[0], CodePurpose.RESET)
                both_hold_one.wait(timeout=30)
                tx.codes.lock(order[1], CodePurpose.RESET)
        except Conflict as error:
            return (error.field, error.code)
        return "committed"

    with ThreadPoolExecutor(2) as threads:
        outcomes = list(threads.map(lock_both, [(first, second), (second, first)]))
    assert [("storage", "storage_conflict"), "committed"] == sorted(outcomes, key=str)


@pg.needs_server
def test_the_log_is_read_whole_across_server_side_batches(store):
    events = [rec.event(rec.minutes(m)) for m in range(LOG_BATCH * 2 + 7)]
    with store.transaction() as tx:
        tx.outbox.add(events, ())
    with store.transaction() as tx:
        logged = tx.outbox.log(0, len(events) + 1)
    assert events == [e for _, e in logged]


def log(store, after=0):
    with store.transaction() as tx:
        return tx.outbox.log(after, 1000)


def seq_by_event(store):
    with pg.connect() as conn:
        rows = conn.execute(f"SELECT id, seq FROM {store.schema}.outbox")
        return dict(rows.fetchall())


class LogReader:
    """A reader of the log that reads on from the last position it got, as consumers do."""

    def __init__(self, store):
        self.store, self.at, self.positions, self.events = store, 0, [0], []

    def read_on(self):
        got = log(self.store, self.at)
        if got:
            self.at = got[-1][0]
            self.positions.append(self.at)
        self.events += [e for _, e in got]

    def catch_up(self, count, seconds=30):
        """Read on until ``count`` events were read, for at most ``seconds``.

        Any transaction of the server's other work that is older than the last write and
        still running holds the log back a moment longer, never reorders it.
        """
        for _ in range(int(seconds / 0.05)):
            self.read_on()
            if len(self.events) >= count:
                break
            threading.Event().wait(0.05)
        return self.events


@pg.needs_server
def test_the_log_waits_for_an_earlier_writer_still_open_and_never_skips_its_event(store):
    first, second = rec.event(rec.minutes(0)), rec.event(rec.minutes(1))
    a_wrote, a_may_commit = threading.Event(), threading.Event()

    def write_first_and_hold_it_open():
        with store.transaction() as tx:
            tx.outbox.add([first], ())
            a_wrote.set()
            assert a_may_commit.wait(timeout=60)

    reader = LogReader(store)
    with ThreadPoolExecutor(1) as threads:
        a = threads.submit(write_first_and_hold_it_open)
        try:
            assert a_wrote.wait(timeout=60)
            with store.transaction() as tx:  # B: takes a later seq than A's, commits first
                tx.outbox.add([second], ())
            while_a_is_open = log(store)
            reader.read_on()
        finally:
            a_may_commit.set()
        a.result(timeout=60)
    seqs = seq_by_event(store)
    # A took the earlier seq and committed last: a log in seq order would skip it.
    assert seqs[first.id] < seqs[second.id]
    assert ([], []) == (while_a_is_open, reader.events)
    assert [first, second] == reader.catch_up(2)
    final = log(store)
    assert reader.events == [e for _, e in final]
    positions = [p for p, _ in final]
    for held in reader.positions:
        assert final[bisect.bisect_right(positions, held) :] == log(store, held)


@pg.needs_server
def test_the_log_orders_by_transaction_id_as_a_number_then_by_seq(store):
    # Rows as if written by transactions 10, 9 and 10 again (long ended), in that order.
    events = [rec.event(rec.minutes(m)) for m in range(3)]
    with pg.connect() as conn:
        for xid, event in zip(("10", "9", "10"), events, strict=True):
            conn.execute(
                f"INSERT INTO {store.schema}.outbox (tx, id, data) VALUES (%s::xid8, %s, %s)",
                (xid, event.id, json.dumps(event_to_dict(event))),
            )
    logged = log(store)
    assert [events[1], events[0], events[2]] == [e for _, e in logged]
    assert [(9, 2), (10, 1), (10, 3)] == [divmod(p, 2**63) for p, _ in logged]


@pg.needs_server
def test_a_reader_polling_while_writers_overlap_sees_every_event_once_in_log_order(store):
    # Writers whose transactions overlap at random; the reader reads on all the while.
    written = [rec.event(rec.minutes(m)) for m in range(WORKERS * 10)]
    done = threading.Event()
    reader = LogReader(store)

    def read_until_done():
        while not done.wait(0.001):
            reader.read_on()

    def write(events):
        for event in events:
            with store.transaction() as tx:
                tx.outbox.add([event], ())
                threading.Event().wait(0.002 * (event.at.minute % 3))

    with ThreadPoolExecutor(WORKERS) as threads:
        polling = threads.submit(read_until_done)
        list(threads.map(write, [written[i :: WORKERS - 1] for i in range(WORKERS - 1)]))
        done.set()
        polling.result(timeout=60)
    reader.catch_up(len(written))
    assert [e for _, e in log(store)] == reader.events
    assert sorted(written, key=lambda e: e.id) == sorted(reader.events, key=lambda e: e.id)


@pg.needs_server
def test_the_system_reads_on_from_a_postgresql_position(world, store):
    LogReader(store).catch_up(len(seq_by_event(store)))
    everything = world.system.events(limit=500)
    assert len(everything) >= 2
    assert all(p > 2**63 for p, _ in everything)
    assert everything[1:] == world.system.events(after=everything[0][0], limit=500)


@pg.needs_server
def test_a_closed_store_is_storage_unavailable(tmp_path):
    storage = pg.open_store(tmp_path)
    storage.close()
    with pytest.raises(StorageUnavailable), storage.transaction():
        pass


# --- decoded alerts reused by version (as feedback_sqlite does) ----------------------------


class Boom(Exception):
    pass


@pytest.fixture
def world(store):
    return World.build(store, RecordingSmsSender())


def approved(world):
    now = world.clock.now()
    alert = world.system.create_alert(
        world.staff[0].id,
        headline="Ngập",
        description="Mưa lớn",
        area="Phường 1",
        start=now,
        end=now.add(hours=3),
    )
    world.system.submit_alert(world.staff[0].id, alert.id)
    return world.system.approve_alert(world.approvers[0].id, alert.id)


def in_force(world):
    with world.storage.transaction() as tx:
        return tx.alerts.active_at(world.clock.now())


@pg.needs_server
def test_an_alert_in_force_is_decoded_once_per_version(world):
    approved(world)
    first, again = in_force(world), in_force(world)
    assert first == again
    assert first[0] is again[0]


@pg.needs_server
def test_a_version_read_inside_a_rolled_back_transaction_is_never_served(world):
    alert = approved(world)
    cancelled = attrs.evolve(
        alert,
        status=AlertStatus.CANCELLED,
        version=alert.version + 1,
        cancelled_at=world.clock.now(),
        cancelled_by=world.approvers[0].id,
    )
    seen = []
    with pytest.raises(Boom), world.storage.transaction() as tx:  # noqa: PT012
        tx.alerts.update(cancelled)
        seen.extend(tx.alerts.active_at(world.clock.now()))
        raise Boom
    assert ([cancelled], [alert]) == (seen, in_force(world))
