"""Two app instances over one store: a token one issues, the other honours and revokes.

Sessions live in the store, never in a process: each instance here is its own
`FeedbackSystem` (its own connections, its own caches) and its own app, as two servers
behind a load balancer are. A security event on one (a password change, a disable) ends
the sessions it ends on the other at the next request. Over PostgreSQL
(FEEDBACK_TEST_POSTGRES_URL; skipped without it) and over one SQLite file, which must
behave the same.
"""

import secrets
from contextlib import ExitStack, contextmanager

import postgres_support
from http_support import TestClient

from feedback_core import FeedbackSystem, Settings
from feedback_core.testing.world import cheap_hasher
from feedback_http import create_app

PASSWORD = "mot-mat-khau-dai"
NEW_PASSWORD = "mat khau moi 2026"


@contextmanager
def two_instances(storage):
    """Clients of two apps, each over its own system on the one store ``storage``."""
    settings = Settings(secret_key=secrets.token_bytes(32))
    with ExitStack() as stack:
        systems = [
            stack.enter_context(
                FeedbackSystem.from_urls(settings, storage=storage, hasher=cheap_hasher())
            )
            for _ in range(2)
        ]
        systems[0].bootstrap_admin("quantri", PASSWORD)
        yield [stack.enter_context(TestClient(create_app(system))) for system in systems]


def bearer(token):
    return {"authorization": f"Bearer {token}"}


def log_in(client):
    """A new session of the administrator: its token and its id."""
    response = client.post(
        "/sessions", json={"login_id": "quantri", "password": PASSWORD, "label": "test"}
    )
    assert 201 == response.status_code, response.text
    return response.json()["token"], response.json()["session"]["id"]


def refused(client, token):
    """``token`` answers 401 ``session_ended`` on ``client``'s instance."""
    response = client.get("/me", headers=bearer(token))
    return (401, "session_ended") == (response.status_code, response.json()["code"])


def honoured(client, token):
    response = client.get("/me", headers=bearer(token))
    return (200, "quantri") == (response.status_code, response.json()["login_id"])


def tokens_cross_instances(storage):
    with two_instances(storage) as (a, b):
        # Issued by A, honoured by B; logged out on B, refused by A at once.
        token, _ = log_in(a)
        assert honoured(b, token)
        assert 204 == b.delete("/sessions/current", headers=bearer(token)).status_code
        assert refused(a, token)
        assert refused(b, token)

        # A session opened on each: each instance lists both.
        (on_a, id_a), (on_b, id_b) = log_in(a), log_in(b)
        for client, token in [(a, on_b), (b, on_a)]:
            listed = client.get("/sessions", headers=bearer(token))
            assert 200 == listed.status_code
            assert {id_a, id_b} == {s["id"] for s in listed.json()}

        # One ended by its id on A (B's own): B refuses it, and still honours A's.
        assert 204 == a.delete(f"/sessions/{id_b}", headers=bearer(on_a)).status_code
        assert refused(b, on_b)
        assert honoured(b, on_a)

        # Every session ended on A: B refuses them all.
        (other, _), (last, _) = log_in(b), log_in(b)
        ended = a.delete("/sessions", headers=bearer(on_a))
        assert (200, {"ended": 3}) == (ended.status_code, ended.json())
        for token in (on_a, other, last):
            assert refused(b, token)
            assert refused(a, token)


def security_events_cross_instances(storage):
    """A password change and a disable on A end the sessions they end on B at once."""
    with two_instances(storage) as (a, b):
        (kept, _), (other, _) = log_in(a), log_in(b)
        body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        assert 200 == a.post("/me/password", json=body, headers=bearer(kept)).status_code
        assert refused(b, other)
        assert refused(a, other)
        assert honoured(b, kept)  # the session the change was made from stays, everywhere

        official = {"role": "operator", "username": "tiepnhan", "password": PASSWORD}
        made = a.post("/officials", json=official, headers=bearer(kept))
        assert 201 == made.status_code, made.text
        opened = b.post("/sessions", json={"login_id": "tiepnhan", "password": PASSWORD})
        operator = opened.json()["token"]
        assert 200 == b.get("/me", headers=bearer(operator)).status_code
        disabled = a.post(f"/accounts/{made.json()['id']}/disable", headers=bearer(kept))
        assert 200 == disabled.status_code
        assert 401 == b.get("/me", headers=bearer(operator)).status_code


def test_two_instances_over_one_sqlite_file_share_sessions(tmp_path):
    tokens_cross_instances(f"sqlite:///{tmp_path / 'feedback.db'}")


@postgres_support.needs_server
def test_two_instances_over_one_postgresql_store_share_sessions(tmp_path):
    tokens_cross_instances(postgres_support.url_for(postgres_support.schema_for(tmp_path)))


def test_security_events_on_one_sqlite_instance_end_sessions_on_the_other(tmp_path):
    security_events_cross_instances(f"sqlite:///{tmp_path / 'feedback.db'}")


@postgres_support.needs_server
def test_security_events_on_one_postgresql_instance_end_sessions_on_the_other(tmp_path):
    security_events_cross_instances(postgres_support.url_for(postgres_support.schema_for(tmp_path)))
