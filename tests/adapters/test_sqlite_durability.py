"""SQLite under crashes and concurrency: acknowledged means stored, counting is atomic."""

import datetime as dt
import random
import sqlite3
import threading
import uuid

import processes
import pytest

from feedback_core import CodeWrong, FeedbackError
from feedback_core.accounts.codes import CodePurpose
from feedback_core.testing.world import World
from feedback_memory import RecordingSmsSender
from feedback_sqlite import SqliteStorage

pytestmark = pytest.mark.slow


@pytest.fixture
def db(tmp_path):
    return tmp_path / "feedback.db"


@pytest.fixture
def world_on_file(db):
    storage = SqliteStorage(db)
    world = World.build(storage, RecordingSmsSender())
    yield world
    storage.close()


def child(command, db, *args):
    return processes.child(command, f"sqlite:///{db}", *args)  # db is absolute: sqlite:////


def killed_after_some_acknowledgements(db, citizen_id, rng):
    with child("submit", db, citizen_id) as proc:
        acknowledged = [proc.stdout.readline().strip() for _ in range(rng.randint(1, 40))]
        proc.kill()  # SIGKILL: no cleanup, possibly mid-transaction
    return acknowledged


def test_every_acknowledged_report_survives_sigkill_whole(db, world_on_file):
    rng = random.Random(1022)
    acknowledged = []
    for _ in range(20):
        acknowledged += killed_after_some_acknowledgements(db, world_on_file.citizen.id, rng)
    with sqlite3.connect(db) as conn:
        assert [("ok",)] == conn.execute("PRAGMA integrity_check").fetchall()
    for report_id in acknowledged:
        view = world_on_file.system.read_report(world_on_file.citizen.id, report_id)
        assert (1, "submitted") == (len(view.history), view.report.status.value)
        assert view.report.draft.content.startswith("Nội dung")


def test_sixteen_threads_and_two_processes_never_get_more_than_five_wrong_tries(db, world_on_file):
    phone = "0987654321"
    account = world_on_file.system.register(
        {"phone": phone, "password": "mat-khau-1", "full_name": "Công dân"}
    )
    right = world_on_file.sms.last_code(account.login_id)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    outcomes: list[str] = []
    procs = [child("guess", db, phone, wrong, 10) for _ in range(2)]

    def guesser():
        for _ in range(10):
            try:
                world_on_file.system.activate(phone, wrong)
            except FeedbackError as error:
                outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=guesser) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for proc in procs:
        outcomes += proc.communicate()[0].split()
    with world_on_file.storage.transaction() as tx:
        state = tx.codes.lock(account.id, CodePurpose.ACTIVATION)
    assert 5 == state.wrong_tries
    assert 4 == outcomes.count(CodeWrong.__name__)  # the fifth wrong try kills the code
    assert 16 * 10 + 2 * 10 == len(outcomes)


def test_two_processes_ticking_at_once_emit_each_activation_once(db, world_on_file):
    alerts = processes.approved_alerts(world_on_file, 30)
    at = (world_on_file.clock.now() + dt.timedelta(hours=1)).isoformat()
    procs = [child("tick", db, at, 20) for _ in range(2)]
    lines = [line.split() for proc in procs for line in proc.communicate()[0].splitlines()]
    emitted = [uuid.UUID(alert_id) for _, alert_id, name in lines if name == "AlertActivated"]
    assert sorted(alerts) == sorted(emitted)
    logged = [e for _, e in world_on_file.system.events(limit=500) if e.name == "AlertActivated"]
    assert sorted(alerts) == sorted(e.alert_id for e in logged)
