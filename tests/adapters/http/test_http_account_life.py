"""An account's life over HTTP: reset, changes, export, deletion; administrators' actions."""

import datetime as dt

import pytest
from http_support import REPORT, SECRETS

from feedback_core.testing.world import PASSWORD

NEW_PASSWORD = "mat khau moi 2026"
CITIZEN = "0912345678"
E164 = "+84912345678"
NEW_PHONE = "0987654321"


def after_cooldown(world):
    """Past the number's send cooldown (registration just texted the citizen)."""
    world.clock.advance(dt.timedelta(seconds=61))


def problem(response):
    return response.status_code, response.json()["code"]


def errors_of(response):
    assert 422 == response.status_code, response.text
    return set(response.json()["errors"])


# a forgotten password ------------------------------------------------------------------


def test_a_password_is_reset_with_the_texted_code_and_every_session_ends(client, world):
    phone, laptop = client.login(CITIZEN), client.login(CITIZEN)
    after_cooldown(world)
    asked = client.post("/accounts/password-reset-code", json={"phone": CITIZEN})
    assert (202, b"") == (asked.status_code, asked.content)
    code = world.sms.last_code(E164)
    body = {"phone": CITIZEN, "code": code, "new_password": NEW_PASSWORD}
    reset = client.post("/accounts/password-reset", json=body)
    assert (200, E164) == (reset.status_code, reset.json()["login_id"])
    assert all(401 == client.get("/me", headers=h).status_code for h in (phone, laptop))
    old = client.post("/sessions", json={"login_id": CITIZEN, "password": PASSWORD})
    assert 401 == old.status_code
    assert 200 == client.get("/me", headers=client.login(CITIZEN, NEW_PASSWORD)).status_code


def test_a_number_without_an_account_gets_the_same_answer_and_no_text(client, world):
    texts = len(world.sms.sent)
    asked = client.post("/accounts/password-reset-code", json={"phone": NEW_PHONE})
    assert (202, b"") == (asked.status_code, asked.content)
    assert texts == len(world.sms.sent)
    again = client.post("/accounts/password-reset-code", json={"phone": NEW_PHONE})
    assert 429 == again.status_code  # its limits count all the same
    assert 1 <= int(again.headers["retry-after"]) <= 60


def test_a_reset_code_asked_in_the_cooldown_is_429(client):
    response = client.post("/accounts/password-reset-code", json={"phone": CITIZEN})
    assert (429, "send_cooldown") == problem(response)
    assert 1 <= int(response.headers["retry-after"]) <= 60


def test_a_wrong_or_missing_reset_code_is_refused(client, world):
    after_cooldown(world)
    client.post("/accounts/password-reset-code", json={"phone": CITIZEN})
    body = {"phone": CITIZEN, "code": "000000", "new_password": NEW_PASSWORD}
    wrong = client.post("/accounts/password-reset", json=body)
    assert (422, "code_wrong") == problem(wrong)
    nobody = client.post("/accounts/password-reset", json={**body, "phone": NEW_PHONE})
    assert (422, "code_dead") == problem(nobody)
    weak = client.post("/accounts/password-reset", json={**body, "new_password": "ngan"})
    assert {"new_password"} == errors_of(weak)
    assert {"code", "new_password"} == errors_of(
        client.post("/accounts/password-reset", json={"phone": CITIZEN})
    )


# changes to one's own account ------------------------------------------------------------


def test_a_password_change_keeps_this_session_and_ends_the_others(client):
    this, other = client.login(CITIZEN), client.login(CITIZEN)
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    changed = client.post("/me/password", json=body, headers=this)
    assert (200, E164) == (changed.status_code, changed.json()["login_id"])
    assert 200 == client.get("/me", headers=this).status_code
    assert (401, "session_ended") == problem(client.get("/me", headers=other))
    assert 1 == len(client.get("/sessions", headers=this).json())
    assert 200 == client.get("/me", headers=client.login(CITIZEN, NEW_PASSWORD)).status_code


def test_a_password_change_needs_the_current_password(client):
    this = client.login("tiepnhan")  # officials change theirs too
    body = {"current_password": "sai-mat-khau-roi", "new_password": NEW_PASSWORD}
    wrong = client.post("/me/password", json=body, headers=this)
    assert (401, "invalid_credentials", "current_password") == (
        *problem(wrong),
        wrong.json()["field"],
    )
    assert 200 == client.get("/me", headers=this).status_code  # the session lives on
    weak = {"current_password": PASSWORD, "new_password": "ngan"}
    assert {"new_password"} == errors_of(client.post("/me/password", json=weak, headers=this))
    assert 401 == client.post("/me/password", json=weak).status_code


def test_the_phone_number_changes_when_the_code_texted_to_it_comes_back(client, world):
    me = client.login(CITIZEN)
    body = {"new_phone": NEW_PHONE, "password": PASSWORD}
    asked = client.post("/me/phone-change-code", json=body, headers=me)
    assert (202, b"") == (asked.status_code, asked.content)
    wrong = client.post("/me/phone", json={"code": "000000"}, headers=me)
    assert (422, "code_wrong") == problem(wrong)
    code = world.sms.last_code("+84987654321")
    moved = client.post("/me/phone", json={"code": code}, headers=me)
    assert (200, "+84987654321", "+84987654321") == (
        moved.status_code,
        moved.json()["login_id"],
        moved.json()["phone"],
    )
    assert "previous_phone" not in moved.json()
    assert 200 == client.get("/me", headers=client.login(NEW_PHONE)).status_code
    old = client.post("/sessions", json={"login_id": CITIZEN, "password": PASSWORD})
    assert 401 == old.status_code


def test_a_phone_change_is_refused_for_a_taken_number_or_a_wrong_password(client, world):
    world.new_citizen(NEW_PHONE)
    me = client.login(CITIZEN)
    taken = client.post(
        "/me/phone-change-code", json={"new_phone": NEW_PHONE, "password": PASSWORD}, headers=me
    )
    assert (409, "new_phone") == (taken.status_code, taken.json()["field"])
    same = client.post(
        "/me/phone-change-code", json={"new_phone": CITIZEN, "password": PASSWORD}, headers=me
    )
    assert (422, "same_phone") == problem(same)
    wrong = client.post(
        "/me/phone-change-code",
        json={"new_phone": "0911111111", "password": "sai-mat-khau-roi"},
        headers=me,
    )
    assert (401, "invalid_credentials") == problem(wrong)
    official = client.post(
        "/me/phone-change-code",
        json={"new_phone": "0911111111", "password": PASSWORD},
        headers=client.login("tiepnhan"),
    )
    assert (422, "citizens_only") == problem(official)


def test_the_profile_is_patched_field_by_field(client):
    me = client.login(CITIZEN)
    patched = client.patch(
        "/me/profile", json={"email": "binh@example.vn", "address": "Tây Ninh"}, headers=me
    )
    assert 200 == patched.status_code
    assert {
        "full_name": "Công dân thử",
        "email": "binh@example.vn",
        "national_id": None,
        "address": "Tây Ninh",
    } == patched.json()["profile"]
    cleared = client.patch("/me/profile", json={"address": None}, headers=me)
    assert ("binh@example.vn", None) == (
        cleared.json()["profile"]["email"],
        cleared.json()["profile"]["address"],
    )
    assert (
        patched.json()["profile"] | {"address": None}
        == client.get("/me", headers=me).json()["profile"]
    )


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"email": "khong-phai-email", "national_id": "123"}, {"email", "national_id"}),
        ({"full_name": None}, {"full_name"}),  # the province requires it
        ({"full_name": "   "}, {"full_name"}),
        ({"email": 5, "address": ["a"]}, {"email", "address"}),
        ({"nick": "Bình"}, {"nick"}),
    ],
)
def test_a_bad_profile_patch_names_each_bad_field(client, body, fields):
    me = client.login(CITIZEN)
    assert fields == errors_of(client.patch("/me/profile", json=body, headers=me))
    assert "Công dân thử" == client.get("/me", headers=me).json()["profile"]["full_name"]


def test_personal_data_downloads_as_a_json_file(client, world):
    me = client.login(CITIZEN)
    report = client.post("/reports", json=REPORT, headers=me).json()
    exported = client.get("/me/data", headers=me)
    assert 200 == exported.status_code
    assert exported.headers["content-type"].startswith("application/json")
    assert 'attachment; filename="personal-data.json"' == exported.headers["content-disposition"]
    assert "no-store" in exported.headers["cache-control"]
    data = exported.json()
    assert (str(world.citizen.id), E164) == (data["account"]["id"], data["account"]["phone"])
    assert [report["id"]] == [entry["report"]["id"] for entry in data["reports"]]
    assert 1 <= len(data["sessions"])
    assert not any(secret in exported.text for secret in ("password_hash", "token_hash"))
    assert (422, "citizens_only") == problem(
        client.get("/me/data", headers=client.login("tiepnhan"))
    )
    assert 401 == client.get("/me/data").status_code


def test_a_deleted_account_ends_and_its_number_registers_again(client, world, as_):
    me = client.login(CITIZEN)
    report = client.post("/reports", json=REPORT, headers=me).json()
    wrong = client.post("/me/deletion", json={"password": "sai-mat-khau-roi"}, headers=me)
    assert (401, "invalid_credentials") == problem(wrong)
    gone = client.post("/me/deletion", json={"password": PASSWORD}, headers=me)
    assert (204, b"") == (gone.status_code, gone.content)
    assert (401, "session_ended") == problem(client.get("/me", headers=me))
    kept = client.get(f"/reports/{report['id']}", headers=as_("tiepnhan"))
    assert 200 == kept.status_code
    assert kept.json()["report"]["reporter_id"] != report["reporter_id"]
    form = {"phone": CITIZEN, "password": PASSWORD, "full_name": "Bình"}
    # The number's send counts outlive the account: its cooldown still runs.
    assert 429 == client.post("/accounts", json=form).status_code
    after_cooldown(world)
    again = client.post("/accounts", json=form)
    assert (201, "pending") == (again.status_code, again.json()["status"])


# administrators ------------------------------------------------------------------------


def test_an_administrator_finds_an_account_by_its_login_id(client, world, as_):
    found = client.get("/accounts", params={"login_id": "912345678"}, headers=as_("quantri"))
    assert (200, str(world.citizen.id)) == (found.status_code, found.json()["id"])
    missing = client.get("/accounts", params={"login_id": NEW_PHONE}, headers=as_("quantri"))
    assert (404, "not_found") == problem(missing)
    refused = client.get("/accounts", params={"login_id": CITIZEN}, headers=as_("tiepnhan"))
    assert 403 == refused.status_code


def test_a_disabled_account_is_refused_at_once_then_enabled_again(client, world, as_):
    citizen = client.login(CITIZEN)
    disabled = client.post(f"/accounts/{world.citizen.id}/disable", headers=as_("quantri"))
    assert (200, True, "active") == (
        disabled.status_code,
        disabled.json()["disabled"],
        disabled.json()["status"],
    )
    assert (401, "session_ended") == problem(client.get("/me", headers=citizen))
    login = client.post("/sessions", json={"login_id": CITIZEN, "password": PASSWORD})
    assert (403, "account_disabled") == problem(login)
    enabled = client.post(f"/accounts/{world.citizen.id}/enable", headers=as_("quantri"))
    assert (200, False) == (enabled.status_code, enabled.json()["disabled"])
    assert 200 == client.get("/me", headers=client.login(CITIZEN)).status_code


def test_an_administrator_sets_an_officials_password_and_its_sessions_end(client, world, as_):
    operator = client.login("tiepnhan")
    path = f"/accounts/{world.operator.id}/password"
    response = client.put(path, json={"new_password": NEW_PASSWORD}, headers=as_("quantri"))
    assert (200, "tiepnhan") == (response.status_code, response.json()["login_id"])
    assert 401 == client.get("/me", headers=operator).status_code
    assert 200 == client.get("/me", headers=client.login("tiepnhan", NEW_PASSWORD)).status_code
    citizen = client.put(
        f"/accounts/{world.citizen.id}/password",
        json={"new_password": NEW_PASSWORD},
        headers=as_("quantri"),
    )
    assert (422, "officials_only") == problem(citizen)


def test_an_administrator_moves_staff_between_units(client, world, as_):
    admin = as_("quantri")
    moved = client.put(
        f"/accounts/{world.staff[0].id}/unit", json={"unit_code": "sogtvt"}, headers=admin
    )
    assert (200, str(world.units[1].id)) == (moved.status_code, moved.json()["unit_id"])
    nowhere = client.put(
        f"/accounts/{world.staff[0].id}/unit", json={"unit_code": "soyte"}, headers=admin
    )
    assert (404, "unit_code") == (nowhere.status_code, nowhere.json()["field"])
    leader = client.put(
        f"/accounts/{world.approvers[0].id}/unit", json={"unit_code": "sogtvt"}, headers=admin
    )
    assert (422, "approver_stays") == problem(leader)


def test_an_administrator_changes_roles_but_keeps_an_administrator(client, world, as_):
    admin = as_("quantri")
    staffed = client.put(
        f"/accounts/{world.operator.id}/role",
        json={"role": "unit_staff", "unit_code": "sotnmt"},
        headers=admin,
    )
    assert (200, "unit_staff", str(world.units[0].id)) == (
        staffed.status_code,
        staffed.json()["role"],
        staffed.json()["unit_id"],
    )
    no_unit = client.put(
        f"/accounts/{world.operator.id}/role", json={"role": "operator"}, headers=admin
    )
    assert (200, None) == (no_unit.status_code, no_unit.json()["unit_id"])
    bad = client.put(f"/accounts/{world.operator.id}/role", json={"role": "king"}, headers=admin)
    assert {"role"} == errors_of(bad)
    last = client.put(f"/accounts/{world.admin.id}/role", json={"role": "operator"}, headers=admin)
    assert (409, "last_admin") == problem(last)
    assert (409, "last_admin") == problem(
        client.post(f"/accounts/{world.admin.id}/disable", headers=admin)
    )


def test_an_unknown_account_is_404_and_a_bad_id_422(client, as_):
    admin = as_("quantri")
    missing = client.post("/accounts/00000000-0000-4000-8000-000000000000/enable", headers=admin)
    assert (404, "account_id") == (missing.status_code, missing.json()["field"])
    assert {"account_id"} == errors_of(client.post("/accounts/nope/enable", headers=admin))


def test_the_audit_trail_pages_newest_first(client, world, as_):
    admin = as_("quantri")
    for act in (
        lambda: client.post(f"/accounts/{world.citizen.id}/disable", headers=admin),
        lambda: client.post(f"/accounts/{world.citizen.id}/enable", headers=admin),
        lambda: client.put(
            f"/accounts/{world.staff[0].id}/unit", json={"unit_code": "sogtvt"}, headers=admin
        ),
    ):
        world.clock.advance(dt.timedelta(seconds=1))  # records of one instant order by id
        assert 200 == act().status_code
    seen, after = [], None
    while True:
        params = {"limit": 2, **({"after": after} if after else {})}
        page = client.get("/audit", params=params, headers=admin)
        assert 200 == page.status_code, page.text
        assert len(page.json()["items"]) <= 2
        seen += page.json()["items"]
        after = page.json()["next"]
        if after is None:
            break
    assert ["official_moved", "account_enabled", "account_disabled"] == [
        r["action"] for r in seen[:3]
    ]
    assert [str(world.admin.id)] * 3 == [r["actor_id"] for r in seen[:3]]
    assert {"unit": "sogtvt"} == seen[0]["details"]
    assert len({r["id"] for r in seen}) == len(seen) > 3  # the world's set-up is there too
    assert [r["at"] for r in seen] == sorted((r["at"] for r in seen), reverse=True)
    assert {"limit"} == errors_of(client.get("/audit", params={"limit": 0}, headers=admin))
    assert {"after"} == errors_of(client.get("/audit", params={"after": "x"}, headers=admin))


ADMIN_ONLY = [
    ("post", "/accounts/{id}/disable", None),
    ("post", "/accounts/{id}/enable", None),
    ("put", "/accounts/{id}/password", {"new_password": NEW_PASSWORD}),
    ("put", "/accounts/{id}/unit", {"unit_code": "sogtvt"}),
    ("put", "/accounts/{id}/role", {"role": "operator"}),
    ("get", "/audit", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ONLY)
@pytest.mark.parametrize("login_id", [CITIZEN, "tiepnhan", "sotnmt_pheduyet"])
def test_only_administrators_act_on_accounts(client, world, as_, method, path, body, login_id):
    kwargs = {"json": body} if body is not None else {}
    url = path.format(id=world.staff[0].id)
    response = client.request(method, url, headers=as_(login_id), **kwargs)
    assert 403 == response.status_code
    assert 401 == client.request(method, url, **kwargs).status_code


def test_no_account_answer_carries_a_secret_or_the_previous_number(client, world, as_):
    me = client.login(CITIZEN)
    body = {"new_phone": NEW_PHONE, "password": PASSWORD}
    client.post("/me/phone-change-code", json=body, headers=me)
    client.post("/me/phone", json={"code": world.sms.last_code("+84987654321")}, headers=me)
    client.get("/me", headers=me)
    client.patch("/me/profile", json={"address": "Tây Ninh"}, headers=me)
    client.post(f"/accounts/{world.operator.id}/disable", headers=as_("quantri"))
    client.get("/audit", headers=as_("quantri"))
    account_answers = [r for r in client.seen if r.request.url.path != "/me/data"]
    for response in account_answers:
        for secret in (*SECRETS, "previous_phone"):
            assert secret not in response.text, response.request.url
    exported = client.get("/me/data", headers=me).json()
    assert E164 == exported["account"]["previous_phone"]
