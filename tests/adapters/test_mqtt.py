"""The MQTT transport against a real broker: the contract, the topic scheme, alerts in force.

FEEDBACK_TEST_MQTT_URL names the broker (CI: mqtt://127.0.0.1:1883); unset, these tests
skip, and set but unreachable, they fail. Each test publishes under a random prefix of its
own and clears the retained messages it left. The URL tests need no broker.
"""

import contextlib
import datetime as dt
import json
import os
import secrets
import socket
import threading
import time
import uuid

import attrs
import pendulum
import pytest

from feedback_core import DeliveryFailed
from feedback_core.alerts.events import AlertActivated, AlertCancelled, AlertEvent, milestone
from feedback_core.errors import AdapterError
from feedback_core.plugin.manager import make_plugins
from feedback_core.testing.contracts import TransportContract, sample_events
from feedback_core.testing.world import World
from feedback_memory import RecordingSmsSender
from feedback_mqtt import MqttSettings
from feedback_sqlite import SqliteStorage

mqtt = pytest.importorskip("paho.mqtt.client")
from paho.mqtt.enums import CallbackAPIVersion  # noqa: E402 - after the skip

from feedback_mqtt.transport import MqttTransport  # noqa: E402 - after the skip

URL_VARIABLE = "FEEDBACK_TEST_MQTT_URL"
SKIP_REASON = f"set {URL_VARIABLE}=mqtt://127.0.0.1:1883 to run the MQTT tests"
WAIT = 5.0
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def url():
    """The broker's URL with a topic prefix of this test's own."""
    base = os.environ.get(URL_VARIABLE, "").rstrip("/")
    if not base:
        pytest.skip(SKIP_REASON)
    return f"{base}/fc-test/{secrets.token_hex(6)}"


class Subscriber:
    """A plain paho client subscribed to ``topics``, keeping every message it gets."""

    def __init__(self, settings, *topics):
        self.settings = settings
        self.sync_topic = f"{settings.prefix}/_sync/{secrets.token_hex(4)}"
        self.messages = []  # (topic, payload, retain), in arrival order
        self._arrived = threading.Condition()
        subscribed = threading.Event()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2)
        self.client.on_message = self._on_message
        self.client.on_subscribe = lambda *_: subscribed.set()
        self.client.connect(settings.host, settings.port)
        self.client.loop_start()
        self.client.subscribe([(t, 1) for t in (*topics, self.sync_topic)])
        assert subscribed.wait(WAIT), "no SUBACK from the broker"

    def _on_message(self, _client, _userdata, msg):
        with self._arrived:
            self.messages.append((msg.topic, msg.payload, msg.retain))
            self._arrived.notify_all()

    def sync(self):
        """Wait until everything the broker took before now has arrived here."""
        token = secrets.token_bytes(8)
        self.client.publish(self.sync_topic, token, qos=1).wait_for_publish(WAIT)
        with self._arrived:
            done = self._arrived.wait_for(
                lambda: (self.sync_topic, token, False) in self.messages, WAIT
            )
        assert done, "the broker did not echo the sync message"

    def events(self, *, active=False):
        """The event dicts received, oldest first: published ones, or the retained states."""
        self.sync()
        return [
            json.loads(payload)
            for topic, payload, _ in self.messages
            if payload and "/_sync/" not in topic and ("/alerts/active/" in topic) == active
        ]

    def in_force(self):
        """The alert ids whose retained state this subscriber holds now."""
        state = {}
        self.sync()
        for topic, payload, _ in self.messages:
            if "/alerts/active/" in topic:
                state[topic.rsplit("/", 1)[1]] = payload
        return {key for key, payload in state.items() if payload}

    def close(self, *, clear=True):
        """Disconnect; first clear the retained states left under the prefix, unless told."""
        for topic, payload, _ in list(self.messages):
            if clear and "/alerts/active/" in topic and payload:
                self.client.publish(topic, b"", qos=1, retain=True).wait_for_publish(WAIT)
        self.client.disconnect()
        self.client.loop_stop()


def closed_port():
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def subscriber_for(url, *levels):
    settings = MqttSettings.from_url(url)
    return Subscriber(settings, *(f"{settings.prefix}/{level}" for level in levels or ("#",)))


# --- the contract ------------------------------------------------------------------------


class TestMqttTransport(TransportContract[MqttTransport]):
    @pytest.fixture
    def transport(self, url):
        transport = MqttTransport.from_url(url)
        self.subscriber = subscriber_for(url)
        yield transport
        transport.close()
        self.subscriber.close()

    def delivered_events(self, transport):
        return self.subscriber.events()

    def break_it(self, transport):
        transport.close()


# --- the URL, the topics, failures -------------------------------------------------------


def test_the_plugin_serves_mqtt_and_mqtts_urls():
    registry = make_plugins().adapters()
    assert {"mqtt", "mqtts"} <= set(registry.transports.schemes)
    assert "feedback_mqtt.plugin" == registry.transports.owner("mqtt")


def test_the_url_names_broker_prefix_and_timeout_and_the_login_comes_from_the_environment():
    env = {"FEEDBACK_MQTT_USERNAME": "cong", "FEEDBACK_MQTT_PASSWORD": "bi-mat"}
    settings = MqttSettings.from_url("mqtts://broker.example/tayninh/1022?timeout=2", env)
    assert ("broker.example", 8883, "tayninh/1022", True, 2.0) == (
        settings.host,
        settings.port,
        settings.prefix,
        settings.tls,
        settings.timeout,
    )
    assert ("cong", "bi-mat") == (settings.username, settings.password)
    assert "bi-mat" not in repr(settings)
    plain = MqttSettings.from_url("mqtt://localhost", {})
    assert ("localhost", 1883, "feedback", False, None) == (
        plain.host,
        plain.port,
        plain.prefix,
        plain.tls,
        plain.username,
    )


@pytest.mark.parametrize(
    "bad",
    [
        "mqtt://user:secret@broker/feedback",
        "mqtt:///feedback",
        "mqtt://broker/a/+/b",
        "mqtt://broker/a/#",
        "mqtt://broker/$SYS",
        "mqtt://broker/a//b",
        "mqtt://broker/a?timeout=0",
        "mqtt://broker/a?timeout=x",
        "mqtt://broker/a?qos=2",
        "mqtt://broker:99999/a",
    ],
)
def test_a_url_with_credentials_wildcards_or_unknown_options_is_refused(bad):
    with pytest.raises(AdapterError):
        MqttSettings.from_url(bad, {})


def test_events_go_to_the_topic_of_their_feature(url):
    transport = MqttTransport.from_url(url)
    subscriber = subscriber_for(url)
    sent = sample_events()
    try:
        for event in sent:
            transport.deliver(event)
        subscriber.sync()
        got = [(t, retain) for t, _, retain in subscriber.messages if "/_sync/" not in t]
    finally:
        transport.close()
        subscriber.close()
    *_, approved, activated = sent
    prefix = transport.prefix
    alerts = f"{prefix}/alerts/{approved.unit_id}"
    assert [
        (f"{prefix}/accounts/AccountRegistered", False),
        (f"{prefix}/accounts/UnitCreated", False),
        (f"{prefix}/reports/ReportEvent", False),
        (f"{prefix}/notices/{sent[0].account_id}", False),
        (f"{alerts}/AlertApproved", False),
        (f"{alerts}/AlertActivated", False),
        (f"{prefix}/alerts/active/{activated.alert_id}", False),
    ] == got


def test_a_broker_that_is_not_there_fails_fast_naming_it(url):
    settings = attrs.evolve(MqttSettings.from_url(url), port=closed_port())
    transport = MqttTransport(settings)
    try:
        started = time.monotonic()
        with pytest.raises(DeliveryFailed) as caught:
            transport.deliver(sample_events()[0])
        assert time.monotonic() - started < 2
        assert "transport_failed" == caught.value.code
        assert f"127.0.0.1:{settings.port}" in caught.value.render("en")
    finally:
        transport.close()


class Proxy:
    """A TCP relay to the broker that can be cut and restored: a network outage on demand."""

    def __init__(self, host, port):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.stopped = False
        self.sockets = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopped:
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed
            if not self.up:
                conn.close()
                continue
            upstream = socket.create_connection(self.target)
            self.sockets += [conn, upstream]
            for src, dst in ((conn, upstream), (upstream, conn)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pump(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for end in (src, dst):
                end.close()

    def cut(self):
        self.up = False
        for end in self.sockets:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
        self.sockets.clear()

    def close(self):
        self.cut()
        self.stopped = True
        self.listener.close()


def eventually(condition, within=WAIT):
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_the_transport_reconnects_on_its_own_and_fails_fast_while_down(url):
    settings = MqttSettings.from_url(url)
    proxy = Proxy(settings.host, settings.port)
    transport = MqttTransport(attrs.evolve(settings, host="127.0.0.1", port=proxy.port))
    receiver = subscriber_for(url)
    first, second, third = sample_events()[:3]
    try:
        transport.deliver(first)
        proxy.cut()
        eventually(lambda: not transport.client.is_connected())
        started = time.monotonic()
        with pytest.raises(DeliveryFailed) as caught:
            transport.deliver(second)
        assert time.monotonic() - started < 1
        assert "disconnected" in caught.value.render("en")
        proxy.up = True
        eventually(transport.client.is_connected, within=10)
        transport.deliver(third)
        assert [str(first.id), str(third.id)] == [e["id"] for e in receiver.events()]
    finally:
        transport.close()
        receiver.close()
        proxy.close()


# --- through a real system: alerts in force, an outage ----------------------------------

FORM = {
    "headline": "Cảnh báo mưa lớn, ngập úng cục bộ",
    "description": "Mưa lớn kéo dài, nguy cơ ngập úng tại các tuyến đường trũng thấp.",
    "instruction": "Hạn chế di chuyển qua khu vực ngập.",
    "area": "Phường 1 và Phường 3, TP Tây Ninh",
    "category": "Met",
    "severity": "Severe",
    "urgency": "Expected",
    "certainty": "Likely",
}


@pytest.fixture
def world(tmp_path):
    storage = SqliteStorage(tmp_path / "feedback.db")
    yield World.build(storage, RecordingSmsSender())
    storage.close()


def approve(world, system, start, end, *, unit=0, replacing=None):
    """An alert drafted, submitted and approved in ``unit``; superseding ``replacing``."""
    staff, fields = world.staff[unit].id, FORM | {"start": start, "end": end}
    if replacing is None:
        alert = system.create_alert(staff, **fields)
    else:
        alert = system.supersede_alert(staff, replacing.id, **fields)
    system.submit_alert(staff, alert.id)
    return system.approve_alert(world.approvers[unit].id, alert.id)


def settle(system):
    """Tick, then deliver every due event; all must be delivered."""
    system.tick()
    result = system.dispatch()
    assert 0 == result.failed, result


def in_force_for_a_late_subscriber(url):
    late = subscriber_for(url, "alerts/active/+")
    try:
        return late.in_force(), late.events(active=True)
    finally:
        late.close(clear=False)


def test_a_late_subscriber_sees_exactly_the_alerts_in_force(world, url):
    transport = MqttTransport.from_url(url)
    cleaner = subscriber_for(url)  # clears the retained states at the end
    system = world.system_with(transports={url: transport})
    t0 = world.clock.now()

    def check():
        ids, states = in_force_for_a_late_subscriber(url)
        assert {str(a.id) for a in system.active_alerts()} == ids
        assert all("AlertActivated" == s["type"] and s["alert_id"] in ids for s in states)
        return ids

    try:
        expiring = approve(world, system, t0, t0 + HOUR)
        cancelled = approve(world, system, t0, t0 + 3 * HOUR, unit=1)
        replaced = approve(world, system, t0, t0 + 3 * HOUR)
        lasting = approve(world, system, t0, t0 + 3 * HOUR, unit=1)
        caught_up = approve(world, system, t0 + HOUR / 6, t0 + 3 * HOUR)
        scheduled = approve(world, system, t0 + 2 * HOUR, t0 + 3 * HOUR)
        settle(system)
        assert 4 == len(check())

        # One cancelled before any tick saw it start: the tick catches up on its activation.
        world.clock.advance(HOUR / 2)
        system.cancel_alert(world.approvers[1].id, cancelled.id)
        system.cancel_alert(world.approvers[0].id, caught_up.id)
        replacement = approve(world, system, world.clock.now(), t0 + 3 * HOUR, replacing=replaced)
        settle(system)
        assert {str(a.id) for a in (expiring, lasting, replacement)} == check()

        world.clock.set(t0 + 2 * HOUR)  # the first one expired, the scheduled one starts
        settle(system)
        assert {str(a.id) for a in (lasting, replacement, scheduled)} == check()

        world.clock.set(t0 + 3 * HOUR)
        settle(system)
        assert set() == check()
    finally:
        transport.close()
        cleaner.close()


def test_after_an_outage_every_alert_event_is_delivered_once_to_a_deduplicating_receiver(
    world, url
):
    settings = MqttSettings.from_url(url)
    down = MqttTransport(attrs.evolve(settings, port=closed_port()))
    receiver = subscriber_for(url)
    try:
        system = world.system_with(transports={url: down})
        start = world.clock.now() + dt.timedelta(minutes=1)
        for i in range(25):  # created, submitted, approved: 75 events
            approve(world, system, start, start + HOUR, unit=i % 2)
        world.clock.set(start)
        assert 25 == len(system.tick())  # 25 activations: 100 events
        result = system.dispatch()
        assert (0, 100) == (result.delivered, result.failed)
        down.close()

        world.clock.advance(dt.timedelta(minutes=1))  # past the first retry's backoff
        up = MqttTransport.from_url(url)  # the same destination, the broker back
        try:
            result = world.system_with(transports={url: up}).dispatch()
        finally:
            up.close()
        assert (100, 0) == (result.delivered, result.failed)
        produced = {
            str(e.id) for _, e in world.system.events(limit=500) if isinstance(e, AlertEvent)
        }
        received = {e["id"] for e in receiver.events()}
        assert 100 == len(produced)
        assert produced == received
        assert 25 == len(receiver.in_force())
    finally:
        down.close()
        receiver.close()


def test_an_activation_delivered_after_its_alert_ended_is_published_but_not_retained(url):
    # A retried activation may reach the broker after the alert's cancel did.
    transport = MqttTransport.from_url(url)
    receiver = subscriber_for(url)
    alert_id, unit_id = uuid.uuid4(), uuid.uuid4()
    at = pendulum.datetime(2026, 3, 2, 2, tz="UTC")
    cancelled = AlertCancelled(at=at.add(minutes=5), alert_id=alert_id, unit_id=unit_id)
    activated = milestone(AlertActivated, alert_id, unit_id, at)
    try:
        transport.deliver(cancelled)
        transport.deliver(activated)
        assert [str(cancelled.id), str(activated.id)] == [e["id"] for e in receiver.events()]
        assert (set(), []) == in_force_for_a_late_subscriber(url)
    finally:
        transport.close()
        receiver.close()
