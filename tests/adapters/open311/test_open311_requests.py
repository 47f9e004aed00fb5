"""Service requests from reports: the public face, the deadlines, never the reporter."""

import datetime as dt
import json

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from open311_support import W3C, from_xml, root_of, validate

from feedback_core import NotFound, PublicReport, ReportStatus
from feedback_http.open311.formats import json_body, service_requests_xml
from feedback_http.open311.requests import (
    description,
    open311_status,
    posted_request,
    service_request,
    status_word,
)
from feedback_http.open311.services import ServiceCatalog

S = ReportStatus
FORM = {
    "title": "Ổ gà trên đường 30/4 <nguy hiểm> & ngập",
    "content": "Ổ gà lớn giữa đường, xe máy dễ ngã.\nCần vá gấp.",
    "category": "giao_thong",
    "address": "Đường 30/4, phường 2, TP Tây Ninh",
    "latitude": 11.31,
    "longitude": 106.1,
}
NOTICE = "Phản ánh được trả lời trong 10 ngày làm việc."
SPEC_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
    "long", "media_url",
]  # fmt: skip


def later(world, minutes=5):
    world.clock.advance(dt.timedelta(minutes=minutes))


def catalog_of(world):
    return ServiceCatalog(world.system.settings.categories)


def names(world):
    return {u.id: u.name for u in world.system.units()}


def as_request(world, report, **options):
    public = world.system.public_report(report.id)
    return service_request(public, catalog_of(world), names(world), **options)


def moved(world, *steps, **changes):
    """A report submitted and taken through ``steps`` (names of FeedbackSystem moves)."""
    s, op, staff = world.system, world.operator.id, world.staff[0].id
    report = s.submit_report(world.citizen.id, **(FORM | changes))
    actions = {
        "accept": lambda r: s.accept_report(op, r.id),
        "assign": lambda r: s.assign_report(op, r.id, list(world.unit_ids)),
        "start": lambda r: s.start_report(staff, r.id),
        "resolve": lambda r: s.resolve_report(staff, r.id, "Đã vá ổ gà & cắm biển."),
        "close": lambda r: s.close_report(op, r.id),
        "reopen": lambda r: s.reopen_report(world.citizen.id, r.id, "Vẫn còn."),
        "rate": lambda r: s.rate_report(world.citizen.id, r.id, 4),
    }
    for step in steps:
        later(world)
        report = actions[step](report)
    return report


def test_an_open_report_maps_every_field_the_specification_names(world):
    report = moved(world, "accept", "assign", "start")
    request = as_request(
        world, report, media_url="https://1022.tayninh.gov.vn/m/1.jpg", service_notice=NOTICE
    )
    assert SPEC_FIELDS == list(request)
    view = world.system.read_report(world.operator.id, report.id)
    assert {
        "service_request_id": str(report.id),
        "status": "open",
        "status_notes": "Đang xử lý",
        "service_name": "Giao thông",
        "service_code": "giao_thong",
        "description": f"{FORM['title']}\n\n{FORM['content']}",
        "agency_responsible": "Sở Tài nguyên và Môi trường; Sở Giao thông Vận tải",
        "service_notice": NOTICE,
        "requested_datetime": "2026-03-02T09:00:00+07:00",
        "updated_datetime": "2026-03-02T09:15:00+07:00",
        "expected_datetime": view.resolve_deadline.in_timezone("Asia/Ho_Chi_Minh").isoformat(),
        "address": FORM["address"],
        "address_id": None,
        "zipcode": None,
        "lat": 11.31,
        "long": 106.1,
        "media_url": "https://1022.tayninh.gov.vn/m/1.jpg",
    } == request
    validate("requests.json", json.loads(json_body([request])))


@pytest.mark.parametrize(
    ("steps", "status", "notes"),
    [
        (("accept",), "open", "Đã tiếp nhận"),
        (("accept", "assign"), "open", "Đã chuyển xử lý"),
        (
            ("accept", "assign", "start", "resolve"),
            "closed",
            "Đã xử lý xong: Đã vá ổ gà & cắm biển.",
        ),
        (
            ("accept", "assign", "start", "resolve", "close"),
            "closed",
            "Đã đóng: Đã vá ổ gà & cắm biển.",
        ),
    ],
)
def test_status_is_open_or_closed_with_the_detail_in_the_notes(world, steps, status, notes):
    request = as_request(world, moved(world, *steps))
    assert (status, notes) == (request["status"], request["status_notes"])
    validate("request.json", request)
    assert W3C.fullmatch(request["requested_datetime"])
    assert W3C.fullmatch(request["updated_datetime"])


def test_a_closed_request_was_updated_when_it_closed_not_when_rated_or_closed_again(world):
    report = moved(world, "accept", "assign", "start", "resolve", "rate", "close")
    request = as_request(world, report)
    resolved_at = pendulum.instance(report.resolved_at).in_timezone("Asia/Ho_Chi_Minh")
    assert resolved_at.isoformat() == request["updated_datetime"]


def test_a_stored_report_from_before_updated_at_shows_its_latest_known_time(world):
    report = moved(world, "accept", "assign", "start", "resolve")
    old = attrs.evolve(report, updated_at=None)
    assert report.resolved_at == old.last_changed == PublicReport.of(old).updated_at
    fresh = moved(world)
    assert fresh.submitted_at == attrs.evolve(fresh, updated_at=None).last_changed


def test_every_step_moves_updated_at_and_the_deadline_is_the_core_s(world):
    report = moved(world, "accept", "assign")
    public = world.system.public_report(report.id)
    view = world.system.read_report(world.operator.id, report.id)
    assert (view.history[-1].at, view.resolve_deadline) == (
        public.updated_at,
        public.resolve_deadline,
    )
    assert world.unit_ids == public.units


def test_a_reopened_report_is_open_again_and_updated_at_the_reopening(world):
    report = moved(world, "accept", "assign", "start", "resolve", "reopen")
    request = as_request(world, report)
    assert ("open", "2026-03-02T09:25:00+07:00") == (request["status"], request["updated_datetime"])


def test_a_private_report_never_maps(world):
    report = moved(world, "accept", public=False)
    with pytest.raises(NotFound):
        as_request(world, report)
    assert () == world.system.public_reports().items


def test_a_report_not_yet_accepted_never_maps(world):
    report = moved(world)
    with pytest.raises(NotFound):
        as_request(world, report)
    # Even a caller who builds the public face itself gets no request out of it.
    view = world.system.read_report(world.operator.id, report.id)
    with pytest.raises(NotFound):
        service_request(PublicReport.of(view.report), catalog_of(world))


def test_the_public_listing_maps_and_never_shows_the_reporter(world):
    for steps in [("accept",), ("accept", "assign", "start", "resolve"), ()]:
        moved(world, *steps)
    catalog = catalog_of(world)
    listed = [service_request(r, catalog) for r in world.system.public_reports().items]
    assert 2 == len(listed)
    validate("requests.json", json.loads(json_body(listed)))
    body = service_requests_xml(listed)
    assert "service_requests" == root_of(body)
    assert listed == from_xml(body)
    citizen = world.citizen
    for text in (json_body(listed).decode(), body.decode()):
        for identity in (str(citizen.id), citizen.login_id, "Công dân thử", "0912345678"):
            assert identity not in text


def test_a_category_no_longer_offered_keeps_its_code_without_a_name(world):
    report = moved(world, "accept")
    request = as_request(world, report)
    shrunk = ServiceCatalog({"khac": "Khác"})
    public = world.system.public_report(report.id)
    assert (None, "giao_thong") == (
        service_request(public, shrunk)["service_name"],
        request["service_code"],
    )
    validate("request.json", service_request(public, shrunk))


def test_the_answer_to_a_post_is_the_id_and_no_account(world):
    report = moved(world)
    answer = posted_request(report, "Phản ánh sẽ được xem xét trong 8 giờ làm việc.")
    assert {"service_request_id", "service_notice", "account_id"} == set(answer)
    assert (str(report.id), None) == (answer["service_request_id"], answer["account_id"])
    assert [answer] == from_xml(service_requests_xml([answer]))


@given(st.sampled_from(ReportStatus))
def test_the_status_mapping_is_total(status):
    assert open311_status(status) in {"open", "closed"}
    assert status_word(status, "vi") != status_word(status, "en")


def test_the_open_statuses_are_exactly_those_with_work_left():
    opened = {s for s in ReportStatus if open311_status(s) == "open"}
    assert {S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS} == opened


def test_a_description_over_the_limit_is_cut_to_4000_with_an_ellipsis(world):
    report = moved(world, "accept", content="x" * 4000)
    public = world.system.public_report(report.id)
    text = description(public)
    assert (4000, "…") == (len(text), text[-1])
    validate("request.json", service_request(public, catalog_of(world)))


def test_without_a_notice_or_media_both_are_null(world):
    request = as_request(world, moved(world, "accept"))
    assert (None, None) == (request["service_notice"], request["media_url"])
    assert None is posted_request(moved(world))["service_notice"]
