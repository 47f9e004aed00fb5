"""Alerts over HTTP: drafts, approval, in force by time, CAP 1.2 and the Atom feed."""

import xml.etree.ElementTree as ET

import pendulum
import pytest
from http_support import TestClient, alert_body

from feedback_core.errors import ValidationError
from feedback_http import create_app

STAFF, LEADER, OTHER_LEADER = "sotnmt_canbo", "sotnmt_pheduyet", "sogtvt_pheduyet"
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"


@pytest.fixture
def times(world):
    start = world.clock.now().add(hours=1)
    return start, start.add(hours=2)


@pytest.fixture
def draft(client, as_, times):
    english = {"headline": "Heavy rain", "description": "Streets flooded."}
    body = alert_body(
        *times, english=english, polygon=[[11, 106], [11.1, 106], [11.1, 106.1], [11, 106]]
    )
    response = client.post("/alerts", json=body, headers=as_(STAFF))
    assert 201 == response.status_code, response.text
    return response.json()


def step(client, headers, alert, action, body=None):
    return client.post(f"/alerts/{alert['id']}/{action}", json=body, headers=headers)


@pytest.fixture
def approved(client, as_, draft):
    step(client, as_(STAFF), draft, "submit")
    response = step(client, as_(LEADER), draft, "approve", {"expected_version": 2})
    assert (200, "approved") == (response.status_code, response.json()["status"])
    return response.json()


def at(t):
    return {"at": t.isoformat()}


def test_an_approved_alert_is_in_force_from_its_start_to_its_end(client, approved, times):
    start, end = times
    ids = {
        t: [a["id"] for a in client.get("/alerts/active", params=at(t)).json()]
        for t in (start.subtract(seconds=1), start, end.subtract(seconds=1), end)
    }
    assert [[], [approved["id"]], [approved["id"]], []] == list(ids.values())


def test_edit_reject_and_versions(client, as_, draft, times):
    edited = client.patch(
        f"/alerts/{draft['id']}",
        json={**alert_body(*times, headline="Mưa rất lớn"), "expected_version": 1},
        headers=as_(STAFF),
    )
    assert (200, "Mưa rất lớn", 2) == (
        edited.status_code,
        edited.json()["content"]["text"]["headline"],
        edited.json()["version"],
    )
    stale = client.patch(
        f"/alerts/{draft['id']}",
        json={**alert_body(*times), "expected_version": 1},
        headers=as_(STAFF),
    )
    assert 409 == stale.status_code
    step(client, as_(STAFF), draft, "submit")
    rejected = step(client, as_(LEADER), draft, "reject", {"reason": "Thiếu chỉ dẫn."})
    assert ("draft", "Thiếu chỉ dẫn.") == (
        rejected.json()["status"],
        rejected.json()["rejection_reason"],
    )


def test_only_the_unit_leader_approves(client, as_, draft):
    step(client, as_(STAFF), draft, "submit")
    assert 403 == step(client, as_(STAFF), draft, "approve").status_code
    assert step(client, as_(OTHER_LEADER), draft, "approve").status_code in {403, 404}
    assert 403 == step(client, as_("0912345678"), draft, "approve").status_code


def test_supersede_then_cancel(client, as_, approved, times):
    update = client.post(
        f"/alerts/{approved['id']}/supersede",
        json=alert_body(*times, headline="Mưa lớn, cập nhật"),
        headers=as_(STAFF),
    )
    assert (201, approved["id"]) == (update.status_code, update.json()["supersedes"])
    new = update.json()
    step(client, as_(STAFF), new, "submit")
    step(client, as_(LEADER), new, "approve")
    assert "superseded" == client.get(f"/alerts/{approved['id']}").json()["status"]
    cap = ET.fromstring(client.get(f"/alerts/{new['id']}/cap").content)
    assert "Update" == cap.findtext(f"{CAP}msgType")
    assert approved["id"] in cap.findtext(f"{CAP}references")
    cancelled = step(client, as_(LEADER), new, "cancel")
    assert (200, "cancelled") == (cancelled.status_code, cancelled.json()["status"])
    cancel = ET.fromstring(client.get(f"/alerts/{new['id']}/cap").content)
    assert "Cancel" == cancel.findtext(f"{CAP}msgType")


def test_drafts_are_seen_by_their_unit_only(client, as_, draft):
    path = f"/alerts/{draft['id']}"
    assert 200 == client.get(path, headers=as_(STAFF)).status_code
    assert 404 == client.get(path).status_code
    assert 404 == client.get(path, headers=as_(OTHER_LEADER)).status_code
    assert 404 == client.get(f"{path}/cap").status_code


def test_the_unit_lists_its_alerts(client, as_, draft, approved):
    listed = client.get("/alerts", headers=as_(STAFF)).json()
    assert [draft["id"]] == [a["id"] for a in listed["items"]]
    assert [] == client.get("/alerts", headers=as_("sogtvt_canbo")).json()["items"]
    assert 403 == client.get("/alerts", headers=as_("0912345678")).status_code
    only = client.get("/alerts", params={"status": "draft"}, headers=as_(STAFF)).json()
    assert [] == only["items"]


def test_cap_of_an_approved_alert(client, approved):
    response = client.get(f"/alerts/{approved['id']}/cap")
    root = ET.fromstring(response.content)
    assert "application/cap+xml" == response.headers["content-type"]
    assert ("testserver", "Alert") == (
        root.findtext(f"{CAP}sender"),
        root.findtext(f"{CAP}msgType"),
    )
    assert ["vi-VN", "en-US"] == [i.findtext(f"{CAP}language") for i in root.iter(f"{CAP}info")]
    assert "Sở Tài nguyên và Môi trường" == root.find(f"{CAP}info").findtext(f"{CAP}senderName")


def test_the_app_names_its_cap_sender(world, approved):
    with TestClient(create_app(world.system, cap_sender="cong1022.tayninh.gov.vn")) as client:
        root = ET.fromstring(client.get(f"/alerts/{approved['id']}/cap").content)
    assert "cong1022.tayninh.gov.vn" == root.findtext(f"{CAP}sender")


def test_a_cap_sender_with_a_comma_is_refused(world):
    with pytest.raises(ValidationError):
        create_app(world.system, cap_sender="a,b")


def test_the_atom_feed_links_each_alert_cap(client, approved, times):
    response = client.get("/alerts/feed", params=at(times[0]))
    feed = ET.fromstring(response.content)
    ns = "{http://www.w3.org/2005/Atom}"
    links = [link.get("href") for link in feed.iter(f"{ns}link") if link.get("rel") == "alternate"]
    assert "application/atom+xml" == response.headers["content-type"]
    assert [f"http://testserver/alerts/{approved['id']}/cap"] == links
    empty = ET.fromstring(client.get("/alerts/feed", params=at(times[1])).content)
    assert [] == list(empty.iter(f"{ns}entry"))


@pytest.mark.parametrize(
    ("query", "field"), [("at=2026-03-02T10:00:00", "at"), ("at=tomorrow", "at")]
)
def test_a_time_without_offset_or_not_a_time_is_422(client, query, field):
    response = client.get(f"/alerts/active?{query}")
    assert (422, [field]) == (response.status_code, list(response.json()["errors"]))


def test_bad_alert_input_names_every_field(client, as_, times):
    body = {
        **alert_body(*times),
        "severity": "Huge",
        "circle": [[11, 106]],
        "english": {"headline": 1},
        "end": "soon",
    }
    del body["area"]
    response = client.post("/alerts", json=body, headers={**as_(STAFF), "accept-language": "en"})
    errors = response.json()["errors"]
    assert 422 == response.status_code
    assert {"severity", "circle", "english.headline", "english.description", "end", "area"} == set(
        errors
    )
    assert ["Expected (centre, radius in km)."] == errors["circle"]
    core = client.post("/alerts", json={**alert_body(times[1], times[0])}, headers=as_(STAFF))
    assert (422, ["end"]) == (core.status_code, list(core.json()["errors"]))


def test_alert_times_in_any_offset_are_the_same_instant(client, as_, times):
    start, end = (t.in_timezone("UTC") for t in times)
    made = client.post("/alerts", json=alert_body(start, end), headers=as_(STAFF)).json()
    assert pendulum.parse(made["content"]["start"]) == times[0]
