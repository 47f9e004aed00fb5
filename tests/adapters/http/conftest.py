"""Fixtures of the HTTP API tests: an app over the seeded world, clients that log in."""

import pytest
from http_support import TestClient

from feedback_core.testing.world import PASSWORD
from feedback_http import create_app


class Recorder(TestClient):
    """A test client that keeps every response, to look for secrets in them all."""

    def __init__(self, app, **kwargs):
        super().__init__(app, **kwargs)
        self.seen = []

    def request(self, *args, **kwargs):
        response = super().request(*args, **kwargs)
        self.seen.append(response)
        return response

    def login(self, login_id, password=PASSWORD):
        """Bearer headers for a new session of ``login_id``."""
        response = self.post("/sessions", json={"login_id": login_id, "password": password})
        assert 201 == response.status_code, response.text
        return {"authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture
def client(world):
    with Recorder(create_app(world.system)) as recorder:
        yield recorder


@pytest.fixture
def as_(client):
    """``as_("tiepnhan")``: the bearer headers of a session of that account (cached)."""
    sessions = {}

    def headers(login_id):
        if login_id not in sessions:
            sessions[login_id] = client.login(login_id)
        return sessions[login_id]

    return headers
