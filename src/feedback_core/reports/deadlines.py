"""Working time and the deadlines it sets for reports; "trễ hạn" (overdue) is never stored.

Deadlines count the working time of Vietnamese public administration: two periods a day
(07:30-11:30 and 13:00-17:00 on Vietnam's wall clock), Monday to Friday, minus the public
holidays of the ``holidays`` package (Tết, observed and substituted days off), plus the
Saturdays the government has people work to make up for a bridge day.

A working day is a length of working time (one day's periods, 8 hours), not a calendar
date: the clock time carries over, so a report accepted on Friday at 16:00 with one working
day to go is due on Monday at 16:00.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Final

import attrs
import holidays

from feedback_core.clock import BUSINESS_TZ, in_business_time, to_utc
from feedback_core.errors import ValidationError
from feedback_core.reports.model import Report, ReportStatus

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pendulum

Period = tuple[dt.time, dt.time]

DEFAULT_PERIODS: Final[tuple[Period, ...]] = (
    (dt.time(7, 30), dt.time(11, 30)),
    (dt.time(13, 0), dt.time(17, 0)),
)
SATURDAY: Final = 5
_ONE_DAY: Final = dt.timedelta(days=1)


@functools.cache
def _official_days(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """Vietnam's public days off in ``year`` and its make-up Saturdays (working weekend days)."""
    table = holidays.country_holidays("VN", years=year)
    # The package lists every make-up day it knows, whatever the years asked for; older
    # releases have no such attribute.
    make_up = getattr(table, "weekend_workdays", ())
    return frozenset(table.keys()), frozenset(day for day in make_up if day.year == year)


def _check_periods(
    _: object, __: attrs.Attribute[tuple[Period, ...]], value: tuple[Period, ...]
) -> None:
    """Periods must exist, each start before its end, in order and without overlap."""
    if not value:
        raise ValidationError.single("periods", "required")
    previous_end = dt.time.min
    for start, end in value:
        if not previous_end <= start < end:
            raise ValidationError.single("periods", "end_before_start")
        previous_end = end


def _length(period: Period) -> dt.timedelta:
    """How long a period lasts (any date will do: Vietnam keeps no daylight saving)."""
    start, end = period
    return dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start)


def _duration(hours: float | dt.timedelta, field: str) -> dt.timedelta:
    """``hours`` as a timedelta, refusing negative spans (deadlines never count backwards)."""
    duration = hours if isinstance(hours, dt.timedelta) else dt.timedelta(hours=hours)
    if duration < dt.timedelta():
        raise ValidationError.single(field, "out_of_range", low=0, high="∞")
    return duration


def _wall_clock(instant: dt.datetime) -> dt.datetime:
    """Read ``instant`` on Vietnam's wall clock, where the working periods are defined, as naive.

    Vietnam has kept UTC+7 without daylight saving since 1975, so naive arithmetic on the
    wall clock is exact and much faster than aware pendulum arithmetic.
    """
    local = in_business_time(instant)
    return dt.datetime.combine(local.date(), local.time())


@attrs.frozen
class WorkingCalendar:
    """When public administration works: the periods of a working day and which days work.

    ``extra_closed_days`` and ``extra_working_days`` are a province's own decisions on top of
    the national calendar (a local closure, a Saturday worked for a bridge day); a date in
    both is closed.
    """

    periods: tuple[Period, ...] = attrs.field(default=DEFAULT_PERIODS, validator=_check_periods)
    extra_closed_days: frozenset[dt.date] = frozenset()
    extra_working_days: frozenset[dt.date] = frozenset()

    @property
    def day_length(self) -> dt.timedelta:
        """The working time of one working day: 8 hours with the default periods."""
        return sum(map(_length, self.periods), dt.timedelta())

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` (a date on Vietnam's calendar) has working time."""
        if day in self.extra_closed_days:
            return False
        if day in self.extra_working_days:
            return True
        days_off, make_up_days = _official_days(day.year)
        if day in days_off:
            return False
        return day.weekday() < SATURDAY or day in make_up_days

    def add_working_hours(
        self, start: dt.datetime, hours: float | dt.timedelta
    ) -> pendulum.DateTime:
        """Add ``hours`` (int, float or timedelta) of working time to ``start``; answer in UTC.

        ``start`` is any aware instant; outside working time, counting begins at the next
        working period. The result is the earliest such instant, so four hours from 07:30 end
        at 11:30, not at 13:00, and zero hours leave ``start`` unchanged.
        """
        return self._advance(start, _duration(hours, "hours"))

    def add_working_days(self, start: dt.datetime, days: int) -> pendulum.DateTime:
        """Add ``days`` working days to ``start``; answer in UTC.

        A working day is one day's working time, not a date, so the clock time carries over:
        from Friday 16:00, one working day ends on Monday 16:00; from Saturday, on Monday at
        17:00.
        """
        return self._advance(start, _duration(days * self.day_length, "days"))

    def _advance(self, start: dt.datetime, duration: dt.timedelta) -> pendulum.DateTime:
        """``duration`` of working time after ``start``, converted back to UTC."""
        if not duration:
            return to_utc(start)
        end = self._walk(_wall_clock(start), duration)
        return to_utc(end.replace(tzinfo=BUSINESS_TZ))

    def _walk(self, cursor: dt.datetime, remaining: dt.timedelta) -> dt.datetime:
        """Spend ``remaining`` working time from ``cursor`` on, a whole period at a time.

        A working day the cursor has not entered, and that the deadline lies beyond, is
        spent whole at once: a 15-day term walks its days, not each day's periods
        (listing a thousand public reports computes a thousand such terms).
        """
        day = cursor.date()
        length = self.day_length
        opening = self.periods[0][0]
        year, working = day.year, _working_days(self, day.year)
        while True:
            if day.year != year:
                year, working = day.year, _working_days(self, day.year)
            if day in working:
                if remaining > length and cursor <= dt.datetime.combine(day, opening):
                    remaining -= length  # a whole day the cursor has not entered
                else:
                    for begin, end in self._open_spans(day, cursor):
                        if remaining <= end - begin:
                            return begin + remaining
                        remaining -= end - begin
            day += _ONE_DAY

    def _open_spans(
        self, day: dt.date, after: dt.datetime
    ) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """Yield the periods of ``day`` on the wall clock, cut to what lies after ``after``."""
        for start, end in self.periods:
            begin = max(dt.datetime.combine(day, start), after)
            finish = dt.datetime.combine(day, end)
            if begin < finish:
                yield begin, finish


@functools.lru_cache(maxsize=64)
def _working_days(calendar: WorkingCalendar, year: int) -> frozenset[dt.date]:
    """Every working day of ``year`` under ``calendar``: one set lookup per day walked."""
    first = dt.date(year, 1, 1)
    count = (dt.date(year + 1, 1, 1) - first).days if year < dt.MAXYEAR else 365
    days = (first + dt.timedelta(days=n) for n in range(count))
    return frozenset(day for day in days if calendar.is_working_day(day))


@attrs.frozen
class DeadlinePolicy:
    """How long operators have to accept a report and units to resolve it, in working time."""

    accept_hours: int = 8
    accept_hours_urgent: int = 4
    resolve_days: int = 10
    # a report that several units held at once needs coordination: the longer term
    resolve_days_multi_unit: int = 15


def accept_deadline(
    report: Report, calendar: WorkingCalendar, policy: DeadlinePolicy
) -> pendulum.DateTime:
    """When ``report`` must be accepted or refused: working hours from its submission."""
    hours = policy.accept_hours_urgent if report.draft.urgent else policy.accept_hours
    return calendar.add_working_hours(report.submitted_at, hours)


def resolve_deadline(
    report: Report, calendar: WorkingCalendar, policy: DeadlinePolicy
) -> pendulum.DateTime | None:
    """When ``report`` must be resolved: working days from its acceptance; None if never accepted.

    The term is the multi-unit one once more than one unit has held the report at once.
    """
    if report.accepted_at is None:
        return None
    days = policy.resolve_days_multi_unit if report.max_units > 1 else policy.resolve_days
    return calendar.add_working_days(report.accepted_at, days)


def is_overdue(
    report: Report, now: dt.datetime, calendar: WorkingCalendar, policy: DeadlinePolicy
) -> bool:
    """Whether ``report`` is late ("trễ hạn") at ``now``: computed each time, never stored.

    A submitted report is late after its accept deadline, an open one (accepted, assigned,
    in progress) after its resolve deadline; at the deadline itself it is still on time.
    Resolved, closed and refused reports are never late.
    """
    deadline: pendulum.DateTime | None
    if report.status is ReportStatus.SUBMITTED:
        deadline = accept_deadline(report, calendar, policy)
    elif report.is_open:
        deadline = resolve_deadline(report, calendar, policy)
    else:
        return False
    return deadline is not None and now > deadline
