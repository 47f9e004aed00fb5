"""Accounts, sessions and administration over HTTP, on the seeded world."""

import datetime as dt

import pytest

from feedback_core.testing.world import PASSWORD

PHONE = "0987654321"


def register(client, **more):
    body = {"phone": PHONE, "password": PASSWORD, "full_name": "Trần Thị Bình", **more}
    return client.post("/accounts", json=body)


def test_a_citizen_registers_activates_and_logs_in(client, world):
    response = register(client, language="en")
    account = response.json()
    assert (201, "pending", "+84987654321") == (
        response.status_code,
        account["status"],
        account["login_id"],
    )
    assert "en" == account["preferences"]["language"]
    code = world.sms.last_code("+84987654321")
    activated = client.post("/accounts/activation", json={"phone": "987654321", "code": code})
    assert (200, "active") == (activated.status_code, activated.json()["status"])
    assert "+84987654321" == client.get("/me", headers=client.login(PHONE)).json()["login_id"]


def test_a_phone_registered_twice_is_a_conflict(client):
    register(client)
    assert 409 == register(client).status_code


def test_a_new_code_is_accepted_then_refused_during_the_cooldown(client, world):
    register(client)
    world.clock.advance(dt.timedelta(seconds=61))
    first = client.post("/accounts/activation-code", json={"phone": PHONE})
    again = client.post("/accounts/activation-code", json={"phone": PHONE})
    assert (202, b"") == (first.status_code, first.content)
    assert 429 == again.status_code
    assert 1 <= int(again.headers["retry-after"]) <= 60


def test_a_wrong_code_is_refused_with_the_tries_left(client):
    register(client)
    response = client.post("/accounts/activation", json={"phone": PHONE, "code": "000000"})
    assert (422, "code_wrong", "code") == (
        response.status_code,
        response.json()["code"],
        response.json()["field"],
    )


def test_registration_bad_input_names_every_field(client):
    response = client.post(
        "/accounts",
        json={"phone": 912345678, "language": "fr", "nick": "x"},
        headers={"accept-language": "en"},
    )
    errors = response.json()["errors"]
    assert 422 == response.status_code
    assert {"phone", "password", "language", "nick"} == set(errors)
    assert ["Expected text."] == errors["phone"]
    assert ["This field is required."] == errors["password"]
    assert ["No such field."] == errors["nick"]
    assert errors["language"][0].startswith("Must be one of: vi, en")


def test_the_core_checks_what_the_types_let_through(client):
    response = register(client, email="not-an-email", phone="123")
    assert {"phone", "email"} <= set(response.json()["errors"])


def test_preferences_change_and_show_on_me(client, as_):
    headers = as_("0912345678")
    response = client.patch("/me/preferences", json={"notices": False}, headers=headers)
    assert (200, {"language": "vi", "notices": False}) == (
        response.status_code,
        response.json()["preferences"],
    )
    assert "vi" == client.get("/me", headers=headers).json()["preferences"]["language"]


def test_login_returns_the_token_once_with_the_session_and_account(client):
    response = client.post(
        "/sessions", json={"login_id": "tiepnhan", "password": PASSWORD, "label": "Android app"}
    )
    body = response.json()
    assert 201 == response.status_code
    assert body["token"].startswith("fcs_")
    assert ("Android app", "operator") == (body["session"]["label"], body["account"]["role"])


@pytest.mark.parametrize("password", [PASSWORD + "x", ""])
def test_a_wrong_password_is_401(client, password):
    response = client.post("/sessions", json={"login_id": "tiepnhan", "password": password})
    assert 401 == response.status_code
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_pending_account_may_not_log_in(client):
    register(client)
    response = client.post("/sessions", json={"login_id": PHONE, "password": PASSWORD})
    assert (403, "account_not_active") == (response.status_code, response.json()["code"])


@pytest.mark.parametrize(
    "headers",
    [{}, {"authorization": "Bearer fcs_nonsense"}, {"authorization": "Basic dTpw"},
     {"authorization": "Bearer "}],
)  # fmt: skip
def test_without_a_live_token_the_answer_is_401(client, headers):
    response = client.get("/me", headers=headers)
    assert (401, "session_ended") == (response.status_code, response.json()["code"])
    assert 'Bearer realm="feedback-core"' == response.headers["www-authenticate"]


def test_sessions_are_listed_and_ended_one_or_all(client):
    phone, laptop, tablet = (client.login("0912345678") for _ in range(3))
    listed = client.get("/sessions", headers=phone).json()
    assert 3 == len(listed)
    other = listed[-1]["id"]
    assert 204 == client.delete(f"/sessions/{other}", headers=phone).status_code
    still = [h for h in (phone, laptop, tablet) if client.get("/me", headers=h).status_code == 200]
    assert 2 == len(still)
    assert 404 == client.delete(f"/sessions/{other}", headers=still[0]).status_code
    assert {"ended": 2} == client.delete("/sessions", headers=still[0]).json()
    assert all(401 == client.get("/me", headers=h).status_code for h in still)


def test_logout_ends_this_session_only(client):
    first, second = client.login("tiepnhan"), client.login("tiepnhan")
    assert 204 == client.delete("/sessions/current", headers=first).status_code
    assert 401 == client.get("/me", headers=first).status_code
    assert 200 == client.get("/me", headers=second).status_code


def test_one_may_not_end_another_account_session(client):
    victim = client.get("/sessions", headers=client.login("tiepnhan")).json()[0]["id"]
    response = client.delete(f"/sessions/{victim}", headers=client.login("0912345678"))
    assert 404 == response.status_code


def test_an_administrator_adds_units_and_officials(client, as_):
    admin = as_("quantri")
    unit = client.post("/units", json={"code": "soyte", "name": "Sở Y tế"}, headers=admin)
    assert (201, "soyte") == (unit.status_code, unit.json()["code"])
    official = client.post(
        "/officials",
        json={"role": "unit_approver", "unit_code": "soyte", "password": PASSWORD},
        headers=admin,
    )
    assert (201, "soyte_pheduyet") == (official.status_code, official.json()["login_id"])
    assert ["sogtvt", "sotnmt", "soyte"] == [u["code"] for u in client.get("/units").json()]


def test_only_administrators_add_units_and_officials(client, as_):
    operator = as_("tiepnhan")
    unit = client.post("/units", json={"code": "soyte", "name": "Sở Y tế"}, headers=operator)
    official = client.post(
        "/officials", json={"role": "operator", "password": PASSWORD}, headers=operator
    )
    assert (403, 403) == (unit.status_code, official.status_code)
    bad_role = client.post(
        "/officials", json={"role": "king", "password": PASSWORD}, headers=as_("quantri")
    )
    assert (422, ["role"]) == (bad_role.status_code, list(bad_role.json()["errors"]))
