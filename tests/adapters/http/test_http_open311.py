"""Open311 GeoReport v2 over HTTP: discovery, services, requests (GET and POST with an api_key)."""

import datetime as dt
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from http_support import REPORT, TestClient

from feedback_core import ValidationError
from feedback_core.testing.world import PASSWORD
from feedback_http import create_app

sys.path.insert(0, str(Path(__file__).parents[1] / "open311"))
from open311_support import from_xml, validate

BASE = "/open311/v2"


def public_report(world, **changes):
    s = world.system
    report = s.submit_report(world.citizen.id, **(REPORT | changes))
    world.clock.advance(dt.timedelta(minutes=5))
    s.accept_report(world.operator.id, report.id)
    s.assign_report(world.operator.id, report.id, [world.unit_ids[0]])
    return report


@pytest.fixture
def key(world):
    return world.system.create_api_key(world.admin.id, "Ứng dụng Zalo").key


def test_services_in_json_and_xml(client, world):
    got = client.get(f"{BASE}/services.json")
    assert (200, "application/json; charset=utf-8") == (
        got.status_code,
        got.headers["content-type"],
    )
    validate("services.json", got.json())
    assert list(world.system.settings.categories) == [s["service_code"] for s in got.json()]
    xml = client.get(f"{BASE}/services.xml")
    assert "text/xml; charset=utf-8" == xml.headers["content-type"]
    assert got.json() == from_xml(xml.content)
    definition = client.get(f"{BASE}/services/giao_thong.json")
    validate("service-definition.json", definition.json())


def test_requests_show_public_accepted_reports_and_never_the_reporter(client, world):
    shown = public_report(world)
    world.system.submit_report(world.citizen.id, **REPORT)  # not accepted: never shown
    hidden = public_report(world, public=False)
    got = client.get(f"{BASE}/requests.json")
    validate("requests.json", got.json())
    assert [str(shown.id)] == [r["service_request_id"] for r in got.json()]
    request = got.json()[0]
    assert "Sở Tài nguyên và Môi trường" == request["agency_responsible"]
    assert request["expected_datetime"]
    assert request["updated_datetime"]
    xml = client.get(f"{BASE}/requests.xml")
    assert got.json() == from_xml(xml.content)
    one = client.get(f"{BASE}/requests/{shown.id}.json")
    validate("request.json", one.json()[0])
    missing = client.get(f"{BASE}/requests/{hidden.id}.xml")
    assert 404 == missing.status_code
    assert "errors" == ET.fromstring(missing.content).tag
    for answer in (got, xml, one):
        for identity in (str(world.citizen.id), world.citizen.login_id, "0912345678"):
            assert identity not in answer.text


def test_filters_and_bad_parameters_answer_in_the_spec_format(client, world):
    public_report(world)
    assert [] == client.get(f"{BASE}/requests.json", params={"status": "closed"}).json()
    assert 1 == len(client.get(f"{BASE}/requests.json", params={"status": "open"}).json())
    bad = client.get(f"{BASE}/requests.json", params={"start_date": "yesterday"})
    assert 400 == bad.status_code
    assert [400] == [e["code"] for e in bad.json()]
    assert bad.json()[0]["description"].startswith("start_date")
    assert 404 == client.get(f"{BASE}/services/khong_co.json").status_code
    assert 404 == client.get(f"{BASE}/services.yaml").status_code
    assert 404 == client.get(f"{BASE}/nothing.xml").status_code


def test_discovery_names_this_endpoint_in_both_formats(client):
    got = client.get(f"{BASE}/discovery.json").json()
    endpoint = got["endpoints"][0]
    assert endpoint["url"].endswith("/open311/v2")
    assert {"text/xml", "application/json"} == set(endpoint["formats"])
    assert "discovery" == ET.fromstring(client.get(f"{BASE}/discovery.xml").content).tag


def test_a_post_needs_a_live_api_key_and_a_citizen(client, world, key, as_):
    form = {"service_code": "moi_truong", "description": "Cống tắc\nNước tràn.", "lat": "11.3",
            "long": "106.1"}  # fmt: skip
    citizen = as_("0912345678")
    for sent in ({}, {"api_key": "fck_sai"}):
        refused = client.post(f"{BASE}/requests.json", data=form | sent, headers=citizen)
        assert (403, 403) == (refused.status_code, refused.json()[0]["code"])
    no_citizen = client.post(f"{BASE}/requests.xml", data=form | {"api_key": key})
    assert 403 == no_citizen.status_code
    made = client.post(f"{BASE}/requests.json", data=form | {"api_key": key}, headers=citizen)
    assert 201 == made.status_code, made.text
    answer = made.json()[0]
    assert None is answer["account_id"]
    report = world.system.read_report(world.citizen.id, answer["service_request_id"])
    assert ("Cống tắc", "moi_truong", world.citizen.id) == (
        report.report.draft.title,
        report.report.draft.category,
        report.report.reporter_id,
    )


def test_a_revoked_key_stops_at_once(client, world, as_):
    made = world.system.create_api_key(world.admin.id, "Kiosk")
    world.system.revoke_api_key(world.admin.id, made.record.id)
    form = {"service_code": "moi_truong", "description": "x", "address_string": "a",
            "api_key": made.key}  # fmt: skip
    refused = client.post(f"{BASE}/requests.json", data=form, headers=as_("0912345678"))
    assert 403 == refused.status_code


def test_a_bad_form_names_the_open311_parameters(client, key, as_):
    form = {"service_code": "khong_co", "api_key": key}
    refused = client.post(f"{BASE}/requests.json", data=form, headers=as_("0912345678"))
    assert 400 == refused.status_code
    named = {e["description"].split(":")[0] for e in refused.json()}
    assert {"service_code", "description"} <= named


def test_api_keys_over_http_shown_once_hash_never_and_admins_only(client, as_):
    admin = as_("quantri")
    made = client.post("/api-keys", json={"label": "Zalo"}, headers=admin)
    assert 201 == made.status_code, made.text
    key, record = made.json()["key"], made.json()["record"]
    listed = client.get("/api-keys", headers=admin).json()
    assert [record] == listed
    assert "key_hash" not in record
    assert key not in client.get("/api-keys", headers=admin).text
    assert 403 == client.get("/api-keys", headers=as_("tiepnhan")).status_code
    assert (
        403 == client.post("/api-keys", json={"label": "x"}, headers=as_("0912345678")).status_code
    )
    revoked = client.post(f"/api-keys/{record['id']}/revoke", headers=admin)
    assert revoked.json()["revoked_at"] is not None
    post = client.post(
        f"{BASE}/requests.json",
        data={
            "service_code": "moi_truong",
            "description": "x",
            "address_string": "a",
            "api_key": key,
        },
        headers=as_("0912345678"),
    )
    assert 403 == post.status_code


NOTICE = "Cơ quan chức năng trả lời trong 10 ngày làm việc."


def bearer(client, login_id):
    response = client.post("/sessions", json={"login_id": login_id, "password": PASSWORD})
    return {"authorization": f"Bearer {response.json()['token']}"}


def test_the_host_names_its_jurisdiction_and_others_are_not_found(world, key, as_):
    shown = public_report(world)
    app = create_app(world.system, jurisdiction_id="tayninh.gov.vn")
    form = {"service_code": "moi_truong", "description": "Cống tắc", "address_string": "a",
            "api_key": key}  # fmt: skip
    with TestClient(app) as client:
        citizen = bearer(client, "0912345678")
        for path in ("services.json", "services/giao_thong.xml", "requests.json",
                     f"requests/{shown.id}.json"):  # fmt: skip
            wrong = client.get(f"{BASE}/{path}", params={"jurisdiction_id": "hanoi.gov.vn"})
            right = client.get(f"{BASE}/{path}", params={"jurisdiction_id": "tayninh.gov.vn"})
            absent = client.get(f"{BASE}/{path}")
            assert (404, 200, 200) == (wrong.status_code, right.status_code, absent.status_code)
        assert 404 == wrong.json()[0]["code"]
        posted = [
            client.post(f"{BASE}/requests.json", data=form | sent, headers=citizen).status_code
            for sent in ({"jurisdiction_id": "hanoi.gov.vn"}, {"jurisdiction_id": "tayninh.gov.vn"})
        ]
    assert [404, 201] == posted


def test_without_a_jurisdiction_any_is_accepted(client, world):
    public_report(world)
    got = client.get(f"{BASE}/requests.json", params={"jurisdiction_id": "hanoi.gov.vn"})
    assert (200, 1) == (got.status_code, len(got.json()))


def test_the_service_notice_is_in_post_answers_and_every_request(world, key):
    shown = public_report(world)
    app = create_app(world.system, service_notice=NOTICE, contact="1022@tayninh.gov.vn")
    form = {"service_code": "moi_truong", "description": "Cống tắc", "address_string": "a",
            "api_key": key}  # fmt: skip
    with TestClient(app) as client:
        citizen = bearer(client, "0912345678")
        made = client.post(f"{BASE}/requests.json", data=form, headers=citizen)
        made_xml = client.post(f"{BASE}/requests.xml", data=form, headers=citizen)
        listing = client.get(f"{BASE}/requests.json")
        one = client.get(f"{BASE}/requests/{shown.id}.xml")
        discovery = client.get(f"{BASE}/discovery.json").json()
    assert (201, NOTICE) == (made.status_code, made.json()[0]["service_notice"])
    assert NOTICE == from_xml(made_xml.content)[0]["service_notice"]
    validate("requests.json", listing.json())
    assert [NOTICE] == [r["service_notice"] for r in listing.json()]
    assert NOTICE == from_xml(one.content)[0]["service_notice"]
    assert "1022@tayninh.gov.vn" == discovery["contact"]


def test_without_a_service_notice_it_is_null(client, world, key, as_):
    public_report(world)
    form = {"service_code": "moi_truong", "description": "Cống tắc", "address_string": "a",
            "api_key": key}  # fmt: skip
    made = client.post(f"{BASE}/requests.json", data=form, headers=as_("0912345678"))
    assert None is made.json()[0]["service_notice"]
    assert [None] == [r["service_notice"] for r in client.get(f"{BASE}/requests.json").json()]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("jurisdiction_id", "tayninh.gov.vn,hanoi.gov.vn"),
        ("jurisdiction_id", "tay ninh"),
        ("service_notice", "Trả lời\x00 trong 10 ngày"),
        ("contact", "x" * 4001),
    ],
)
def test_a_bad_open311_setting_stops_the_app_at_its_start(world, field, value):
    with pytest.raises(ValidationError) as refused:
        create_app(world.system, **{field: value})
    assert [field] == list(refused.value.errors)
