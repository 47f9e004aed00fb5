"""The smsgw: sender against a real HTTP server on 127.0.0.1; what a text costs as SMS."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest

from feedback_core import DeliveryFailed
from feedback_core.errors import AdapterError
from feedback_core.plugin.manager import make_plugins
from feedback_core.testing.contracts import SmsSenderContract
from feedback_sms import plugin as sms_plugin
from feedback_sms.gateway import TOKEN_ENV, HttpSmsSender, Template, gateway_of
from feedback_sms.segments import cost, is_gsm7, segments, unaccented

PHONE = "+84912345678"
CODE_TEXT = "Mã kích hoạt tài khoản 1022 Tây Ninh của bạn là 482913. Hiệu lực 5 phút."


class Gateway:
    """An HTTP server that records each request and answers with `status` after `delay`."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.status = 200
        self.delay = 0.0
        self._lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("content-length", "0"))
                body = self.rfile.read(length)
                with gateway._lock:
                    headers = {name.lower(): value for name, value in self.headers.items()}
                    gateway.requests.append({"path": self.path, "headers": headers, "body": body})
                if gateway.delay:
                    time.sleep(gateway.delay)
                self.send_response(gateway.status)
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/send"

    def fields(self) -> list[dict]:
        """Each request's fields, from JSON or form-encoded bodies."""
        out = []
        for request in self.requests:
            text = request["body"].decode("utf-8")
            if request["headers"].get("content-type", "").startswith("application/json"):
                out.append(json.loads(text))
            else:
                out.append(dict(parse_qsl(text, keep_blank_values=True)))
        return out

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    server = Gateway()
    yield server
    server.stop()


OPEN: list[HttpSmsSender] = []


@pytest.fixture(autouse=True)
def _close_senders():
    yield
    while OPEN:
        OPEN.pop().close()


def sender_for(url: str, env: dict[str, str] | None = None, **timeouts) -> HttpSmsSender:
    if timeouts:
        endpoint, _, template = gateway_of(url)
        sender = HttpSmsSender(endpoint, "s3cret", template, **timeouts)
    else:
        sender = HttpSmsSender.from_url(url, {TOKEN_ENV: "s3cret"} if env is None else env)
    OPEN.append(sender)
    return sender


class TestHttpSmsSender(SmsSenderContract[HttpSmsSender]):
    @pytest.fixture
    def sender(self, gateway):
        self.gateway = gateway
        return sender_for(f"smsgw:{gateway.url}")

    def sent_messages(self, sender):
        return [(fields["to"], fields["text"]) for fields in self.gateway.fields()]

    def break_it(self, sender):
        self.gateway.status = 503


def test_the_token_is_sent_as_a_bearer_and_the_body_as_json(gateway):
    sender_for(f"smsgw:{gateway.url}").send(PHONE, CODE_TEXT)
    [request] = gateway.requests
    assert "Bearer s3cret" == request["headers"]["authorization"]
    assert "/send" == request["path"]
    assert request["headers"]["content-type"].startswith("application/json")
    assert {"to": PHONE, "text": CODE_TEXT} == json.loads(request["body"])


def test_token_env_names_the_variable_that_holds_the_token(gateway):
    env = {"VIETTEL_TOKEN": "vt-123", TOKEN_ENV: "not this one"}
    sender_for(f"smsgw:{gateway.url}?token_env=VIETTEL_TOKEN", env).send(PHONE, "048213")
    assert "Bearer vt-123" == gateway.requests[0]["headers"]["authorization"]


def test_field_names_come_from_the_url_and_other_parameters_stay(gateway):
    url = f"smsgw:{gateway.url}?to_field=msisdn&text_field=message&brand=UBND"
    sender_for(url).send(PHONE, CODE_TEXT)
    [request] = gateway.requests
    assert "/send?brand=UBND" == request["path"]
    assert {"msisdn": PHONE, "message": CODE_TEXT} == json.loads(request["body"])


def test_form_sends_the_fields_form_encoded(gateway):
    sender_for(f"smsgw:{gateway.url}?form=1&to_field=dest").send(PHONE, CODE_TEXT)
    [request] = gateway.requests
    assert "application/x-www-form-urlencoded" == request["headers"]["content-type"]
    assert [{"dest": PHONE, "text": CODE_TEXT}] == gateway.fields()


def test_unaccented_sends_the_text_without_diacritics(gateway):
    sender_for(f"smsgw:{gateway.url}?unaccented=1").send(PHONE, CODE_TEXT)
    expected = "Ma kich hoat tai khoan 1022 Tay Ninh cua ban la 482913. Hieu luc 5 phut."
    assert [{"to": PHONE, "text": expected}] == gateway.fields()


@pytest.mark.parametrize("status", [400, 401, 404, 429, 500, 503])
def test_an_answer_other_than_2xx_is_delivery_failed(gateway, status):
    gateway.status = status
    with pytest.raises(DeliveryFailed) as caught:
        sender_for(f"smsgw:{gateway.url}").send(PHONE, "048213")
    assert ("sms", "sms_failed") == (caught.value.field, caught.value.code)
    assert f"{gateway.url}: HTTP {status}" == dict(caught.value.message.params)["reason"]


def test_a_2xx_other_than_200_is_delivery(gateway):
    gateway.status = 202
    sender_for(f"smsgw:{gateway.url}").send(PHONE, "048213")
    assert 1 == len(gateway.requests)


def test_a_gateway_slower_than_the_read_timeout_is_delivery_failed(gateway):
    gateway.delay = 0.5
    sender = sender_for(f"smsgw:{gateway.url}", read_timeout=0.05, connect_timeout=0.05)
    started = time.monotonic()
    with pytest.raises(DeliveryFailed) as caught:
        sender.send(PHONE, "048213")
    assert time.monotonic() - started < 0.4
    assert "ReadTimeout" in dict(caught.value.message.params)["reason"]
    assert "sms_failed" == caught.value.code


def test_a_refused_connection_is_delivery_failed():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sender = sender_for(f"smsgw:http://127.0.0.1:{port}/send", connect_timeout=0.2)
    with pytest.raises(DeliveryFailed) as caught:
        sender.send(PHONE, "048213")
    assert "ConnectError" in dict(caught.value.message.params)["reason"]
    assert isinstance(caught.value.__cause__, Exception)


def test_a_closed_sender_fails_without_a_request(gateway):
    sender = sender_for(f"smsgw:{gateway.url}")
    sender.close()
    with pytest.raises(DeliveryFailed):
        sender.send(PHONE, "048213")
    assert [] == gateway.requests


@pytest.mark.parametrize(
    ("query", "variable"), [("", TOKEN_ENV), ("?token_env=MY_GATEWAY_TOKEN", "MY_GATEWAY_TOKEN")]
)
def test_a_missing_token_is_an_adapter_error_naming_the_variable(query, variable):
    with pytest.raises(AdapterError) as caught:
        HttpSmsSender.from_url(f"smsgw:https://api.example.vn/send{query}", {})
    assert (variable, "required") == (caught.value.field, caught.value.code)


@pytest.mark.parametrize(
    "url",
    [
        "smsgw:",
        "smsgw:api.example.vn/send",
        "smsgw:ftp://api.example.vn/send",
        "smsgw:https:///send",
        "smsgw:https://api.example.vn/send?form=maybe",
        "smsgw:https://api.example.vn/send?to_field=",
        "smsgw:https://api.example.vn/send?to_field=text",
        "smsgw:https://api.example.vn/send?token_env=",
    ],
)
def test_a_malformed_url_is_an_adapter_error_on_the_sms_field(url):
    with pytest.raises(AdapterError) as caught:
        HttpSmsSender.from_url(url, {TOKEN_ENV: "s3cret"})
    assert ("sms", "adapter_url") == (caught.value.field, caught.value.code)


def test_the_url_options_make_the_template():
    url = "smsgw:https://api.example.vn/v1/send?unaccented=yes&form=0&text_field=sms&k=v"
    assert (
        "https://api.example.vn/v1/send?k=v",
        TOKEN_ENV,
        Template(text_field="sms", unaccented=True),
    ) == gateway_of(url)


def test_the_plugin_serves_smsgw_from_the_environment(gateway, monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, "from-env")
    sender = make_plugins().adapters().sms.create(f"smsgw:{gateway.url}")
    OPEN.append(sender)
    sender.send(PHONE, "048213")
    assert "Bearer from-env" == gateway.requests[0]["headers"]["authorization"]


def test_without_httpx_the_scheme_names_the_extra(monkeypatch):
    monkeypatch.delitem(__import__("sys").modules, "feedback_sms.gateway", raising=False)
    monkeypatch.setitem(__import__("sys").modules, "httpx", None)
    with pytest.raises(AdapterError) as caught:
        sms_plugin.open_sms_gateway("smsgw:https://api.example.vn/send")
    assert ("sms", "adapter_extra") == (caught.value.field, caught.value.code)
    assert ("extra", "sms") in caught.value.message.params


# What a text costs.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("GSM-7", 0, 1)),
        ("A" * 160, ("GSM-7", 160, 1)),
        ("A" * 161, ("GSM-7", 161, 2)),
        ("A" * 306, ("GSM-7", 306, 2)),
        ("A" * 307, ("GSM-7", 307, 3)),
        ("€" * 80, ("GSM-7", 160, 1)),
        ("{" * 81, ("GSM-7", 162, 2)),
        # 152 septets, then an escape pair that must not straddle the parts: 3 parts.
        ("A" * 152 + "[" + "A" * 152, ("GSM-7", 306, 3)),
        ("à é ù ì ò Ç Ø å Δ Ñ ü ¿ ¡ § £ ¥ @", ("GSM-7", 33, 1)),
        ("ả" * 70, ("UCS-2", 70, 1)),
        ("ả" * 71, ("UCS-2", 71, 2)),
        ("ả" * 134, ("UCS-2", 134, 2)),
        ("ả" * 135, ("UCS-2", 135, 3)),
        ("A" * 159 + "ơ", ("UCS-2", 160, 3)),
        ("🚨" * 35, ("UCS-2", 70, 1)),
        # 66 units, then a surrogate pair that must not straddle the parts.
        ("ả" * 66 + "🚨" + "ả" * 66, ("UCS-2", 134, 3)),
    ],
)
def test_the_cost_of_a_text(text, expected):
    assert expected == cost(text)


def test_the_vietnamese_activation_text_costs_two_sms_and_one_unaccented():
    assert ("UCS-2", 72, 2) == cost(CODE_TEXT)
    assert ("GSM-7", 72, 1) == cost(unaccented(CODE_TEXT))


def test_a_vietnamese_alert_costs_fewer_segments_unaccented():
    alert = (
        "UBND tỉnh Quảng Nam cảnh báo: lũ trên sông Vu Gia, Thu Bồn đang lên nhanh. "
        "Người dân vùng trũng thấp ở Đại Lộc, Điện Bàn, Hội An khẩn trương di dời "
        "đến nơi an toàn trước 17 giờ hôm nay. Đường dây nóng: 1022."
    )
    assert (4, 2) == (segments(alert), segments(unaccented(alert)))
    assert is_gsm7(unaccented(alert))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đường Điện Biên Phủ, quận Đống Đa", "Duong Dien Bien Phu, quan Dong Da"),
        ("Thừa Thiên Huế, Đắk Lắk, Bà Rịa-Vũng Tàu", "Thua Thien Hue, Dak Lak, Ba Ria-Vung Tau"),
        ("ĂÂÊÔƠƯ ăâêôơư ỳýỷỹỵ", "AAEOOU aaeoou yyyyy"),
        ("Mã: 048213 (hiệu lực 5 phút)", "Ma: 048213 (hieu luc 5 phut)"),
        ("Lũ 🚨 khẩn cấp", "Lu 🚨 khan cap"),
    ],
)
def test_unaccented_strips_vietnamese_diacritics(text, expected):
    assert expected == unaccented(text)


def test_unaccented_handles_decomposed_input_and_every_vietnamese_letter():
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    every = "".join(letter + tone for letter in letters for tone in tones)
    text = every + every.upper()
    assert is_gsm7(unaccented(text))
    assert unaccented(text) == unaccented(__import__("unicodedata").normalize("NFC", text))
    assert unaccented(text).isascii()
