"""Clocks: fixed and system clocks in UTC, Vietnam business time, cheap UTC arithmetic."""

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback_core import BUSINESS_TZ, FixedClock, SystemClock
from feedback_core.clock import earlier, elapsed, in_business_time, later, to_utc

T0 = pendulum.datetime(2026, 3, 2, 2, 0, tz="UTC")


def test_a_fixed_clock_holds_utc_and_moves_only_when_told():
    clock = FixedClock(pendulum.datetime(2026, 3, 2, 9, 0, tz=BUSINESS_TZ))
    assert (T0, "UTC") == (clock.now(), clock.now().timezone_name)
    assert clock.now() == clock.now()
    clock.advance(dt.timedelta(minutes=90))
    assert T0.add(minutes=90) == clock.now()
    clock.set(dt.datetime(2026, 3, 3, 0, 0, tzinfo=dt.UTC))
    assert pendulum.datetime(2026, 3, 3, tz="UTC") == clock.now()


def test_a_fixed_clock_refuses_naive_datetimes():
    naive = dt.datetime(2026, 3, 2, 9, 0)  # noqa: DTZ001
    with pytest.raises(ValueError, match="aware"):
        FixedClock(naive)
    clock = FixedClock(T0)
    with pytest.raises(ValueError, match="aware"):
        clock.set(naive)
    assert T0 == clock.now()


def test_the_system_clock_is_aware_utc_now():
    before = pendulum.now("UTC")
    now = SystemClock().now()
    after = pendulum.now("UTC")
    assert before <= now <= after
    assert "UTC" == now.timezone_name


def test_business_time_is_vietnam_wall_clock():
    local = in_business_time(T0)
    assert ((2026, 3, 2, 9, 0), dt.timedelta(hours=7)) == (
        (local.year, local.month, local.day, local.hour, local.minute),
        local.utcoffset(),
    )
    assert T0 == to_utc(local)


utc_instants = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=dt.datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
).map(to_utc)
shifts = st.timedeltas(min_value=dt.timedelta(days=-3650), max_value=dt.timedelta(days=3650))


@given(utc_instants, shifts)
def test_cheap_utc_arithmetic_agrees_with_pendulum(instant, delta):
    moved = later(instant, delta)
    assert (instant + delta, pendulum.DateTime, "UTC") == (
        moved,
        type(moved),
        moved.timezone_name,
    )
    assert instant - delta == earlier(instant, delta)
    assert delta == elapsed(instant, moved)
    assert dt.timedelta is type(elapsed(instant, moved))
