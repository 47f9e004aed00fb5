"""PostgreSQL shared by many backend processes: counting, versions, ticks and delivery.

Each test starts 8 processes (tests/adapters/store_child.py), each opening the store by
its URL like another stateless backend instance, and checks the rule on what they print
and on what the store holds afterwards. Then the faults: a backend killed with
pg_terminate_backend in the middle of a use case.
"""

import datetime as dt
import json
import subprocess
import uuid
from collections import Counter
from pathlib import Path

import processes
import pytest
from postgres_support import connect, terminate_backends_in, url_for

from feedback_core import FeedbackSystem, Settings
from feedback_core.accounts.codes import CodePurpose, number_key
from feedback_core.errors import StorageUnavailable
from feedback_core.testing.world import PASSWORD, SECRET_KEY, World, cheap_hasher
from feedback_memory import RecordingSmsSender
from feedback_postgres import PostgresStorage

PROCESSES = 8
PHONE = "0987654321"
pytestmark = pytest.mark.slow


@pytest.fixture
def url(postgres_schema):
    return url_for(postgres_schema)


@pytest.fixture
def world(url):
    storage = PostgresStorage.from_url(url)
    world = World.build(storage, RecordingSmsSender())
    yield world
    storage.close()


def children(command, url, *args):
    return [processes.child(command, url, *args) for _ in range(PROCESSES)]


def outputs(procs):
    lines = []
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert 0 == proc.returncode, out
        lines += out.split("\n")
    return [line for line in lines if line]


def wrong_code(world, phone):
    right = world.sms.last_code(f"+84{phone[1:]}")
    return f"{(int(right) + 1) % 1_000_000:06d}"


# --- counting ----------------------------------------------------------------------------


def test_eight_processes_guessing_one_code_never_count_more_than_five_wrong_tries(url, world):
    account = world.system.register({"phone": PHONE, "password": PASSWORD, "full_name": "Bình"})
    outcomes = Counter(outputs(children("guess", url, PHONE, wrong_code(world, PHONE), 6)))
    with world.storage.transaction() as tx:
        state = tx.codes.lock(account.id, CodePurpose.ACTIVATION)
    assert 5 == state.wrong_tries
    # The fifth wrong try kills the code: four say "wrong", every later guess "dead".
    assert {"CodeWrong": 4, "CodeDead": PROCESSES * 6 - 4} == outcomes


def test_eight_processes_guessing_one_reset_code_never_count_more_than_five_wrong_tries(url, world):
    citizen = world.new_citizen(PHONE)
    world.clock.advance(dt.timedelta(minutes=2))  # past the cooldown of the activation text
    world.system.request_password_reset(PHONE)
    now, wrong = world.clock.now().isoformat(), wrong_code(world, PHONE)
    with world.storage.transaction() as tx:
        activation = tx.codes.lock(citizen.id, CodePurpose.ACTIVATION)
    outcomes = Counter(outputs(children("reset", url, now, PHONE, wrong, 6)))
    with world.storage.transaction() as tx:
        state = tx.codes.lock(citizen.id, CodePurpose.RESET)
        assert activation == tx.codes.lock(citizen.id, CodePurpose.ACTIVATION)  # not counted
    assert 5 == state.wrong_tries
    # As for activation: four say "wrong", every later guess "dead".
    assert {"CodeWrong": 4, "CodeDead": PROCESSES * 6 - 4} == outcomes
    assert citizen.id == world.system.login(PHONE, PASSWORD).id  # the password never changed


def test_eight_processes_sending_never_exceed_the_per_number_limit(url, world):
    world.system.register({"phone": PHONE, "password": PASSWORD, "full_name": "Bình"})
    outcomes = Counter(outputs(children("send", url, PHONE, 3)))
    limit = world.system.settings.activation.max_sends
    # Registration sent the first code; the children may send only the rest.
    assert {"ok": limit - 1, "SendLimit": PROCESSES * 3 - (limit - 1)} == outcomes
    with world.storage.transaction() as tx:
        key = number_key(world.system.settings.secret_key, f"+84{PHONE[1:]}")
        sends = tx.codes.sends_since(key, world.clock.now().subtract(days=1))
    assert limit == len(sends)


# --- optimistic versions -------------------------------------------------------------------


def test_officials_changing_one_report_at_once_give_one_success_and_conflicts(url, world):
    report = world.system.submit_report(
        world.citizen.id, title="Ổ gà", content="Ổ gà lớn", category="giao_thong", address="QL22"
    )
    officials = [world.operator] + [
        world.system.create_official(
            world.admin.id, role="operator", username=f"tiepnhan{n}", password=PASSWORD
        )
        for n in range(1, PROCESSES)
    ]
    v = report.version
    procs = [
        processes.child("accept", url, official.id, report.id, v, stdin=subprocess.PIPE)
        for official in officials
    ]
    for proc in procs:
        assert "ready" == proc.stdout.readline().strip()
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    assert {"ok": 1, "Conflict": PROCESSES - 1} == Counter(outputs(procs))
    view = world.system.read_report(world.citizen.id, report.id)
    assert (report.version + 1, "accepted") == (view.report.version, view.report.status.value)
    assert ["submitted", "accepted"] == [entry.to_status.value for entry in view.history]


# --- once-only milestones ------------------------------------------------------------------


def emitted(procs, name):
    lines = [line.split() for line in outputs(procs)]
    return sorted(uuid.UUID(alert_id) for _, alert_id, event in lines if event == name)


def logged(world, name):
    events = world.system.events(limit=500)
    return sorted(event.alert_id for _, event in events if event.name == name)


def test_eight_processes_ticking_emit_each_activation_and_expiry_exactly_once(url, world):
    alerts = sorted(processes.approved_alerts(world, 30))
    in_force = (world.clock.now() + dt.timedelta(hours=1)).isoformat()
    assert alerts == emitted(children("tick", url, in_force, 5), "AlertActivated")
    over = (world.clock.now() + dt.timedelta(hours=3)).isoformat()
    assert alerts == emitted(children("tick", url, over, 5), "AlertExpired")
    assert (alerts, alerts) == (logged(world, "AlertActivated"), logged(world, "AlertExpired"))


# --- delivery ------------------------------------------------------------------------------


def test_eight_dispatchers_deliver_each_event_at_least_once_and_mark_it_once(url, world, tmp_path):
    transport = f"jsonl://{tmp_path}/events.jsonl"
    queuing = FeedbackSystem.from_urls(
        world.system.settings,
        storage=url,
        sms="recording:",
        transports=[transport],
        clock=world.clock,
        hasher=cheap_hasher(),
    )
    for n in range(60):
        queuing.submit_report(
            world.citizen.id, title=f"Phản ánh {n}", content="...", category="khac", address="TN"
        )
    queued = [event.id for event in queuing.pending_events(limit=500)]
    assert 60 == len(queued)
    counts = [line.split() for line in outputs(children("dispatch", url, transport))]
    lines = Path(tmp_path, "events.jsonl").read_text(encoding="utf-8").split("\n")
    delivered = [json.loads(line)["id"] for line in lines if line]
    assert set(map(str, queued)) <= set(delivered)  # at least once
    assert (60, 0) == (
        sum(int(d) for d, _ in counts),
        sum(int(f) for _, f in counts),
    )  # marked once
    assert [] == queuing.pending_events(limit=500)
    queuing.close()


# --- faults --------------------------------------------------------------------------------


class KillingSmsSender(RecordingSmsSender):
    """Terminates the server backend of the transaction that is sending the text."""

    def __init__(self, schema):
        super().__init__()
        self.schema = schema
        self.armed = True

    def send(self, phone, text):
        if self.armed:
            self.armed = False
            assert terminate_backends_in(self.schema) >= 1
        super().send(phone, text)


def test_a_backend_killed_mid_use_case_is_a_clear_error_and_leaves_nothing(postgres_schema):
    storage = PostgresStorage.from_url(url_for(postgres_schema))
    sms = KillingSmsSender(postgres_schema)
    system = FeedbackSystem(storage, sms, Settings(secret_key=SECRET_KEY), hasher=cheap_hasher())
    form = {"phone": PHONE, "password": PASSWORD, "full_name": "Bình"}
    with pytest.raises(StorageUnavailable) as caught:
        system.register(form)  # the account is written, then the text is sent: killed there
    assert "storage" == caught.value.field
    assert caught.value.render("en")
    with connect() as conn:
        (accounts,) = conn.execute(f'SELECT count(*) FROM "{postgres_schema}".accounts').fetchone()
        (events,) = conn.execute(f'SELECT count(*) FROM "{postgres_schema}".outbox').fetchone()
    assert (0, 0) == (accounts, events)
    account = system.register(form)  # the next call works again, through the pool
    assert account.phone == "+84987654321"
    storage.close()
