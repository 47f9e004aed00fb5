"""Reports over HTTP: submit, follow, every transition, listings, visibility, bad input."""

import pytest
from http_support import REPORT

CITIZEN, OPERATOR, STAFF, LEADER = "0912345678", "tiepnhan", "sotnmt_canbo", "sotnmt_pheduyet"


@pytest.fixture
def submitted(client, as_):
    response = client.post("/reports", json=REPORT, headers=as_(CITIZEN))
    assert 201 == response.status_code, response.text
    return response.json()


def move(client, headers, report, action, body=None):
    return client.post(f"/reports/{report['id']}/{action}", json=body, headers=headers)


def test_a_report_goes_its_whole_way(client, as_, submitted):
    steps = [
        (OPERATOR, "accept", None, "accepted"),
        (OPERATOR, "assign", {"units": ["sotnmt"]}, "assigned"),
        (STAFF, "start", {"expected_version": 3}, "in_progress"),
        (LEADER, "resolve", {"response": "Đã nạo vét cống."}, "resolved"),
        (CITIZEN, "reopen", {"reason": "Vẫn còn ngập."}, "in_progress"),
        (STAFF, "resolve", {"response": "Đã xử lý lần hai."}, "resolved"),
        (CITIZEN, "rate", {"rating": 4}, "resolved"),
        (CITIZEN, "close", None, "closed"),
    ]
    for who, action, body, status in steps:
        response = move(client, as_(who), submitted, action, body)
        assert (200, status) == (response.status_code, response.json()["status"]), action
    view = client.get(f"/reports/{submitted['id']}", headers=as_(CITIZEN)).json()
    assert 4 == view["report"]["rating"]
    assert ["submit", "accept", "assign", "start", "resolve", "reopen", "resolve", "rate",
            "close"] == [h["action"] for h in view["history"]]  # fmt: skip
    assert {"accept_deadline", "resolve_deadline", "overdue"} <= set(view)


def test_refuse_and_return_take_a_reason(client, as_, submitted):
    assert (
        "refused"
        == move(client, as_(OPERATOR), submitted, "refuse", {"reason": "Trùng."}).json()["status"]
    )
    other = client.post("/reports", json=REPORT, headers=as_(CITIZEN)).json()
    move(client, as_(OPERATOR), other, "accept")
    move(
        client,
        as_(OPERATOR),
        other,
        "assign",
        {"units": [str(client.get("/units").json()[0]["id"])]},
    )
    back = move(client, as_("sogtvt_canbo"), other, "return", {"reason": "Không thuộc thẩm quyền."})
    assert (200, "accepted") == (back.status_code, back.json()["status"])
    missing = move(client, as_(OPERATOR), other, "refuse", {})
    assert (422, ["reason"]) == (missing.status_code, list(missing.json()["errors"]))


def test_a_stale_version_is_a_conflict(client, as_, submitted):
    response = move(client, as_(OPERATOR), submitted, "accept", {"expected_version": 7})
    assert (409, "conflict") == (response.status_code, response.json()["code"])


def test_a_move_not_allowed_from_the_status_is_409(client, as_, submitted):
    response = move(client, as_(STAFF), submitted, "resolve", {"response": "x"})
    assert response.status_code in {403, 409}
    again = move(client, as_(OPERATOR), submitted, "close")
    assert (409, "invalid_transition") == (again.status_code, again.json()["code"])


@pytest.mark.parametrize(
    ("who", "action", "body"),
    [(CITIZEN, "accept", None), (STAFF, "accept", None), (CITIZEN, "assign", {"units": ["sotnmt"]}),
     ("quantri", "refuse", {"reason": "x"})],
)  # fmt: skip
def test_roles_without_the_right_get_403(client, as_, submitted, who, action, body):
    response = move(client, as_(who), submitted, action, body)
    assert (403, "permission_denied") == (response.status_code, response.json()["code"])


def test_officials_cannot_submit_reports(client, as_):
    assert 403 == client.post("/reports", json=REPORT, headers=as_(OPERATOR)).status_code


def test_who_may_read_a_report(client, as_, world, submitted):
    path = f"/reports/{submitted['id']}"
    stranger = world.new_citizen("0977777777")
    assert 200 == client.get(path, headers=as_(CITIZEN)).status_code
    assert 200 == client.get(path, headers=as_(OPERATOR)).status_code
    # a report one may not read is not there, as far as one can tell
    assert 404 == client.get(path, headers=as_(stranger.login_id)).status_code
    assert 401 == client.get(path).status_code
    unknown = client.get(f"/reports/{world.admin.id}", headers=as_(OPERATOR))
    assert (404, "not_found") == (unknown.status_code, unknown.json()["code"])


def test_listings_page_with_the_core_tokens(client, as_):
    for n in range(3):
        client.post("/reports", json={**REPORT, "title": f"Phản ánh {n}"}, headers=as_(CITIZEN))
    first = client.get("/reports", params={"limit": 2}, headers=as_(CITIZEN)).json()
    second = client.get(
        "/reports", params={"limit": 2, "after": first["next"]}, headers=as_(CITIZEN)
    ).json()
    assert (2, 1, None) == (len(first["items"]), len(second["items"]), second["next"])
    queue = client.get("/reports", params={"status": "submitted"}, headers=as_(OPERATOR)).json()
    assert 3 == len(queue["items"])
    empty = client.get("/reports", params={"status": "closed"}, headers=as_(OPERATOR)).json()
    assert [] == empty["items"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": 0}, "limit"), ({"limit": "x"}, "limit"), ({"after": "nonsense"}, "after"),
     ({"status": "lost"}, "status")],
)  # fmt: skip
def test_bad_listing_parameters_are_422(client, as_, params, field):
    response = client.get("/reports", params=params, headers=as_(CITIZEN))
    assert (422, [field]) == (response.status_code, list(response.json()["errors"]))


def test_public_reports_show_once_accepted_and_never_the_reporter(client, as_, submitted):
    assert [] == client.get("/public/reports").json()["items"]
    assert 404 == client.get(f"/public/reports/{submitted['id']}").status_code
    move(client, as_(OPERATOR), submitted, "accept")
    listed = client.get("/public/reports").json()["items"]
    one = client.get(f"/public/reports/{submitted['id']}")
    assert [submitted["id"]] == [r["id"] for r in listed]
    assert 200 == one.status_code
    assert "reporter_id" not in one.text


def test_bad_report_input_names_every_field(client, as_):
    body = {"title": "", "content": 5, "category": "nope", "latitude": "north", "media": "x",
            "public": "perhaps", "colour": "red"}  # fmt: skip
    response = client.post("/reports", json=body, headers={**as_(CITIZEN), "accept-language": "en"})
    errors = response.json()["errors"]
    assert 422 == response.status_code
    assert {"content", "latitude", "media", "public", "colour"} == set(errors)
    assert ["Expected a list of references."] == errors["media"]
    core = client.post(
        "/reports", json={**REPORT, "category": "nope", "title": ""}, headers=as_(CITIZEN)
    )
    assert {"category", "title"} == set(core.json()["errors"])


def test_a_body_that_is_not_json_or_an_id_that_is_not_a_uuid(client, as_):
    headers = {**as_(CITIZEN), "content-type": "application/json"}
    broken = client.post("/reports", content=b"{nope", headers=headers)
    assert (422, "wrong_type") == (broken.status_code, broken.json()["code"])
    not_id = client.get("/reports/42", headers=as_(CITIZEN))
    assert {"report_id": ["Mã định danh không hợp lệ."]} == not_id.json()["errors"]
