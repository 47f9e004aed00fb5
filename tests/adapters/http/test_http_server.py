"""The seed scenario over HTTP against a real uvicorn server, and `feedback-core serve`."""

import secrets
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pendulum
import postgres_support
import pytest
import uvicorn
from http_support import REPORT, alert_body, free_port

from feedback_core import FeedbackSystem, Settings
from feedback_core.cli.main import main as cli
from feedback_http import create_app
from feedback_sms import FileSmsSender

PASSWORD = "mot-mat-khau-dai"
CLI = Path(sys.executable).with_name("feedback-core")


@contextmanager
def serving(app):
    """``app`` under uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped"
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def bearer(client, login_id):
    response = client.post("/sessions", json={"login_id": login_id, "password": PASSWORD})
    assert 201 == response.status_code, response.text
    return {"authorization": f"Bearer {response.json()['token']}"}


def set_up_officials(client):
    admin = bearer(client, "quantri")
    assert (
        201
        == client.post(
            "/units", json={"code": "sotnmt", "name": "Sở Tài nguyên và Môi trường"}, headers=admin
        ).status_code
    )
    for official in (
        {"role": "unit_staff", "unit_code": "sotnmt", "username": "sotnmt_canbo"},
        {"role": "unit_approver", "unit_code": "sotnmt"},
        {"role": "operator", "username": "tiepnhan"},
    ):
        response = client.post("/officials", json={**official, "password": PASSWORD}, headers=admin)
        assert 201 == response.status_code, response.text


def citizen_joins(client, sms_file):
    """Register with the number typed without its leading 0, activate with the texted code."""
    registered = client.post(
        "/accounts", json={"phone": "912345678", "password": PASSWORD, "full_name": "Lê Văn Cường"}
    )
    assert (201, "+84912345678") == (registered.status_code, registered.json()["login_id"])
    code = FileSmsSender(sms_file).last_code("+84912345678")
    activated = client.post("/accounts/activation", json={"phone": "0912345678", "code": code})
    assert (200, "active") == (activated.status_code, activated.json()["status"])
    return bearer(client, "0912345678")


def alert_in_force_between(client, start, end):
    staff, leader = bearer(client, "sotnmt_canbo"), bearer(client, "sotnmt_pheduyet")
    alert = client.post("/alerts", json=alert_body(start, end), headers=staff).json()
    assert 200 == client.post(f"/alerts/{alert['id']}/submit", headers=staff).status_code
    approved = client.post(f"/alerts/{alert['id']}/approve", headers=leader)
    assert (200, "approved") == (approved.status_code, approved.json()["status"])

    def active(t):
        found = client.get("/alerts/active", params={"at": t.isoformat()}).json()
        return [a["id"] for a in found]

    assert [] == active(start.subtract(seconds=1))
    assert [alert["id"]] == active(start)
    assert [alert["id"]] == active(end.subtract(seconds=1))
    assert [] == active(end)


def seed_scenario(storage, folder):
    sms_file = folder / "sms.jsonl"
    settings = Settings(secret_key=secrets.token_bytes(32))
    with FeedbackSystem.from_urls(settings, storage=storage, sms=f"file:{sms_file}") as system:
        system.bootstrap_admin("quantri", PASSWORD)
        with serving(create_app(system)) as url, httpx.Client(base_url=url) as client:
            set_up_officials(client)
            citizen = citizen_joins(client, sms_file)
            report = client.post("/reports", json=REPORT, headers=citizen).json()
            accepted = client.post(
                f"/reports/{report['id']}/accept", headers=bearer(client, "tiepnhan")
            )
            assert (200, "accepted") == (accepted.status_code, accepted.json()["status"])
            start = pendulum.now("Asia/Ho_Chi_Minh").add(hours=1).replace(microsecond=0)
            alert_in_force_between(client, start, start.add(hours=2))
            assert 204 == client.delete("/sessions/current", headers=citizen).status_code
            ended = client.get(f"/reports/{report['id']}", headers=citizen)
            assert (401, "session_ended") == (ended.status_code, ended.json()["code"])


def test_the_seed_scenario_over_http_on_sqlite(tmp_path):
    seed_scenario(f"sqlite:///{tmp_path / 'feedback.db'}", tmp_path)


@postgres_support.needs_server
def test_the_seed_scenario_over_http_on_postgresql(tmp_path):
    seed_scenario(postgres_support.url_for(postgres_support.schema_for(tmp_path)), tmp_path)


def test_feedback_core_serve_starts_and_answers(tmp_path):
    store = f"sqlite:///{tmp_path / 'feedback.db'}"
    assert 0 == cli(["init", "--storage", store])
    port = free_port()
    with (tmp_path / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [CLI, "serve", "--storage", store, "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
        )
        try:
            response = wait_for(f"http://127.0.0.1:{port}/units", server)
        finally:
            server.terminate()
            code = server.wait(15)
    log = (tmp_path / "server.log").read_text()
    assert (200, []) == (response.status_code, response.json())
    # uvicorn shuts down gracefully, then dies of the SIGTERM it caught, as a service does.
    assert code in {0, -signal.SIGTERM}, log
    assert "Finished server process" in log


def wait_for(url, server):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            return httpx.get(url)
        except httpx.TransportError:
            time.sleep(0.05)
    pytest.fail("feedback-core serve did not answer")
    return None


def test_serve_without_the_http_extra_names_it(capsys, monkeypatch, tmp_path):
    for name in [m for m in sys.modules if m == "feedback_http" or m.startswith("feedback_http.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "fastapi", None)
    code = cli(["--lang", "en", "serve", "--storage", f"sqlite:///{tmp_path}/f.db"])
    err = capsys.readouterr().err
    assert 2 == code
    assert "pip install 'feedback-core[http]'" in err
    assert not (tmp_path / "f.db").exists()
