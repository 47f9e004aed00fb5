"""JSON and XML as GeoReport v2 writes them; any report text survives both; errors."""

import datetime as dt
import json
import uuid
import xml.etree.ElementTree as ET

import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from open311_support import from_xml, validate

from feedback_core import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    PublicReport,
    ReportStatus,
    StorageUnavailable,
    ValidationError,
)
from feedback_core.clock import BUSINESS_TZ
from feedback_core.fields import text as checked_text
from feedback_core.messages import message
from feedback_core.reports.categories import DEFAULT_CATEGORIES
from feedback_core.reports.model import Location
from feedback_core.reports.views import PUBLIC_STATUSES
from feedback_http.open311.formats import (
    XML_DECLARATION,
    error_status,
    errors,
    errors_xml,
    json_body,
    service_requests_xml,
    xml_text,
)
from feedback_http.open311.requests import service_request
from feedback_http.open311.services import ServiceCatalog
from feedback_http.open311.w3c import w3c

UNITS = [uuid.uuid4() for _ in range(3)]
T0 = pendulum.datetime(2026, 3, 2, tz="UTC")

CATALOG = ServiceCatalog(DEFAULT_CATEGORIES)
TRICKY = "<>&\"']]>\r\n\t&amp;&#13;<![CDATA[x]]>Đường 30/4 — ổ gà 🚧"
# Text as the core takes it: anything, then the core's own checks (NFC, no control
# characters but line breaks and tabs, CRLF made LF); what it refuses never is a report.
PRINTABLE = st.characters(codec="utf-8", exclude_categories=("C", "Z")) | st.just(" ")


def report_text(limit, *, multiline=False):
    tricky = TRICKY if multiline else TRICKY.translate({ord(c): None for c in "\r\n\t"})

    def accepted(value):
        try:
            return checked_text("x", value, limit=limit, multiline=multiline)
        except ValidationError:
            return None

    raw = st.text(PRINTABLE | st.sampled_from(tricky), min_size=1, max_size=60)
    return raw.map(accepted).filter(lambda v: v is not None)


@given(
    title=report_text(200),
    content=report_text(4000, multiline=True),
    address=report_text(500),
    response=st.none() | report_text(4000, multiline=True),
    status=st.sampled_from(sorted(PUBLIC_STATUSES)),
    agencies=st.lists(report_text(200), max_size=3).map(tuple),
)
def test_any_report_text_round_trips_in_json_and_xml(
    title, content, address, response, status, agencies
):
    report = PublicReport(
        uuid.uuid4(),
        title,
        content,
        "moi_truong",
        Location(10.5, 106.25, address),
        status,
        pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC"),
        response,
        pendulum.datetime(2026, 3, 2, 3, 0, tz="UTC"),
        units=tuple(UNITS[: len(agencies)]),
    )
    names = dict(zip(UNITS, agencies, strict=False))
    request = service_request(report, CATALOG, names)
    assert [request] == json.loads(json_body([request]))
    assert [request] == from_xml(service_requests_xml([request]))
    validate("requests.json", [request])
    assert request["description"].startswith(title)


@given(st.text())
def test_any_text_makes_well_formed_xml_and_legal_characters_survive(value):
    body = errors_xml([{"code": 400, "description": value}])
    read = ET.fromstring(body).find("error/description").text or ""
    legal = all(
        c in "\t\n\r" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c > "\uffff"
        for c in value
    )
    assume(value)
    if legal:
        assert value == read
    else:
        assert len(value) == len(read)
        assert "\ufffd" in read


def test_xml_starts_with_the_declaration_and_has_no_namespace():
    body = service_requests_xml([])
    assert body.startswith(XML_DECLARATION)
    assert b'<?xml version="1.0" encoding="utf-8"?>' in body
    assert b"xmlns" not in body
    assert [] == from_xml(body)


def test_none_is_an_empty_element_and_booleans_read_true_false():
    assert (None, "true", "false") == (xml_text(None), xml_text(True), xml_text(False))


def test_json_writes_vietnamese_as_itself_in_utf8():
    assert "Đất đai".encode() in json_body({"a": "Đất đai"})


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFound(message("not_found", entity="report")), 404),
        (PermissionDenied(message("permission_denied", action="submit_report")), 403),
        (ValidationError.single("status", "invalid_choice", choices="open, closed"), 400),
        (Conflict(message("conflict", entity="report")), 400),
        (InvalidTransition(message("invalid_transition", action="close", status="accepted")), 400),
        (StorageUnavailable(message("storage_unavailable", reason="busy")), 400),
    ],
)
def test_errors_are_404_403_or_400_as_the_specification_says(error, status):
    assert status == error_status(error)
    assert [status] == [e["code"] for e in errors(error)]


def test_a_validation_error_gives_one_error_per_message_in_the_readers_language():
    error = ValidationError(
        {
            "status": (message("invalid_choice", choices="open, closed"),),
            "end_date": (message("end_before_start"),),
        }
    )
    found = errors(error, "vi")
    assert [
        {
            "code": 400,
            "description": "status: Giá trị phải là một trong các lựa chọn: "
            "open, đã đóng (closed).",
        },
        {"code": 400, "description": "end_date: Thời điểm kết thúc phải sau thời điểm bắt đầu."},
    ] == found
    assert found == json.loads(json_body(found))
    assert found == from_xml(errors_xml(found))
    root = ET.fromstring(errors_xml(found))
    assert ("errors", ["error", "error"]) == (root.tag, [e.tag for e in root])
    assert ["code", "description"] == [child.tag for child in root[0]]


def test_an_error_in_english_on_request():
    error = NotFound(message("not_found", entity="report"), field="service_request_id")
    assert [{"code": 404, "description": "service_request_id: No such report."}] == errors(
        error, "en"
    )


def test_every_public_status_renders_for_every_category():
    for code in DEFAULT_CATEGORIES:
        for status in (ReportStatus.ACCEPTED, ReportStatus.CLOSED):
            report = PublicReport(
                uuid.uuid4(), "t", "c", code, Location(address="a"), status,
                T0, None, T0,
            )  # fmt: skip
            validate("request.json", service_request(report, CATALOG))


@given(
    st.datetimes(
        min_value=dt.datetime(1975, 6, 13),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=dt.datetime(9999, 12, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        timezones=st.just(dt.UTC),
    )
)
def test_times_since_1975_are_written_on_vietnams_clock_as_the_zone_database_says(instant):
    expected = instant.astimezone(BUSINESS_TZ).replace(microsecond=0).isoformat()
    assert expected == w3c(instant)
