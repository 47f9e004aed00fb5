"""The receiver's check: what the sender signed passes; forged, tampered, stale requests fail."""

import base64
import datetime as dt
import json

import pytest
import standardwebhooks

from feedback_core import FeedbackError
from feedback_core.outbox.wire import event_to_dict
from feedback_core.testing.contracts import sample_events
from feedback_webhook import SignatureInvalid, make_secret, verify
from feedback_webhook.signing import headers, secret_key, signature

KEY = b"feedback-core webhook test key, 32b"
SECRET = make_secret(KEY)
NOW = 1_772_416_800  # 2026-03-02 02:00 UTC


def signed(event=None, *, key=KEY, at=NOW):
    event = event or sample_events()[2]
    body = json.dumps(event_to_dict(event), ensure_ascii=False).encode()
    return body, headers(key, str(event.id), at, body)


def test_a_signed_request_verifies_and_gives_the_event_dict():
    event = sample_events()[2]
    body, sent = signed(event)
    assert event_to_dict(event) == verify(body, sent, SECRET, now=NOW)
    assert json.loads(body) == verify(body.decode(), sent, KEY, now=NOW)


def test_the_standard_webhooks_package_signs_what_we_sign():
    body, sent = signed()
    theirs = standardwebhooks.Webhook(SECRET).sign(
        sent["webhook-id"], dt.datetime.fromtimestamp(NOW, dt.UTC), body.decode()
    )
    assert theirs == sent["webhook-signature"]


def test_the_spec_example_signature():
    # The worked example of the Standard Webhooks specification.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert expected == signature(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)


def test_header_names_are_matched_in_any_case():
    body, sent = signed()
    shouted = {name.upper(): value for name, value in sent.items()}
    assert json.loads(body) == verify(body, shouted, SECRET, now=NOW)


def test_any_v1_signature_among_several_may_match_and_other_versions_are_skipped():
    body, sent = signed()
    other = signature(b"x" * 32, sent["webhook-id"], NOW, body)
    good = sent["webhook-signature"]
    sent["webhook-signature"] = f"v1a,{good.split(',')[1]} {other} v1,%%% {good}"
    assert json.loads(body) == verify(body, sent, SECRET, now=NOW)


def invalid(body, sent, secret=SECRET, **kwargs):
    with pytest.raises(SignatureInvalid) as caught:
        verify(body, sent, secret, **{"now": NOW, **kwargs})
    assert isinstance(caught.value, FeedbackError)
    assert isinstance(caught.value, ValueError)
    return caught.value.field


def test_a_tampered_body_fails():
    body, sent = signed()
    assert "webhook-signature" == invalid(body.replace(b"submit", b"refuse"), sent)
    with pytest.raises(SignatureInvalid) as caught:
        verify(body[:-1] + b" }", sent, SECRET, now=NOW)
    assert "no v1 signature matches" == caught.value.reason
    assert "(no v1 signature matches)" in str(caught.value)


def test_a_changed_id_fails():
    body, sent = signed()
    sent["webhook-id"] = "another-id"
    assert "webhook-signature" == invalid(body, sent)


def test_a_forged_signature_fails():
    body, sent = signed(key=b"an attacker's key, 32 bytes long!")
    assert "webhook-signature" == invalid(body, sent)
    sent["webhook-signature"] = "v1," + base64.b64encode(b"\0" * 32).decode()
    assert "webhook-signature" == invalid(body, sent)


def test_the_wrong_secret_fails():
    body, sent = signed()
    assert "webhook-signature" == invalid(body, sent, make_secret(b"y" * 32))


def test_only_v1_signatures_count():
    body, sent = signed()
    sent["webhook-signature"] = sent["webhook-signature"].replace("v1,", "v2,")
    assert "webhook-signature" == invalid(body, sent)


@pytest.mark.parametrize("skew", [-301, 301, -86_400])
def test_a_replayed_or_future_timestamp_outside_the_tolerance_fails(skew):
    body, sent = signed(at=NOW + skew)
    assert "webhook-timestamp" == invalid(body, sent)


@pytest.mark.parametrize("skew", [-300, 0, 300])
def test_a_timestamp_within_the_tolerance_passes(skew):
    body, sent = signed(at=NOW + skew)
    assert json.loads(body) == verify(body, sent, SECRET, now=NOW)


def test_the_tolerance_and_now_may_be_given():
    body, sent = signed(at=NOW - 60)
    assert "webhook-timestamp" == invalid(body, sent, tolerance=30)
    moment = dt.datetime.fromtimestamp(NOW, dt.UTC)
    assert json.loads(body) == verify(body, sent, SECRET, now=moment)


def test_now_defaults_to_the_system_clock():
    body, sent = signed()  # signed in 2026-03, long before or after this run's now
    assert "webhook-timestamp" == invalid(body, sent, now=None)


@pytest.mark.parametrize("stamp", ["", "soon", "1.5", "-1", "١٢٣"])
def test_a_malformed_timestamp_fails(stamp):
    body, sent = signed()
    sent["webhook-timestamp"] = stamp
    assert "webhook-timestamp" == invalid(body, sent)


@pytest.mark.parametrize("name", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_a_missing_header_fails_naming_it(name):
    body, sent = signed()
    del sent[name]
    assert name == invalid(body, sent)


def test_a_signed_body_that_is_no_json_object_fails():
    for body in (b"[1, 2]", b"not json", b"\xff"):
        sent = headers(KEY, "id-1", NOW, body)
        assert "body" == invalid(body, sent)


@pytest.mark.parametrize(
    "secret", ["whsec_???", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_c2hvcnQ="]
)
def test_a_malformed_secret_is_a_value_error(secret):
    with pytest.raises(ValueError, match="webhook"):
        secret_key(secret)
