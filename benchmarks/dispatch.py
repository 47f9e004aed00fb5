"""Dispatch: events/s to a webhook receiver and Mosquitto vs raw httpx / paho, and latency.

Throughput. A `FeedbackSystem.from_urls` on a SQLite file holds N committed events (alerts
created, submitted, approved, then activated by `tick`: a quarter of them drafts' small
events, half carrying the whole alert, a quarter also retained in MQTT), each with a
delivery waiting for ``webhook:`` and for ``mqtt:``. Library side: one timed
`system.dispatch()` that delivers all N to one transport (claims, hand-overs, marks, the
backlog read). Raw side: the same payloads sent by a plain loop: an `httpx.Client` POSTing
the same JSON bodies with the same Standard Webhooks headers, signed per request by
`feedback_webhook.signing` (the same HMAC work), or a paho-mqtt 2 client publishing the
same (topic, payload, retain) at QoS 1, one at a time, each waited for until its PUBACK as
`MqttTransport` waits. The raw side's bodies are built before timing: encoding events is
the library's work. Between library rounds the deliveries are set pending again with one
SQL UPDATE (not timed). The four cases run in alternation, the order flipped every round;
after every round the receiver's digests of what arrived are compared with what was meant
to be sent, so both sides delivered the same payloads.

Latency. A thread runs `system.dispatch()` in a loop (sleeping ``--idle`` ms when a run
delivered nothing) while the main thread commits one draft alert at a time at a steady
rate; commit time is taken when the use case returns, receipt time by the receiver, both
with `time.time()` (two processes, one machine).

The receiver is one separate process: a minimal asyncio HTTP/1.1 server (keep-alive;
reads the headers and the body, keeps a SHA-256 of the body, answers 204) and a paho
subscriber to ``<prefix>/#`` at QoS 1. Both sides send to the same receiver, so its cost
is in both numbers. Mosquitto must be running (``--broker``, default
mqtt://127.0.0.1:1883); everything is published under ``bench-<hex>`` and the retained
messages the run left are cleared at the end.

Usage: python benchmarks/dispatch.py [--quick] [--rounds N] [--dir PATH] [--broker URL]
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import multiprocessing
import os
import secrets
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import httpx
import paho.mqtt.client as mqtt
import pendulum
from _common import (
    ALERT_FORM,
    best_of,
    cumulative,
    header,
    parse_args,
    per_call,
    profile,
    raw_connect,
    scratch_dir,
    shares,
    sqlite_world,
    table,
    timed,
)
from paho.mqtt import __version__ as paho_version
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode

from feedback_core import FeedbackSystem, Settings
from feedback_core.adapter_kit.sql import text_event
from feedback_core.outbox.wire import event_to_dict
from feedback_core.testing.world import SECRET_KEY, cheap_hasher
from feedback_mqtt import MqttSettings, Publication, publications
from feedback_webhook import make_secret, signing, verify
from feedback_webhook.transport import SECRET_ENV

if TYPE_CHECKING:
    import argparse
    import pstats
    import uuid
    from collections.abc import Callable, Iterator
    from multiprocessing.connection import Connection
    from pathlib import Path

    from feedback_core.events import Event

TARGET: Final = 0.5  # library events/s over raw events/s
SECRET: Final = make_secret(b"feedback-core dispatch benchmark key, 32 bytes")
WAIT: Final = 30.0  # seconds: the longest wait for the broker or the receiver
SLICE: Final = 0.05  # as MqttTransport: how often a PUBACK wait checks the connection
POLL: Final = 0.01  # seconds between the receiver counts while waiting for arrivals
PAGE: Final = 500  # events read per page of the log
EVENTS_PER_ALERT: Final = 4  # created, submitted, approved, activated
LATENCY_RATE: Final = 50.0  # commits per second in the latency run
MILLIS: Final = 1000.0
FORM: Final = ALERT_FORM


# --- the receiver process ---------------------------------------------------------------


class Received:
    """What the receiver got since the last drain; paho's thread appends beside asyncio."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.hooks: list[tuple[float, str, str]] = []  # (time, webhook-id, body digest)
        self.mqtt: list[tuple[float, str, str]] = []  # (time, topic, payload digest)
        self.sample: tuple[dict[str, str], str] | None = None  # one request, to verify

    def hook(self, headers: dict[str, str], body: bytes) -> None:
        digest = hashlib.sha256(body).hexdigest()
        with self.lock:
            self.hooks.append((time.time(), headers.get("webhook-id", ""), digest))
            if self.sample is None:
                self.sample = (headers, body.decode("utf-8"))

    def message(self, topic: str, payload: bytes | bytearray) -> None:
        entry = (time.time(), topic, hashlib.sha256(payload).hexdigest())
        with self.lock:
            self.mqtt.append(entry)

    def drain(self) -> bytes:
        with self.lock:
            out = {"hooks": self.hooks, "mqtt": self.mqtt, "sample": self.sample}
            self.hooks, self.mqtt, self.sample = [], [], None
        return json.dumps(out).encode()

    def count(self) -> bytes:
        with self.lock:
            return json.dumps({"hooks": len(self.hooks), "mqtt": len(self.mqtt)}).encode()


class HttpReceiver(asyncio.Protocol):
    """HTTP/1.1 with keep-alive, just enough of it: POST -> 204, GET /count and /drain."""

    def __init__(self, received: Received) -> None:
        self.received = received
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (request := self._next()) is not None:
            self._answer(*request)

    def _next(self) -> tuple[str, dict[str, str], bytes] | None:
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        lines = self.buffer[:end].decode("latin-1").split("\r\n")
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (n.partition(":") for n in lines[1:])
        }
        size = int(headers.get("content-length", "0"))
        if len(self.buffer) < end + 4 + size:
            return None  # the body is still on its way
        body = self.buffer[end + 4 : end + 4 + size]
        self.buffer = self.buffer[end + 4 + size :]
        return lines[0], headers, body

    def _answer(self, request_line: str, headers: dict[str, str], body: bytes) -> None:
        assert self.transport is not None
        if request_line.startswith("POST "):
            self.received.hook(headers, body)
            self.transport.write(b"HTTP/1.1 204 No Content\r\n\r\n")
            return
        out = self.received.drain() if " /drain " in request_line else self.received.count()
        head = f"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len(out)}"
        self.transport.write(head.encode() + b"\r\n\r\n" + out)


def serve(conn: Connection, host: str, port: int, prefix: str) -> None:
    """The receiver process: subscribe, then serve HTTP; the port goes back through ``conn``."""
    received = Received()
    _subscribe(received, host, port, prefix)
    asyncio.run(_serve_http(conn, received))


def _subscribe(received: Received, host: str, port: int, prefix: str) -> mqtt.Client:
    subscribed = threading.Event()
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-rx-{secrets.token_hex(4)}")
    client.on_message = lambda _c, _u, msg: received.message(msg.topic, msg.payload)
    client.on_subscribe = lambda *_: subscribed.set()
    client.connect(host, port)
    client.loop_start()
    client.subscribe(f"{prefix}/#", qos=1)
    if not subscribed.wait(WAIT):
        raise SystemExit("the receiver got no SUBACK from the broker")
    return client


async def _serve_http(conn: Connection, received: Received) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: HttpReceiver(received), "127.0.0.1", 0, backlog=128)
    conn.send(server.sockets[0].getsockname()[1])
    await server.serve_forever()


@dataclass
class Drained:
    """What the receiver got: (time, webhook-id or topic, digest) and one request."""

    hooks: list[tuple[float, str, str]]
    mqtt: list[tuple[float, str, str]]
    sample: tuple[dict[str, str], str] | None


class Receiver:
    """The receiver process, seen from the benchmark: its URL, counts and drains."""

    def __init__(self, broker: MqttSettings, prefix: str) -> None:
        # spawn, not fork: the child starts clean, with no copy of this process's threads.
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        args = (theirs, broker.host, broker.port, prefix)
        self.process = context.Process(target=serve, args=args, daemon=True)
        self.process.start()
        if not ours.poll(WAIT):
            self.stop()
            raise SystemExit("the receiver process did not start")
        self.url = f"http://127.0.0.1:{ours.recv()}/hooks"
        self._control = httpx.Client(timeout=WAIT)  # its own connection, never a measured one

    def count(self, kind: str) -> int:
        return int(self._control.get(self.url.replace("/hooks", "/count")).json()[kind])

    def drain(self) -> Drained:
        data = self._control.get(self.url.replace("/hooks", "/drain")).json()
        sample = data["sample"]
        return Drained(
            [(t, key, dig) for t, key, dig in data["hooks"]],
            [(t, key, dig) for t, key, dig in data["mqtt"]],
            None if sample is None else (sample[0], sample[1]),
        )

    def wait_for(self, kind: str, count: int) -> None:
        """Until ``count`` messages of ``kind`` (hooks, mqtt) arrived since the last drain."""
        deadline = time.monotonic() + WAIT
        while self.count(kind) < count:
            if time.monotonic() > deadline:
                raise SystemExit(f"the receiver got {self.count(kind)} of {count} {kind}")
            time.sleep(POLL)

    def stop(self) -> None:
        with contextlib.suppress(AttributeError):
            self._control.close()
        self.process.terminate()
        self.process.join(WAIT)


# --- the store and its events ------------------------------------------------------------


@dataclass
class Setup:
    """The scratch store, the transports' URLs and the accounts that act."""

    path: Path
    webhook: str
    mqtt: str
    prefix: str
    staff: uuid.UUID
    approver: uuid.UUID

    def system(self, *transports: str) -> FeedbackSystem:
        """A system on the store, through URLs as hosts build it."""
        return FeedbackSystem.from_urls(
            Settings(secret_key=SECRET_KEY),
            storage=f"sqlite:///{self.path}",
            transports=transports,
            hasher=cheap_hasher(),
        )


def make_setup(path: Path, receiver: Receiver, broker: MqttSettings, prefix: str) -> Setup:
    """Accounts seeded by `World` on the file; the transports' URLs."""
    world = sqlite_world(path)
    staff, approver = world.staff[0].id, world.approvers[0].id
    world.system.close()
    broker_url = f"mqtt://{broker.host}:{broker.port}/{prefix}"
    return Setup(path, f"webhook:{receiver.url}", broker_url, prefix, staff, approver)


def last_position(system: FeedbackSystem) -> int:
    """The position of the newest event in the log (0 if none)."""
    position = 0
    while page := system.events(after=position, limit=PAGE):
        position = page[-1][0]
    return position


def events_after(system: FeedbackSystem, position: int) -> list[Event]:
    """The events logged after ``position``, in order."""
    found: list[Event] = []
    while page := system.events(after=position, limit=PAGE):
        found += [event for _, event in page]
        position = page[-1][0]
    return found


def seed_events(setup: Setup, alerts: int) -> list[Event]:
    """``alerts`` alerts created, submitted, approved and activated: 4 events each."""
    with setup.system(setup.webhook, setup.mqtt) as system:
        start = last_position(system)
        now = pendulum.now("UTC")
        form = FORM | {"start": now.subtract(minutes=1), "end": now.add(hours=6)}
        for _ in range(alerts):
            draft = system.create_alert(setup.staff, **form)  # type: ignore[arg-type]
            system.submit_alert(setup.staff, draft.id)
            system.approve_alert(setup.approver, draft.id)
        system.tick()  # every one started a minute ago: one AlertActivated each
        made = events_after(system, start)
    if len(made) != alerts * EVENTS_PER_ALERT:
        raise SystemExit(f"seeding made {len(made)} events, not {alerts * EVENTS_PER_ALERT}")
    return made


def reset(path: Path, destination: str) -> Callable[[], None]:
    """Set every delivery to ``destination`` pending again, due now, in the same order."""
    conn = raw_connect(path)

    def run() -> None:
        # due_at 0 keeps the claim order (due_at, then seq): events were due in seq order.
        conn.execute(
            "UPDATE outbox_deliveries SET delivered_at = NULL, attempts = 0, due_at = 0"
            " WHERE destination = ?",
            (destination,),
        )

    return run


# --- what each side sends ---------------------------------------------------------------


def body(event: Event) -> bytes:
    """The webhook body, built as `WebhookTransport.deliver` builds it (no cap_sender)."""
    text = json.dumps(event_to_dict(event), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def raw_webhook(
    url: str, items: list[tuple[str, bytes]]
) -> tuple[httpx.Client, Callable[[], None]]:
    """A client configured as the transport's, and a loop POSTing ``items`` signed per request."""
    key = signing.secret_key(SECRET)
    client = httpx.Client(timeout=httpx.Timeout(10.0, connect=5.0), follow_redirects=False)

    def run() -> None:
        for msg_id, raw in items:
            headers = signing.headers(key, msg_id, int(time.time()), raw)
            headers["content-type"] = "application/json"
            if not client.post(url, content=raw, headers=headers).is_success:
                raise SystemExit("the receiver refused a raw POST")

    return client, run


def paho_client(broker: MqttSettings) -> mqtt.Client:
    """A connected paho client with its network thread, made as `MqttTransport` makes one."""
    connected = threading.Event()
    client = mqtt.Client(
        CallbackAPIVersion.VERSION2,
        client_id=f"bench-raw-{secrets.token_hex(6)}",
        clean_session=True,
    )
    client.on_connect = lambda *_: connected.set()
    client.connect(broker.host, broker.port, 30)
    client.loop_start()
    if not connected.wait(WAIT):
        raise SystemExit("the raw MQTT client could not connect")
    return client


def publish(client: mqtt.Client, item: Publication) -> None:
    """Publish at QoS 1 and wait for the PUBACK, checking the connection as the transport does."""
    info = client.publish(item.topic, item.payload, qos=1, retain=item.retain)
    if info.rc != MQTTErrorCode.MQTT_ERR_SUCCESS:
        raise SystemExit(mqtt.error_string(info.rc))
    deadline = time.monotonic() + WAIT
    while not info.is_published():
        if not client.is_connected() or time.monotonic() > deadline:
            raise SystemExit("the raw MQTT client lost its connection or its PUBACK")
        info.wait_for_publish(SLICE)


def raw_mqtt(client: mqtt.Client, plan: list[Publication]) -> Callable[[], None]:
    def run() -> None:
        for item in plan:
            publish(client, item)

    return run


def library_dispatch(system: FeedbackSystem, count: int) -> Callable[[], None]:
    """One `system.dispatch()`, which must deliver ``count`` events and fail none."""

    def run() -> None:
        result = system.dispatch()
        if (result.delivered, result.failed) != (count, 0):
            raise SystemExit(f"dispatch: {result}")

    return run


# --- rounds ----------------------------------------------------------------------------


@dataclass
class Case:
    """One timed side: what to do before (not timed), the timed run, the check after."""

    prepare: Callable[[], None]
    run: Callable[[], None]
    check: Callable[[], None]


def checker(
    receiver: Receiver, kind: str, expected: Counter[tuple[str, str]]
) -> Callable[[], None]:
    """After a round: the receiver got exactly ``expected`` (key, digest) pairs."""
    total = sum(expected.values())

    def check() -> None:
        receiver.wait_for(kind, total)
        drained = receiver.drain()
        got = Counter((key, dig) for _, key, dig in getattr(drained, kind))
        if got != expected:
            raise SystemExit(f"{kind}: the receiver got other payloads than were meant")
        if kind == "hooks":
            assert drained.sample is not None
            verify(drained.sample[1], drained.sample[0], SECRET)  # the signature holds

    return check


def alternate(cases: dict[str, Case], rounds: int) -> dict[str, float]:
    """Best seconds of each case, in alternation, the order flipped every round."""
    best = dict.fromkeys(cases, float("inf"))
    names = list(cases)
    for i in range(rounds):
        for name in names if i % 2 == 0 else reversed(names):
            case = cases[name]
            case.prepare()
            best[name] = min(best[name], timed(case.run))
            case.check()
    return best


def nothing() -> None:
    """No preparation: the raw side's payloads are ready."""


# --- latency ---------------------------------------------------------------------------


def dispatch_loop(system: FeedbackSystem, stop: threading.Event, idle: float) -> None:
    """Dispatch until told to stop, sleeping ``idle`` seconds after a run that found nothing."""
    while not stop.is_set():
        result = system.dispatch()
        if result.failed:
            raise SystemExit(f"dispatch failed: {result}")
        if not result.delivered:
            time.sleep(idle)


def commit_steadily(system: FeedbackSystem, setup: Setup, count: int) -> list[float]:
    """Commit ``count`` draft alerts at LATENCY_RATE; each one's time after the call returns."""
    now = pendulum.now("UTC")
    form = FORM | {"start": now.add(hours=1), "end": now.add(hours=7)}
    times: list[float] = []
    due = time.perf_counter()
    for _ in range(count):
        due += 1 / LATENCY_RATE
        time.sleep(max(0.0, due - time.perf_counter()))
        system.create_alert(setup.staff, **form)  # type: ignore[arg-type]
        times.append(time.time())
    return times


def latency(
    system: FeedbackSystem, setup: Setup, receiver: Receiver, kind: str, count: int, idle: float
) -> list[float]:
    """Milliseconds from each commit to its receipt, with a dispatch loop running beside."""
    start = last_position(system)
    receiver.drain()
    stop = threading.Event()
    loop = threading.Thread(target=dispatch_loop, args=(system, stop, idle), daemon=True)
    loop.start()
    try:
        committed = commit_steadily(system, setup, count)
        receiver.wait_for(kind, count)
    finally:
        stop.set()
        loop.join(WAIT)
    made = events_after(system, start)
    arrived = {key: t for t, key, _ in receiver.drain().hooks} if kind == "hooks" else {}
    if kind == "mqtt":
        arrived = {dig: t for t, _, dig in receiver.drain().mqtt}
    keys = [str(e.id) if kind == "hooks" else digest(body(e)) for e in made]
    if len(made) != count or any(k not in arrived for k in keys):
        raise SystemExit(f"latency {kind}: {len(made)} events, not all received")
    return [(arrived[k] - t) * MILLIS for k, t in zip(keys, committed, strict=True)]


def percentiles(ms: list[float]) -> list[float]:
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return [cuts[49], cuts[98], max(ms)]


# --- profile ---------------------------------------------------------------------------


def _in(path: str, name: str) -> Callable[[str, str], bool]:
    return lambda file, fn: fn == name and file.endswith(path)


DISPATCH_PARTS: Final = {
    "claim (SELECT + lease UPDATE, COMMIT)": _in("outbox/cases.py", "_claim"),
    "  of which: decode events (text_event)": _in("sql/outbox.py", "text_event"),
    "mark delivered (UPDATE per event, COMMIT)": _in("outbox/cases.py", "_record"),
    "backlog read": _in("sql/outbox.py", "backlog"),
}
WEBHOOK_PARTS: Final = {
    "transport.deliver, all": _in("feedback_webhook/transport.py", "deliver"),
    "  httpx Client.post (send, wait for 204)": _in("httpx/_client.py", "post"),
    "  payload (event_to_dict)": _in("feedback_webhook/transport.py", "payload"),
    "  json.dumps": _in("json/__init__.py", "dumps"),
    "  signing.headers (HMAC-SHA256)": _in("feedback_webhook/signing.py", "headers"),
    **DISPATCH_PARTS,
}
MQTT_PARTS: Final = {
    "transport.deliver, all": _in("feedback_mqtt/transport.py", "deliver"),
    "  topics.publications (event_to_dict, json)": _in("feedback_mqtt/topics.py", "publications"),
    "  paho Client.publish": _in("paho/mqtt/client.py", "publish"),
    "  waiting for the PUBACK (wait_for_publish)": _in("paho/mqtt/client.py", "wait_for_publish"),
    **DISPATCH_PARTS,
}


def profiled(case: Case, parts: dict[str, Callable[[str, str], bool]], count: int) -> str:
    """Where one library dispatch of ``count`` events spends its time, under cProfile."""
    case.prepare()
    stats: pstats.Stats = profile(case.run, top=0)
    case.check()
    whole = _in("outbox/cases.py", "dispatch")
    table_text = shares(stats, whole, parts, count, unit="event")
    seconds, _ = cumulative(stats, whole)
    return f"{table_text}\n# one dispatch of {count:,} events took {seconds:.2f} s under cProfile"


def codec_costs(path: Path, made: list[Event], prefix: str, rounds: int) -> str:
    """Outside the profiler: the library's own per-event steps the raw loops do not take."""
    conn = raw_connect(path)
    texts = [
        conn.execute("SELECT data FROM outbox WHERE id = ?", (str(e.id),)).fetchone()[0]
        for e in made
    ]
    conn.close()
    key = signing.secret_key(SECRET)
    raw = [body(e) for e in made]
    steps: dict[str, Callable[[], object]] = {
        "decode the stored event (text_event: json.loads + cattrs)": lambda: [
            text_event(t) for t in texts
        ],
        "webhook body (event_to_dict + json.dumps)": lambda: [body(e) for e in made],
        "mqtt publications (event_to_dict + json.dumps)": lambda: [
            publications(prefix, e) for e in made
        ],
        "signing.headers (both sides do it)": lambda: [
            signing.headers(key, "id", 1, b) for b in raw
        ],
    }
    rows = [[step, best_of(fn, rounds) / len(made) * 1e6] for step, fn in steps.items()]
    return table(["library step, not timed inside dispatch", "us/event"], rows)


# --- main ------------------------------------------------------------------------------


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--broker", default="mqtt://127.0.0.1:1883", help="Mosquitto's URL")
    parser.add_argument(
        "--idle", type=float, default=2.0, help="ms the dispatch loop sleeps when idle"
    )


@contextlib.contextmanager
def running(args: argparse.Namespace) -> Iterator[tuple[Setup, Receiver]]:
    """The scratch store and the receiver, both gone at the end."""
    broker = MqttSettings.from_url(args.broker)
    prefix = f"bench-{secrets.token_hex(4)}"
    receiver = Receiver(broker, prefix)
    os.environ[SECRET_ENV] = SECRET  # from_urls reads the webhook secret from here only
    try:
        with scratch_dir(args.dir) as where:
            yield make_setup(where / "dispatch.db", receiver, broker, prefix), receiver
    finally:
        receiver.stop()


def clear_retained(broker: MqttSettings, plan: list[Publication]) -> int:
    """Publish an empty retained message on every retained topic the run used."""
    topics = sorted({item.topic for item in plan if item.retain})
    client = paho_client(broker)
    try:
        for topic in topics:
            publish(client, Publication(topic, b"", retain=True))
    finally:
        client.disconnect()
        client.loop_stop()
    return len(topics)


def throughput(args: argparse.Namespace, setup: Setup, receiver: Receiver) -> None:
    """Library vs raw events/s for both transports, with a profile where below the target."""
    alerts = 50 if args.quick else 500
    seed_started = time.perf_counter()
    made = seed_events(setup, alerts)
    count = len(made)
    broker = MqttSettings.from_url(setup.mqtt)
    plan = [item for event in made for item in publications(setup.prefix, event)]
    print(
        f"# {count:,} events ({alerts} alerts x created, submitted, approved, activated), "
        f"{len(plan):,} MQTT messages ({sum(p.retain for p in plan)} retained); "
        f"seeded in {time.perf_counter() - seed_started:.1f} s"
    )
    items = [(str(e.id), body(e)) for e in made]
    print(f"# webhook body: {statistics.mean(len(b) for _, b in items):,.0f} bytes on average")
    hooks = Counter((msg_id, digest(raw)) for msg_id, raw in items)
    messages = Counter((p.topic, digest(p.payload)) for p in plan)
    receiver.drain()
    web_system, mqtt_system = setup.system(setup.webhook), setup.system(setup.mqtt)
    http, raw_http = raw_webhook(receiver.url, items)
    paho = paho_client(broker)
    try:
        cases = {
            "webhook library": Case(
                reset(setup.path, setup.webhook),
                library_dispatch(web_system, count),
                checker(receiver, "hooks", hooks),
            ),
            "webhook raw httpx": Case(nothing, raw_http, checker(receiver, "hooks", hooks)),
            "mqtt library": Case(
                reset(setup.path, setup.mqtt),
                library_dispatch(mqtt_system, count),
                checker(receiver, "mqtt", messages),
            ),
            "mqtt raw paho": Case(
                nothing, raw_mqtt(paho, plan), checker(receiver, "mqtt", messages)
            ),
        }
        # The seeding left both destinations pending: the first library rounds take them.
        alternate(cases, 1)  # warm-up: connections, caches, lazily built hooks
        best = alternate(cases, args.rounds)
        report_throughput(best, count)
        print(codec_costs(setup.path, made, setup.prefix, args.rounds))
        for side, parts in (("webhook", WEBHOOK_PARTS), ("mqtt", MQTT_PARTS)):
            raw = best[f"{side} raw " + ("httpx" if side == "webhook" else "paho")]
            if raw / best[f"{side} library"] < TARGET or not args.quick:
                print(f"\ncProfile of one library dispatch, {side}:")
                print(profiled(cases[f"{side} library"], parts, count))
    finally:
        for system in (web_system, mqtt_system):
            system.close()
        http.close()
        paho.disconnect()
        paho.loop_stop()
        print(f"# cleared {clear_retained(broker, plan)} retained topics under {setup.prefix}")


def report_throughput(best: dict[str, float], count: int) -> None:
    rows = []
    for side, raw in (("webhook", "webhook raw httpx"), ("mqtt", "mqtt raw paho")):
        library = count / best[f"{side} library"]
        baseline = count / best[raw]
        ratio = library / baseline
        met = "yes" if ratio >= TARGET else "NO"
        rows.append(
            [side, library, baseline, ratio, f">= {TARGET}", met, 1e6 / library, 1e6 / baseline]
        )
    headers = ["transport", "library ev/s", "raw ev/s", "library/raw", "target", "met"]
    print(table([*headers, "library us/ev", "raw us/ev"], rows))


def report_latency(args: argparse.Namespace, setup: Setup, receiver: Receiver) -> None:
    count = 40 if args.quick else 200
    idle = args.idle / MILLIS
    print(
        f"\n# latency: {count} draft alerts committed one by one at {LATENCY_RATE:g}/s; a thread"
        f" runs system.dispatch() in a loop, sleeping {args.idle:g} ms after an empty run"
    )
    rows = []
    for kind, url in (("hooks", setup.webhook), ("mqtt", setup.mqtt)):
        with setup.system(url) as system:
            empty = per_call(system.dispatch, number=200, rounds=3) * MILLIS
            ms = latency(system, setup, receiver, kind, count, idle)
        name = "webhook" if kind == "hooks" else "mqtt"
        rows.append([name, count, *percentiles(ms), empty])
    headers = ["transport", "events", "p50 ms", "p99 ms", "max ms", "empty dispatch() ms"]
    print(table(headers, rows))


def main() -> None:
    """Throughput against the raw loops, then latency from commit to receipt."""
    args = parse_args(__doc__ or "", rounds=9, extra=add_options)
    header("dispatch: webhook and MQTT vs raw httpx / paho, latency commit -> receipt", args)
    print(f"# httpx {httpx.__version__}, paho-mqtt {paho_version}, broker {args.broker}")
    with running(args) as (setup, receiver):
        print("# receiver: asyncio HTTP/1.1 server + paho subscriber, in a separate process")
        throughput(args, setup, receiver)
        report_latency(args, setup, receiver)
    print(f"# {pendulum.now('UTC').to_iso8601_string()}")


if __name__ == "__main__":
    main()
