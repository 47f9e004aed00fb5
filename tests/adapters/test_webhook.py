"""The webhook transport against a real HTTP receiver on 127.0.0.1: contract, failures, outage."""

import datetime as dt
import http.server
import json
import threading
import time

import pytest
import standardwebhooks

from feedback_core import AdapterError, DeliveryFailed
from feedback_core.plugin.manager import make_plugins
from feedback_core.testing.contracts import TransportContract, sample_events
from feedback_sqlite import SqliteStorage
from feedback_webhook import make_secret, verify
from feedback_webhook.transport import WebhookTransport, endpoint_of

SECRET = make_secret(b"feedback-core webhook test key, 32b")
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


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128  # eight threads connecting at once never wait for a SYN retry


class Receiver:
    """An HTTP server that keeps every POST (headers, body) and answers ``status``."""

    def __init__(self):
        self.requests = []
        self.status = 204
        self.delay = 0.0
        self.port = 0
        self._lock = threading.Lock()
        self._server = None

    def start(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                time.sleep(receiver.delay)
                if 200 <= receiver.status < 300:
                    with receiver._lock:
                        receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = Server(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        serve = self._server.serve_forever
        threading.Thread(target=serve, kwargs={"poll_interval": 0.01}, daemon=True).start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hooks"

    def bodies(self):
        with self._lock:
            return [json.loads(body) for _, body in self.requests]


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


def fast_transport(url, **timeouts):
    return WebhookTransport(
        url,
        SECRET,
        connect_timeout=timeouts.get("connect", 0.5),
        read_timeout=timeouts.get("read", 1),
    )


class TestWebhookTransport(TransportContract[WebhookTransport]):
    @pytest.fixture
    def transport(self, receiver):
        transport = fast_transport(receiver.url)
        transport.receiver = receiver
        yield transport
        transport.close()

    def delivered_events(self, transport):
        return transport.receiver.bodies()

    def break_it(self, transport):
        transport.receiver.status = 500


def test_every_request_carries_the_standard_webhooks_headers_the_package_accepts(receiver):
    transport = fast_transport(receiver.url)
    event = sample_events()[3]
    transport.deliver(event)
    [(headers, body)] = receiver.requests
    assert str(event.id) == headers["webhook-id"]
    assert "application/json" == headers["content-type"]
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 5
    assert headers["webhook-signature"].startswith("v1,")
    expected = json.loads(body)
    assert expected == standardwebhooks.Webhook(SECRET).verify(body, headers)
    assert expected == verify(body, headers, SECRET)


def test_a_stopped_receiver_is_delivery_failed_naming_the_transports(receiver):
    transport = fast_transport(receiver.url)
    receiver.stop()
    with pytest.raises(DeliveryFailed) as caught:
        transport.deliver(sample_events()[0])
    assert "transports" == caught.value.field
    assert "ConnectError" in caught.value.render()


@pytest.mark.parametrize("status", [301, 400, 404, 500, 503])
def test_an_answer_other_than_2xx_is_delivery_failed_with_the_status(receiver, status):
    receiver.status = status
    with pytest.raises(DeliveryFailed) as caught:
        fast_transport(receiver.url).deliver(sample_events()[0])
    assert f"HTTP {status}" in caught.value.render()


def test_a_receiver_slower_than_the_read_timeout_is_delivery_failed(receiver):
    receiver.delay = 0.3
    started = time.monotonic()
    with pytest.raises(DeliveryFailed) as caught:
        fast_transport(receiver.url, read=0.05).deliver(sample_events()[0])
    assert time.monotonic() - started < 0.3
    assert "ReadTimeout" in caught.value.render()


def test_close_closes_the_http_client(receiver):
    transport = fast_transport(receiver.url)
    transport.close()
    with pytest.raises(DeliveryFailed) as caught:
        transport.deliver(sample_events()[0])
    assert "closed" in caught.value.render()
    assert [] == receiver.requests


# ---- the URL and the secret


def test_the_plugin_serves_webhook_urls_with_the_secret_from_the_environment(monkeypatch):
    monkeypatch.setenv("FEEDBACK_WEBHOOK_SECRET", SECRET)
    registry = make_plugins().adapters()
    assert "feedback_webhook.plugin" == registry.transports.owner("webhook")
    transport = registry.transports.create("webhook:https://hooks.example.vn/feedback?x=1")
    assert "https://hooks.example.vn/feedback?x=1" == transport.url
    transport.close()


def test_secret_env_names_another_variable_and_leaves_the_endpoint():
    env = {"TAYNINH_HOOK": SECRET}
    url = "webhook:http://127.0.0.1:9/h?secret_env=TAYNINH_HOOK&a=b"
    transport = WebhookTransport.from_url(url, env)
    assert "http://127.0.0.1:9/h?a=b" == transport.url
    transport.close()
    assert ("https://h.vn/p", "FEEDBACK_WEBHOOK_SECRET") == endpoint_of("webhook:https://h.vn/p")


def test_a_missing_secret_is_an_adapter_error_naming_the_variable():
    with pytest.raises(AdapterError) as caught:
        WebhookTransport.from_url("webhook:https://h.vn/p?secret_env=MY_HOOK_SECRET", {})
    assert "MY_HOOK_SECRET" == caught.value.field


@pytest.mark.parametrize(
    "secret", ["not-whsec", "whsec_%%%", "whsec_" + "c2hvcnQ=", SECRET.removeprefix("whsec_")]
)
def test_a_malformed_or_short_secret_is_an_adapter_error_naming_the_variable(secret):
    with pytest.raises(AdapterError) as caught:
        WebhookTransport.from_url("webhook:https://h.vn/p", {"FEEDBACK_WEBHOOK_SECRET": secret})
    assert "FEEDBACK_WEBHOOK_SECRET" == caught.value.field
    assert secret not in caught.value.render()


@pytest.mark.parametrize(
    "url",
    [
        "webhook:",
        "webhook:ftp://h.vn/p",
        "webhook:h.vn/p",
        "webhook:https:///p",
        "webhook:http://h?secret_env=",
    ],
)
def test_a_webhook_url_without_an_http_endpoint_is_an_adapter_error(url):
    with pytest.raises(AdapterError) as caught:
        WebhookTransport.from_url(url, {"FEEDBACK_WEBHOOK_SECRET": SECRET})
    assert "transports" == caught.value.field


# ---- the outage: nothing lost, each event seen once by a de-duplicating receiver


@pytest.fixture
def feedback_storage(tmp_path):
    storage = SqliteStorage(tmp_path / "feedback.db")
    yield storage
    storage.close()


def test_100_alert_events_wait_out_an_outage_and_arrive_once_each(world, receiver):
    transport = fast_transport(receiver.url)
    system = world.system_with(transports={"webhook:" + receiver.url: transport})
    receiver.stop()
    start = world.clock.now().add(hours=1)
    for _ in range(100):
        system.create_alert(world.staff[0].id, **FORM, start=start, end=start.add(hours=2))

    down = system.dispatch()
    assert (0, 100) == (down.delivered, down.failed)
    assert "ConnectError" in down.transports[0].last_error

    receiver.start()  # the same port again
    assert 0 == system.dispatch().delivered  # not before the backoff
    world.clock.advance(dt.timedelta(seconds=5))
    back = system.dispatch()
    assert (100, 0) == (back.delivered, back.failed)
    assert 0 == system.dispatch().delivered + len(system.pending_events())

    seen = {}
    for headers, body in receiver.requests:
        seen.setdefault(headers["webhook-id"], verify(body, headers, SECRET))
    assert 100 == len(seen)
    assert {"AlertCreated"} == {event["type"] for event in seen.values()}
    assert set(seen) == {event["id"] for event in seen.values()}
    transport.close()
