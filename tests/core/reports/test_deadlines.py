import datetime as dt
import uuid

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback_core.clock import BUSINESS_TZ, in_business_time
from feedback_core.errors import ValidationError
from feedback_core.reports.deadlines import (
    DeadlinePolicy,
    WorkingCalendar,
    accept_deadline,
    is_overdue,
    resolve_deadline,
)
from feedback_core.reports.model import Location, Report, ReportDraft, ReportStatus

CALENDAR = WorkingCalendar()
POLICY = DeadlinePolicy()
FIRST_YEAR, LAST_YEAR = 2020, 2035
# Fill the per-year holiday cache up front: the first look at a year builds the lunar
# calendar, which would otherwise eat into Hypothesis' per-example deadline.
for _year in range(FIRST_YEAR, LAST_YEAR + 2):
    CALENDAR.is_working_day(dt.date(_year, 1, 1))


def vn(year, month, day, hour=0, minute=0):
    """An instant given on Vietnam's wall clock."""
    return pendulum.datetime(year, month, day, hour, minute, tz=BUSINESS_TZ)


def make_report(status, submitted_at, *, urgent=False, accepted_at=None, max_units=0):
    draft = ReportDraft("Ổ gà", "Ổ gà giữa đường", "roads", Location(address="x"), urgent=urgent)
    return Report(
        uuid.uuid4(),
        uuid.uuid4(),
        draft,
        status,
        submitted_at.in_timezone(pendulum.UTC),
        accepted_at=None if accepted_at is None else accepted_at.in_timezone(pendulum.UTC),
        max_units=max_units,
    )


# 2025-10-06 is a Monday and October 2025 has no public holiday.
MONDAY = (2025, 10, 6)
FRIDAY = (2025, 10, 10)


# --- working time ------------------------------------------------------------------------


def test_a_working_day_is_eight_hours():
    assert dt.timedelta(hours=8) == CALENDAR.day_length


def test_result_is_in_utc():
    actual = CALENDAR.add_working_hours(vn(*MONDAY, 8), 1)
    assert actual.timezone_name == "UTC"
    assert vn(*MONDAY, 9) == actual


def test_friday_afternoon_rolls_over_the_weekend():
    assert vn(2025, 10, 13, 8, 30) == CALENDAR.add_working_hours(vn(*FRIDAY, 16), 2)


def test_one_working_day_from_friday_afternoon_is_monday_same_time():
    assert vn(2025, 10, 13, 16) == CALENDAR.add_working_days(vn(*FRIDAY, 16), 1)


def test_working_days_from_a_weekend_start_at_monday_opening():
    assert vn(2025, 10, 13, 17) == CALENDAR.add_working_days(vn(2025, 10, 11, 10), 1)


def test_lunch_break_is_not_counted():
    assert vn(*MONDAY, 14) == CALENDAR.add_working_hours(vn(*MONDAY, 10, 30), 2)


def test_work_ending_at_noon_is_due_at_noon_not_after_lunch():
    assert vn(*MONDAY, 11, 30) == CALENDAR.add_working_hours(vn(*MONDAY, 7, 30), 4)


def test_start_in_the_lunch_break_begins_at_1300():
    assert vn(*MONDAY, 14) == CALENDAR.add_working_hours(vn(*MONDAY, 12), 1)


def test_start_before_opening_begins_at_0730():
    assert vn(*MONDAY, 8, 30) == CALENDAR.add_working_hours(vn(*MONDAY, 6), 1)


def test_evening_start_begins_next_morning():
    assert vn(2025, 10, 7, 8, 30) == CALENDAR.add_working_hours(vn(*MONDAY, 20), 1)


def test_after_midnight_utc_still_counts_on_vietnam_calendar():
    # 2025-10-10 23:30 UTC is Saturday 06:30 in Vietnam: counting starts Monday 07:30
    start = pendulum.datetime(2025, 10, 10, 23, 30)
    assert vn(2025, 10, 13, 8, 30) == CALENDAR.add_working_hours(start, 1)


def test_float_int_and_timedelta_hours_agree():
    start = vn(*MONDAY, 9)
    expected = CALENDAR.add_working_hours(start, dt.timedelta(minutes=90))
    assert expected == CALENDAR.add_working_hours(start, 1.5)
    assert CALENDAR.add_working_hours(start, 2) == CALENDAR.add_working_hours(start, 2.0)


def test_zero_hours_leave_start_unchanged():
    start = vn(*MONDAY, 20)
    assert start == CALENDAR.add_working_hours(start, 0)
    assert start == CALENDAR.add_working_days(start, 0)


@pytest.mark.parametrize("hours", [-1, -0.5, dt.timedelta(minutes=-1)])
def test_negative_hours_are_rejected(hours):
    with pytest.raises(ValidationError) as caught:
        CALENDAR.add_working_hours(vn(*MONDAY, 9), hours)
    assert caught.value.field == "hours"


def test_negative_days_are_rejected():
    with pytest.raises(ValidationError) as caught:
        CALENDAR.add_working_days(vn(*MONDAY, 9), -1)
    assert caught.value.field == "days"


# --- which days work ---------------------------------------------------------------------


@pytest.mark.parametrize("day", [16, 17, 18, 19, 20])
def test_tet_2026_weekdays_are_not_working_days(day):
    assert not CALENDAR.is_working_day(dt.date(2026, 2, day))


def test_tet_2026_is_skipped():
    # Friday before Tết -> the Monday after the week off
    assert vn(2026, 2, 23, 10) == CALENDAR.add_working_days(vn(2026, 2, 13, 10), 1)


def test_national_day_2026_is_skipped():
    # 2026-08-31 (Monday, swapped for Saturday 2026-08-22), 09-01 and 09-02 are days off
    assert vn(2026, 9, 3, 10) == CALENDAR.add_working_days(vn(2026, 8, 28, 10), 1)


def test_government_make_up_saturday_is_a_working_day():
    # Saturday 2025-04-26 was worked so that Friday 2025-05-02 could be a day off
    assert CALENDAR.is_working_day(dt.date(2025, 4, 26))
    assert not CALENDAR.is_working_day(dt.date(2025, 5, 2))
    assert vn(2025, 4, 26, 8, 30) == CALENDAR.add_working_hours(vn(2025, 4, 25, 16), 2)


def test_ordinary_weekend_is_not_a_working_day():
    assert not CALENDAR.is_working_day(dt.date(2025, 10, 11))
    assert not CALENDAR.is_working_day(dt.date(2025, 10, 12))


def test_extra_closed_day_is_skipped():
    calendar = WorkingCalendar(extra_closed_days=frozenset({dt.date(2025, 10, 13)}))
    assert vn(2025, 10, 14, 16) == calendar.add_working_days(vn(*FRIDAY, 16), 1)


def test_extra_working_saturday_counts():
    calendar = WorkingCalendar(extra_working_days=frozenset({dt.date(2025, 10, 11)}))
    assert vn(2025, 10, 11, 16) == calendar.add_working_days(vn(*FRIDAY, 16), 1)


def test_extra_closed_day_wins_over_extra_working_day():
    day = dt.date(2025, 10, 11)
    calendar = WorkingCalendar(
        extra_closed_days=frozenset({day}), extra_working_days=frozenset({day})
    )
    assert not calendar.is_working_day(day)


def test_custom_periods_set_the_day_length():
    calendar = WorkingCalendar(periods=((dt.time(8), dt.time(12)), (dt.time(13), dt.time(16))))
    assert dt.timedelta(hours=7) == calendar.day_length
    assert vn(2025, 10, 13, 15) == calendar.add_working_days(vn(*FRIDAY, 15), 1)


@pytest.mark.parametrize(
    "periods",
    [
        (),
        ((dt.time(12), dt.time(8)),),
        ((dt.time(8), dt.time(8)),),
        ((dt.time(8), dt.time(12)), (dt.time(11), dt.time(17))),
        ((dt.time(13), dt.time(17)), (dt.time(7, 30), dt.time(11, 30))),
    ],
)
def test_empty_reversed_or_overlapping_periods_are_rejected(periods):
    with pytest.raises(ValidationError):
        WorkingCalendar(periods=periods)


# --- deadlines ---------------------------------------------------------------------------


def test_normal_report_must_be_accepted_within_8_working_hours():
    report = make_report(ReportStatus.SUBMITTED, vn(*MONDAY, 9))
    assert vn(2025, 10, 7, 9) == accept_deadline(report, CALENDAR, POLICY)


def test_urgent_report_must_be_accepted_within_4_working_hours():
    report = make_report(ReportStatus.SUBMITTED, vn(*MONDAY, 9), urgent=True)
    assert vn(*MONDAY, 14, 30) == accept_deadline(report, CALENDAR, POLICY)


def test_report_never_accepted_has_no_resolve_deadline():
    report = make_report(ReportStatus.SUBMITTED, vn(*MONDAY, 9))
    assert resolve_deadline(report, CALENDAR, POLICY) is None


@pytest.mark.parametrize("max_units", [0, 1])
def test_single_unit_report_must_be_resolved_within_10_working_days(max_units):
    report = make_report(
        ReportStatus.ASSIGNED, vn(*MONDAY, 8), accepted_at=vn(*MONDAY, 9), max_units=max_units
    )
    assert vn(2025, 10, 20, 9) == resolve_deadline(report, CALENDAR, POLICY)


@pytest.mark.parametrize("max_units", [2, 3])
def test_multi_unit_report_must_be_resolved_within_15_working_days(max_units):
    report = make_report(
        ReportStatus.ASSIGNED, vn(*MONDAY, 8), accepted_at=vn(*MONDAY, 9), max_units=max_units
    )
    assert vn(2025, 10, 27, 9) == resolve_deadline(report, CALENDAR, POLICY)


def test_policy_numbers_can_be_changed():
    policy = DeadlinePolicy(accept_hours=2)
    report = make_report(ReportStatus.SUBMITTED, vn(*MONDAY, 9))
    assert vn(*MONDAY, 11) == accept_deadline(report, CALENDAR, policy)


# --- overdue -----------------------------------------------------------------------------


def test_submitted_report_is_overdue_just_after_its_accept_deadline():
    report = make_report(ReportStatus.SUBMITTED, vn(*MONDAY, 9))
    deadline = accept_deadline(report, CALENDAR, POLICY)
    assert not is_overdue(report, deadline, CALENDAR, POLICY)
    assert is_overdue(report, deadline.add(seconds=1), CALENDAR, POLICY)


@pytest.mark.parametrize(
    "status", [ReportStatus.ACCEPTED, ReportStatus.ASSIGNED, ReportStatus.IN_PROGRESS]
)
def test_open_report_is_overdue_just_after_its_resolve_deadline(status):
    report = make_report(status, vn(*MONDAY, 8), accepted_at=vn(*MONDAY, 9), max_units=1)
    deadline = resolve_deadline(report, CALENDAR, POLICY)
    assert deadline is not None
    assert not is_overdue(report, deadline, CALENDAR, POLICY)
    assert is_overdue(report, deadline.add(seconds=1), CALENDAR, POLICY)


def test_open_report_past_accept_deadline_is_judged_by_resolve_deadline():
    report = make_report(ReportStatus.ACCEPTED, vn(*MONDAY, 8), accepted_at=vn(*FRIDAY, 9))
    assert not is_overdue(report, vn(*FRIDAY, 10), CALENDAR, POLICY)


@pytest.mark.parametrize(
    "status", [ReportStatus.RESOLVED, ReportStatus.CLOSED, ReportStatus.REFUSED]
)
def test_finished_reports_are_never_overdue(status):
    report = make_report(status, vn(*MONDAY, 8), accepted_at=vn(*MONDAY, 9))
    assert not is_overdue(report, vn(2030, 1, 1), CALENDAR, POLICY)


# --- properties --------------------------------------------------------------------------

instants = st.datetimes(
    min_value=dt.datetime(FIRST_YEAR, 1, 1),  # noqa: DTZ001 - Hypothesis bounds are naive
    max_value=dt.datetime(LAST_YEAR, 12, 31),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
).map(pendulum.instance)
# whole minutes, up to three working weeks
minutes = st.integers(min_value=0, max_value=15 * 8 * 60).map(lambda m: dt.timedelta(minutes=m))
positive_minutes = minutes.filter(bool)


@given(instants, minutes)
def test_deadline_is_never_before_start(start, hours):
    assert CALENDAR.add_working_hours(start, hours) >= start


@given(instants, positive_minutes)
def test_deadline_falls_in_a_working_period_of_a_working_day(start, hours):
    local = in_business_time(CALENDAR.add_working_hours(start, hours))
    assert CALENDAR.is_working_day(local.date())
    assert any(begin < local.time() <= end for begin, end in CALENDAR.periods)


@given(instants, minutes, minutes)
def test_adding_hours_in_two_steps_equals_adding_them_at_once(start, first, second):
    in_two_steps = CALENDAR.add_working_hours(CALENDAR.add_working_hours(start, first), second)
    assert CALENDAR.add_working_hours(start, first + second) == in_two_steps


@given(instants, instants, minutes)
def test_later_start_never_gives_earlier_deadline(one, other, hours):
    early, late = sorted((one, other))
    assert CALENDAR.add_working_hours(early, hours) <= CALENDAR.add_working_hours(late, hours)


@given(instants, st.integers(min_value=0, max_value=20))
def test_working_days_are_days_of_eight_working_hours(start, days):
    expected = CALENDAR.add_working_hours(start, 8 * days)
    assert expected == CALENDAR.add_working_days(start, days)
