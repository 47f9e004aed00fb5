"""A dispatcher SIGKILLed mid-batch loses none: its claims run out and another delivers them.

A child process dispatches 100 alert events from a SQLite file to a webhook receiver on
127.0.0.1, ten at a time. The receiver holds the 36th request until the test has killed the
child: three batches were marked delivered, the fourth was claimed and half handed over.
"""

import collections
import http.server
import signal
import threading

import processes
import pytest

from feedback_core.outbox.model import DispatchPolicy
from feedback_core.testing.world import World
from feedback_memory import RecordingSmsSender
from feedback_sqlite import SqliteStorage
from feedback_webhook import SignatureInvalid, make_secret, verify
from feedback_webhook.transport import WebhookTransport

pytestmark = pytest.mark.slow

SECRET = make_secret(b"feedback-core dispatch crash key, 32b")
EVENTS = 100
BATCH = 10
HELD = 36  # the receiver holds this request: the child dies with its batch claimed, unmarked
MARKED = (HELD - 1) // BATCH * BATCH  # 30: the batches marked delivered before the held one's
IN_FLIGHT = HELD - MARKED  # 6: handed over in the claimed batch, the held one last, none marked
WAIT = 5.0  # seconds, for what takes milliseconds


class Receiver:
    """Keeps each verified event once by its ``webhook-id``; holds request ``HELD`` a while."""

    def __init__(self):
        self.arrivals = []  # every verified request's webhook-id, in order
        self.events = {}  # webhook-id: the first verified event with that id
        self.holding = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        serve = self._server.serve_forever
        threading.Thread(target=serve, kwargs={"poll_interval": 0.01}, daemon=True).start()

    def _handler(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                try:
                    event = verify(body, dict(self.headers), SECRET)
                except SignatureInvalid:
                    return self.answer(401)
                if receiver.keep(self.headers["webhook-id"], event) == HELD:
                    receiver.holding.set()
                    receiver.release.wait(WAIT)
                return self.answer(204)

            def answer(self, status):
                try:
                    self.send_response(status)
                    self.send_header("content-length", "0")
                    self.end_headers()
                except ConnectionError:
                    pass  # the dispatcher was killed while we held its request

            def log_message(self, *args):
                pass

        return Handler

    def keep(self, webhook_id, event):
        with self._lock:
            self.arrivals.append(webhook_id)
            self.events.setdefault(webhook_id, event)
            return len(self.arrivals)

    def seen(self):
        with self._lock:
            return list(self.arrivals)

    def stop(self):
        self.release.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self._server.server_address[1]}/hooks"


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


@pytest.fixture
def db(tmp_path):
    return tmp_path / "feedback.db"


@pytest.fixture
def world_on_file(db):
    storage = SqliteStorage(db)
    yield World.build(storage, RecordingSmsSender())
    storage.close()


@pytest.fixture
def webhook(receiver, monkeypatch):
    """The destination's name (the child builds its transport from it) and our transport."""
    monkeypatch.setenv("FEEDBACK_WEBHOOK_SECRET", SECRET)  # the child inherits it
    transport = WebhookTransport(receiver.url, SECRET, connect_timeout=0.5, read_timeout=1)
    yield "webhook:" + receiver.url, transport
    transport.close()


def alerts_created(system, world, count):
    """``count`` alerts created: one AlertCreated event each; their event ids."""
    start = world.clock.now().add(hours=1)
    for n in range(count):
        system.create_alert(
            world.staff[0].id,
            headline=f"Cảnh báo {n}",
            description="Mưa lớn",
            area="Tây Ninh",
            start=start,
            end=start.add(hours=2),
        )
    return {str(event.id) for event in system.pending_events(limit=count + 1)}


def dispatcher_killed_while_held(db, destination, receiver):
    """A child dispatching ``BATCH`` at a time, SIGKILLed while request ``HELD`` is held."""
    with processes.child("batches", f"sqlite:///{db}", destination, BATCH) as proc:
        held = receiver.holding.wait(WAIT)
        proc.kill()
        proc.wait(WAIT)
    assert held, "the child never reached the held request"
    assert -signal.SIGKILL == proc.returncode
    return receiver.seen()


def test_a_dispatcher_sigkilled_mid_batch_loses_none(db, world_on_file, receiver, webhook):
    destination, transport = webhook
    system = world_on_file.system_with(transports={destination: transport})
    produced = alerts_created(system, world_on_file, EVENTS)
    assert EVENTS == len(produced)

    seen_at_kill = dispatcher_killed_while_held(db, destination, receiver)
    waiting_at_kill = {str(event.id) for event in system.pending_events(limit=EVENTS)}
    assert 0 < len(seen_at_kill) < EVENTS
    assert EVENTS - MARKED == len(waiting_at_kill)
    in_flight = set(seen_at_kill) & waiting_at_kill  # the receiver got them, no mark was made
    assert IN_FLIGHT == len(in_flight)

    before_lease = system.dispatch()  # the unclaimed rest goes; the dead one's claim holds
    assert (EVENTS - MARKED - BATCH, 0) == (before_lease.delivered, before_lease.failed)
    world_on_file.clock.advance(DispatchPolicy().lease)
    after_lease = system.dispatch()
    assert (BATCH, 0) == (after_lease.delivered, after_lease.failed)
    assert [] == system.pending_events()

    assert produced == set(receiver.events)  # every event, exactly the 100 ids
    assert {"AlertCreated"} == {event["type"] for event in receiver.events.values()}
    assert all(event["id"] == webhook_id for webhook_id, event in receiver.events.items())
    twice = collections.Counter(receiver.seen())
    assert in_flight == {webhook_id for webhook_id, n in twice.items() if n > 1}
    assert {1, 2} >= set(twice.values())
