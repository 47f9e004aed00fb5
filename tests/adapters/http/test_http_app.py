"""The app as a whole: mounted under a prefix, included in a host, OpenAPI, no secrets."""

import inspect

import pytest
from fastapi import FastAPI
from http_support import REPORT, SECRETS, TestClient, alert_body
from starlette.applications import Starlette
from starlette.routing import Mount

from feedback_core import FeedbackSystem
from feedback_core.testing import World
from feedback_http import add_problem_handlers, create_app, router
from feedback_memory import MemoryStorage, RecordingSmsSender

# The FeedbackSystem methods that are no endpoint, and why.
NOT_ENDPOINTS = {
    "bootstrap_admin": "feedback-core init makes the first administrator",
    "login": "open_session is the login of the API",
    "dispatch": "a job: feedback-core dispatch",
    "tick": "a job: feedback-core tick",
    "pending_events": "transports read events, not clients",
    "events": "transports read events, not clients",
    "close": "the host's",
    "from_urls": "the host's",
    "api_key_client": "Open311 POSTs check their api_key with it",
    "public_first_media": "Open311 listings fill media_url with it",
}
# Endpoints whose operation names what they do with a method of another name.
EXTRA_OPERATIONS = {
    "end_sessions_one": "end_sessions",
    "alert_cap": "get_alert",
    "alert_feed": "active_alerts",
}


def test_every_use_case_is_an_endpoint_named_after_its_method(client):
    operations = {
        op["operationId"]
        for path in client.get("/openapi.json").json()["paths"].values()
        for op in path.values()
    }
    methods = {
        name
        for name, member in inspect.getmembers(FeedbackSystem)
        if not name.startswith("_") and (inspect.isfunction(member) or inspect.ismethod(member))
    }
    assert methods - set(NOT_ENDPOINTS) == operations - set(EXTRA_OPERATIONS)


def test_the_openapi_document_is_31_with_bearer_auth_and_problems(client):
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert {"type": "http", "scheme": "bearer"}.items() <= (
        document["components"]["securitySchemes"]["HTTPBearer"].items()
    )
    responses = document["paths"]["/reports/{report_id}/accept"]["post"]["responses"]
    assert {"200", "401", "403", "404", "409", "422", "503"} == set(responses)
    assert ["application/problem+json"] == list(responses["409"]["content"])
    schemas = document["components"]["schemas"]
    assert not any(secret in str(schemas) for secret in SECRETS)
    assert {"additionalProperties": False}.items() <= schemas["ReportIn"].items()


def test_no_answer_carries_a_secret_and_the_token_only_at_login(client, as_, world):
    names = ("0912345678", "tiepnhan", "sotnmt_canbo", "sotnmt_pheduyet")
    citizen, operator, staff, leader = (as_(name) for name in names)
    report = client.post("/reports", json=REPORT, headers=citizen).json()
    client.post(f"/reports/{report['id']}/accept", headers=operator)
    client.get(f"/reports/{report['id']}", headers=citizen)
    client.get("/reports", headers=operator)
    client.get("/public/reports")
    client.get("/me", headers=citizen)
    client.patch("/me/preferences", json={"language": "en"}, headers=citizen)
    client.get("/sessions", headers=citizen)
    client.post(
        "/officials", json={"role": "operator", "password": "x" * 12}, headers=as_("quantri")
    )
    client.post("/accounts", json={"phone": "0987654321", "password": "y" * 12, "full_name": "A"})
    t = world.clock.now().add(hours=1)
    alert = client.post("/alerts", json=alert_body(t, t.add(hours=1)), headers=staff).json()
    client.post(f"/alerts/{alert['id']}/submit", headers=staff)
    client.post(f"/alerts/{alert['id']}/approve", headers=leader)
    tokens = [
        h["authorization"].removeprefix("Bearer ") for h in (citizen, operator, staff, leader)
    ]
    for response in client.seen:
        logged_in = response.request.url.path == "/sessions" and response.request.method == "POST"
        for secret in SECRETS:
            assert secret not in response.text, response.request.url
        if not logged_in:
            assert not any(token in response.text for token in tokens), response.request.url
    assert len(client.seen) > 15


def test_mounted_under_a_prefix_in_a_starlette_host(world):
    host = Starlette(routes=[Mount("/feedback", create_app(world.system))])
    with TestClient(host) as client:
        token = client.post(
            "/feedback/sessions", json={"login_id": "tiepnhan", "password": "mat-khau-thu-nghiem"}
        ).json()["token"]
        me = client.get("/feedback/me", headers={"authorization": f"Bearer {token}"})
        missing = client.get("/feedback/reports/nope", headers={"authorization": f"Bearer {token}"})
        assert (200, "tiepnhan") == (me.status_code, me.json()["login_id"])
        assert 422 == missing.status_code
        assert 200 == client.get("/feedback/openapi.json").status_code
        assert 404 == client.get("/me").status_code


def test_included_with_a_prefix_in_a_fastapi_host(world):
    host = FastAPI()
    host.include_router(router(world.system), prefix="/api/v1")
    add_problem_handlers(host)
    with TestClient(host) as client:
        response = client.get("/api/v1/me")
        paths = client.get("/openapi.json").json()["paths"]
    assert (401, "application/problem+json") == (
        response.status_code,
        response.headers["content-type"],
    )
    assert "/api/v1/reports/{report_id}/accept" in paths


def test_two_apps_over_two_systems_live_side_by_side(world):
    other = World.build(MemoryStorage(), RecordingSmsSender())
    other.system.create_unit(other.admin.id, "soyte", "Sở Y tế")
    with TestClient(create_app(world.system)) as one, TestClient(create_app(other.system)) as two:
        assert 2 == len(one.get("/units").json())
        assert 3 == len(two.get("/units").json())


@pytest.mark.parametrize("method", ["put", "delete"])
def test_an_unknown_method_or_path_answers_a_problem(client, method):
    response = getattr(client, method)("/units")
    assert (405, "application/problem+json") == (
        response.status_code,
        response.headers["content-type"],
    )
    assert 404 == client.get("/nowhere").json()["status"]
