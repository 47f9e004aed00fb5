"""GET Service Requests' filters: overrides, the 90-day window, the volume, W3C datetimes."""

import datetime as dt
import uuid

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from open311_support import W3C

from feedback_core import NotFound, PublicReport, ReportStatus, ValidationError
from feedback_core.clock import BUSINESS_TZ
from feedback_core.reports.model import Location
from feedback_http.open311.query import (
    VOLUME,
    WINDOW,
    RequestsQuery,
    checked_jurisdiction,
    parse_requests_query,
    select,
    values,
)
from feedback_http.open311.w3c import parse_w3c, w3c

NOW = pendulum.datetime(2026, 6, 1, 12, 0, tz="UTC")
CODES = ("giao_thong", "moi_truong")
ID = uuid.UUID("12345678-1234-5678-1234-567812345678")


def query(**params):
    return parse_requests_query(params, NOW, service_codes=CODES, jurisdiction_id="tayninh.gov.vn")


def field_of(params):
    with pytest.raises(ValidationError) as caught:
        query(**params)
    return list(caught.value.errors)


def report(submitted, status=ReportStatus.ACCEPTED, category="giao_thong", id_=None):
    return PublicReport(
        id_ or uuid.uuid4(),
        "t",
        "c",
        category,
        Location(address="a"),
        status,
        submitted,
        None,
        submitted,
    )


def test_no_filter_means_the_most_recent_90_days_every_status_and_service():
    assert RequestsQuery(start=NOW - WINDOW, end=NOW, limit=1000) == query()


def test_the_volume_is_1000_by_default_and_at_most():
    assert 1000 == VOLUME == query(start_date="2026-05-01T00:00:00Z").limit


def test_service_request_id_overrides_every_other_argument_even_bad_ones():
    other = str(uuid.uuid4())
    got = query(
        service_request_id=f"{ID}, {other}",
        status="nonsense",
        start_date="yesterday",
        service_code="khong_co",
    )
    assert RequestsQuery(ids=(ID, uuid.UUID(other)), limit=2) == got


def test_a_bad_service_request_id_is_named():
    assert ["service_request_id"] == field_of({"service_request_id": "638344"})


def test_statuses_and_codes_are_comma_delimited_or_declared_several_times():
    got = parse_requests_query(
        {"status": ["open", "closed"], "service_code": "giao_thong,moi_truong"}, NOW
    )
    assert (frozenset({"open", "closed"}), frozenset(CODES)) == (got.statuses, got.service_codes)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "pending"}, "status"),
        ({"status": "open,Open"}, "status"),
        ({"service_code": "giao_thong,khong_co"}, "service_code"),
        ({"start_date": "2026-05-01"}, "start_date"),
        ({"start_date": "2026-05-01T00:00:00"}, "start_date"),
        ({"start_date": "2026-05-01 00:00:00Z"}, "start_date"),
        ({"start_date": "2026-05-01T00:00:00+0700"}, "start_date"),
        ({"end_date": "2026-02-30T00:00:00Z"}, "end_date"),
        ({"start_date": ["2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z"]}, "start_date"),
        ({"start_date": "2026-05-02T00:00:00Z", "end_date": "2026-05-01T00:00:00Z"}, "end_date"),
        ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-01T00:00:01Z"}, "end_date"),
    ],
)
def test_bad_filters_name_their_parameter(params, field):
    assert [field] == field_of(params)


def test_one_bound_gives_the_90_days_beside_it():
    start = pendulum.datetime(2026, 1, 1, tz="UTC")
    assert (start, start + WINDOW) == (
        query(start_date="2026-01-01T07:00:00+07:00").start,
        query(start_date="2026-01-01T00:00:00Z").end,
    )
    assert start - WINDOW == query(end_date="2026-01-01T00:00:00Z").start


def test_exactly_90_days_is_allowed():
    got = query(start_date="2026-01-01T00:00:00Z", end_date="2026-04-01T00:00:00Z")
    assert WINDOW == got.end - got.start


def test_empty_parameters_are_the_same_as_absent_ones():
    assert query() == query(status="", service_code=" ", start_date="", service_request_id="")


def test_another_jurisdiction_is_not_found_and_the_own_one_is_fine():
    with pytest.raises(NotFound) as caught:
        query(jurisdiction_id="hanoi.gov.vn")
    assert "jurisdiction_id" == caught.value.field
    assert query() == query(jurisdiction_id="tayninh.gov.vn")
    assert parse_requests_query({"jurisdiction_id": "x"}, NOW) == parse_requests_query({}, NOW)


@pytest.mark.parametrize(
    ("given", "kept"),
    [(None, None), ("", None), ("  ", None), (" tayninh.gov.vn ", "tayninh.gov.vn")],
)
def test_a_portal_s_own_jurisdiction_is_trimmed_and_blank_is_none(given, kept):
    assert kept == checked_jurisdiction(given)


@pytest.mark.parametrize("given", ["tayninh.gov.vn,hanoi.gov.vn", "tay ninh", "a\u00a0b", "a\x00"])
def test_a_jurisdiction_no_client_could_name_is_refused(given):
    with pytest.raises(ValidationError) as refused:
        checked_jurisdiction(given)
    assert ["jurisdiction_id"] == list(refused.value.errors)


def test_matches_applies_every_filter_and_bounds_are_included():
    q = query(status="open", service_code="giao_thong", end_date="2026-05-01T00:00:00Z")
    assert q.matches(report(q.end))
    assert q.matches(report(q.start))
    assert not q.matches(report(q.end + dt.timedelta(seconds=1)))
    assert not q.matches(report(q.end, ReportStatus.RESOLVED))
    assert not q.matches(report(q.end, category="moi_truong"))


def test_select_stops_at_the_volume_and_before_the_range():
    q = query()
    newest_first = [report(NOW - dt.timedelta(minutes=i)) for i in range(VOLUME + 5)]
    assert newest_first[:VOLUME] == select(q, newest_first)

    def listing():
        yield report(NOW - dt.timedelta(days=1))
        yield report(NOW - dt.timedelta(days=91))
        pytest.fail("read past the range")

    assert 1 == len(select(q, listing()))


def test_select_by_id_ignores_the_window():
    old = report(NOW - dt.timedelta(days=400), id_=ID)
    assert [old] == select(query(service_request_id=str(ID)), [report(NOW), old])


def test_values_splits_commas_and_repeats_and_drops_blanks():
    assert ["a", "b", "c"] == values({"x": ["a, b", "", "c,"]}, "x")


@given(st.datetimes(timezones=st.just(dt.UTC)), st.sampled_from([dt.UTC, BUSINESS_TZ]))
def test_w3c_times_read_back_to_the_same_second(instant, zone):
    # Instants, then shown in a zone: a wall-clock time inside a zone's gap names no instant.
    try:
        shown = instant.astimezone(zone)
    except OverflowError:  # the last hours of year 9999 have no +07:00 wall clock
        shown = instant
    written = w3c(shown)
    assert W3C.fullmatch(written)
    assert instant.replace(microsecond=0) == parse_w3c("start_date", written)
