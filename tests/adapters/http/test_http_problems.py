"""Errors as HTTP: every FeedbackError's status, headers and problem body, in vi and en."""

import pytest
from fastapi import FastAPI
from http_support import TestClient

from feedback_core import errors
from feedback_core.messages import message
from feedback_http import add_problem_handlers
from feedback_http.problems import PROBLEM_JSON, invalid_request, language_of, status_of

EXPECTED = {
    errors.ValidationError: 422,
    errors.NotFound: 404,
    errors.PermissionDenied: 403,
    errors.AccountNotActive: 403,
    errors.InvalidTransition: 409,
    errors.Conflict: 409,
    errors.InvalidCredentials: 401,
    errors.SessionEnded: 401,
    errors.ActivationError: 422,
    errors.CodeExpired: 422,
    errors.CodeWrong: 422,
    errors.CodeDead: 422,
    errors.AccountLocked: 423,
    errors.SendRefused: 429,
    errors.SendCooldown: 429,
    errors.SendLimit: 429,
    errors.DeliveryFailed: 503,
    errors.StorageUnavailable: 503,
    errors.StorageFault: 500,
    errors.KeyMismatch: 500,
    errors.AdapterError: 500,
    errors.NotConfigured: 501,
}


def every_error_class(root=errors.FeedbackError):
    for sub in root.__subclasses__():
        yield sub
        yield from every_error_class(sub)


def instance(kind):
    if issubclass(kind, errors.ValidationError):
        return kind.single("title", "required")
    if issubclass(kind, errors.CodeWrong):
        return kind(3)
    if issubclass(kind, errors.SendRefused):
        return kind(message("send_cooldown", seconds=42), 42)
    return kind(message("not_found", entity="report"), field="report_id")


def test_every_error_class_has_its_status():
    found = {kind for kind in every_error_class() if kind.__module__ == errors.__name__}
    assert set(EXPECTED) == found
    for kind, status in EXPECTED.items():
        assert status == status_of(instance(kind)), kind


@pytest.fixture
def raising():
    """An app whose endpoint raises the error it is told to."""
    app = FastAPI()
    add_problem_handlers(app)
    box = {}

    @app.get("/boom")
    def boom():
        raise box["error"]

    with TestClient(app) as client:

        def call(error, language=None):
            box["error"] = error
            headers = {"accept-language": language} if language else {}
            return client.get("/boom", headers=headers)

        yield call


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_error_answers_a_problem_document(raising, kind):
    response = raising(instance(kind))
    body = response.json()
    assert (EXPECTED[kind], PROBLEM_JSON) == (
        response.status_code,
        response.headers["content-type"],
    )
    assert f"urn:feedback-core:problem:{kind.__name__}" == body["type"]
    assert EXPECTED[kind] == body["status"]
    assert {"type", "title", "status", "detail", "code", "field"} <= set(body)


def test_a_code_sent_too_recently_says_when_to_ask_again(raising):
    response = raising(errors.SendCooldown(message("send_cooldown", seconds=42), 42))
    assert (429, "42") == (response.status_code, response.headers["retry-after"])


def test_a_busy_store_says_to_try_again_soon(raising):
    response = raising(errors.StorageUnavailable(message("storage_unavailable", reason="x")))
    assert (503, "1") == (response.status_code, response.headers["retry-after"])


@pytest.mark.parametrize("kind", [errors.SessionEnded, errors.InvalidCredentials])
def test_a_missing_session_asks_for_a_bearer_token(raising, kind):
    response = raising(kind(message("session_ended"), field="token"))
    assert 'Bearer realm="feedback-core"' == response.headers["www-authenticate"]


def test_other_errors_carry_no_retry_or_authenticate_header(raising):
    response = raising(instance(errors.NotFound))
    assert {"retry-after", "www-authenticate"}.isdisjoint(response.headers)


def test_vietnamese_by_default_english_when_preferred(raising):
    error = errors.NotFound(message("not_found", entity="report"), field="report_id")
    assert "Không tìm thấy" in raising(error).json()["title"]
    assert "No such report." == raising(error, "en-US,en;q=0.9").json()["title"]
    assert "report_id: No such report." == raising(error, "fr, en;q=0.5").json()["detail"]
    assert "Không tìm thấy" in raising(error, "en;q=0.3, vi;q=0.8").json()["title"]


def test_a_validation_error_lists_every_field_in_the_reader_language(raising):
    error = errors.ValidationError(
        {"title": (message("required"),), "limit": (message("out_of_range", low=1, high=500),)}
    )
    body = raising(error, "en").json()
    assert {"title": ["This field is required."], "limit": ["Must be between 1 and 500."]} == (
        body["errors"]
    )
    assert ("required", "title") == (body["code"], body["field"])
    assert "Trường này là bắt buộc." in raising(error).json()["errors"]["title"][0]


@pytest.mark.parametrize(
    ("header", "expected"),
    [("", "vi"), ("en", "en"), ("en-GB", "en"), ("de, en;q=0.1", "en"), ("vi;q=0.2, en", "en"),
     ("en;q=bad, vi", "vi"), ("*", "vi"), ("VI-vn", "vi")],
)  # fmt: skip
def test_the_language_comes_from_accept_language(header, expected):
    request = type("Request", (), {"headers": {"accept-language": header}})()
    assert expected == language_of(request)


def test_fastapi_errors_become_the_core_messages():
    error = invalid_request(
        [
            {"type": "missing", "loc": ("body", "title")},
            {"type": "extra_forbidden", "loc": ("body", "bogus")},
            {"type": "uuid_parsing", "loc": ("path", "report_id")},
            {"type": "int_parsing", "loc": ("query", "limit")},
            {"type": "float_type", "loc": ("body", "latitude")},
            {"type": "bool_type", "loc": ("body", "public")},
            {"type": "datetime_parsing", "loc": ("body", "start")},
            {"type": "string_type", "loc": ("body", "english", "headline")},
            {"type": "float_parsing", "loc": ("body", "polygon", 2, 0)},
            {"type": "enum", "loc": ("body", "severity"), "ctx": {"expected": "'A' or 'B'"}},
            {"type": "model_attributes_type", "loc": ("body",)},
        ]
    )
    shown = {field: [m.render("en") for m in said] for field, said in error.errors.items()}
    assert {
        "title": ["This field is required."],
        "bogus": ["No such field."],
        "report_id": ["Not a valid identifier."],
        "limit": ["Expected integer."],
        "latitude": ["Expected number."],
        "public": ["Expected true or false."],
        "start": ["Expected date and time."],
        "english.headline": ["Expected text."],
        "polygon": ["Expected a list of points."],
        "severity": ["Must be one of: A, B."],
        "body": ["Expected a mapping of fields."],
    } == shown


def test_a_bug_answers_a_bare_500_problem():
    app = FastAPI()
    add_problem_handlers(app)

    @app.get("/bug")
    def bug():
        raise RuntimeError("internal detail")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/bug")
    assert (500, PROBLEM_JSON) == (response.status_code, response.headers["content-type"])
    assert "internal detail" not in response.text
    assert {"type": "about:blank", "title": "Internal Server Error", "status": 500}.items() <= (
        response.json().items()
    )
